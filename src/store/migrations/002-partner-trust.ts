// Partner trust: the gateway's own signing keys (kept for a retention after rotation), and per-partner settings
// for remote key sets, sender-constrained tokens and rate limits.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('gateway_keys')
    .addColumn('kid', 'text', (c) => c.primaryKey())
    .addColumn('alg', 'text', (c) => c.notNull())
    .addColumn('private_jwk', 'text', (c) => c.notNull())
    .addColumn('public_jwk', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('retired_at', 'text')
    .execute();
  await db.schema.alterTable('partners').addColumn('jwks_uri', 'text').execute();
  await db.schema.alterTable('partners').addColumn('require_dpop', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('partners').addColumn('rate_per_second', 'integer').execute();
  await db.schema.alterTable('partners').addColumn('rate_burst', 'integer').execute();
  await db.schema.alterTable('partners').addColumn('daily_quota', 'integer').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const c of ['daily_quota', 'rate_burst', 'rate_per_second', 'require_dpop', 'jwks_uri']) await db.schema.alterTable('partners').dropColumn(c).execute();
  await db.schema.dropTable('gateway_keys').execute();
}
