// The only place of this adapter that knows what a failed HTTP exchange looks like: turns it into the upstream
// errors the resilience layer decides on (src/core/upstream-error.ts), keeping the original error as `cause`.
import { httpFailure } from '../../src/adapters/http-client.ts';
import {
  parseRetryAfter, UpstreamHttpError, UpstreamMalformedError, UpstreamNetworkError, UpstreamTimeoutError,
} from '../../src/core/upstream-error.ts';

export function upstreamError(e: unknown): Error {
  const failure = httpFailure(e);
  switch (failure.kind) {
    case 'timeout':
      return new UpstreamTimeoutError(`population database: ${failure.message}`, { cause: e });
    case 'canceled':
      return new UpstreamTimeoutError('population database call cut at its deadline', { cause: e });
    case 'too_large':
      return new UpstreamMalformedError('population database answer larger than maxBodyBytes', { cause: e });
    case 'status':
      return new UpstreamHttpError(failure.status ?? 500, { retryAfterMs: parseRetryAfter(retryAfterHeader(e), Date.now()), cause: e });
    case 'bad_request':
      return new Error(`population database request could not be made: ${failure.message}`, { cause: e });
    case 'unreachable':
    case 'unknown':
      return new UpstreamNetworkError(failure.code, { cause: e });
  }
}

/** An answer whose body is not JSON or not what its contract says. */
export function malformedAnswer(what: string, cause?: unknown): UpstreamMalformedError {
  return new UpstreamMalformedError(`population database answer ${what}`, { cause });
}

function retryAfterHeader(e: unknown): string | undefined {
  const headers = (e as { response?: { headers?: Record<string, unknown> } }).response?.headers;
  const value = headers?.['retry-after'];
  return typeof value === 'string' ? value : undefined;
}
