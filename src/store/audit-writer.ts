// The audit log writer: rows are group-committed (a batch per `batchSize` rows or `flushMs`), each batch in one
// durable transaction that assigns gap-free sequence numbers; `append` resolves only after its batch committed.
// On a SQLite file a worker thread (audit-worker.js) commits, on its own connection, so that waiting for the disk
// never blocks the event loop; on PostgreSQL (asynchronous already) and in-memory SQLite the store commits.
import { resolve as resolvePath } from 'node:path';
import { Worker } from 'node:worker_threads';
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

/** Every column of an audit row but `seq` (the type makes the list complete): the worker's insert binds them in order. */
const COLUMN_SET: Record<keyof AuditEntry, true> = {
  at: true, request_id: true, partner_id: true, partner_kind: true, purpose: true, operation: true, outcome: true, status: true,
  field_sets: true, subject_key: true, officer_key: true, officer_name: true, hmac_key_id: true, agreement_ref: true,
  export_ref: true, covert_until: true, token_jti: true, token_exp: true, detail: true,
};
const COLUMNS = Object.keys(COLUMN_SET) as (keyof AuditEntry)[];

export class AuditWriter implements AuditSink {
  private readonly store: Store;
  private readonly batchSize: number;
  private readonly flushMs: number;
  private queue: Pending[] = [];
  private flushing: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  private readonly worker: AuditWorker | undefined;

  constructor(store: Store, opts: { batchSize: number; flushMs: number }) {
    this.store = store;
    this.batchSize = opts.batchSize;
    this.flushMs = opts.flushMs;
    const sqlite = store.sqlite;
    if (sqlite && !sqlite.memory) this.worker = new AuditWorker(resolvePath(sqlite.name));
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

  /** Commits what is queued, then stops the worker thread. */
  async close(): Promise<void> {
    await this.flush();
    this.closed = true;
    await this.worker?.close();
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
      const first = this.worker
        ? await this.worker.commit(batch.map((p) => COLUMNS.map((c) => p.entry[c] ?? null)))
        : await this.commitOnStore(batch);
      batch.forEach((p, i) => p.resolve(first + i));
    } catch (e) {
      for (const p of batch) p.reject(e);
    }
  }

  /** One transaction on the store's own connection; resolves with the first row's sequence number. */
  private commitOnStore(batch: Pending[]): Promise<number> {
    return this.store.db.transaction().execute(async (tx) => {
      if (this.store.dialect === 'postgres') await sql`lock table audit_log in exclusive mode`.execute(tx);
      const head = await tx.selectFrom('audit_log').select((eb) => eb.fn.max('seq').as('max')).executeTakeFirst();
      const start = Number(head?.max ?? 0) + 1;
      for (let i = 0; i < batch.length; i += INSERT_CHUNK) {
        const rows = batch.slice(i, i + INSERT_CHUNK).map((p, j) => ({ seq: start + i + j, ...p.entry }));
        await tx.insertInto('audit_log').values(rows).execute();
      }
      return start;
    });
  }
}

interface Waiter { resolve(first: number): void; reject(e: Error): void }

/** The worker thread that commits batches to a SQLite file, answering them in order. While it holds no batch it
 * does not keep the process alive; a worker that dies fails the batches it held and is replaced on the next one. */
class AuditWorker {
  private readonly path: string;
  private worker: Worker | undefined;
  private readonly waiting: Waiter[] = [];

  constructor(path: string) {
    this.path = path;
    this.worker = this.start(); // started now, so that the first batch does not wait for the thread
  }

  commit(rows: unknown[][]): Promise<number> {
    const worker = (this.worker ??= this.start());
    return new Promise<number>((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      worker.ref();
      worker.postMessage(rows);
    });
  }

  async close(): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    this.worker = undefined;
    worker.ref();
    const exited = new Promise((resolve) => worker.once('exit', resolve));
    worker.postMessage('close');
    await exited;
  }

  private start(): Worker {
    const worker = new Worker(new URL('./audit-worker.js', import.meta.url), { workerData: { path: this.path, columns: COLUMNS }, execArgv: [] });
    worker.unref();
    worker.on('message', (answer: { first: number } | { error: string }) => {
      const waiter = this.waiting.shift();
      if (this.waiting.length === 0) worker.unref();
      if ('error' in answer) waiter?.reject(new Error(`audit commit failed: ${answer.error}`));
      else waiter?.resolve(answer.first);
    });
    worker.on('error', (e) => this.lost(worker, e));
    worker.on('exit', (code) => this.lost(worker, new Error(`audit worker exited with code ${code}`)));
    return worker;
  }

  private lost(worker: Worker, e: Error): void {
    if (this.worker !== worker) return;
    this.worker = undefined;
    for (const waiter of this.waiting.splice(0)) waiter.reject(e);
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
