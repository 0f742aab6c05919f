// Health data: vaccination records synced from the health authority (with the resumable cursor of each sync run)
// and driver health-check results pushed by it.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('vaccinations')
    .addColumn('person_id', 'integer', (c) => c.notNull())
    .addColumn('vaccine', 'text', (c) => c.notNull())
    .addColumn('vaccine_name', 'text', (c) => c.notNull())
    .addColumn('dose', 'integer', (c) => c.notNull())
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('place', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('synced_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('vaccinations_pk', ['person_id', 'vaccine', 'dose'])
    .execute();
  await db.schema.createIndex('vaccinations_vaccine_date').on('vaccinations').columns(['vaccine', 'date']).execute();
  await db.schema
    .createTable('vaccination_sync')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('last_person_id', 'integer', (c) => c.notNull())
    .addColumn('total', 'integer', (c) => c.notNull())
    .addColumn('people_done', 'integer', (c) => c.notNull())
    .addColumn('people_with_records', 'integer', (c) => c.notNull())
    .addColumn('not_found', 'integer', (c) => c.notNull())
    .addColumn('records_stored', 'integer', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .execute();
  await db.schema.createIndex('vaccination_sync_scope').on('vaccination_sync').columns(['scope', 'status']).execute();
  await db.schema
    .createTable('health_checks')
    .addColumn('check_id', 'text', (c) => c.primaryKey())
    .addColumn('person_id', 'integer', (c) => c.notNull())
    .addColumn('check_date', 'text', (c) => c.notNull())
    .addColumn('facility', 'text', (c) => c.notNull())
    .addColumn('licence_class', 'text', (c) => c.notNull())
    .addColumn('result', 'text', (c) => c.notNull())
    .addColumn('conditions', 'text')
    .addColumn('submitted_by', 'text', (c) => c.notNull())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('health_checks_person').on('health_checks').columns(['person_id', 'check_date']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['health_checks', 'vaccination_sync', 'vaccinations']) await db.schema.dropTable(t).ifExists().execute();
}
