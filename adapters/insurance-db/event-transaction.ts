// Writes of an event's effect join the event's own transaction (event intake hands it over in the call context),
// so the effect commits with the event's record and outbox row; called alone, an operation opens its own.
import type { Kysely, Transaction } from 'kysely';
import type { CallContext } from '../../src/core/adapter.ts';
import type { Store } from '../../src/store/open.ts';
import type { Database } from '../../src/store/schema.ts';

export function inEventTransaction<T>(store: Store, ctx: CallContext, work: (db: Kysely<Database>) => Promise<T>): Promise<T> {
  const joined = ctx.transaction as Transaction<Database> | undefined;
  return joined ? work(joined) : store.db.transaction().execute(work);
}

/** The person with this CCCD, read inside the event's transaction. */
export function personByCitizenId(db: Kysely<Database>, citizenId: string) {
  return db.selectFrom('people').selectAll().where('citizen_id', '=', citizenId).executeTakeFirst();
}
