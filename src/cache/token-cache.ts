// The one home of node-cache: verified access tokens by token string until they expire (no clones: entries are
// frozen), flushed whenever partners or keys change.
import NodeCache from 'node-cache';

export class TokenCache<V extends object> {
  private readonly cache: NodeCache;
  constructor(maxEntries = 100_000) {
    this.cache = new NodeCache({ useClones: false, checkperiod: 60, maxKeys: maxEntries, deleteOnExpire: true });
  }

  get(token: string): V | undefined {
    return this.cache.get<V>(token);
  }

  /** Keeps `value` for `ttlSeconds` (nothing when the cache is full: the next call verifies again). */
  set(token: string, value: V, ttlSeconds: number): void {
    if (ttlSeconds <= 0) return;
    try {
      this.cache.set(token, Object.freeze(value), ttlSeconds);
    } catch {
      // ECACHEFULL: verification stays correct, only slower.
    }
  }

  flush(): void {
    this.cache.flushAll();
  }

  close(): void {
    this.cache.close();
  }
}
