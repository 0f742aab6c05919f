// Partner signing keys: generation (CLI, tests, demo) and token minting with a partner's private JWK.
import { randomUUID } from 'node:crypto';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type JWK, SignJWT } from 'jose';
import type { AllowedAlg } from './jwk.ts';

export interface GeneratedKey {
  readonly kid: string;
  readonly alg: AllowedAlg;
  readonly privateJwk: JWK;
  readonly publicJwk: JWK;
}

export async function generatePartnerKey(alg: AllowedAlg): Promise<GeneratedKey> {
  const { publicKey, privateKey } = await generateKeyPair(alg, { extractable: true, ...(alg === 'PS256' ? { modulusLength: 2048 } : {}), ...(alg === 'EdDSA' ? { crv: 'Ed25519' } : {}) });
  const publicJwk = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(publicJwk);
  const meta = { kid, alg, use: 'sig' };
  return { kid, alg, publicJwk: { ...publicJwk, ...meta }, privateJwk: { ...(await exportJWK(privateKey)), ...meta } };
}

export interface MintOptions {
  readonly partnerId: string;
  readonly privateJwk: JWK;
  readonly audience: string;
  readonly scope: string;
  readonly purpose: string;
  readonly ttlSeconds?: number;
  readonly actor?: { sub?: string; name?: string };
  readonly nowSeconds?: number;
  readonly jti?: string;
}

/** A partner-signed request token: header {alg, kid}, claims iss = sub = partner, aud, iat, exp, jti, scope, purpose. */
export async function mintPartnerToken(o: MintOptions): Promise<string> {
  const alg = o.privateJwk.alg;
  if (alg !== 'ES256' && alg !== 'PS256' && alg !== 'EdDSA') throw new Error('the private key must name its alg (ES256, PS256 or EdDSA)');
  if (typeof o.privateJwk.kid !== 'string') throw new Error('the private key must carry its kid');
  const key = await importJWK(o.privateJwk, alg);
  const now = o.nowSeconds ?? Math.floor(Date.now() / 1000);
  return new SignJWT({ scope: o.scope, purpose_of_use: o.purpose, ...(o.actor ? { act: o.actor } : {}) })
    .setProtectedHeader({ alg, kid: o.privateJwk.kid })
    .setIssuer(o.partnerId)
    .setSubject(o.partnerId)
    .setAudience(o.audience)
    .setIssuedAt(now)
    .setExpirationTime(now + (o.ttlSeconds ?? 120))
    .setJti(o.jti ?? randomUUID())
    .sign(key);
}
