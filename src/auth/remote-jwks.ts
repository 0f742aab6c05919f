// A partner's remote key set: the JWKS at its registered `jwks_uri` (never an address named in a token). Fetched
// through the HTTP client (time and size bounded, no redirects), checked key by key like an inline JWKS (signing
// keys of the allowed types only, public parts only; the rest is ignored with a warning naming partner, kid and
// reason, never key material), and cached. An unknown kid causes at most one refetch per cooldown, so unknown kids
// cannot be used to hammer the partner's server; concurrent misses share one fetch; a failed fetch keeps the keys
// held before and still counts as a fetch. Keys older than the max age are fetched again before use, so a key the
// partner withdraws stops working even if no unknown kid ever arrives.
import { type HttpClient, httpFailure } from '../adapters/http-client.ts';
import type { Clock } from '../core/clock.ts';
import type { Logger } from '../core/logger.ts';
import { checkPublicJwk, importPublicJwk, publicJwk } from './jwk.ts';
import type { LoadedKey } from './partner-directory.ts';
import { parseJsonObject } from './strict-json.ts';

export type JwksUriCheck = { ok: true; url: URL } | { ok: false; reason: string };

const MAX_URI_LENGTH = 2048;
const MAX_KEYS = 100;
const KID = /^[A-Za-z0-9._:-]{1,128}$/;

/** `https:` only; `http:` only to a loopback host (127.0.0.0/8, ::1, localhost), for tests and local simulators. */
export function checkJwksUri(value: string): JwksUriCheck {
  if (value.length > MAX_URI_LENGTH) return { ok: false, reason: `longer than ${MAX_URI_LENGTH} characters` };
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { ok: false, reason: 'not an absolute URL' };
  }
  if (url.username !== '' || url.password !== '') return { ok: false, reason: 'must not carry credentials' };
  if (url.hash !== '') return { ok: false, reason: 'must not have a fragment' };
  if (url.protocol === 'https:') return { ok: true, url };
  if (url.protocol === 'http:') {
    return isLoopback(url.hostname) ? { ok: true, url } : { ok: false, reason: 'http is allowed only for a loopback host; use https' };
  }
  return { ok: false, reason: `scheme ${url.protocol} is not allowed; use https` };
}

function isLoopback(hostname: string): boolean {
  // The URL parser has already normalised IPv4 spellings (0x7f.1, 2130706433) and IPv6 ([0:0:...:1]).
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}

export interface RemoteKeySetOptions {
  readonly partnerId: string;
  readonly uri: string;
  readonly http: HttpClient;
  readonly clock: Clock;
  readonly log: Logger;
  /** Least time between two fetches caused by unknown kids. */
  readonly cooldownMs: number;
  /** Cached keys older than this are fetched again before use. */
  readonly maxAgeMs: number;
  /** Called after a fetch that withdrew or changed a key held before (caches that trusted it flush). */
  readonly onKeysWithdrawn?: () => void;
}

export class RemoteKeySet {
  readonly uri: string;
  private readonly opts: RemoteKeySetOptions;
  private keys: ReadonlyMap<string, LoadedKey> = new Map();
  /** Canonical public JWK per kid, to tell a withdrawn or replaced key. */
  private fingerprints: ReadonlyMap<string, string> = new Map();
  /** Clock time the last fetch started (successful or not). */
  private fetchedAt = Number.NEGATIVE_INFINITY;
  private inflight: Promise<void> | undefined;

  constructor(opts: RemoteKeySetOptions) {
    this.opts = opts;
    this.uri = opts.uri;
  }

  /** The key with this kid, fetching the set when it is unknown (at most once per cooldown) or stale. Never rejects. */
  async key(kid: string): Promise<LoadedKey | undefined> {
    const since = this.opts.clock.now() - this.fetchedAt;
    const hit = this.keys.get(kid);
    if (hit && since < Math.max(this.opts.maxAgeMs, this.opts.cooldownMs)) return hit;
    if (this.inflight) {
      await this.inflight;
      return this.keys.get(kid);
    }
    if (since < this.opts.cooldownMs) return hit;
    await this.refetch();
    return this.keys.get(kid);
  }

  private refetch(): Promise<void> {
    this.fetchedAt = this.opts.clock.now();
    const p = this.fetch()
      .catch((e: unknown) => this.opts.log.error('partner JWKS fetch failed unexpectedly', { partner: this.opts.partnerId, error: e instanceof Error ? e.name : 'error' }))
      .finally(() => {
        this.inflight = undefined;
      });
    this.inflight = p;
    return p;
  }

  private async fetch(): Promise<void> {
    const { partnerId, log } = this.opts;
    const policy = checkJwksUri(this.uri);
    if (!policy.ok) {
      log.warn('partner jwks_uri not fetched', { partner: partnerId, reason: policy.reason });
      return;
    }
    let body: unknown;
    try {
      const res = await this.opts.http.get<string>(policy.url.href, { headers: { Accept: 'application/jwk-set+json, application/json' } });
      body = res.data;
    } catch (e) {
      const f = httpFailure(e);
      log.warn('partner JWKS fetch failed; keys held before are kept', {
        partner: partnerId, jwksUri: this.uri, failure: f.kind, ...(f.status !== undefined ? { status: f.status } : {}), ...(f.code !== undefined ? { errorCode: f.code } : {}),
      });
      return;
    }
    const doc = typeof body === 'string' ? parseJsonObject(body) : undefined;
    const list = doc?.ok ? doc.value.keys : undefined;
    if (!Array.isArray(list)) {
      log.warn('partner JWKS is not a JSON key set; keys held before are kept', { partner: partnerId, jwksUri: this.uri });
      return;
    }
    if (list.length > MAX_KEYS) log.warn('partner JWKS has too many keys; only the first are read', { partner: partnerId, keys: list.length, read: MAX_KEYS });
    const keys = new Map<string, LoadedKey>();
    const fingerprints = new Map<string, string>();
    for (const [index, item] of list.slice(0, MAX_KEYS).entries()) {
      const check = checkPublicJwk(item);
      if (!check.ok) {
        log.warn('partner key ignored', { partner: partnerId, kid: kidOf(item), index, reason: check.reason.slice(0, 200), source: 'jwks_uri' });
        continue;
      }
      if (keys.has(check.kid)) {
        log.warn('partner key ignored', { partner: partnerId, kid: check.kid, index, reason: 'duplicate kid', source: 'jwks_uri' });
        continue;
      }
      const jwk = publicJwk(item as Record<string, unknown>, check.alg);
      try {
        keys.set(check.kid, { alg: check.alg, key: await importPublicJwk(jwk, check.alg) });
        fingerprints.set(check.kid, JSON.stringify(jwk));
      } catch {
        log.warn('partner key ignored', { partner: partnerId, kid: check.kid, index, reason: 'not a valid public key', source: 'jwks_uri' });
      }
    }
    if (keys.size === 0) log.warn('partner JWKS holds no usable key', { partner: partnerId, jwksUri: this.uri });
    const withdrawn = [...this.fingerprints].some(([kid, fp]) => fingerprints.get(kid) !== fp);
    this.keys = keys;
    this.fingerprints = fingerprints;
    log.info('partner JWKS fetched', { partner: partnerId, keys: keys.size });
    if (withdrawn) this.opts.onKeysWithdrawn?.();
  }
}

function kidOf(item: unknown): string | undefined {
  const kid = typeof item === 'object' && item !== null ? (item as { kid?: unknown }).kid : undefined;
  return typeof kid === 'string' && KID.test(kid) ? kid : undefined;
}
