// Event intake: civil and benefit events from the national data-sharing platform (one row per event id, with the
// exact answer given, for idempotent replays), the transactional outbox that carries each result back to the
// platform, and the funeral-allowance cases opened by death registrations.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('events')
    .addColumn('event_id', 'text', (c) => c.primaryKey())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('partner', 'text', (c) => c.notNull())
    .addColumn('request_digest', 'text', (c) => c.notNull())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('http_status', 'integer', (c) => c.notNull())
    .addColumn('answer', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('outbox')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('destination', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('next_attempt_at', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('delivered_at', 'text')
    .addColumn('lease_owner', 'text')
    .addColumn('lease_until', 'text')
    .execute();
  await db.schema.createIndex('outbox_due').on('outbox').columns(['state', 'next_attempt_at']).execute();
  await db.schema.createIndex('outbox_event').on('outbox').column('event_id').execute();
  await db.schema
    .createTable('funeral_allowance_cases')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('event_id', 'text', (c) => c.notNull().unique())
    .addColumn('person_id', 'integer', (c) => c.notNull())
    .addColumn('date_of_death', 'text', (c) => c.notNull())
    .addColumn('next_of_kin_name', 'text', (c) => c.notNull())
    .addColumn('next_of_kin_relationship', 'text', (c) => c.notNull())
    .addColumn('next_of_kin_citizen_id', 'text', (c) => c.notNull())
    .addColumn('opened_at', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('funeral_allowance_cases_person').on('funeral_allowance_cases').column('person_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['funeral_allowance_cases', 'outbox', 'events']) await db.schema.dropTable(t).ifExists().execute();
}
