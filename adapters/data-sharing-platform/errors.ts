// The only place that knows how the HTTP client fails: each failed delivery to the platform becomes the upstream
// error the resilience layer decides on (retry, breaker, gateway error). The original stays as `cause`.
import { upstreamError as sharedUpstreamError } from '../../src/adapters/upstream-http.ts';

export function upstreamError(e: unknown, nowMs: number): Error {
  return sharedUpstreamError(e, 'data-sharing platform', nowMs);
}
