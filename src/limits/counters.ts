// The one home of rate-limiter-flexible: atomic counters with an expiry, in process memory or in Redis, behind one
// interface. The library gives both stores the same API (memory map with timers; Redis through one Lua script that
// sets the expiry and increments atomically, so several gateway instances share the counts), and its timeout
// wrapper bounds a slow Redis.
//
// The library is used as a counter, not as the judge: each call counts one request under a key that names the
// window (see policies.ts), and the caller compares the count with the partner's current limit. So a limit changed
// with the CLI applies on the very next request, with the counts so far kept, whatever the store; and windows follow
// the gateway's injectable clock rather than the library's own.
import type { Redis } from 'ioredis';
import { type RateLimiterAbstract, RateLimiterMemory, RateLimiterRedis, RateLimiterRes, RLWrapperTimeouts } from 'rate-limiter-flexible';
import type { Logger } from '../core/logger.ts';

export interface CounterStore {
  readonly kind: 'memory' | 'redis';
  /** Counts one hit on `key` and returns the count so far; a new key lives `ttlSeconds` (whole seconds, >= 1). */
  hit(key: string, ttlSeconds: number): Promise<number>;
}

// Never refuse inside the library: the count is compared with the limit by the caller.
const UNLIMITED = Number.MAX_SAFE_INTEGER;

async function countWith(limiter: RateLimiterAbstract | RLWrapperTimeouts, key: string, ttlSeconds: number): Promise<number> {
  try {
    const res = await limiter.consume(key, 1, { customDuration: ttlSeconds });
    return res.consumedPoints;
  } catch (e) {
    if (e instanceof RateLimiterRes) return e.consumedPoints;
    throw e;
  }
}

export function memoryCounters(keyPrefix: string): CounterStore {
  const limiter = new RateLimiterMemory({ points: UNLIMITED, duration: 1, keyPrefix });
  return { kind: 'memory', hit: (key, ttl) => countWith(limiter, key, ttl) };
}

/**
 * Counters in Redis, shared by every gateway instance. A call that fails or takes longer than `timeoutMs` is counted
 * in this process's memory instead (limits keep holding per instance while Redis is away, and a warning is logged
 * at most every 30 s); the client is not owned here.
 */
export function redisCounters(redis: Redis, opts: { keyPrefix: string; timeoutMs: number; log: Logger }): CounterStore {
  const shared = new RateLimiterRedis({ storeClient: redis, points: UNLIMITED, duration: 1, keyPrefix: opts.keyPrefix });
  const bounded = new RLWrapperTimeouts({ limiter: shared, timeoutMs: opts.timeoutMs });
  const local = new RateLimiterMemory({ points: UNLIMITED, duration: 1, keyPrefix: opts.keyPrefix });
  let warnedAt = -Infinity;
  return {
    kind: 'redis',
    async hit(key, ttl) {
      try {
        return await countWith(bounded, key, ttl);
      } catch (e) {
        if (performance.now() - warnedAt > 30_000) {
          warnedAt = performance.now();
          opts.log.warn('rate-limit store unavailable: counting in process memory', { error: e });
        }
        return countWith(local, key, ttl);
      }
    },
  };
}
