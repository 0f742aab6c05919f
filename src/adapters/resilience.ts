// The one policy layer around every adapter operation: a deadline (one timer; the operation's abort signal is made
// only if it reads it), and from cockatiel retries with exponential backoff and full jitter (idempotent operations and
// retryable failures only; Retry-After honoured), a circuit breaker and a bulkhead per upstream, shared by all
// operations of one adapter instance. Retries live here and nowhere else, so
// they never multiply. Failures leave as gateway errors: timeout 504 `upstream.timeout`; open circuit, full bulkhead,
// unreachable upstream or its 503/429 503 `upstream.unavailable` with Retry-After; anything else 502
// `upstream.bad_response`. A GatewayError thrown by the adapter (subject.not_found...) passes through untouched and
// is no breaker failure.
import {
  BrokenCircuitError, BulkheadPolicy, BulkheadRejectedError, CircuitBreakerPolicy, ConsecutiveBreaker, IsolatedCircuitError,
  TaskCancelledError, bulkhead, circuitBreaker, handleWhen, retry,
  type IBackoff, type IBackoffFactory, type IRetryBackoffContext,
} from 'cockatiel';
import type { Adapter, CallContext, Operation } from '../core/adapter.ts';
import { type Clock, systemClock } from '../core/clock.ts';
import { GatewayError, isGatewayError } from '../core/errors.ts';
import type { Logger } from '../core/logger.ts';
import { UpstreamHttpError, UpstreamMalformedError, UpstreamNetworkError, UpstreamTimeoutError } from '../core/upstream-error.ts';

export interface ResiliencePolicy {
  /** Deadline of one operation, all attempts and backoff included (the caller's own deadline may be shorter). */
  readonly timeoutMs: number;
  /** `maxAttempts` counts the first call: 1 means never retry. */
  readonly retries: { readonly maxAttempts: number; readonly initialDelayMs: number; readonly maxDelayMs: number };
  /** Opens after this many consecutive failures; lets one probe through after `halfOpenAfterMs`. */
  readonly breaker: { readonly consecutiveFailures: number; readonly halfOpenAfterMs: number };
  /** Calls in flight to the upstream, and calls waiting for a slot; more are refused at once. */
  readonly bulkhead: { readonly maxConcurrent: number; readonly maxQueue: number };
}

/** JSON schema of an adapter block's `resilience` property, with the defaults applied where a value is absent. */
export const RESILIENCE_SCHEMA = {
  $id: 'resilience.schema.json',
  type: 'object',
  additionalProperties: false,
  properties: {
    timeoutMs: { type: 'integer', minimum: 1, maximum: 600000, default: 10000 },
    retries: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        maxAttempts: { type: 'integer', minimum: 1, maximum: 10, default: 3 },
        initialDelayMs: { type: 'integer', minimum: 0, maximum: 60000, default: 100 },
        maxDelayMs: { type: 'integer', minimum: 0, maximum: 300000, default: 2000 },
      },
    },
    breaker: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        consecutiveFailures: { type: 'integer', minimum: 1, maximum: 1000, default: 5 },
        halfOpenAfterMs: { type: 'integer', minimum: 1, maximum: 3600000, default: 10000 },
      },
    },
    bulkhead: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        maxConcurrent: { type: 'integer', minimum: 1, maximum: 1000, default: 16 },
        maxQueue: { type: 'integer', minimum: 0, maximum: 100000, default: 64 },
      },
    },
  },
} as const;

export interface ResilienceDeps {
  /** The clock `ctx.deadline` is measured on (default: the system clock). */
  readonly clock?: Clock | undefined;
  readonly log: Logger;
  /** The upstream's shared breaker and bulkhead; without it the operation gets its own. */
  readonly guard?: UpstreamGuard | undefined;
  /** Source of jitter in [0, 1) (default Math.random). */
  readonly random?: (() => number) | undefined;
}

/** The circuit breaker and bulkhead of one upstream, shared by all operations of one adapter instance. */
export interface UpstreamGuard {
  readonly breaker: CircuitBreakerPolicy;
  readonly bulkhead: BulkheadPolicy;
  /** Milliseconds until the open circuit lets a probe through (0 when closed). */
  retryAfterMs(): number;
}

