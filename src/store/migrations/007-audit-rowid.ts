// SQLite: the audit log's sequence number becomes the table's rowid (`integer primary key`). Declared `bigint primary
// key` it was a second B-tree beside the rowid one, written on every insert; as the rowid it is the table's own key,
// one page fewer to write per audit record. The table is rebuilt from its own stored definition with only the key's
// type changed, its rows copied in order with their numbers, its indexes re-created as they were, in one
// transaction. PostgreSQL's bigint primary key is already the table's one index on seq: nothing to do there.
import { type Kysely, sql, SqliteAdapter } from 'kysely';

function isSqlite(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof SqliteAdapter;
}

export async function up(db: Kysely<any>): Promise<void> {
  if (isSqlite(db)) await rebuild(db, 'bigint', 'integer');
}

export async function down(db: Kysely<any>): Promise<void> {
  if (isSqlite(db)) await rebuild(db, 'integer', 'bigint');
}

/** Rebuilds audit_log with `seq` declared `to primary key` instead of `from primary key`. */
async function rebuild(db: Kysely<any>, from: string, to: string): Promise<void> {
  await db.transaction().execute(async (tx) => {
    const definition = (await sql<{ sql: string }>`select sql from sqlite_master where type = 'table' and name = 'audit_log'`.execute(tx)).rows[0]?.sql;
    const indexes = (await sql<{ sql: string }>`select sql from sqlite_master where type = 'index' and tbl_name = 'audit_log' and sql is not null`.execute(tx)).rows;
    const key = `"seq" ${from} primary key`;
    const name = /^create table\s+(if not exists\s+)?"audit_log"/i;
    if (!definition || !definition.includes(key) || !name.test(definition)) throw new Error(`migration 007: audit_log is not declared with ${key}`);
    await sql.raw(definition.replace(key, `"seq" ${to} primary key`).replace(name, 'create table "audit_log_rebuilt"')).execute(tx);
    await sql`insert into audit_log_rebuilt select * from audit_log order by seq`.execute(tx);
    await tx.schema.dropTable('audit_log').execute();
    await tx.schema.alterTable('audit_log_rebuilt').renameTo('audit_log').execute();
    for (const index of indexes) await sql.raw(index.sql).execute(tx);
  });
}
