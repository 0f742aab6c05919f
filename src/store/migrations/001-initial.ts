// The first schema: partners and keys, the insurance data behind the insurance-db adapter, and the audit log.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('meta').addColumn('key', 'text', (c) => c.primaryKey()).addColumn('value', 'text', (c) => c.notNull()).execute();
  await db.schema
    .createTable('hmac_keys')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('secret', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('partners')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('province', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('scopes', 'text', (c) => c.notNull())
    .addColumn('purposes', 'text', (c) => c.notNull())
    .addColumn('field_sets', 'text', (c) => c.notNull())
    .addColumn('agreement_ref', 'text')
    .addColumn('agreement_from', 'text')
    .addColumn('agreement_to', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('partner_keys')
    .addColumn('partner_id', 'text', (c) => c.notNull())
    .addColumn('kid', 'text', (c) => c.notNull())
    .addColumn('jwk', 'text', (c) => c.notNull())
    .addColumn('added_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('partner_keys_pk', ['partner_id', 'kid'])
    .execute();
  await db.schema
    .createTable('industrial_parks')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('province', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('employers')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('tax_code', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('province', 'text', (c) => c.notNull())
    .addColumn('industrial_park_id', 'integer')
    .execute();
  await db.schema
    .createTable('people')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('citizen_id', 'text', (c) => c.notNull())
    .addColumn('social_insurance_number', 'text', (c) => c.notNull())
    .addColumn('full_name', 'text', (c) => c.notNull())
    .addColumn('birth_date', 'text', (c) => c.notNull())
    .addColumn('birth_date_precision', 'text', (c) => c.notNull())
    .addColumn('sex', 'text', (c) => c.notNull())
    .addColumn('birth_province', 'text', (c) => c.notNull())
    .addColumn('residence_province', 'text', (c) => c.notNull())
    .addColumn('residence_province_old', 'text', (c) => c.notNull())
    .addColumn('deceased_on', 'text')
    .addColumn('synthetic', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('people_citizen_id').on('people').column('citizen_id').unique().execute();
  await db.schema.createIndex('people_sin').on('people').column('social_insurance_number').unique().execute();
  await db.schema
    .createTable('cards')
    .addColumn('card_code', 'text', (c) => c.primaryKey())
    .addColumn('person_id', 'integer', (c) => c.notNull())
    .addColumn('group_code', 'text', (c) => c.notNull())
    .addColumn('benefit_level', 'integer', (c) => c.notNull())
    .addColumn('province_code', 'text', (c) => c.notNull())
    .addColumn('valid_from', 'text', (c) => c.notNull())
    .addColumn('valid_to', 'text', (c) => c.notNull())
    .addColumn('facility_code', 'text', (c) => c.notNull())
    .addColumn('five_year_date', 'text')
    .addColumn('area_code', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('status_code', 'text')
    .addColumn('replaced_by', 'text')
    .addColumn('issued_on', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('cards_person').on('cards').column('person_id').execute();
  await db.schema
    .createTable('coverage')
    .addColumn('person_id', 'integer', (c) => c.notNull())
    .addColumn('insurance_type', 'text', (c) => c.notNull())
    .addColumn('since', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('months_contributed', 'integer', (c) => c.notNull())
    .addColumn('last_contribution_month', 'text')
    .addPrimaryKeyConstraint('coverage_pk', ['person_id', 'insurance_type'])
    .execute();
  await db.schema
    .createTable('employments')
    .addColumn('person_id', 'integer', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('employer_id', 'integer', (c) => c.notNull())
    .addColumn('start_date', 'text', (c) => c.notNull())
    .addColumn('end_date', 'text')
    .addColumn('occupation', 'text', (c) => c.notNull())
    .addColumn('salary_basis', 'integer')
    .addPrimaryKeyConstraint('employments_pk', ['person_id', 'seq'])
    .execute();
  await db.schema
    .createTable('audit_log')
    .addColumn('seq', 'bigint', (c) => c.primaryKey())
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
  await db.schema.createIndex('audit_subject').on('audit_log').columns(['subject_key', 'seq']).execute();
  await db.schema.createIndex('audit_token_exp').on('audit_log').column('token_exp').execute();
  await sql`insert into meta (key, value) values ('partners.version', '0')`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['audit_log', 'employments', 'coverage', 'cards', 'people', 'employers', 'industrial_parks', 'partner_keys', 'partners', 'hmac_keys', 'meta']) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