export function createUpstreamGuard(adapterName: string, policy: ResiliencePolicy, deps: Pick<ResilienceDeps, 'log'>): UpstreamGuard {
  const breaker = circuitBreaker(handleWhen(countsAsUpstreamFailure), {
    halfOpenAfter: policy.breaker.halfOpenAfterMs,
    breaker: new ConsecutiveBreaker(policy.breaker.consecutiveFailures),
  });
  let openedAt = 0;
  breaker.onBreak(() => {
    openedAt = Date.now();
    deps.log.warn('upstream circuit opened', { adapter: adapterName, halfOpenAfterMs: policy.breaker.halfOpenAfterMs });
  });
  breaker.onHalfOpen(() => deps.log.info('upstream circuit half-open: probing', { adapter: adapterName }));
  breaker.onReset(() => deps.log.info('upstream circuit closed', { adapter: adapterName }));
  return {
    breaker,
    bulkhead: bulkhead(policy.bulkhead.maxConcurrent, policy.bulkhead.maxQueue),
    retryAfterMs: () => (openedAt === 0 ? 0 : Math.max(0, openedAt + policy.breaker.halfOpenAfterMs - Date.now())),
  };
}

/** Runs `op` under the policy; same contracts and idempotence, failures mapped to gateway errors. */
export function applyResilience(adapterName: string, operationName: string, op: Operation, policy: ResiliencePolicy, deps: ResilienceDeps): Operation {
  const clock = deps.clock ?? systemClock;
  const random = deps.random ?? Math.random;
  const guard = deps.guard ?? createUpstreamGuard(adapterName, policy, deps);
  const retries = op.idempotent ? policy.retries.maxAttempts - 1 : 0;
  return {
    input: op.input,
    output: op.output,
    idempotent: op.idempotent,
    async run(input: unknown, ctx: CallContext) {
      const deadline = Math.min(ctx.deadline, clock.now() + policy.timeoutMs);
      const remaining = () => deadline - clock.now();
      const callCtx = withDeadline(ctx, deadline, remaining);
      const retryPolicy = retry(handleWhen((e) => isRetryable(e) && !callCtx.signal.aborted && (retryAfterOf(e) ?? 0) < remaining()), {
        maxAttempts: retries,
        backoff: new FullJitterBackoff(policy.retries.initialDelayMs, policy.retries.maxDelayMs, random),
      });
      const timer = new DeadlineTimer(Math.max(1, remaining()));
      try {
        return await timer.race(
          retryPolicy.execute(() =>
            guard.bulkhead.execute(() => (timer.passed ? Promise.reject(new TaskCancelledError()) : guard.breaker.execute(() => op.run(input, callCtx)))),
          ),
        );
      } catch (e) {
        throw toGatewayError(e, adapterName, operationName, guard, ctx.signal.aborted || remaining() <= 0);
      } finally {
        timer.clear();
      }
    },
  };
}

/** The aggressive deadline of one call: `race` fails with TaskCancelledError when the time is up, even if the
 * operation ignores its signal, and `passed` keeps a late attempt (after a backoff, or queued in the bulkhead) from
 * starting. One timer, no abort signal: operations that never read theirs pay for none. */
class DeadlineTimer {
  passed = false;
  private readonly timer: NodeJS.Timeout;
  private readonly expired: Promise<never>;
  constructor(ms: number) {
    let fail: (e: Error) => void = () => undefined;
    this.expired = new Promise<never>((_, reject) => {
      fail = reject;
    });
    this.timer = setTimeout(() => {
      this.passed = true;
      fail(new TaskCancelledError(`Operation timed out after ${ms}ms`));
    }, ms);
  }
  race<T>(work: Promise<T>): Promise<T> {
    return Promise.race([work, this.expired]);
  }
  clear(): void {
    clearTimeout(this.timer);
  }
}

/** `ctx` under the call's deadline, with a signal that aborts with the caller's or when that deadline passes. The
 * signal is made only when something reads it, and the caller's (a getter too, see call-adapter.ts) is left unread
 * until then. */
function withDeadline(ctx: CallContext, deadline: number, remaining: () => number): CallContext {
  let signal: AbortSignal | undefined;
  const out: Record<string, unknown> = {
    get signal() {
      return (signal ??= AbortSignal.any([ctx.signal, AbortSignal.timeout(Math.max(1, remaining()))]));
    },
    deadline,
  };
  for (const key of Object.keys(ctx)) if (key !== 'signal' && key !== 'deadline') out[key] = ctx[key as keyof CallContext];
  return out as unknown as CallContext;
}

