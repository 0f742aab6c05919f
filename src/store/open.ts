// Opens the gateway's store: a SQLite file (embedded default) or PostgreSQL, behind one Kysely query layer.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect } from 'kysely';
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
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
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
