// Verifies the bearer token (a partner-signed request token or a gateway access token) and loads the grant.
import type { Step } from '../../core/exchange.ts';
import { bearerToken, isAccessTokenType, peekType, verifyToken } from '../../auth/verify-token.ts';
import type { PipelineDeps } from '../deps.ts';

export function authenticate(deps: PipelineDeps): Step {
  return {
    name: 'authenticate',
    async run(x, next) {
      const { token } = bearerToken(x.headers.authorization, deps.verifier.rules.maxTokenBytes);
      const kind = isAccessTokenType(peekType(token)) ? 'access' : 'partner';
      const { principal, grant } = await verifyToken(token, kind, deps.verifier);
      x.principal = principal;
      x.grant = grant;
      await next();
    },
  };
}
