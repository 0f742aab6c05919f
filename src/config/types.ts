// The gateway's configuration after loading, defaults, environment overrides and validation (deep-frozen).
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
  };
  readonly audit: { readonly batchSize: number; readonly flushMs: number };
  readonly dataset: { readonly demoCount: number; readonly seed: number };
  readonly log: { readonly level: 'error' | 'warn' | 'info' | 'debug' };
  readonly fieldSets: Readonly<Record<string, readonly string[]>>;
  readonly adapters: Readonly<Record<string, AdapterInstanceConfig>>;
  readonly runtime: RuntimeConfig;
  /** Where each part came from, for messages. */
  readonly sources: readonly string[];
}
