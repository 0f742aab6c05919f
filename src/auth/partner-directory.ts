// Partners with their imported keys, cached in memory and dropped whenever the store's partners version moves.
// A partner registered with a jwks_uri also has a remote key set, which outlives those drops (its fetched keys and
// refetch cooldown survive unrelated changes) until the partner's jwks_uri itself changes.
import type { HttpClient } from '../adapters/http-client.ts';
import type { Clock } from '../core/clock.ts';
import type { Logger } from '../core/logger.ts';
import type { ChangeWatcher } from '../store/change-watcher.ts';
import { getPartner, type PartnerRecord } from '../store/partners.ts';
import type { Store } from '../store/open.ts';
import { type AllowedAlg, checkPublicJwk, importPublicJwk, type PublicKey } from './jwk.ts';
import { checkJwksUri, RemoteKeySet } from './remote-jwks.ts';

export interface LoadedKey { readonly alg: AllowedAlg; readonly key: PublicKey }

export interface LoadedPartner {
  readonly record: PartnerRecord;
  readonly keys: ReadonlyMap<string, LoadedKey>;
  /** The key set at the partner's jwks_uri, when it registered one that passes the URL policy. */
  readonly remote?: RemoteKeySet;
}

/** How remote key sets are fetched; without it, jwks_uri registrations are ignored with a warning. */
export interface RemoteJwksSettings {
  readonly http: HttpClient;
  readonly clock: Clock;
  readonly cooldownMs: number;
  readonly maxAgeMs: number;
}

const MAX_ENTRIES = 10_000;

export class PartnerDirectory {
  private readonly store: Store;
  private readonly watcher: ChangeWatcher;
  private readonly log: Logger;
  private version = '';
  private readonly cache = new Map<string, Promise<LoadedPartner | undefined>>();
  private readonly listeners: (() => void)[] = [];
  private readonly jwks: RemoteJwksSettings | undefined;
  /** Remote key sets by partner, kept across version changes (bounded by the partners registered with a jwks_uri). */
  private readonly remote = new Map<string, RemoteKeySet>();

  constructor(store: Store, watcher: ChangeWatcher, log: Logger, jwks?: RemoteJwksSettings) {
    this.store = store;
    this.watcher = watcher;
    this.log = log;
    this.jwks = jwks;
  }

  /** Called whenever partners, keys, grants or gateway keys change (caches that depend on them flush). */
  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  /** Compares the store's change counter with the one seen last; drops every cache when it moved. */
  async refresh(): Promise<void> {
    const v = await this.watcher.version();
    if (v !== this.version) {
      this.version = v;
      this.cache.clear();
      for (const l of this.listeners) l();
    }
  }

  /** The partner, as of the latest change counter (call `refresh` first on each request). */
  async get(partnerId: string): Promise<LoadedPartner | undefined> {
    let entry = this.cache.get(partnerId);
    if (!entry) {
      if (this.cache.size >= MAX_ENTRIES) this.cache.clear();
      entry = this.load(partnerId);
      this.cache.set(partnerId, entry);
      entry.catch(() => this.cache.delete(partnerId));
    }
    return entry;
  }

  /** The partner's key with this kid: its inline keys first, then its remote key set (which may fetch). Never rejects. */
  async key(partner: LoadedPartner, kid: string): Promise<LoadedKey | undefined> {
    return partner.keys.get(kid) ?? partner.remote?.key(kid);
  }

  private async load(partnerId: string): Promise<LoadedPartner | undefined> {
    const record = await getPartner(this.store, partnerId);
    if (!record) {
      this.remote.delete(partnerId);
      return undefined;
    }
    const keys = new Map<string, LoadedKey>();
    for (const k of record.keys) {
      const check = checkPublicJwk(k.jwk);
      if (!check.ok) {
        this.log.warn('partner key ignored', { partner: partnerId, kid: k.kid, reason: check.reason });
        continue;
      }
      keys.set(check.kid, { alg: check.alg, key: await importPublicJwk(k.jwk, check.alg) });
    }
    const remote = this.remoteSet(partnerId, record.jwksUri);
    return remote ? { record, keys, remote } : { record, keys };
  }

  /** The partner's remote key set: the one held before while its jwks_uri is unchanged, else a new one. */
  private remoteSet(partnerId: string, uri: string | null): RemoteKeySet | undefined {
    if (uri === null) {
      this.remote.delete(partnerId);
      return undefined;
    }
    const policy = checkJwksUri(uri);
    if (!this.jwks || !policy.ok) {
      this.log.warn('partner jwks_uri ignored', { partner: partnerId, reason: policy.ok ? 'remote key sets are not configured' : policy.reason });
      this.remote.delete(partnerId);
      return undefined;
    }
    let set = this.remote.get(partnerId);
    if (!set || set.uri !== uri) {
      set = new RemoteKeySet({
        partnerId, uri, http: this.jwks.http, clock: this.jwks.clock, log: this.log, cooldownMs: this.jwks.cooldownMs, maxAgeMs: this.jwks.maxAgeMs,
        onKeysWithdrawn: () => {
          for (const l of this.listeners) l();
        },
      });
      this.remote.set(partnerId, set);
    }
    return set;
  }
}
