// DPoP proofs (RFC 9449): a JWT signed by the client's own key, carried in the `DPoP` header, bound to the HTTP
// method and URL, single use, and (at the API) to the access token by `ath`. The key's thumbprint is the token's
// `cnf.jkt`.
import { createHash } from 'node:crypto';
import { calculateJwkThumbprint, compactVerify, errors as joseErrors, importJWK, type JWK } from 'jose';
import type { Clock } from '../core/clock.ts';
import { GatewayError } from '../core/errors.ts';
import { checkPublicJwk } from './jwk.ts';
import type { ReplayStore } from './replay-store.ts';
import { parseJsonObject } from './strict-json.ts';

export interface DpopCheck {
  readonly method: string;
  /** The request URL without query and fragment. */
  readonly url: string;
  /** At the API: the access token the proof must be bound to (`ath`). */
  readonly accessToken?: string;
  readonly algorithms: readonly string[];
  /** How far `iat` may be from now, in seconds. */
  readonly windowSeconds: number;
  readonly replay: ReplayStore;
  readonly clock: Clock;
}

/** How far a proof's `iat` may be from the gateway's clock. */
export const DPOP_WINDOW_SECONDS = 60;

const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
const HEADER = new Set(['typ', 'alg', 'jwk']);

export function dpopRefusal(detail: string): GatewayError {
  return new GatewayError('token.dpop_invalid', detail, { headers: { 'WWW-Authenticate': `DPoP error="invalid_dpop_proof", error_description="${detail.replace(/["\\]/g, '')}"` } });
}

/** Verifies a DPoP proof and returns the thumbprint (`jkt`) of the key that signed it. */
export async function verifyDpopProof(proof: string | undefined, c: DpopCheck): Promise<string> {
  if (!proof) throw dpopRefusal('a DPoP proof is required');
  if (proof.length > 4096 || !COMPACT_JWS.test(proof)) throw dpopRefusal('the DPoP proof is not a compact JWS');
  const [h, p] = proof.split('.') as [string, string, string];
  const header = parseJsonObject(Buffer.from(h, 'base64url').toString('utf8'));
  if (!header.ok) throw dpopRefusal('the DPoP proof header is not a JSON object');
  for (const k of Object.keys(header.value)) if (!HEADER.has(k)) throw dpopRefusal(`header parameter "${k.slice(0, 16)}" is not allowed in a DPoP proof`);
  const { typ, alg, jwk } = header.value;
  if (typ !== 'dpop+jwt') throw dpopRefusal('typ must be dpop+jwt');
  if (typeof alg !== 'string' || !c.algorithms.includes(alg)) throw dpopRefusal(`alg must be one of ${c.algorithms.join(', ')}`);
  const checked = checkPublicJwk({ ...(jwk as object), kid: 'dpop' });
  if (!checked.ok) throw dpopRefusal(`jwk: ${checked.reason}`);
  if (checked.alg !== alg) throw dpopRefusal('alg does not match the jwk');
  const publicJwk = jwk as JWK;
  const key = await importJWK(publicJwk, alg);
  try {
    await compactVerify(proof, key, { algorithms: [alg] });
  } catch (e) {
    throw dpopRefusal(e instanceof joseErrors.JWSSignatureVerificationFailed ? 'DPoP proof signature does not verify' : 'DPoP proof could not be verified');
  }
  const claims = parseJsonObject(Buffer.from(p, 'base64url').toString('utf8'));
  if (!claims.ok) throw dpopRefusal('the DPoP proof payload is not a JSON object');
  const { jti, htm, htu, iat, ath } = claims.value;
  if (typeof jti !== 'string' || jti.length < 8 || jti.length > 128) throw dpopRefusal('jti is required');
  if (htm !== c.method) throw dpopRefusal('htm does not match the request method');
  if (typeof htu !== 'string' || stripQuery(htu) !== c.url) throw dpopRefusal('htu does not match the request URL');
  const now = Math.floor(c.clock.now() / 1000);
  if (typeof iat !== 'number' || !Number.isInteger(iat) || Math.abs(now - iat) > c.windowSeconds) throw dpopRefusal('iat is outside the accepted window');
  if (c.accessToken !== undefined) {
    const expected = createHash('sha256').update(c.accessToken).digest('base64url');
    if (ath !== expected) throw dpopRefusal('ath does not match the access token');
  }
  const jkt = await calculateJwkThumbprint(publicJwk, 'sha256');
  if (!(await c.replay.consume(`dpop:${jkt}`, jti, iat + c.windowSeconds, c.clock.now()))) throw dpopRefusal('DPoP proof already used');
  return jkt;
}

function stripQuery(u: string): string {
  const i = u.search(/[?#]/);
  return i >= 0 ? u.slice(0, i) : u;
}
