// Rate-limit arithmetic, free of any store: which limits apply to a partner, the fixed windows they count in on
// the gateway's clock, and the `RateLimit-Policy` / `RateLimit` header values (draft-ietf-httpapi-ratelimit-headers).
//
// "perSecond with a burst" is enforced as two fixed windows, both of which must admit the request:
//   - "burst":     at most `burst` requests in any one second;
//   - "sustained": at most `perSecond × W` requests in a window of W seconds, W = averagingWindowSeconds (raised to
//                  ceil(burst / perSecond) when that is longer, so that a full burst always fits in it).
// A partner may therefore spend up to `burst` in one second, but its average over W seconds never exceeds
// `perSecond`: the shape of a token bucket of capacity `burst` refilled at `perSecond`, built from fixed-window
// counters, which every store (process memory, Redis) can keep atomically. When `burst` equals `perSecond` the
// "burst" window alone says it all and there is no "sustained" one.
// The daily quota is a third window: the UTC day (86,400 s windows aligned to the epoch start at 00:00 UTC, 07:00 in
// Vietnam), so a refused partner is told to come back at the next UTC midnight.
// Windows are aligned to multiples of their length on the gateway's clock; like every fixed window, two adjacent
// ones can admit up to twice the quota within a short span around their boundary.
import type { RateLimitValues } from '../config/types.ts';

/** A partner's own limits; a null or absent field falls back to its kind's default. */
export interface LimitOverrides {
  readonly perSecond?: number | null;
  readonly burst?: number | null;
  readonly dailyQuota?: number | null;
}

/** Accepted values of a partner's own limits (the same bounds as the kind defaults in the config schema). */
export const LIMIT_BOUNDS = {
  perSecond: { min: 1, max: 100_000 },
  burst: { min: 1, max: 1_000_000 },
  dailyQuota: { min: 1, max: 1_000_000_000 },
} as const;

export interface Policy {
  /** The policy's name in the headers: "burst", "sustained", "daily" or "token". */
  readonly name: string;
  readonly quota: number;
  readonly windowSeconds: number;
}

export interface PolicyState {
  readonly policy: Policy;
  /** Requests counted in the current window, this one included. */
  readonly count: number;
  /** Seconds until the current window ends (at least 1). */
  readonly resetSeconds: number;
}

export const DAY_SECONDS = 86_400;

/** The partner's own non-null limits over its kind's defaults; a burst below the rate is raised to the rate. */
export function effectiveLimits(kindDefaults: RateLimitValues, own: LimitOverrides | undefined): RateLimitValues {
  const perSecond = own?.perSecond ?? kindDefaults.perSecond;
  return {
    perSecond,
    burst: Math.max(own?.burst ?? kindDefaults.burst, perSecond),
    dailyQuota: own?.dailyQuota ?? kindDefaults.dailyQuota,
  };
}

/** The windows a partner's requests are counted in, most short-lived first. */
export function partnerPolicies(limits: RateLimitValues, averagingWindowSeconds: number): Policy[] {
  const policies: Policy[] = [{ name: 'burst', quota: limits.burst, windowSeconds: 1 }];
  if (limits.burst > limits.perSecond) {
    const w = Math.max(averagingWindowSeconds, Math.ceil(limits.burst / limits.perSecond));
    policies.push({ name: 'sustained', quota: limits.perSecond * w, windowSeconds: w });
  }
  policies.push({ name: 'daily', quota: limits.dailyQuota, windowSeconds: DAY_SECONDS });
  return policies;
}

export function tokenEndpointPolicy(perMinute: number): Policy {
  return { name: 'token', quota: perMinute, windowSeconds: 60 };
}

/** The fixed window of `windowSeconds` that `nowMs` falls in: its number since the epoch and when it ends. */
export function windowAt(windowSeconds: number, nowMs: number): { index: number; endsAtMs: number } {
  const lengthMs = windowSeconds * 1000;
  const index = Math.floor(nowMs / lengthMs);
  return { index, endsAtMs: (index + 1) * lengthMs };
}

/** Whole seconds from `nowMs` until `endsAtMs`, at least 1 (a Retry-After of 0 would invite an immediate retry). */
export function secondsUntil(endsAtMs: number, nowMs: number): number {
  return Math.max(1, Math.ceil((endsAtMs - nowMs) / 1000));
}

/** `RateLimit-Policy: "burst";q=40;w=1, "daily";q=200000;w=86400` */
export function policyHeader(policies: readonly Policy[]): string {
  return policies.map((p) => `"${p.name}";q=${p.quota};w=${p.windowSeconds}`).join(', ');
}

/** `RateLimit: "burst";r=39;t=1, ...`: remaining requests and seconds until each window resets. */
export function rateLimitHeader(states: readonly PolicyState[]): string {
  return states.map((s) => `"${s.policy.name}";r=${Math.max(0, s.policy.quota - s.count)};t=${s.resetSeconds}`).join(', ');
}
