// The audit log writer: rows are group-committed (a batch per `batchSize` rows or `flushMs`), each batch in one
// durable transaction that assigns gap-free sequence numbers; `append` resolves only after its batch committed.
import { sql } from 'kysely';
import type { Store } from './open.ts';
import type { AuditTable } from './schema.ts';

export type AuditEntry = Omit<AuditTable, 'seq'>;

export interface AuditSink {
  /** Resolves with the record's sequence number once its batch has committed durably. */
  append(entry: AuditEntry): Promise<number>;
}

interface Pending { entry: AuditEntry; resolve(seq: number): void; reject(e: unknown): void }

const INSERT_CHUNK = 400;

export class AuditWriter implements AuditSink {
  private readonly store: Store;
  private readonly batchSize: number;
  private readonly flushMs: number;
  private queue: Pending[] = [];
  private flushing: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(store: Store, opts: { batchSize: number; flushMs: number }) {
    this.store = store;
    this.batchSize = opts.batchSize;
    this.flushMs = opts.flushMs;
  }

  append(entry: AuditEntry): Promise<number> {
    if (this.closed) return Promise.reject(new Error('audit writer closed'));
    return new Promise<number>((resolve, reject) => {
      this.queue.push({ entry, resolve, reject });
      if (this.queue.length >= this.batchSize) this.kick();
      else if (!this.timer) this.timer = setTimeout(() => this.kick(), this.flushMs);
    });
  }

  /** Commits everything queued so far. */
  async flush(): Promise<void> {
    while (this.queue.length > 0 || this.flushing) {
      this.kick();
      await this.flushing;
    }
  }

  async close(): Promise<void> {
    await this.flush();
    this.closed = true;
  }

  private kick(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (this.flushing || this.queue.length === 0) return;
    const batch = this.queue.splice(0, this.batchSize);
    this.flushing = this.commit(batch).finally(() => {
      this.flushing = undefined;
      if (this.queue.length > 0) {
        if (this.queue.length >= this.batchSize) this.kick();
        else if (!this.timer) this.timer = setTimeout(() => this.kick(), this.flushMs);
      }
    });
  }

  private async commit(batch: Pending[]): Promise<void> {
    try {
      const first = await this.store.db.transaction().execute(async (tx) => {
        if (this.store.dialect === 'postgres') await sql`lock table audit_log in exclusive mode`.execute(tx);
        const head = await tx.selectFrom('audit_log').select((eb) => eb.fn.max('seq').as('max')).executeTakeFirst();
        const start = Number(head?.max ?? 0) + 1;
        for (let i = 0; i < batch.length; i += INSERT_CHUNK) {
          const rows = batch.slice(i, i + INSERT_CHUNK).map((p, j) => ({ seq: start + i + j, ...p.entry }));
          await tx.insertInto('audit_log').values(rows).execute();
        }
        return start;
      });
      batch.forEach((p, i) => p.resolve(first + i));
    } catch (e) {
      for (const p of batch) p.reject(e);
    }
  }
}

/** Token ids still unexpired at `nowSeconds`, to restore the replay cache after a restart. */
export async function recentTokenIds(store: Store, nowSeconds: number): Promise<{ partner: string; jti: string; exp: number }[]> {
  const rows = await store.db
    .selectFrom('audit_log')
    .select(['partner_id', 'token_jti', 'token_exp'])
    .where('token_exp', '>', nowSeconds)
    .where('token_jti', 'is not', null)
    .execute();
  return rows.flatMap((r) => (r.partner_id && r.token_jti && r.token_exp ? [{ partner: r.partner_id, jti: r.token_jti, exp: r.token_exp }] : []));
}
