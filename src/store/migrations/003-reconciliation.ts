// Reconciliation of the insurance database against the population database: one row per run (scope, cursor,
// status) and one per person checked in a run, unique per (run, person), so a resumed run counts nobody twice.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('reconciliation_runs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('province', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('cursor', 'integer', (c) => c.notNull())
    .addColumn('processed', 'integer', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('completed_at', 'text')
    .execute();
  await db.schema.createIndex('reconciliation_runs_kind').on('reconciliation_runs').columns(['kind', 'started_at']).execute();
  await db.schema
    .createTable('reconciliation_results')
    .addColumn('run_id', 'text', (c) => c.notNull())
    .addColumn('person_id', 'integer', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('fields', 'text', (c) => c.notNull())
    .addColumn('province', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('reconciliation_results_pk', ['run_id', 'person_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('reconciliation_results').execute();
  await db.schema.dropTable('reconciliation_runs').execute();
}
