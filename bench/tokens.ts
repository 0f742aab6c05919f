// Pre-minted partner tokens: the claims and header of src/auth/partner-keys.ts mintPartnerToken (header
// {alg, kid}; iss = sub = partner, aud, iat, exp, jti, scope, purpose_of_use), signed with the private key imported
// once (mintPartnerToken re-imports the JWK per token: ~280 us instead of ~75 us, 10 s for 36k tokens).
// `checkSameShape` compares one token of each against each other so the two cannot drift apart unnoticed.
import { randomUUID } from 'node:crypto';
import { decodeJwt, decodeProtectedHeader, importJWK, type JWK, SignJWT } from 'jose';
import { generatePartnerKey, type GeneratedKey, mintPartnerToken } from '../src/auth/partner-keys.ts';

export interface MintRequest {
  readonly partnerId: string;
  readonly privateJwk: JWK;
  readonly audience: string;
  readonly count: number;
  readonly ttlSeconds: number;
  readonly scope: string;
  readonly purpose: string;
}

export interface MintedTokens {
  readonly tokens: readonly string[];
  /** Earliest expiry (seconds since the epoch) among the tokens. */
  readonly expSeconds: number;
  readonly seconds: number;
}

export function benchKey(): Promise<GeneratedKey> {
  return generatePartnerKey('ES256');
}

export async function mintTokens(r: MintRequest): Promise<MintedTokens> {
  const alg = r.privateJwk.alg;
  if (alg !== 'ES256') throw new Error('bench tokens are ES256');
  const kid = r.privateJwk.kid;
  if (typeof kid !== 'string') throw new Error('the private key must carry its kid');
  const key = await importJWK(r.privateJwk, alg);
  const started = process.hrtime.bigint();
  const tokens: string[] = new Array<string>(r.count);
  let expSeconds = Number.POSITIVE_INFINITY;
  for (let i = 0; i < r.count; i++) {
    const now = Math.floor(Date.now() / 1000);
    const exp = now + r.ttlSeconds;
    if (exp < expSeconds) expSeconds = exp;
    tokens[i] = await new SignJWT({ scope: r.scope, purpose_of_use: r.purpose })
      .setProtectedHeader({ alg, kid })
      .setIssuer(r.partnerId)
      .setSubject(r.partnerId)
      .setAudience(r.audience)
      .setIssuedAt(now)
      .setExpirationTime(exp)
      .setJti(randomUUID())
      .sign(key);
  }
  return { tokens, expSeconds, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}

/** Throws when a bench token's header or claim names differ from mintPartnerToken's. */
export async function checkSameShape(r: Omit<MintRequest, 'count'>): Promise<void> {
  const ours = (await mintTokens({ ...r, count: 1 })).tokens[0] as string;
  const theirs = await mintPartnerToken({
    partnerId: r.partnerId, privateJwk: r.privateJwk, audience: r.audience, scope: r.scope, purpose: r.purpose, ttlSeconds: r.ttlSeconds,
  });
  const shape = (t: string) => {
    const claims = decodeJwt(t);
    return JSON.stringify({
      header: decodeProtectedHeader(t),
      names: Object.keys(claims).sort(),
      fixed: [claims.iss, claims.sub, claims.aud, claims.scope, claims.purpose_of_use, Number(claims.exp) - Number(claims.iat)],
    });
  };
  if (shape(ours) !== shape(theirs)) throw new Error(`bench token shape ${shape(ours)} differs from mintPartnerToken's ${shape(theirs)}`);
}

/**
 * Gateway access tokens for scenario (d): one client-credentials grant per token at the gateway's /oauth/token,
 * each authenticated by a fresh private_key_jwt assertion (aud = the gateway's issuer URL).
 */
export async function fetchAccessTokens(o: { origin: string; issuer: string; partnerId: string; privateJwk: JWK; count: number; scope: string; purpose: string }): Promise<string[]> {
  const key = await importJWK(o.privateJwk, 'ES256');
  const out: string[] = [];
  for (let i = 0; i < o.count; i++) {
    const now = Math.floor(Date.now() / 1000);
    const assertion = await new SignJWT({})
      .setProtectedHeader({ alg: 'ES256', kid: o.privateJwk.kid as string })
      .setIssuer(o.partnerId).setSubject(o.partnerId).setAudience(o.issuer).setIssuedAt(now).setExpirationTime(now + 60).setJti(randomUUID())
      .sign(key);
    const res = await fetch(`${o.origin}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
        client_assertion: assertion,
        scope: o.scope,
        purpose_of_use: o.purpose,
      }),
    });
    const body = (await res.json()) as { access_token?: string; error?: string; error_description?: string };
    if (res.status !== 200 || !body.access_token) throw new Error(`token endpoint answered ${res.status}: ${body.error} ${body.error_description ?? ''}`);
    out.push(body.access_token);
  }
  return out;
}
