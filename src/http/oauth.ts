// OAuth endpoints: the token endpoint (answers in RFC 6749 JSON, never problem+json), RFC 8414 metadata and the
// gateway's public keys.
import express, { type NextFunction, type Request, type Response } from 'express';
import { type ClientCredentialsDeps, clientCredentials, OAuthError } from '../auth/client-credentials.ts';
import { DPOP_WINDOW_SECONDS, verifyDpopProof } from '../auth/dpop.ts';
import type { Logger } from '../core/logger.ts';
import { SCOPES } from '../core/vocabulary.ts';
import type { RateLimits } from '../limits/rate-limits.ts';
import { claimedClientId } from '../limits/token-client.ts';

export interface OAuthDeps extends ClientCredentialsDeps {
  readonly log: Logger;
  readonly bodyLimitBytes: number;
  /** Token requests per client id (the assertion's claimed iss), failed attempts included. */
  readonly limits: RateLimits;
}

export function oauthRouter(deps: OAuthDeps) {
  const router = express.Router({ caseSensitive: true, strict: true });
  const issuer = deps.verifier.rules.issuer;
  router.get('/.well-known/oauth-authorization-server', (_req, res) => {
    res.setHeader('Cache-Control', 'public, max-age=300');
    res.json({
      issuer,
      token_endpoint: deps.verifier.rules.tokenEndpoint,
      jwks_uri: `${issuer}/.well-known/jwks.json`,
      grant_types_supported: ['client_credentials'],
      token_endpoint_auth_methods_supported: ['private_key_jwt'],
      token_endpoint_auth_signing_alg_values_supported: [...deps.verifier.rules.algorithms],
      scopes_supported: [...SCOPES],
      response_types_supported: [],
      dpop_signing_alg_values_supported: [...deps.verifier.rules.algorithms],
    });
  });
  router.get('/.well-known/jwks.json', async (_req, res, next) => {
    try {
      const keys = await deps.keys.published();
      res.setHeader('Cache-Control', 'public, max-age=300');
      res.json({ keys });
    } catch (e) {
      next(e);
    }
  });
  const form = express.urlencoded({ extended: false, limit: deps.bodyLimitBytes, parameterLimit: 20, type: 'application/x-www-form-urlencoded' });
  router.post('/oauth/token', (req: Request, res: Response, next: NextFunction) => {
    res.locals.routeTemplate = 'POST /oauth/token';
    if (!req.is('application/x-www-form-urlencoded')) {
      sendOAuthError(res, new OAuthError('invalid_request', 'send the parameters as application/x-www-form-urlencoded'));
      return;
    }
    form(req, res, (err?: unknown) => {
      if (err) {
        sendOAuthError(res, new OAuthError('invalid_request', 'the body could not be read as a form'));
        return;
      }
      next();
    });
  }, async (req: Request, res: Response) => {
    try {
      const limit = await deps.limits.tokenEndpoint(claimedClientId((req.body ?? {}) as Record<string, unknown>));
      for (const [k, v] of Object.entries(limit.headers)) res.setHeader(k, v);
      if (!limit.allowed) {
        // RFC 6749 has no error code for this: invalid_request with 429 and Retry-After.
        sendOAuthError(res, new OAuthError('invalid_request', 'too many token requests'), 429);
        return;
      }
      const proof = req.headers.dpop;
      let jkt: string | undefined;
      if (proof !== undefined) {
        try {
          jkt = await verifyDpopProof(typeof proof === 'string' ? proof : undefined, {
            method: 'POST', url: deps.verifier.rules.tokenEndpoint, algorithms: deps.verifier.rules.algorithms,
            windowSeconds: DPOP_WINDOW_SECONDS, replay: deps.verifier.replay, clock: deps.verifier.clock,
          });
        } catch (e) {
          throw new OAuthError('invalid_dpop_proof', e instanceof Error ? e.message : 'invalid DPoP proof');
        }
      }
      const { clientId, body } = await clientCredentials((req.body ?? {}) as Record<string, unknown>, deps, jkt);
      res.locals.partner = clientId;
      res.setHeader('Cache-Control', 'no-store');
      res.setHeader('Pragma', 'no-cache');
      res.status(200).json(body);
    } catch (e) {
      if (!(e instanceof OAuthError)) deps.log.error('token endpoint failed', { requestId: res.locals.requestId, error: e });
      sendOAuthError(res, e instanceof OAuthError ? e : new OAuthError('invalid_request', 'the request could not be processed'), e instanceof OAuthError ? undefined : 500);
    }
  });
  return router;
}

function sendOAuthError(res: Response, e: OAuthError, status?: number): void {
  res.locals.errorCode = `oauth.${e.error}`;
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Pragma', 'no-cache');
  const body = status === 500 ? { error: 'server_error', error_description: 'internal error' } : { error: e.error, error_description: e.message };
  res.status(status ?? e.status).json(body);
}
