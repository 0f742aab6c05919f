// Verifies the bearer token (a partner-signed request token or a gateway access token) and loads the grant.
import { DPOP_WINDOW_SECONDS, dpopRefusal, verifyDpopProof } from '../../auth/dpop.ts';
import { GatewayError } from '../../core/errors.ts';
import type { Exchange, Step } from '../../core/exchange.ts';
import { bearerToken, SignedTokenRefusal, type Verified, verifyPresented } from '../../auth/verify-token.ts';
import type { PipelineDeps } from '../deps.ts';

export function authenticate(deps: PipelineDeps): Step {
  return {
    name: 'authenticate',
    async run(x, next) {
      const { scheme, token } = bearerToken(x.headers.authorization, deps.verifier.rules.maxTokenBytes);
      const verified = await verifyPresented(token, deps.verifier).catch((e: unknown) => {
        if (e instanceof SignedTokenRefusal) x.signer = e.signer;
        throw e;
      });
      if (verified.boundKey !== undefined || verified.requireDpop || scheme === 'dpop') await checkDpop(x, token, scheme, verified, deps);
      x.principal = verified.principal;
      x.grant = verified.grant;
      await next();
    },
  };
}

/**
 * Sender-constrained tokens (RFC 9449): a DPoP-bound access token is sent with the `DPoP` scheme and a proof signed
 * by the bound key; a partner registered with require-dpop may call only that way (bearer use is refused).
 */
async function checkDpop(x: Exchange, token: string, scheme: 'bearer' | 'dpop', verified: Verified, deps: PipelineDeps): Promise<void> {
  const dpopHeader = { 'WWW-Authenticate': 'DPoP error="invalid_token", algs="ES256 PS256 EdDSA"' };
  if (verified.boundKey === undefined) {
    throw new GatewayError('token.dpop_required', 'this partner calls with DPoP-bound access tokens from /oauth/token', { headers: dpopHeader });
  }
  if (scheme !== 'dpop') throw new GatewayError('token.dpop_required', 'a DPoP-bound token is sent as "Authorization: DPoP <token>" with a DPoP proof', { headers: dpopHeader });
  const jkt = await verifyDpopProof(x.headers.dpop, {
    method: x.method,
    url: `${deps.verifier.rules.issuer}${x.path}`,
    accessToken: token,
    algorithms: deps.verifier.rules.algorithms,
    windowSeconds: DPOP_WINDOW_SECONDS,
    replay: deps.verifier.replay,
    clock: deps.verifier.clock,
  });
  if (jkt !== verified.boundKey) throw dpopRefusal('the proof is not signed by the key the token is bound to');
}
