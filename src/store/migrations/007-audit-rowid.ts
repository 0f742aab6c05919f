// SQLite: the audit log's sequence number becomes the table's rowid (`integer primary key`). Declared `bigint primary
// key` it was a second B-tree beside the rowid one, written on every insert; as the rowid it is the table's own key,
// one page fewer to write per audit record. The rows, their numbers and the indexes stay as they were, in one
// transaction. PostgreSQL's bigint primary key is already the table's one index on seq: nothing to do there.
import { type Kysely, sql, SqliteAdapter } from 'kysely';

const COLUMNS = [
  'at', 'request_id', 'partner_id', 'partner_kind', 'purpose', 'operation', 'outcome', 'status', 'field_sets', 'subject_key',
  'officer_key', 'officer_name', 'hmac_key_id', 'agreement_ref', 'export_ref', 'covert_until', 'token_jti', 'token_exp', 'detail',
] as const;

function isSqlite(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof SqliteAdapter;
}

export async function up(db: Kysely<any>): Promise<void> {
  if (!isSqlite(db)) return;
  await rebuild(db, 'integer');
}

export async function down(db: Kysely<any>): Promise<void> {
  if (!isSqlite(db)) return;
  await rebuild(db, 'bigint');
}

/** Copies the audit log into a table whose `seq` is declared `seqType primary key`, and puts its indexes back. */
async function rebuild(db: Kysely<any>, seqType: 'integer' | 'bigint'): Promise<void> {
  const columns = sql.raw(COLUMNS.join(', '));
  await db.transaction().execute(async (tx) => {
    await tx.schema
      .createTable('audit_log_rebuilt')
      .addColumn('seq', seqType, (c) => c.primaryKey())
      .addColumn('at', 'text', (c) => c.notNull())
      .addColumn('request_id', 'text', (c) => c.notNull())
      .addColumn('partner_id', 'text')
      .addColumn('partner_kind', 'text')
      .addColumn('purpose', 'text')
      .addColumn('operation', 'text', (c) => c.notNull())
      .addColumn('outcome', 'text', (c) => c.notNull())
      .addColumn('status', 'integer', (c) => c.notNull())
      .addColumn('field_sets', 'text', (c) => c.notNull())
      .addColumn('subject_key', 'text')
      .addColumn('officer_key', 'text')
      .addColumn('officer_name', 'text')
      .addColumn('hmac_key_id', 'text', (c) => c.notNull())
      .addColumn('agreement_ref', 'text')
      .addColumn('export_ref', 'text')
      .addColumn('covert_until', 'text')
      .addColumn('token_jti', 'text')
      .addColumn('token_exp', 'bigint')
      .addColumn('detail', 'text')
      .execute();
    await sql`insert into audit_log_rebuilt (seq, ${columns}) select seq, ${columns} from audit_log order by seq`.execute(tx);
    await tx.schema.dropTable('audit_log').execute();
    await tx.schema.alterTable('audit_log_rebuilt').renameTo('audit_log').execute();
    await tx.schema.createIndex('audit_subject').on('audit_log').columns(['subject_key', 'seq']).execute();
    await tx.schema.createIndex('audit_token_exp').on('audit_log').column('token_exp').execute();
    await tx.schema.createIndex('audit_export_ref').on('audit_log').column('export_ref').execute();
  });
}
