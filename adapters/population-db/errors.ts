// The only place of this adapter that knows what a failed HTTP exchange looks like: turns it into the upstream
// errors the resilience layer decides on (src/core/upstream-error.ts), keeping the original error as `cause`.
import { upstreamError as sharedUpstreamError } from '../../src/adapters/upstream-http.ts';
import { UpstreamMalformedError } from '../../src/core/upstream-error.ts';

export function upstreamError(e: unknown): Error {
  return sharedUpstreamError(e, 'population database', Date.now());
}

/** An answer whose body is not JSON or not what its contract says. */
export function malformedAnswer(what: string, cause?: unknown): UpstreamMalformedError {
  return new UpstreamMalformedError(`population database answer ${what}`, { cause });
}
