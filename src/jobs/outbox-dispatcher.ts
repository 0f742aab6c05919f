// The outbox dispatcher, a background worker of the gateway (started by createGateway, stopped on drain): claims due
// outbox rows under a lease, hands each to its destination adapter's `deliverResult` operation (under that adapter's
// resilience policy), then marks it delivered, or due again after an exponential backoff with jitter, or dead after
// `maxAttempts` failed deliveries. A committed event wakes it at once; otherwise it looks every `pollMs`. Rows of a
// dispatcher that died are taken over when their lease runs out; deliveries carry the row id as idempotency key, so
// a delivery repeated after a crash is taken once.
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Adapter, CallContext } from '../core/adapter.ts';
import type { Clock } from '../core/clock.ts';
import { GatewayError, isGatewayError } from '../core/errors.ts';
import type { Logger } from '../core/logger.ts';
import type { PurposeCode } from '../core/vocabulary.ts';
import type { OutboxConfig } from '../config/types.ts';
import type { Store } from '../store/open.ts';
import { claimDue, markDelivered, markFailed, type OutboxRow, releaseLease } from '../store/outbox.ts';

export interface OutboxDispatcherDeps {
  readonly store: Store;
  readonly adapters: ReadonlyMap<string, Adapter>;
  readonly config: OutboxConfig;
  readonly clock: Clock;
  readonly log: Logger;
  /** Source of jitter in [0, 1) (default Math.random). */
  readonly random?: () => number;
}

export class OutboxDispatcher {
  private readonly deps: OutboxDispatcherDeps;
  private readonly owner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private readonly stopping = new AbortController();
  private loop: Promise<void> | undefined;
  private woken = false;
  private wakeUp: (() => void) | undefined;

  constructor(deps: OutboxDispatcherDeps) {
    this.deps = deps;
  }

  start(): void {
    this.loop ??= this.run();
  }

  /** Looks for due rows now (a result was just queued). */
  wake(): void {
    this.woken = true;
    this.wakeUp?.();
  }

  /** Stops claiming; deliveries in flight are cut and their rows given back, due at once for the next dispatcher. */
  async stop(): Promise<void> {
    this.stopping.abort();
    this.wakeUp?.();
    await this.loop;
  }

  /** Claims one batch of due rows and delivers them; resolves with the number of rows claimed. */
  async runOnce(): Promise<number> {
    const { store, config, clock } = this.deps;
    const now = clock.now();
    const rows = await claimDue(store, { owner: this.owner, now: iso(now), leaseUntil: iso(now + config.leaseMs), limit: config.batchSize });
    let next = 0;
    const worker = async () => {
      while (next < rows.length) await this.deliver(rows[next++] as OutboxRow);
    };
    await Promise.all(Array.from({ length: Math.min(config.concurrency, rows.length) }, worker));
    return rows.length;
  }

  private async run(): Promise<void> {
    while (!this.stopping.signal.aborted) {
      let claimed = 0;
      try {
        claimed = await this.runOnce();
      } catch (e) {
        if (this.stopping.signal.aborted) return;
        this.deps.log.error('outbox dispatch failed', { error: e });
      }
      if (claimed < this.deps.config.batchSize) await this.pause(this.deps.config.pollMs);
    }
  }

  private pause(ms: number): Promise<void> {
    if (this.woken || this.stopping.signal.aborted) {
      this.woken = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wakeUp = undefined;
        this.woken = false;
        resolve();
      };
      const timer = setTimeout(done, ms);
      timer.unref();
      this.wakeUp = done;
    });
  }

  private async deliver(row: OutboxRow): Promise<void> {
    const { store, adapters, config, clock, log } = this.deps;
    if (this.stopping.signal.aborted) return releaseLease(store, row.id, this.owner);
    const started = clock.now();
    try {
      const operation = adapters.get(row.destination)?.operations.deliverResult;
      if (!operation) throw new GatewayError('upstream.unavailable', `no ${row.destination} adapter with a deliverResult operation is configured`);
      const deadline = started + config.leaseMs;
      const ctx: CallContext = {
        requestId: `outbox-${row.id}`,
        signal: AbortSignal.any([this.stopping.signal, AbortSignal.timeout(config.leaseMs)]),
        deadline,
        partner: 'outbox',
        purpose: (row.payload as { purpose: PurposeCode }).purpose,
        fields: new Set(),
        today: iso(started).slice(0, 10),
      };
      await operation.run(row.payload, ctx);
      if (await markDelivered(store, row, this.owner, iso(clock.now()))) {
        log.info('outbox row delivered', { outboxId: row.id, eventId: row.eventId, destination: row.destination, attempts: row.attempts + 1, durationMs: clock.now() - started });
      }
    } catch (e) {
      if (this.stopping.signal.aborted) return releaseLease(store, row.id, this.owner);
      const attempts = row.attempts + 1;
      const dead = attempts >= config.maxAttempts;
      const error = failureOf(e);
      const retryAt = dead ? undefined : iso(clock.now() + this.backoffMs(attempts));
      if (await markFailed(store, row, this.owner, { error, retryAt })) {
        log.warn(dead ? 'outbox row dead after its last attempt' : 'outbox delivery failed; will retry', {
          outboxId: row.id, eventId: row.eventId, destination: row.destination, attempts, error, ...(retryAt ? { retryAt } : {}),
        });
      }
    }
  }

  /** Exponential backoff with equal jitter: a random time in [cap / 2, cap), cap = min(max, base * 2^(attempts-1)). */
  private backoffMs(attempts: number): number {
    const { baseDelayMs, maxDelayMs } = this.deps.config;
    const cap = Math.min(maxDelayMs, baseDelayMs * 2 ** Math.min(attempts - 1, 40));
    return Math.floor(cap / 2 + (this.deps.random ?? Math.random)() * (cap / 2));
  }
}

/** What failed, for the row and the log: the gateway error's code and our own message, else the error class only. */
function failureOf(e: unknown): string {
  if (isGatewayError(e)) return `${e.code}: ${e.message}`.slice(0, 300);
  return e instanceof Error ? e.name : 'unknown failure';
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
