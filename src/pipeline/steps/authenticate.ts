// Verifies the partner-signed bearer token and loads the partner's grant.
import type { Step } from '../../core/exchange.ts';
import { bearerToken, verifyPartnerToken } from '../../auth/verify-partner-token.ts';
import type { PipelineDeps } from '../deps.ts';

export function authenticate(deps: PipelineDeps): Step {
  return {
    name: 'authenticate',
    async run(x, next) {
      const token = bearerToken(x.headers.authorization, deps.verifier.rules.maxTokenBytes);
      const { principal, grant } = await verifyPartnerToken(token, deps.verifier);
      x.principal = principal;
      x.grant = grant;
      await next();
    },
  };
}
