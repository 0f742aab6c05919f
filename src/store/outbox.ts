// The transactional outbox: results written in the same transaction as the effect they report, then claimed by a
// dispatcher under a lease (PostgreSQL: `FOR UPDATE SKIP LOCKED`, so dispatchers never share a row; SQLite: one
// UPDATE under the single writer lock), delivered, and marked delivered, retried later, or dead.
import type { Kysely } from 'kysely';
import type { Store } from './open.ts';
import type { Database, OutboxTable } from './schema.ts';

export const OUTBOX_STATES = ['pending', 'delivered', 'dead'] as const;
export type OutboxState = (typeof OUTBOX_STATES)[number];

export interface OutboxRow {
  readonly id: string;
  readonly eventId: string;
  readonly destination: string;
  readonly payload: unknown;
  readonly attempts: number;
  readonly nextAttemptAt: string;
  readonly state: OutboxState;
  readonly lastError: string | null;
  readonly createdAt: string;
  readonly deliveredAt: string | null;
  readonly leaseOwner: string | null;
  readonly leaseUntil: string | null;
}

export interface NewOutboxRow {
  readonly id: string;
  readonly eventId: string;
  readonly destination: string;
  readonly payload: unknown;
  /** ISO instant: created and first due. */
  readonly at: string;
}

/** Writes a pending row; `db` is the transaction of the effect it reports. */
export async function enqueue(db: Kysely<Database>, row: NewOutboxRow): Promise<void> {
  await db
    .insertInto('outbox')
    .values({
      id: row.id, event_id: row.eventId, destination: row.destination, payload: JSON.stringify(row.payload), attempts: 0,
      next_attempt_at: row.at, state: 'pending', last_error: null, created_at: row.at, delivered_at: null, lease_owner: null, lease_until: null,
    })
    .execute();
}

/**
 * Leases up to `limit` due rows to `owner` until `leaseUntil`; rows leased by another, unexpired, are skipped. On
 * SQLite a read finds out first whether any row is due: the leasing update takes the store's one write lock, which
 * the audit writer holds for every commit, and waiting for it would block the event loop on every idle poll.
 */
export async function claimDue(store: Store, opts: { owner: string; now: string; leaseUntil: string; limit: number }): Promise<OutboxRow[]> {
  const dueRows = () =>
    store.db
      .selectFrom('outbox')
      .select('id')
      .where('state', '=', 'pending')
      .where('next_attempt_at', '<=', opts.now)
      .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', opts.now)]))
      .orderBy('next_attempt_at')
      .orderBy('created_at')
      .limit(opts.limit);
  if (store.dialect === 'sqlite' && (await dueRows().executeTakeFirst()) === undefined) return [];
  let due = dueRows();
  if (store.dialect === 'postgres') due = due.forUpdate().skipLocked();
  const rows = await store.db
    .updateTable('outbox')
    .set({ lease_owner: opts.owner, lease_until: opts.leaseUntil })
    .where('id', 'in', due)
    .returningAll()
    .execute();
  return rows.map(toRow).sort((a, b) => a.nextAttemptAt.localeCompare(b.nextAttemptAt) || a.createdAt.localeCompare(b.createdAt));
}

/** Marks a leased row delivered (counting the attempt); false when the lease was lost to another dispatcher. */
export async function markDelivered(store: Store, row: OutboxRow, owner: string, at: string): Promise<boolean> {
  const r = await store.db
    .updateTable('outbox')
    .set({ state: 'delivered', attempts: row.attempts + 1, delivered_at: at, lease_owner: null, lease_until: null })
    .where('id', '=', row.id)
    .where('lease_owner', '=', owner)
    .where('state', '=', 'pending')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Records a failed attempt of a leased row: due again at `retryAt`, or dead when `retryAt` is undefined. */
export async function markFailed(store: Store, row: OutboxRow, owner: string, failure: { error: string; retryAt: string | undefined }): Promise<boolean> {
  const r = await store.db
    .updateTable('outbox')
    .set({
      attempts: row.attempts + 1,
      state: failure.retryAt === undefined ? 'dead' : 'pending',
      ...(failure.retryAt === undefined ? {} : { next_attempt_at: failure.retryAt }),
      last_error: failure.error,
      lease_owner: null,
      lease_until: null,
    })
    .where('id', '=', row.id)
    .where('lease_owner', '=', owner)
    .where('state', '=', 'pending')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Gives a leased row back untouched (the dispatcher is stopping): it is due again at once. */
export async function releaseLease(store: Store, id: string, owner: string): Promise<void> {
  await store.db.updateTable('outbox').set({ lease_owner: null, lease_until: null }).where('id', '=', id).where('lease_owner', '=', owner).execute();
}

export async function listOutbox(store: Store, opts: { state?: OutboxState | undefined; limit: number }): Promise<OutboxRow[]> {
  let q = store.db.selectFrom('outbox').selectAll().orderBy('created_at', 'desc').orderBy('id').limit(opts.limit);
  if (opts.state) q = q.where('state', '=', opts.state);
  return (await q.execute()).map(toRow);
}

export async function getOutboxRow(store: Store, id: string): Promise<OutboxRow | undefined> {
  const row = await store.db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toRow(row) : undefined;
}

/** Moves a dead row back to pending with a fresh count of attempts, due at `now`; returns the row as it now is. */
export async function replayDead(store: Store, id: string, now: string): Promise<{ replayed: boolean; row: OutboxRow | undefined }> {
  const r = await store.db
    .updateTable('outbox')
    .set({ state: 'pending', attempts: 0, next_attempt_at: now, lease_owner: null, lease_until: null })
    .where('id', '=', id)
    .where('state', '=', 'dead')
    .executeTakeFirst();
  return { replayed: Number(r.numUpdatedRows) === 1, row: await getOutboxRow(store, id) };
}

function toRow(r: OutboxTable): OutboxRow {
  return {
    id: r.id,
    eventId: r.event_id,
    destination: r.destination,
    payload: JSON.parse(r.payload) as unknown,
    attempts: r.attempts,
    nextAttemptAt: r.next_attempt_at,
    state: r.state as OutboxState,
    lastError: r.last_error,
    createdAt: r.created_at,
    deliveredAt: r.delivered_at,
    leaseOwner: r.lease_owner,
    leaseUntil: r.lease_until,
  };
}
