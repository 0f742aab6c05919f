// What an adapter throws when its upstream fails, in terms the resilience layer (src/adapters/resilience.ts) decides
// on: whether to retry, whether the circuit breaker counts it, and which gateway error the caller gets. Each
// adapter's errors.ts turns its driver's errors into these, keeping the original error as `cause` (for logs only).

/** The upstream answered with a status outside 2xx. 502/503/504 and 429 are retryable; Retry-After is honoured. */
export class UpstreamHttpError extends Error {
  readonly status: number;
  /** From the upstream's Retry-After header, when it sent one. */
  readonly retryAfterMs: number | undefined;
  constructor(status: number, opts: { retryAfterMs?: number | undefined; cause?: unknown } = {}) {
    super(`upstream answered ${status}`, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'UpstreamHttpError';
    this.status = status;
    this.retryAfterMs = opts.retryAfterMs;
  }
}

/** The upstream could not be reached or dropped the connection (refused, reset, DNS): retryable. */
export class UpstreamNetworkError extends Error {
  /** The system error code (ECONNREFUSED, ECONNRESET, ...), when known. */
  readonly code: string | undefined;
  constructor(code: string | undefined, opts: { cause?: unknown } = {}) {
    super(`upstream unreachable${code ? ` (${code})` : ''}`, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'UpstreamNetworkError';
    this.code = code;
  }
}

/** One exchange with the upstream took longer than its limit (connect, wait or read), or was cut at the deadline. */
export class UpstreamTimeoutError extends Error {
  constructor(message = 'upstream exchange timed out', opts: { cause?: unknown } = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'UpstreamTimeoutError';
  }
}

/** The upstream answered 2xx with a body that is not what its contract says (or larger than allowed): never retried. */
export class UpstreamMalformedError extends Error {
  constructor(message = 'upstream answer is malformed', opts: { cause?: unknown } = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'UpstreamMalformedError';
  }
}

/** Parses a Retry-After header (delay-seconds or an HTTP date) into milliseconds from `nowMs`; undefined when absent or bad. */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (/^\d{1,9}$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - nowMs);
}
