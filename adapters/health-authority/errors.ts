// The only place that knows how the HTTP client fails: each failure of an exchange with the health authority becomes
// the upstream error the resilience layer decides on (retry, breaker, gateway error). The original stays as `cause`.
import { upstreamError as sharedUpstreamError } from '../../src/adapters/upstream-http.ts';

export function upstreamError(e: unknown, nowMs: number): Error {
  return sharedUpstreamError(e, 'health authority', nowMs);
}
