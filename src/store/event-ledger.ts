// Events acted on exactly once. The first delivery of an event id claims its row (an insert that waits, on
// PostgreSQL, for a concurrent claim of the same id to commit or roll back), acts in the same transaction, records
// the answer and queues the result in the outbox: effect, record and outbox row commit together or not at all.
// Every later delivery of the id, concurrent or not, replays the recorded answer and acts on nothing.
import { createHash } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { Clock } from '../core/clock.ts';
import { GatewayError } from '../core/errors.ts';
import type { Store } from './open.ts';
import { enqueue } from './outbox.ts';
import type { Database, EventTable } from './schema.ts';

export interface EventHeader {
  readonly eventId: string;
  readonly type: string;
  readonly partner: string;
  /** `requestDigest` of the request: a repeat must carry the same body. */
  readonly digest: string;
  /** ISO instant. */
  readonly receivedAt: string;
}

/** What acting on an event gave: the answer (a response body, or a problem's code and detail) and the result to deliver. */
export interface EventOutcome {
  readonly status: 'accepted' | 'rejected';
  readonly httpStatus: number;
  readonly answer: unknown;
  /** The outbox row: its id is the message id the payload carries. */
  readonly result: { readonly messageId: string; readonly destination: string; readonly payload: unknown };
}

export interface RecordedEvent {
  readonly status: 'accepted' | 'rejected';
  readonly httpStatus: number;
  readonly answer: unknown;
  /** True when the answer is the one recorded for an earlier delivery of the same event id. */
  readonly replayed: boolean;
}

/** SHA-256 of a JSON value with its object keys sorted: equal for equal requests, whatever the key order. */
export function requestDigest(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export class EventLedger {
  private readonly store: Store;
  private readonly clock: Clock;
  private readonly onEnqueued: () => void;

  /** `clock` dates the outbox rows (the dispatcher's clock); `onEnqueued` runs after a commit that queued a result. */
  constructor(store: Store, clock: Clock, onEnqueued: () => void = () => undefined) {
    this.store = store;
    this.clock = clock;
    this.onEnqueued = onEnqueued;
  }

  /** Acts on the event once: `act` runs in the transaction that records it, unless the event id is already recorded. */
  async once(header: EventHeader, act: (transaction: Transaction<Database>) => Promise<EventOutcome>): Promise<RecordedEvent> {
    const recorded = await this.store.db.transaction().execute(async (trx) => {
      const claimed = await trx
        .insertInto('events')
        .values({
          event_id: header.eventId, type: header.type, partner: header.partner, request_digest: header.digest,
          received_at: header.receivedAt, status: 'processing', http_status: 0, answer: '',
        })
        .onConflict((oc) => oc.column('event_id').doNothing())
        .executeTakeFirst();
      if (Number(claimed.numInsertedOrUpdatedRows ?? 0n) === 0) {
        return replay(await trx.selectFrom('events').selectAll().where('event_id', '=', header.eventId).executeTakeFirstOrThrow(), header);
      }
      const outcome = await act(trx);
      await trx
        .updateTable('events')
        .set({ status: outcome.status, http_status: outcome.httpStatus, answer: JSON.stringify(outcome.answer) })
        .where('event_id', '=', header.eventId)
        .execute();
      await enqueue(trx, { id: outcome.result.messageId, eventId: header.eventId, destination: outcome.result.destination, payload: outcome.result.payload, at: new Date(this.clock.now()).toISOString() });
      return { status: outcome.status, httpStatus: outcome.httpStatus, answer: outcome.answer, replayed: false };
    });
    if (!recorded.replayed) this.onEnqueued();
    return recorded;
  }
}

function replay(row: EventTable, header: EventHeader): RecordedEvent {
  if (row.partner !== header.partner || row.request_digest !== header.digest || row.type !== header.type) {
    throw new GatewayError('event.id_reused', 'this event id was already used for a different event');
  }
  return { status: row.status as 'accepted' | 'rejected', httpStatus: row.http_status, answer: JSON.parse(row.answer) as unknown, replayed: true };
}
