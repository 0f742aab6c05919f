// Verifies a partner-signed JWT: compact JWS only, header allowlist, alg allowlist, the partner's own key by kid,
// then iss = sub = partner, aud, exp/iat/nbf rules, lifetime, jti single use. Every refusal has a stable code.
import { compactVerify, errors as joseErrors } from 'jose';
import type { Clock } from '../core/clock.ts';
import { type ErrorCode, GatewayError } from '../core/errors.ts';
import type { Actor, Grant, Principal } from '../core/principal.ts';
import type { PartnerDirectory } from './partner-directory.ts';
import type { ReplayStore } from './replay-store.ts';
import { parseJsonObject } from './strict-json.ts';

export interface TokenRules {
  readonly audience: string;
  readonly maxTokenBytes: number;
  readonly maxLifetimeSeconds: number;
  readonly clockSkewSeconds: number;
  readonly algorithms: readonly string[];
}

export interface VerifierDeps {
  readonly rules: TokenRules;
  readonly partners: PartnerDirectory;
  readonly replay: ReplayStore;
  readonly clock: Clock;
}

const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
const ALLOWED_HEADER = new Set(['alg', 'kid', 'typ']);
const KID = /^[A-Za-z0-9._:-]{1,128}$/;
const PARTNER_ID = /^[a-z0-9][a-z0-9._-]{0,63}$/;
const JTI = /^[\x21-\x7e]{1,128}$/;
const CCCD = /^\d{12}$/;

