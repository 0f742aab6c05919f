// Verifies the partner-signed bearer token and loads the partner's grant.
import { GatewayError } from '../../core/errors.ts';
import type { Step } from '../../core/exchange.ts';
import { bearerToken, verifyPartnerToken } from '../../auth/verify-partner-token.ts';
import type { PipelineDeps } from '../deps.ts';

export function authenticate(deps: PipelineDeps): Step {
  return {
    name: 'authenticate',
    async run(x, next) {
      const token = bearerToken(x.headers.authorization, deps.verifier.rules.maxTokenBytes);
      x.principal = await verifyPartnerToken(token, deps.verifier);
      const partner = await deps.verifier.partners.get(x.principal.partnerId);
      if (!partner) throw new GatewayError('token.unknown_issuer');
      x.grant = partner.record.grant;
      await next();
    },
  };
}
