// Counts the authenticated partner's request against its rate limits and daily quota (its own limits from the
// store, as of the latest change counter, over its kind's defaults). Runs right after `authenticate`, inside
// `audit`, so refused requests are audited too. Over a limit: 429 `rate.limited` with Retry-After; either way the
// RateLimit-Policy and RateLimit headers go back to the partner.
import { GatewayError } from '../../core/errors.ts';
import type { Step } from '../../core/exchange.ts';
import type { PipelineDeps } from '../deps.ts';

export function rateLimit(deps: PipelineDeps): Step {
  return {
    name: 'rate-limit',
    async run(x, next) {
      const principal = x.principal;
      if (!principal) throw new Error('rate-limit runs after authenticate');
      const partner = await deps.verifier.partners.get(principal.partnerId);
      const kind = partner?.record.grant.kind ?? x.grant?.kind ?? principal.kind;
      const decision = await deps.limits.partner(principal.partnerId, kind, partner?.record.limits);
      if (!decision.allowed) throw new GatewayError('rate.limited', decision.reason, { headers: decision.headers });
      x.responseHeaders = Object.assign(x.responseHeaders ?? {}, decision.headers);
      await next();
    },
  };
}
