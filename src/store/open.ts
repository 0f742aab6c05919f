// Opens the gateway's store: a SQLite file (embedded default) or PostgreSQL, behind one Kysely query layer.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { CompiledQuery, type DatabaseConnection, type Driver, Kysely, Migrator, PostgresDialect, SqliteDialect, type SqliteDatabase, SqliteDriver } from 'kysely';
import pg from 'pg';
import { migrations } from './migrations/index.ts';
import type { Database } from './schema.ts';

// int8 (bigint) columns come back as numbers: sequence numbers and expiry times fit in 2^53.
pg.types.setTypeParser(20, (v: string) => Number(v));

export type Dialect = 'sqlite' | 'postgres';

export interface StoreOptions {
  /** `postgres://...` for PostgreSQL; absent for the SQLite file `<dataDir>/gateway.db`. */
  readonly url?: string | undefined;
  readonly dataDir: string;
  /** PostgreSQL schema to use (created when missing); tests use one per run. */
  readonly pgSchema?: string | undefined;
  readonly pgPoolMax?: number | undefined;
  /** SQLite file name inside dataDir, or ':memory:'. */
  readonly sqliteFile?: string | undefined;
}

export interface Store {
  readonly dialect: Dialect;
  readonly db: Kysely<Database>;
  /** The raw SQLite handle (bulk loads, cheap change detection); undefined on PostgreSQL. */
  readonly sqlite?: BetterSqlite3.Database;
  /** The raw pg pool (bulk loads); undefined on SQLite. */
  readonly pgPool?: pg.Pool;
  readonly description: string;
  /** The PostgreSQL schema in use, when one was named (migrations keep their bookkeeping there too). */
  readonly pgSchema?: string;
  close(): Promise<void>;
}

export function openStore(opts: StoreOptions): Store {
  if (opts.url && /^postgres(ql)?:\/\//.test(opts.url)) return openPostgres(opts.url, opts);
  if (opts.url) throw new Error('VSS_DB must be a postgres:// URL (absent: the SQLite file in the data dir)');
  return openSqlite(opts);
}

function openSqlite(opts: StoreOptions): Store {
  const file = opts.sqliteFile ?? 'gateway.db';
  let path = file;
  if (file !== ':memory:') {
    mkdirSync(opts.dataDir, { recursive: true });
    path = join(opts.dataDir, file);
  }
  const sqlite = new BetterSqlite3(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('foreign_keys = ON');
  const db = new Kysely<Database>({ dialect: new ImmediateSqliteDialect(new StatementCache(sqlite, STATEMENT_CACHE_SIZE)) });
  let closed = false;
  return {
    dialect: 'sqlite',
    db,
    sqlite,
    description: `sqlite:${path}`,
    async close() {
      if (closed) return;
      closed = true;
      await db.destroy();
    },
  };
}

/** Distinct SQL texts whose prepared statements stay cached (Kysely's queries are few; IN lists and multi-row
 * inserts vary with their length). */
const STATEMENT_CACHE_SIZE = 1000;

/** The connection as Kysely's SQLite driver sees it, with one prepared statement cached per SQL text: the driver
 * prepares every query anew, and preparing costs as much as running a point lookup. The least recently used
 * statement goes when the cache is full. A cached statement still being iterated (a streamed list) is left to its
 * reader and replaced by a fresh one. */
class StatementCache implements SqliteDatabase {
  private readonly sqlite: BetterSqlite3.Database;
  private readonly max: number;
  private readonly statements = new Map<string, BetterSqlite3.Statement>();

  constructor(sqlite: BetterSqlite3.Database, max: number) {
    this.sqlite = sqlite;
    this.max = max;
  }

  prepare(sql: string): BetterSqlite3.Statement {
    const cached = this.statements.get(sql);
    this.statements.delete(sql); // re-inserted below: the Map's order is least recently used first
    if (cached && !cached.busy) {
      this.statements.set(sql, cached);
      return cached;
    }
    const fresh = this.sqlite.prepare(sql);
    this.statements.set(sql, fresh);
    if (this.statements.size > this.max) this.statements.delete(this.statements.keys().next().value as string);
    return fresh;
  }

  close(): void {
    this.statements.clear();
    this.sqlite.close();
  }
}

/** Kysely's SQLite dialect with transactions that begin IMMEDIATE: a transaction takes the write lock when it starts
 * (waiting up to busy_timeout) instead of failing with SQLITE_BUSY when another connection (the audit worker, a CLI
 * command) commits between its first read and its first write. */
class ImmediateSqliteDialect extends SqliteDialect {
  private readonly database: SqliteDatabase;
  constructor(database: SqliteDatabase) {
    super({ database });
    this.database = database;
  }
  override createDriver(): Driver {
    return new ImmediateSqliteDriver({ database: this.database });
  }
}

class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

function openPostgres(url: string, opts: StoreOptions): Store {
  const schema = opts.pgSchema;
  if (schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new Error(`bad PostgreSQL schema name`);
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.pgPoolMax ?? 10,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  // An idle client that errors (server restart) must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  let closed = false;
  const safeUrl = url.replace(/\/\/[^@/]*@/, '//***@');
  return {
    dialect: 'postgres',
    db,
    pgPool: pool,
    ...(schema ? { pgSchema: schema } : {}),
    description: `postgres:${safeUrl}${schema ? ` schema ${schema}` : ''}`,
    async close() {
      if (closed) return;
      closed = true;
      await db.destroy();
    },
  };
}

/** Creates the PostgreSQL schema named in the options (no-op on SQLite). */
export async function ensureSchema(store: Store, schema: string | undefined): Promise<void> {
  if (store.dialect !== 'postgres' || !schema || !store.pgPool) return;
  await store.pgPool.query(`create schema if not exists "${schema}"`);
}

export async function migrate(store: Store): Promise<string[]> {
  const migrator = new Migrator({
    db: store.db,
    provider: { getMigrations: async () => migrations },
    ...(store.pgSchema ? { migrationTableSchema: store.pgSchema } : {}),
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