/** The adapter with every operation wrapped under one policy and one shared guard (breaker + bulkhead). */
export function applyResilienceToAdapter(adapterName: string, adapter: Adapter, policy: ResiliencePolicy, deps: ResilienceDeps): Adapter {
  const guard = deps.guard ?? createUpstreamGuard(adapterName, policy, deps);
  const operations = Object.fromEntries(
    Object.entries(adapter.operations).map(([name, op]) => [name, applyResilience(adapterName, name, op, policy, { ...deps, guard })]),
  );
  return {
    init: (signal) => adapter.init(signal),
    health: (signal) => adapter.health(signal),
    close: () => adapter.close(),
    operations,
  };
}

/** Exponential backoff with full jitter: attempt n waits a random time in [0, min(max, initial * 2^(n-1))), or the
 * upstream's Retry-After when that is longer. */
class FullJitterBackoff implements IBackoffFactory<IRetryBackoffContext<unknown>> {
  private readonly initialDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly random: () => number;
  constructor(initialDelayMs: number, maxDelayMs: number, random: () => number) {
    this.initialDelayMs = initialDelayMs;
    this.maxDelayMs = maxDelayMs;
    this.random = random;
  }
  next(context: IRetryBackoffContext<unknown>): IBackoff<IRetryBackoffContext<unknown>> {
    const cap = Math.min(this.maxDelayMs, this.initialDelayMs * 2 ** (context.attempt - 1));
    const jittered = Math.floor(this.random() * cap);
    const failure = 'error' in context.result ? context.result.error : undefined;
    return { duration: Math.max(jittered, retryAfterOf(failure) ?? 0), next: (c) => this.next(c) };
  }
}

function isRetryable(e: unknown): boolean {
  if (e instanceof UpstreamNetworkError || e instanceof UpstreamTimeoutError) return true;
  return e instanceof UpstreamHttpError && (e.status === 429 || e.status === 502 || e.status === 503 || e.status === 504);
}

/** Failures that say the upstream is unwell; a GatewayError, a full bulkhead or a client-side 4xx are not. */
function countsAsUpstreamFailure(e: unknown): boolean {
  if (e instanceof UpstreamHttpError) return e.status >= 500 || e.status === 429;
  return e instanceof UpstreamNetworkError || e instanceof UpstreamTimeoutError || e instanceof UpstreamMalformedError;
}

function retryAfterOf(e: unknown): number | undefined {
  return e instanceof UpstreamHttpError ? e.retryAfterMs : undefined;
}

function retryAfterHeader(ms: number): Record<string, string> {
  return { 'Retry-After': String(Math.max(1, Math.ceil(ms / 1000))) };
}

function toGatewayError(e: unknown, adapterName: string, operationName: string, guard: UpstreamGuard, pastDeadline: boolean): GatewayError {
  if (isGatewayError(e)) return e;
  const where = `${adapterName}.${operationName}`;
  if (e instanceof BrokenCircuitError || e instanceof IsolatedCircuitError) {
    return new GatewayError('upstream.unavailable', `${where}: circuit open after repeated upstream failures`, { cause: e, headers: retryAfterHeader(guard.retryAfterMs()) });
  }
  if (e instanceof BulkheadRejectedError) {
    return new GatewayError('upstream.unavailable', `${where}: too many calls in flight to the upstream`, { cause: e, headers: retryAfterHeader(1000) });
  }
  if (e instanceof TaskCancelledError || e instanceof UpstreamTimeoutError || pastDeadline) {
    return new GatewayError('upstream.timeout', `${where} did not answer in time`, { cause: e });
  }
  if (e instanceof UpstreamNetworkError) {
    return new GatewayError('upstream.unavailable', `${where}: upstream unreachable`, { cause: e, headers: retryAfterHeader(1000) });
  }
  if (e instanceof UpstreamHttpError && (e.status === 503 || e.status === 429)) {
    return new GatewayError('upstream.unavailable', `${where}: upstream answered ${e.status}`, { cause: e, headers: retryAfterHeader(e.retryAfterMs ?? 1000) });
  }
  if (e instanceof UpstreamHttpError) return new GatewayError('upstream.bad_response', `${where}: upstream answered ${e.status}`, { cause: e });
  return new GatewayError('upstream.bad_response', `${where}: upstream answered badly`, { cause: e });
}
