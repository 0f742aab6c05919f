// Rate limits and quotas: per partner (burst, sustained rate, UTC-day quota; kind defaults from config, the
// partner's own limits from the store) and per client id at the token endpoint. Decides and names the headers;
// the pipeline step and the token endpoint turn a refusal into their own answer.
import type { Redis } from 'ioredis';
import { ConfigError } from '../config/config-error.ts';
import type { GatewayConfig, RateLimitsConfig } from '../config/types.ts';
import type { Clock } from '../core/clock.ts';
import type { Logger } from '../core/logger.ts';
import { PARTNER_KINDS, type PartnerKind } from '../core/vocabulary.ts';
import { type CounterStore, memoryCounters, redisCounters } from './counters.ts';
import {
  effectiveLimits, type LimitOverrides, type Policy, type PolicyState, partnerPolicies, policyHeader, rateLimitHeader, secondsUntil,
  tokenEndpointPolicy, windowAt,
} from './policies.ts';

export interface LimitDecision {
  readonly allowed: boolean;
  /** `RateLimit-Policy` and `RateLimit`, plus `Retry-After` (whole seconds, >= 1) when refused. */
  readonly headers: Readonly<Record<string, string>>;
  /** The policy that refused, and why in words (for the problem detail). */
  readonly refusedBy?: string;
  readonly reason?: string;
  readonly retryAfterSeconds?: number;
}

// The window a request counts in is picked on the gateway's clock and named in the counter's key, so the next window
// starts at 0 on its own; the store only has to forget a counter (on its own time) a little after its window ends.
const TTL_SLACK_SECONDS = 2;

export class RateLimits {
  private readonly config: RateLimitsConfig;
  private readonly counters: CounterStore;
  private readonly clock: Clock;

  constructor(config: RateLimitsConfig, counters: CounterStore, clock: Clock) {
    this.config = config;
    this.counters = counters;
    this.clock = clock;
  }

  get store(): CounterStore['kind'] {
    return this.counters.kind;
  }

  /** The policies in force for a partner of this kind with these own limits. */
  partnerPolicies(kind: PartnerKind, own: LimitOverrides | undefined): Policy[] {
    return partnerPolicies(effectiveLimits(this.config.defaults[kind], own), this.config.averagingWindowSeconds);
  }

  /**
   * Counts one request of an authenticated partner. The windows are counted shortest first and counting stops at
   * the first that refuses, so requests refused for their rate do not use up the daily quota; a refused request does
   * count in the window that refused it (and the shorter ones before), which only keeps a full window full.
   */
  async partner(partnerId: string, kind: PartnerKind, own: LimitOverrides | undefined): Promise<LimitDecision> {
    return this.count(`p:${partnerId}`, this.partnerPolicies(kind, own));
  }

  /** Counts one token request of a client id (as claimed: every attempt counts, failed ones too). */
  async tokenEndpoint(clientId: string): Promise<LimitDecision> {
    return this.count(`t:${clientId}`, [tokenEndpointPolicy(this.config.tokenEndpoint.perMinute)]);
  }

  private async count(subject: string, policies: readonly Policy[]): Promise<LimitDecision> {
    const now = this.clock.now();
    const states: PolicyState[] = [];
    for (const policy of policies) {
      const w = windowAt(policy.windowSeconds, now);
      const resetSeconds = secondsUntil(w.endsAtMs, now);
      // The window length is part of the key (a sustained window can change length with the limits); the quota is
      // not, so the count survives a limit change.
      const count = await this.counters.hit(`${subject}:${policy.name}:${policy.windowSeconds}:${w.index}`, resetSeconds + TTL_SLACK_SECONDS);
      const state = { policy, count, resetSeconds };
      states.push(state);
      if (count > policy.quota) {
        return {
          allowed: false,
          headers: { 'Retry-After': String(resetSeconds), 'RateLimit-Policy': policyHeader(policies), RateLimit: rateLimitHeader([state]) },
          refusedBy: policy.name,
          reason: describe(policy, resetSeconds),
          retryAfterSeconds: resetSeconds,
        };
      }
    }
    return { allowed: true, headers: { 'RateLimit-Policy': policyHeader(policies), RateLimit: rateLimitHeader(states) } };
  }
}

function describe(p: Policy, retryAfter: number): string {
  switch (p.name) {
    case 'burst':
      return `more than ${p.quota} requests in one second; retry in ${retryAfter} s`;
    case 'sustained':
      return `more than ${p.quota} requests in ${p.windowSeconds} s (${p.quota / p.windowSeconds} per second on average); retry in ${retryAfter} s`;
    case 'daily':
      return `the daily quota of ${p.quota} requests is used up; it renews at 00:00 UTC, in ${retryAfter} s`;
    default:
      return `more than ${p.quota} requests in ${p.windowSeconds} s; retry in ${retryAfter} s`;
  }
}

export interface RateLimitsDeps {
  readonly clock: Clock;
  readonly log: Logger;
  /** The gateway's shared Redis client for this URL (created on first use); asked for only with store "redis". */
  readonly redis: (url: string) => Redis;
}

/** Checks the `rateLimits` section against the environment and builds the limiter; a ConfigError refuses start. */
export function createRateLimits(config: GatewayConfig, deps: RateLimitsDeps): RateLimits {
  const rl = config.rateLimits;
  const source = config.sources.join(' + ');
  for (const kind of PARTNER_KINDS) {
    const d = rl.defaults[kind] as RateLimitsConfig['defaults'][PartnerKind] | undefined;
    if (!d) throw new ConfigError(`/rateLimits/defaults/${kind}`, 'is required: every partner kind needs its default limits', source);
    if (d.burst < d.perSecond) throw new ConfigError(`/rateLimits/defaults/${kind}/burst`, `must be at least perSecond (${d.perSecond})`, source);
  }
  if (rl.store === 'redis') {
    const url = config.runtime.redis;
    if (!url) throw new ConfigError('/rateLimits/store', 'is "redis" but VSS_REDIS is not set', `${source} + environment`);
    return new RateLimits(rl, redisCounters(deps.redis(url), { keyPrefix: rl.keyPrefix, timeoutMs: rl.redisTimeoutMs, log: deps.log }), deps.clock);
  }
  return new RateLimits(rl, memoryCounters(rl.keyPrefix), deps.clock);
}
