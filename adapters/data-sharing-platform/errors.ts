// The only place that knows how the HTTP client fails: each failed delivery to the platform becomes the upstream
// error the resilience layer decides on (retry, breaker, gateway error). The original stays as `cause`.
import { httpFailure } from '../../src/adapters/http-client.ts';
import {
  parseRetryAfter, UpstreamHttpError, UpstreamMalformedError, UpstreamNetworkError, UpstreamTimeoutError,
} from '../../src/core/upstream-error.ts';

export function upstreamError(e: unknown, nowMs: number): Error {
  const failure = httpFailure(e);
  switch (failure.kind) {
    case 'status':
      return new UpstreamHttpError(failure.status ?? 0, { retryAfterMs: parseRetryAfter(retryAfterHeader(failure.cause), nowMs), cause: e });
    case 'timeout':
    case 'canceled':
      return new UpstreamTimeoutError(`data-sharing platform: ${failure.message}`, { cause: e });
    case 'unreachable':
      return new UpstreamNetworkError(failure.code, { cause: e });
    case 'too_large':
      return new UpstreamMalformedError('data-sharing platform: answer larger than maxBodyBytes', { cause: e });
    default:
      return new UpstreamMalformedError(`data-sharing platform: exchange failed (${failure.code ?? failure.kind})`, { cause: e });
  }
}

/** The Retry-After header of an HTTP error answer (the client's error carries the response). */
function retryAfterHeader(cause: unknown): string | undefined {
  const headers = (cause as { response?: { headers?: Record<string, unknown> } }).response?.headers;
  const value = headers?.['retry-after'];
  return typeof value === 'string' ? value : undefined;
}
