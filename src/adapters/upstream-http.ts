// What every HTTP adapter shares: its client built from the common config block, and the one mapping from a failed
// exchange to the upstream errors the resilience layer decides on (retry, breaker, gateway error).
import {
  parseRetryAfter, UpstreamHttpError, UpstreamMalformedError, UpstreamNetworkError, UpstreamTimeoutError,
} from '../core/upstream-error.ts';
import { createHttpClient, type HttpClient, httpFailure } from './http-client.ts';

/** The connection settings every HTTP adapter's config.schema.json declares. */
export interface UpstreamHttpConfig {
  readonly baseUrl: string;
  readonly timeoutMs: number;
  readonly connectTimeoutMs?: number;
  readonly maxBodyBytes: number;
  readonly maxSockets?: number;
}

export function upstreamClient(config: UpstreamHttpConfig, headers?: Readonly<Record<string, string>>): HttpClient {
  return createHttpClient({
    baseURL: config.baseUrl.replace(/\/+$/, ''),
    timeoutMs: config.timeoutMs,
    ...(config.connectTimeoutMs !== undefined ? { connectTimeoutMs: config.connectTimeoutMs } : {}),
    maxBodyBytes: config.maxBodyBytes,
    ...(config.maxSockets !== undefined ? { maxSockets: config.maxSockets } : {}),
    keepAlive: true,
    ...(headers ? { headers } : {}),
  });
}

/** A failed exchange with `upstream` (a name for messages) as an upstream error; the original stays as `cause`. */
export function upstreamError(e: unknown, upstream: string, nowMs: number): Error {
  const failure = httpFailure(e);
  switch (failure.kind) {
    case 'status':
      return new UpstreamHttpError(failure.status ?? 500, { retryAfterMs: parseRetryAfter(retryAfterHeader(e), nowMs), cause: e });
    case 'timeout':
      return new UpstreamTimeoutError(`${upstream}: ${failure.message}`, { cause: e });
    case 'canceled':
      return new UpstreamTimeoutError(`${upstream}: call cut at its deadline`, { cause: e });
    case 'too_large':
      return new UpstreamMalformedError(`${upstream}: answer larger than maxBodyBytes`, { cause: e });
    case 'bad_request':
      return new Error(`${upstream}: request could not be made: ${failure.message}`, { cause: e });
    case 'unreachable':
    case 'unknown':
      return new UpstreamNetworkError(failure.code, { cause: e });
  }
}

/** The Retry-After header of an HTTP error answer (the client's error carries the response). */
function retryAfterHeader(e: unknown): string | undefined {
  const headers = (e as { response?: { headers?: Record<string, unknown> } }).response?.headers;
  const value = headers?.['retry-after'];
  return typeof value === 'string' ? value : undefined;
}
