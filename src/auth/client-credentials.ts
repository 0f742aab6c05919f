// The client-credentials grant with private_key_jwt client authentication (RFC 6749 4.4, RFC 7523): checks the
// request, verifies the client assertion with the one verifier, narrows scopes, and issues an RFC 9068 access token.
import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { isGatewayError } from '../core/errors.ts';
import { isOneOf, PURPOSES } from '../core/vocabulary.ts';
import type { GatewayKeyRing } from './gateway-keys.ts';
import { type VerifierDeps, verifyToken } from './verify-token.ts';

export const JWT_BEARER_ASSERTION = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

export type OAuthErrorCode = 'invalid_request' | 'invalid_client' | 'invalid_grant' | 'unauthorized_client' | 'unsupported_grant_type' | 'invalid_scope' | 'invalid_dpop_proof';

export class OAuthError extends Error {
  readonly error: OAuthErrorCode;
  readonly status: number;
  constructor(error: OAuthErrorCode, description: string) {
    super(description);
    this.error = error;
    this.status = error === 'invalid_client' ? 401 : 400;
  }
}

export interface TokenResponse {
  access_token: string;
  token_type: 'Bearer' | 'DPoP';
  expires_in: number;
  scope: string;
  purpose_of_use: string;
}

export interface ClientCredentialsDeps {
  readonly verifier: VerifierDeps;
  readonly keys: GatewayKeyRing;
  readonly accessTokenTtlSeconds: number;
}

/**
 * `params` are the form fields (strings only); `dpopJkt` is the thumbprint of a verified DPoP proof's key, when the
 * request carried one.
 */
export async function clientCredentials(
  params: Readonly<Record<string, unknown>>,
  deps: ClientCredentialsDeps,
  dpopJkt?: string,
): Promise<{ clientId: string; body: TokenResponse }> {
  for (const [k, v] of Object.entries(params)) if (typeof v !== 'string') throw new OAuthError('invalid_request', `parameter ${k.slice(0, 32)} must appear once`);
  const p = params as Readonly<Record<string, string | undefined>>;
  if (!p.grant_type) throw new OAuthError('invalid_request', 'grant_type is required');
  if (p.grant_type !== 'client_credentials') throw new OAuthError('unsupported_grant_type', 'only client_credentials is supported');
  if (p.client_assertion_type !== JWT_BEARER_ASSERTION || !p.client_assertion) {
    throw new OAuthError('invalid_client', 'client authentication is private_key_jwt: client_assertion_type jwt-bearer and a client_assertion');
  }
  if (p.client_secret !== undefined) throw new OAuthError('invalid_request', 'client secrets are not accepted');
  let verified;
  try {
    verified = await verifyToken(p.client_assertion, 'client-assertion', deps.verifier);
  } catch (e) {
    throw new OAuthError('invalid_client', isGatewayError(e) ? `client assertion refused: ${e.code}` : 'client assertion refused');
  }
  const clientId = verified.principal.partnerId;
  if (p.client_id !== undefined && p.client_id !== clientId) throw new OAuthError('invalid_client', 'client_id does not match the assertion');
  const grant = verified.grant;
  const allowed: readonly string[] = grant.scopes;
  const asked = p.scope === undefined ? [...allowed] : p.scope.split(' ').filter(Boolean);
  if (asked.length === 0) throw new OAuthError('invalid_scope', 'no scope requested');
  const refused = asked.filter((s) => !allowed.includes(s));
  if (refused.length > 0) throw new OAuthError('invalid_scope', `scope not granted: ${refused.join(' ').slice(0, 200)}`);
  const purpose = p.purpose_of_use;
  if (!purpose) throw new OAuthError('invalid_request', 'purpose_of_use is required');
  if (!isOneOf(PURPOSES, purpose)) throw new OAuthError('invalid_request', 'purpose_of_use is not a purpose code');
  if (!grant.purposes.includes(purpose)) throw new OAuthError('invalid_grant', 'purpose_of_use is not in the client\'s agreement');
  const requireDpop = (await deps.verifier.partners.get(clientId))?.record.requireDpop ?? false;
  if (requireDpop && !dpopJkt) throw new OAuthError('invalid_dpop_proof', 'this client must present a DPoP proof');
  const scope = [...new Set(asked)].join(' ');
  const now = Math.floor(deps.verifier.clock.now() / 1000);
  const signing = await deps.keys.signingKey();
  const token = await new SignJWT({ client_id: clientId, scope, purpose_of_use: purpose, ...(dpopJkt ? { cnf: { jkt: dpopJkt } } : {}) })
    .setProtectedHeader({ alg: 'ES256', kid: signing.kid, typ: 'at+jwt' })
    .setIssuer(deps.verifier.rules.issuer)
    .setSubject(clientId)
    .setAudience(deps.verifier.rules.audience)
    .setIssuedAt(now)
    .setExpirationTime(now + deps.accessTokenTtlSeconds)
    .setJti(randomUUID())
    .sign(signing.key);
  return {
    clientId,
    body: { access_token: token, token_type: dpopJkt ? 'DPoP' : 'Bearer', expires_in: deps.accessTokenTtlSeconds, scope, purpose_of_use: purpose },
  };
}
