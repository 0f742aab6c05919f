// Single use of token ids: the first presentation of (issuer, jti) wins until the token's expiry.
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

export interface ReplayStore {
  /** True the first time (issuer, jti) is seen before `expSeconds`; false for a replay. */
  consume(issuer: string, jti: string, expSeconds: number, nowMs: number): Promise<boolean>;
  close(): Promise<void>;
}

/** One process: a map swept as entries expire. Restored at start from the audit log's recent token ids. */
export class MemoryReplayStore implements ReplayStore {
  private readonly seen = new Map<string, number>();
  private nextSweep = 0;

  async consume(issuer: string, jti: string, expSeconds: number, nowMs: number): Promise<boolean> {
    this.sweep(nowMs);
    const key = `${issuer}\u0000${jti}`;
    const exp = this.seen.get(key);
    if (exp !== undefined && exp * 1000 > nowMs) return false;
    this.seen.set(key, expSeconds);
    return true;
  }

  /** Marks ids as used (at start, from the audit log). */
  remember(issuer: string, jti: string, expSeconds: number): void {
    this.seen.set(`${issuer}\u0000${jti}`, expSeconds);
  }

  get size(): number {
    return this.seen.size;
  }

  private sweep(nowMs: number): void {
    if (nowMs < this.nextSweep) return;
    this.nextSweep = nowMs + 5000;
    const now = nowMs / 1000;
    for (const [k, exp] of this.seen) if (exp <= now) this.seen.delete(k);
  }

  async close(): Promise<void> {
    this.seen.clear();
  }
}

/** Several instances: Redis `SET NX` with the token's expiry, shared by every gateway. */
export class RedisReplayStore implements ReplayStore {
  private readonly redis: Redis;
  private readonly prefix: string;
  constructor(redis: Redis, prefix = 'vss:jti:') {
    this.redis = redis;
    this.prefix = prefix;
  }

  async consume(issuer: string, jti: string, expSeconds: number, nowMs: number): Promise<boolean> {
    const ttlMs = Math.max(1, expSeconds * 1000 - nowMs);
    const key = this.prefix + createHash('sha256').update(issuer).update('\u0000').update(jti).digest('base64url');
    const r = await this.redis.set(key, '1', 'PX', ttlMs, 'NX');
    return r === 'OK';
  }

  async close(): Promise<void> {
    await this.redis.quit();
  }
}
