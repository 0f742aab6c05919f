// One verifier for every token the gateway accepts: partner-signed request tokens, client assertions at the token
// endpoint (RFC 7523) and the gateway's own access tokens (RFC 9068). The same strict checks apply to all three:
// compact JWS only, header allowlist, alg allowlist, `typ` matching the kind, the key named by `kid` only,
// audience, clock and lifetime rules, `jti`; single use for the partner-signed kinds.
import { compactVerify, errors as joseErrors } from 'jose';
import type { TokenCache } from '../cache/token-cache.ts';
import type { Clock } from '../core/clock.ts';
import { type ErrorCode, GatewayError } from '../core/errors.ts';
import type { PartnerKind } from '../core/vocabulary.ts';
import type { Actor, Grant, Principal } from '../core/principal.ts';
import type { GatewayKeyRing } from './gateway-keys.ts';
import type { PublicKey } from './jwk.ts';
import type { LoadedPartner, PartnerDirectory } from './partner-directory.ts';
import type { ReplayStore } from './replay-store.ts';
import { parseJsonObject } from './strict-json.ts';

export type TokenKind = 'partner' | 'client-assertion' | 'access';

export interface TokenRules {
  /** `aud` of partner tokens and access tokens. */
  readonly audience: string;
  /** The gateway as OAuth issuer: `iss` of access tokens, `aud` of client assertions. */
  readonly issuer: string;
  /** Client assertions may also name the token endpoint as their audience. */
  readonly tokenEndpoint: string;
  readonly maxTokenBytes: number;
  readonly maxLifetimeSeconds: number;
  readonly clockSkewSeconds: number;
  readonly algorithms: readonly string[];
}

export interface VerifierDeps {
  readonly rules: TokenRules;
  readonly partners: PartnerDirectory;
  readonly gatewayKeys: GatewayKeyRing;
  readonly replay: ReplayStore;
  readonly accessTokens: TokenCache<Verified>;
  readonly clock: Clock;
}

export interface Verified {
  readonly principal: Principal;
  readonly grant: Grant;
  /** The JWK thumbprint an access token is bound to (DPoP), when it is. */
  readonly boundKey?: string;
  /** The partner must call with DPoP-bound access tokens and proofs. */
  readonly requireDpop: boolean;
}

const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
const ALLOWED_HEADER = new Set(['alg', 'kid', 'typ']);
const KID = /^[A-Za-z0-9._:-]{1,128}$/;
const PARTNER_ID = /^[a-z0-9][a-z0-9._-]{0,63}$/;
const JTI = /^[\x21-\x7e]{1,128}$/;
const CCCD = /^\d{12}$/;

/** A refusal of a token whose signature verified: its signer is known, and the audit record names it. */
export class SignedTokenRefusal extends GatewayError {
  readonly signer: { readonly partnerId: string; readonly kind: PartnerKind };
  constructor(e: GatewayError, signer: { partnerId: string; kind: PartnerKind }) {
    super(e.code, e.message, { headers: e.headers });
    this.signer = signer;
  }
}

