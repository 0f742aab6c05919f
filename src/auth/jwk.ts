// Which partner public keys the gateway accepts: EC P-256 (ES256), RSA >= 2048 bits (PS256), Ed25519 (EdDSA);
// public parts only, signing use only.
import { importJWK, type JWK } from 'jose';

export type AllowedAlg = 'ES256' | 'PS256' | 'EdDSA';
export const ALLOWED_ALGS: readonly AllowedAlg[] = ['ES256', 'PS256', 'EdDSA'];

export type JwkCheck = { ok: true; kid: string; alg: AllowedAlg } | { ok: false; reason: string };

const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];
const KID = /^[A-Za-z0-9._:-]{1,128}$/;

export function checkPublicJwk(value: unknown): JwkCheck {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, reason: 'not a JSON object' };
  const jwk = value as Record<string, unknown>;
  if (typeof jwk.kid !== 'string' || !KID.test(jwk.kid)) return { ok: false, reason: 'kid missing or not 1-128 of [A-Za-z0-9._:-]' };
  if (PRIVATE_MEMBERS.some((m) => m in jwk)) return { ok: false, reason: 'contains private or symmetric key material' };
  if (jwk.use !== undefined && jwk.use !== 'sig') return { ok: false, reason: `use "${String(jwk.use)}" is not "sig"` };
  let alg: AllowedAlg;
  if (jwk.kty === 'EC' && jwk.crv === 'P-256' && typeof jwk.x === 'string' && typeof jwk.y === 'string') alg = 'ES256';
  else if (jwk.kty === 'OKP' && jwk.crv === 'Ed25519' && typeof jwk.x === 'string') alg = 'EdDSA';
  else if (jwk.kty === 'RSA' && typeof jwk.n === 'string' && typeof jwk.e === 'string') {
    const bits = Buffer.from(jwk.n, 'base64url').length * 8;
    if (bits < 2048) return { ok: false, reason: `RSA key of ${bits} bits (at least 2048 required)` };
    alg = 'PS256';
  } else return { ok: false, reason: `unsupported key type ${String(jwk.kty)}${jwk.crv ? `/${String(jwk.crv)}` : ''}` };
  if (jwk.alg !== undefined && jwk.alg !== alg) return { ok: false, reason: `alg "${String(jwk.alg)}" is not allowed for this key (expected ${alg})` };
  return { ok: true, kid: jwk.kid, alg };
}

/** The public members of a checked JWK, with its algorithm pinned. */
export function publicJwk(jwk: Record<string, unknown>, alg: AllowedAlg): Record<string, unknown> {
  const out: Record<string, unknown> = { kty: jwk.kty, kid: jwk.kid, use: 'sig', alg };
  for (const m of ['crv', 'x', 'y', 'n', 'e']) if (jwk[m] !== undefined) out[m] = jwk[m];
  return out;
}

export type PublicKey = Exclude<Awaited<ReturnType<typeof importJWK>>, Uint8Array>;

export async function importPublicJwk(jwk: Record<string, unknown>, alg: AllowedAlg): Promise<PublicKey> {
  const key = await importJWK(jwk as JWK, alg);
  if (key instanceof Uint8Array) throw new Error('symmetric keys are not accepted');
  return key;
}

/** Reads a JWKS document (or a single JWK) into checked public keys; the refused ones come back with reasons. */
export function keysFromJwks(doc: unknown): { keys: { kid: string; alg: AllowedAlg; jwk: Record<string, unknown> }[]; refused: string[] } {
  const list = typeof doc === 'object' && doc !== null && Array.isArray((doc as { keys?: unknown }).keys) ? (doc as { keys: unknown[] }).keys : [doc];
  const keys: { kid: string; alg: AllowedAlg; jwk: Record<string, unknown> }[] = [];
  const refused: string[] = [];
  for (const [i, item] of list.entries()) {
    const c = checkPublicJwk(item);
    if (!c.ok) refused.push(`key ${i}: ${c.reason}`);
    else if (keys.some((k) => k.kid === c.kid)) refused.push(`key ${i}: duplicate kid ${c.kid}`);
    else keys.push({ kid: c.kid, alg: c.alg, jwk: publicJwk(item as Record<string, unknown>, c.alg) });
  }
  return { keys, refused };
}
