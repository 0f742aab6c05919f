// The gateway's configuration after loading, defaults, environment overrides and validation (deep-frozen).
import type { PartnerKind } from '../core/vocabulary.ts';

export interface AdapterInstanceConfig { readonly use: string; readonly [key: string]: unknown }

export interface RuntimeConfig {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  /** `postgres://...` or undefined for the SQLite file in the data dir. */
  readonly db: string | undefined;
  readonly redis: string | undefined;
  /** Public URL, no trailing slash: token audience, later OAuth issuer and link base. */
  readonly publicUrl: string;
}

/** Requests per second with a burst, and a daily quota: a partner kind's defaults (a partner may override each). */
export interface RateLimitValues {
  readonly perSecond: number;
  readonly burst: number;
  readonly dailyQuota: number;
}

export interface RateLimitsConfig {
  /** Where the counters live: this process, or Redis (VSS_REDIS) shared by every gateway instance. */
  readonly store: 'memory' | 'redis';
  /** Prefix of every counter key (in Redis: keep it distinct per deployment). */
  readonly keyPrefix: string;
  /** A Redis call slower than this counts in process memory instead, for that request. */
  readonly redisTimeoutMs: number;
  /** The window over which the per-second rate is enforced on average (the burst is enforced per second). */
  readonly averagingWindowSeconds: number;
  readonly defaults: Readonly<Record<PartnerKind, RateLimitValues>>;
  readonly tokenEndpoint: { readonly perMinute: number };
}

/** The outbox dispatcher (config/gateway.config.schema.json /outbox). */
export interface OutboxConfig {
  readonly pollMs: number;
  readonly batchSize: number;
  readonly concurrency: number;
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  readonly leaseMs: number;
}

/** Asynchronous list exports: workers in this process, file retention, segment (checkpoint) size. */
export interface ExportsConfig {
  readonly workers: number;
  readonly retentionHours: number;
  readonly sweepIntervalSeconds: number;
  readonly segmentBytes: number;
}

export interface GatewayConfig {
  readonly server: { readonly bodyLimitBytes: number; readonly shutdownGraceMs: number; readonly requestTimeoutMs: number };
  readonly auth: {
    readonly audience?: string;
    readonly maxTokenBytes: number;
    readonly maxLifetimeSeconds: number;
    readonly clockSkewSeconds: number;
    readonly algorithms: readonly ('ES256' | 'PS256' | 'EdDSA')[];
    readonly accessTokenTtlSeconds: number;
    readonly gatewayKeyRetentionDays: number;
    /** Remote partner key sets (jwks_uri): refetch cooldown for unknown kids, max age, fetch time and size limits. */
    readonly jwksCooldownSeconds: number;
    readonly jwksMaxAgeSeconds: number;
    readonly jwksTimeoutMs: number;
    readonly jwksMaxBytes: number;
  };
  readonly audit: { readonly batchSize: number; readonly flushMs: number };
  readonly dataset: { readonly demoCount: number; readonly seed: number };
  readonly log: { readonly level: 'error' | 'warn' | 'info' | 'debug' };
  readonly fieldSets: Readonly<Record<string, readonly string[]>>;
  readonly rateLimits: RateLimitsConfig;
  readonly exports: ExportsConfig;
  readonly adapters: Readonly<Record<string, AdapterInstanceConfig>>;
  readonly outbox: OutboxConfig;
  readonly runtime: RuntimeConfig;
  /** Where each part came from, for messages. */
  readonly sources: readonly string[];
}