export function refuse(code: ErrorCode, detail?: string): GatewayError {
  const description = (detail ?? code).replace(/["\\]/g, '');
  return new GatewayError(code, detail, { headers: { 'WWW-Authenticate': `Bearer error="invalid_token", error_description="${description}"` } });
}

/** Extracts the token from an Authorization header value (`Bearer` or, for DPoP-bound tokens, `DPoP`). */
export function bearerToken(header: string | undefined, maxBytes: number): { scheme: 'bearer' | 'dpop'; token: string } {
  if (header === undefined || header === '') {
    throw new GatewayError('token.missing', 'Authorization: Bearer <JWT> is required', { headers: { 'WWW-Authenticate': 'Bearer realm="vss-gateway"' } });
  }
  const m = /^(Bearer|DPoP) ([^\s]+)$/i.exec(header);
  if (!m) {
    if (header.length > maxBytes + 7) throw refuse('token.too_large', `token longer than ${maxBytes} bytes`);
    throw refuse('token.malformed', 'Authorization must be "Bearer" followed by one compact JWS');
  }
  const token = m[2] as string;
  if (token.length > maxBytes) throw refuse('token.too_large', `token longer than ${maxBytes} bytes`);
  return { scheme: (m[1] as string).toLowerCase() === 'dpop' ? 'dpop' : 'bearer', token };
}

/** The `typ` header of a token, without verifying anything (routes a presented token to its kind). */
export function peekType(token: string): string | undefined {
  const dot = token.indexOf('.');
  if (dot <= 0) return undefined;
  const header = parseJsonObject(Buffer.from(token.slice(0, dot), 'base64url').toString('utf8'));
  return header.ok && typeof header.value.typ === 'string' ? header.value.typ.toLowerCase() : undefined;
}

export function isAccessTokenType(typ: string | undefined): boolean {
  return typ === 'at+jwt' || typ === 'application/at+jwt';
}

export async function verifyToken(token: string, kind: TokenKind, deps: VerifierDeps): Promise<Verified> {
  await deps.partners.refresh();
  return (kind === 'access' ? cachedAccessToken(token, deps) : undefined) ?? verifyUncached(token, kind, deps);
}

/**
 * A token presented on an API call, verified as the kind its `typ` names; a gateway access token seen before is
 * answered from the token cache (no signature check).
 */
export async function verifyPresented(token: string, deps: VerifierDeps): Promise<Verified> {
  await deps.partners.refresh();
  if (!isAccessTokenType(peekType(token))) return verifyUncached(token, 'partner', deps);
  return cachedAccessToken(token, deps) ?? verifyUncached(token, 'access', deps);
}

/** The verified access token of this exact string while it lives (the cache holds access tokens only, flushed
 * whenever partners or keys change: call `partners.refresh()` first). */
function cachedAccessToken(token: string, deps: VerifierDeps): Verified | undefined {
  const cached = deps.accessTokens.get(token);
  return cached && cached.principal.tokenExp * 1000 > deps.clock.now() ? cached : undefined;
}

async function verifyUncached(token: string, kind: TokenKind, deps: VerifierDeps): Promise<Verified> {
  const { rules } = deps;
  if (!COMPACT_JWS.test(token)) throw refuse('token.malformed', 'not a compact JWS (three base64url segments)');
  const [h, p] = token.split('.') as [string, string, string];
  const header = parseJsonObject(Buffer.from(h, 'base64url').toString('utf8'));
  if (!header.ok) throw refuse('token.malformed', `header: ${header.reason}`);
  for (const name of Object.keys(header.value)) {
    if (!ALLOWED_HEADER.has(name)) throw refuse('token.header_not_allowed', `header parameter "${name.slice(0, 16)}" is not allowed`);
  }
  const { alg, kid, typ } = header.value;
  const algorithms = kind === 'access' ? ['ES256'] : rules.algorithms;
  if (typeof alg !== 'string' || !algorithms.includes(alg)) throw refuse('token.alg_not_allowed', `alg must be one of ${algorithms.join(', ')}`);
  checkType(typ, kind);
  if (typeof kid !== 'string' || !KID.test(kid)) throw refuse('token.unknown_key', 'kid missing or not a registered key id');
  const payload = parseJsonObject(Buffer.from(p, 'base64url').toString('utf8'));
  if (!payload.ok) throw refuse('token.malformed', `payload: ${payload.reason}`);
  const claims = payload.value;

  // Who signed it, and with which key.
  let partnerId: unknown;
  let key: PublicKey | undefined;
  let partner: LoadedPartner | undefined;
  if (kind === 'access') {
    if (claims.iss !== rules.issuer) throw refuse('token.type_not_allowed', 'typ at+jwt is reserved for the access tokens this gateway issues');
    partnerId = claims.client_id;
    key = await deps.gatewayKeys.verifyingKey(kid);
    if (!key) throw refuse('token.unknown_key', 'kid is not one of the gateway\'s keys');
  } else {
    partnerId = claims.iss;
  }
  if (typeof partnerId !== 'string' || !PARTNER_ID.test(partnerId)) throw refuse('token.unknown_issuer', 'the token must name a registered partner');
  partner = await deps.partners.get(partnerId);
  if (!partner) throw refuse('token.unknown_issuer', 'the token must name a registered partner');
  if (partner.record.status !== 'active') throw refuse('partner.disabled', 'partner is disabled');
  if (kind !== 'access') {
    const registered = await deps.partners.key(partner, kid);
    if (!registered) throw refuse('token.unknown_key', 'kid is not one of this partner\'s registered keys');
    if (registered.alg !== alg) throw refuse('token.alg_not_allowed', 'alg does not match the registered key');
    key = registered.key;
  }
  try {
    await compactVerify(token, key as PublicKey, { algorithms: [alg] });
  } catch (e) {
    if (e instanceof joseErrors.JWSSignatureVerificationFailed) throw refuse('token.bad_signature', 'signature does not verify');
    throw refuse('token.malformed', 'token could not be verified');
  }

  // What it says: a refusal from here on names the partner whose signature verified.
  try {
    return await checkClaims(token, kind, claims, partnerId, partner, deps);
  } catch (e) {
    throw e instanceof GatewayError ? new SignedTokenRefusal(e, { partnerId, kind: partner.record.grant.kind }) : e;
  }
}

async function checkClaims(
  token: string,
  kind: TokenKind,
  claims: Record<string, unknown>,
  partnerId: string,
  partner: LoadedPartner,
  deps: VerifierDeps,
): Promise<Verified> {
  const { rules, clock } = deps;
  const now = Math.floor(clock.now() / 1000);
  const { sub, aud, exp, iat, nbf, jti } = claims;
  if (sub !== partnerId) throw refuse('token.invalid_claims', kind === 'access' ? 'sub must be the client id' : 'iss and sub must both be the partner id');
  const audiences = kind === 'client-assertion' ? [rules.issuer, rules.tokenEndpoint] : [rules.audience];
  const audOk = typeof aud === 'string' ? audiences.includes(aud) : Array.isArray(aud) && aud.length === 1 && audiences.includes(aud[0]);
  if (!audOk) throw refuse('token.audience', 'aud must be the gateway, alone');
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
  const boundKey = kind === 'access' ? readBoundKey(claims.cnf) : undefined;
  if (kind !== 'access' && !(await deps.replay.consume(partnerId, jti, exp, clock.now()))) throw refuse('token.replayed', 'jti already used');

  const principal: Principal = {
    partnerId,
    kind: partner.record.grant.kind,
    scopes: typeof scope === 'string' ? scope.split(' ').filter(Boolean) : [],
    purpose: purpose ?? '',
    tokenId: jti,
    tokenExp: exp,
  };
  if (actor) (principal as { actor?: Actor }).actor = actor;
  const verified: Verified = boundKey
    ? { principal, grant: partner.record.grant, boundKey, requireDpop: partner.record.requireDpop }
    : { principal, grant: partner.record.grant, requireDpop: partner.record.requireDpop };
  if (kind === 'access') deps.accessTokens.set(token, verified, exp - now);
  return verified;
}

function checkType(typ: unknown, kind: TokenKind): void {
  if (kind === 'access') {
    if (typeof typ !== 'string' || !isAccessTokenType(typ.toLowerCase())) throw refuse('token.type_not_allowed', 'access tokens carry typ at+jwt');
    return;
  }
  if (typ !== undefined && (typeof typ !== 'string' || typ.toUpperCase() !== 'JWT')) {
    throw refuse('token.type_not_allowed', kind === 'partner' ? 'partner tokens carry no typ or typ JWT' : 'client assertions carry no typ or typ JWT');
  }
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

function readBoundKey(cnf: unknown): string | undefined {
  if (cnf === undefined) return undefined;
  const jkt = typeof cnf === 'object' && cnf !== null ? (cnf as { jkt?: unknown }).jkt : undefined;
  if (typeof jkt !== 'string' || !/^[A-Za-z0-9_-]{43}$/.test(jkt)) throw refuse('token.invalid_claims', 'cnf.jkt must be a JWK SHA-256 thumbprint');
  return jkt;
}