function refuse(code: ErrorCode, detail?: string): GatewayError {
  const description = (detail ?? code).replace(/["\\]/g, '');
  return new GatewayError(code, detail, { headers: { 'WWW-Authenticate': `Bearer error="invalid_token", error_description="${description}"` } });
}

/** Extracts the token from an Authorization header value. */
export function bearerToken(header: string | undefined, maxBytes: number): string {
  if (header === undefined || header === '') {
    throw new GatewayError('token.missing', 'Authorization: Bearer <JWT> is required', { headers: { 'WWW-Authenticate': 'Bearer realm="vss-gateway"' } });
  }
  const m = /^Bearer ([^\s]+)$/i.exec(header);
  if (!m) {
    if (header.length > maxBytes + 7) throw refuse('token.too_large', `token longer than ${maxBytes} bytes`);
    throw refuse('token.malformed', 'Authorization must be "Bearer" followed by one compact JWS');
  }
  const token = m[1] as string;
  if (token.length > maxBytes) throw refuse('token.too_large', `token longer than ${maxBytes} bytes`);
  return token;
}

export interface Verified { readonly principal: Principal; readonly grant: Grant }

export async function verifyPartnerToken(token: string, deps: VerifierDeps): Promise<Verified> {
  const { rules, clock } = deps;
  if (!COMPACT_JWS.test(token)) throw refuse('token.malformed', 'not a compact JWS (three base64url segments)');
  const [h, p] = token.split('.') as [string, string, string];
  const header = parseJsonObject(Buffer.from(h, 'base64url').toString('utf8'));
  if (!header.ok) throw refuse('token.malformed', `header: ${header.reason}`);
  for (const name of Object.keys(header.value)) {
    if (!ALLOWED_HEADER.has(name)) throw refuse('token.header_not_allowed', `header parameter "${name.slice(0, 16)}" is not allowed`);
  }
  const { alg, kid, typ } = header.value;
  if (typeof alg !== 'string' || !rules.algorithms.includes(alg)) throw refuse('token.alg_not_allowed', `alg must be one of ${rules.algorithms.join(', ')}`);
  if (typ !== undefined && (typeof typ !== 'string' || typ.toUpperCase() !== 'JWT')) throw refuse('token.type_not_allowed', 'partner tokens carry no typ or typ JWT');
  if (typeof kid !== 'string' || !KID.test(kid)) throw refuse('token.unknown_key', 'kid missing or not a registered key id');
  const payload = parseJsonObject(Buffer.from(p, 'base64url').toString('utf8'));
  if (!payload.ok) throw refuse('token.malformed', `payload: ${payload.reason}`);
  const claims = payload.value;
  const iss = claims.iss;
  if (typeof iss !== 'string' || !PARTNER_ID.test(iss)) throw refuse('token.unknown_issuer', 'iss must name a registered partner');
  const partner = await deps.partners.get(iss);
  if (!partner) throw refuse('token.unknown_issuer', 'iss must name a registered partner');
  if (partner.record.status !== 'active') throw refuse('partner.disabled', 'partner is disabled');
  const key = partner.keys.get(kid);
  if (!key) throw refuse('token.unknown_key', 'kid is not one of this partner\'s registered keys');
  if (key.alg !== alg) throw refuse('token.alg_not_allowed', 'alg does not match the registered key');
  try {
    await compactVerify(token, key.key, { algorithms: [alg] });
  } catch (e) {
    if (e instanceof joseErrors.JWSSignatureVerificationFailed) throw refuse('token.bad_signature', 'signature does not verify');
    throw refuse('token.malformed', 'token could not be verified');
  }
  const now = Math.floor(clock.now() / 1000);
  const { sub, aud, exp, iat, nbf, jti } = claims;
  if (sub !== iss) throw refuse('token.invalid_claims', 'iss and sub must both be the partner id');
  const audOk = typeof aud === 'string' ? aud === rules.audience : Array.isArray(aud) && aud.length === 1 && aud[0] === rules.audience;
  if (!audOk) throw refuse('token.audience', 'aud must be the gateway\'s audience, alone');
  if (!isSeconds(exp)) throw refuse('token.invalid_claims', 'exp is required (numeric date)');
  if (!isSeconds(iat)) throw refuse('token.invalid_claims', 'iat is required (numeric date)');
  if (nbf !== undefined && !isSeconds(nbf)) throw refuse('token.invalid_claims', 'nbf must be a numeric date');
  if (exp <= now) throw refuse('token.expired', 'token has expired');
  if (iat > now + rules.clockSkewSeconds) throw refuse('token.not_yet_valid', 'iat is in the future');
  if (nbf !== undefined && nbf > now + rules.clockSkewSeconds) throw refuse('token.not_yet_valid', 'nbf is in the future');
  if (exp <= iat) throw refuse('token.invalid_claims', 'exp must be after iat');
  if (exp - iat > rules.maxLifetimeSeconds) throw refuse('token.lifetime_too_long', `exp - iat must be at most ${rules.maxLifetimeSeconds} s`);
  if (typeof jti !== 'string' || !JTI.test(jti)) throw refuse('token.invalid_claims', 'jti is required (1-128 printable characters)');
  const scope = claims.scope;
  if (scope !== undefined && typeof scope !== 'string') throw refuse('token.invalid_claims', 'scope must be a space-separated string');
  const purpose = claims.purpose_of_use;
  if (purpose !== undefined && typeof purpose !== 'string') throw refuse('token.invalid_claims', 'purpose_of_use must be a string');
  const actor = readActor(claims.act);
  if (!(await deps.replay.consume(iss, jti, exp, clock.now()))) throw refuse('token.replayed', 'jti already used');
  const principal: Principal = {
    partnerId: iss,
    kind: partner.record.grant.kind,
    scopes: typeof scope === 'string' ? scope.split(' ').filter(Boolean) : [],
    purpose: purpose ?? '',
    tokenId: jti,
    tokenExp: exp,
    ...(actor ? { actor } : {}),
  };
  return { principal, grant: partner.record.grant };
}

function isSeconds(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < 1e11;
}

function readActor(act: unknown): Actor | undefined {
  if (act === undefined) return undefined;
  if (typeof act !== 'object' || act === null || Array.isArray(act)) throw refuse('token.invalid_claims', 'act must be an object');
  const { sub, name } = act as Record<string, unknown>;
  if (sub !== undefined && (typeof sub !== 'string' || !CCCD.test(sub))) throw refuse('token.invalid_claims', 'act.sub must be the officer\'s 12-digit CCCD');
  if (name !== undefined && (typeof name !== 'string' || name.length === 0 || name.length > 100)) throw refuse('token.invalid_claims', 'act.name must be a name');
  return { ...(sub ? { citizenId: sub as string } : {}), ...(name ? { name: (name as string).normalize('NFC') } : {}) };
}
