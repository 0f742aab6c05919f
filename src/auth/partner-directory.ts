// Partners with their imported keys, cached in memory and dropped whenever the store's partners version moves.
import type { Logger } from '../core/logger.ts';
import type { ChangeWatcher } from '../store/change-watcher.ts';
import { getPartner, type PartnerRecord } from '../store/partners.ts';
import type { Store } from '../store/open.ts';
import { type AllowedAlg, checkPublicJwk, importPublicJwk, type PublicKey } from './jwk.ts';

export interface LoadedKey { readonly alg: AllowedAlg; readonly key: PublicKey }

export interface LoadedPartner {
  readonly record: PartnerRecord;
  readonly keys: ReadonlyMap<string, LoadedKey>;
}

const MAX_ENTRIES = 10_000;

export class PartnerDirectory {
  private readonly store: Store;
  private readonly watcher: ChangeWatcher;
  private readonly log: Logger;
  private version = '';
  private readonly cache = new Map<string, Promise<LoadedPartner | undefined>>();
  private readonly listeners: (() => void)[] = [];

  constructor(store: Store, watcher: ChangeWatcher, log: Logger) {
    this.store = store;
    this.watcher = watcher;
    this.log = log;
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

  /** The partner's key with this kid, or undefined. */
  async key(partner: LoadedPartner, kid: string): Promise<LoadedKey | undefined> {
    return partner.keys.get(kid);
  }

  private async load(partnerId: string): Promise<LoadedPartner | undefined> {
    const record = await getPartner(this.store, partnerId);
    if (!record) return undefined;
    const keys = new Map<string, LoadedKey>();
    for (const k of record.keys) {
      const check = checkPublicJwk(k.jwk);
      if (!check.ok) {
        this.log.warn('partner key ignored', { partner: partnerId, kid: k.kid, reason: check.reason });
        continue;
      }
      keys.set(check.kid, { alg: check.alg, key: await importPublicJwk(k.jwk, check.alg) });
    }
    return { record, keys };
  }
}
