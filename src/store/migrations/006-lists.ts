// Bulk lists for provincial health departments: the residence commune, occupation category and priority groups of
// each person, the commune list, chronic conditions from claims, the indexes the list queries walk, export jobs, and
// the per-person disclosure journal and index.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('people').addColumn('residence_commune', 'text').execute();
  await db.schema.alterTable('people').addColumn('occupation_category', 'text').execute();
  await db.schema.alterTable('people').addColumn('priority_group_bits', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  // Lists walk one province in person-id order (keyset pagination); communes narrow it.
  await db.schema.createIndex('people_province_id').on('people').columns(['residence_province', 'id']).execute();
  await db.schema.createIndex('people_commune_id').on('people').columns(['residence_commune', 'id']).execute();
  await db.schema.createIndex('employments_employer').on('employments').columns(['employer_id', 'person_id']).execute();
  await db.schema
    .createTable('communes')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('province', 'text', (c) => c.notNull())
    .addColumn('province_old', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('chronic_conditions')
    .addColumn('person_id', 'integer', (c) => c.notNull())
    .addColumn('condition_group', 'text', (c) => c.notNull())
    .addColumn('icd10', 'text', (c) => c.notNull())
    .addColumn('first_claimed_on', 'text', (c) => c.notNull())
    .addColumn('last_claimed_on', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('chronic_conditions_pk', ['person_id', 'condition_group'])
    .execute();
  await db.schema
    .createTable('export_jobs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('partner_id', 'text', (c) => c.notNull())
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('province', 'text', (c) => c.notNull())
    .addColumn('field_sets', 'text', (c) => c.notNull())
    .addColumn('request', 'text', (c) => c.notNull())
    .addColumn('reference_date', 'text', (c) => c.notNull())
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('gzip', 'integer', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('rows_done', 'bigint', (c) => c.notNull())
    .addColumn('rows_estimated', 'bigint')
    .addColumn('resume_cursor', 'text')
    .addColumn('bytes', 'bigint', (c) => c.notNull())
    .addColumn('file_sha256', 'text')
    .addColumn('audit_seq', 'bigint')
    .addColumn('request_id', 'text', (c) => c.notNull())
    .addColumn('failure', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .addColumn('expires_at', 'text')
    .execute();
  await db.schema.createIndex('export_jobs_partner').on('export_jobs').columns(['partner_id', 'created_at']).execute();
  await db.schema.createIndex('export_jobs_state').on('export_jobs').columns(['state', 'created_at']).execute();
  await db.schema
    .createTable('disclosure_journal')
    .addColumn('audit_seq', 'bigint', (c) => c.notNull())
    .addColumn('first_person_id', 'bigint', (c) => c.notNull())
    .addColumn('rows', 'integer', (c) => c.notNull())
    .addColumn('person_ids', 'text', (c) => c.notNull())
    .addColumn('indexed', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('disclosure_journal_pk', ['audit_seq', 'first_person_id'])
    .execute();
  await db.schema.createIndex('disclosure_journal_pending').on('disclosure_journal').columns(['indexed', 'audit_seq']).execute();
  await db.schema
    .createTable('disclosure_index')
    .addColumn('subject_key', 'text', (c) => c.notNull())
    .addColumn('audit_seq', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('disclosure_index_pk', ['subject_key', 'audit_seq'])
    .execute();
  await db.schema.createIndex('audit_export_ref').on('audit_log').column('export_ref').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('audit_export_ref').ifExists().execute();
  for (const t of ['disclosure_index', 'disclosure_journal', 'export_jobs', 'chronic_conditions', 'communes']) await db.schema.dropTable(t).ifExists().execute();
  for (const i of ['employments_employer', 'people_commune_id', 'people_province_id']) await db.schema.dropIndex(i).ifExists().execute();
  for (const c of ['priority_group_bits', 'occupation_category', 'residence_commune']) await db.schema.alterTable('people').dropColumn(c).execute();
}
