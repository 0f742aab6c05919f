// Assembles a gateway from its configuration: store, partners, replay cache, audit writer, adapters, app.
import type { RequestListener, Server } from 'node:http';
import { Redis } from 'ioredis';
import { closeHttpClient, createHttpClient } from './adapters/http-client.ts';
import { startAdapters } from './adapters/registry.ts';
import { detachedSigner } from './auth/detached-jws.ts';
import { GatewayKeyRing } from './auth/gateway-keys.ts';
import { PartnerDirectory } from './auth/partner-directory.ts';
import type { Verified, VerifierDeps } from './auth/verify-token.ts';
import { TokenCache } from './cache/token-cache.ts';
import { MemoryReplayStore, RedisReplayStore, type ReplayStore } from './auth/replay-store.ts';
import type { GatewayConfig } from './config/types.ts';
import { loadContracts } from './contracts/registry.ts';
import { type Clock, systemClock } from './core/clock.ts';
import type { Adapter } from './core/adapter.ts';
import type { Logger } from './core/logger.ts';
import { buildApp } from './http/app.ts';
import { EXPORTS_ADAPTER } from './jobs/exports-adapter.ts';
import { createListJobs, type ListJobs } from './jobs/list-jobs.ts';
import { OutboxDispatcher } from './jobs/outbox-dispatcher.ts';
import { createRateLimits } from './limits/rate-limits.ts';
import { SERVICES } from './routes/index.ts';
import { AuditWriter, recentTokenIds } from './store/audit-writer.ts';
import { createChangeWatcher } from './store/change-watcher.ts';
import { EventLedger } from './store/event-ledger.ts';
import { migrate, type Store } from './store/open.ts';
import { loadSubjectHasher } from './store/subject-keys.ts';

export interface Gateway {
  /** The request listener to serve (`http.createServer(gateway.app)`). */
  readonly app: RequestListener;
  readonly store: Store;
  readonly audit: AuditWriter;
  readonly audience: string;
  /** Bulk lists in the background: disclosure journal and indexer, export workers and sweeper. */
  readonly lists: ListJobs;
  /** Stops taking requests and the outbox dispatcher, flushes the audit log, closes adapters and the replay cache (not the store). */
  drain(server?: Server, graceMs?: number): Promise<void>;
}

export interface GatewayOptions {
  readonly config: GatewayConfig;
  readonly store: Store;
  readonly log: Logger;
  readonly clock?: Clock;
  /** Replay cache; default: Redis when configured, else in memory restored from the audit log. */
  readonly replay?: ReplayStore;
}

export async function createGateway(opts: GatewayOptions): Promise<Gateway> {
  const { config, store, log } = opts;
  const clock = opts.clock ?? systemClock;
  // One Redis client per gateway, shared by the replay cache and the rate-limit counters (created on first use).
  let redis: Redis | undefined;
  const redisClient = (url: string): Redis => (redis ??= watchedRedis(url, log));
  const limits = createRateLimits(config, { clock, log, redis: redisClient });
  await migrate(store);
  const contracts = loadContracts();
  const replay = opts.replay ?? (await defaultReplayStore(config, store, clock, redisClient));
  const startup = new AbortController();
  const gatewayKeys = new GatewayKeyRing(store, { clock, retentionDays: config.auth.gatewayKeyRetentionDays });
  const adapters: Map<string, Adapter> = await startAdapters(config, { log, store, contracts, clock, signer: detachedSigner(gatewayKeys) }, startup.signal);
  // Event results go back to the platform from the outbox; a committed event wakes the dispatcher.
  const dispatcher = new OutboxDispatcher({ store, adapters, config: config.outbox, clock, log });
  const events = new EventLedger(store, clock, () => dispatcher.wake());
  const audit = new AuditWriter(store, config.audit);
  const subjects = await loadSubjectHasher(store);
  const lists = createListJobs({ store, config, adapters, contracts, subjects, log, clock });
  adapters.set(EXPORTS_ADAPTER, lists.adapter);
  const audience = config.auth.audience ?? config.runtime.publicUrl;
  const jwksHttp = createHttpClient({ timeoutMs: config.auth.jwksTimeoutMs, maxBodyBytes: config.auth.jwksMaxBytes, keepAlive: true });
  const partners = new PartnerDirectory(store, createChangeWatcher(store), log, {
    http: jwksHttp, clock, cooldownMs: config.auth.jwksCooldownSeconds * 1000, maxAgeMs: config.auth.jwksMaxAgeSeconds * 1000,
  });
  const accessTokens = new TokenCache<Verified>();
  partners.onChange(() => {
    gatewayKeys.reset();
    accessTokens.flush();
  });
  const issuer = config.runtime.publicUrl;
  const verifier: VerifierDeps = {
    rules: {
      audience,
      issuer,
      tokenEndpoint: `${issuer}/oauth/token`,
      maxTokenBytes: config.auth.maxTokenBytes,
      maxLifetimeSeconds: config.auth.maxLifetimeSeconds,
      clockSkewSeconds: config.auth.clockSkewSeconds,
      algorithms: config.auth.algorithms,
    },
    partners,
    gatewayKeys,
    replay,
    accessTokens,
    clock,
  };
  await gatewayKeys.signingKey();
  let draining = false;
  const app = buildApp({
    services: SERVICES,
    log,
    bodyLimitBytes: config.server.bodyLimitBytes,
    isDraining: () => draining,
    ready: async () => {
      // Ready means the gateway's own store answers; each upstream's state is reported beside it, since an
      // unreachable population database must not take card checks (which do not need it) out of service.
      const upstreams: Record<string, boolean> = {};
      for (const [name, a] of adapters) upstreams[name] = (await a.health(AbortSignal.timeout(2000)).catch(() => ({ ok: false }))).ok;
      return { ok: upstreams['insurance-db'] === true, upstreams };
    },
    oauth: { verifier, keys: gatewayKeys, accessTokenTtlSeconds: config.auth.accessTokenTtlSeconds, log, bodyLimitBytes: config.server.bodyLimitBytes, limits },
    pipeline: {
      contracts,
      adapters,
      verifier,
      audit,
      limits,
      subjects,
      disclosures: lists.journal,
      fieldSets: config.fieldSets,
      clock,
      log,
      callTimeoutMs: config.server.requestTimeoutMs,
      events,
    },
  });
  dispatcher.start();
  await lists.start();
  return {
    app,
    store,
    audit,
    audience,
    lists,
    async drain(server, graceMs = config.server.shutdownGraceMs) {
      draining = true;
      if (server) await closeServer(server, graceMs);
      await dispatcher.stop();
      await lists.stop();
      await audit.close();
      for (const a of adapters.values()) await a.close();
      await replay.close(); // a Redis replay cache quits the shared client
      if (redis && redis.status === 'ready') await redis.quit().catch(() => undefined);
      if (redis && redis.status !== 'end') redis.disconnect(); // never connected, or still reconnecting
      accessTokens.close();
      closeHttpClient(jwksHttp);
    },
  };
}

async function defaultReplayStore(config: GatewayConfig, store: Store, clock: Clock, redis: (url: string) => Redis): Promise<ReplayStore> {
  if (config.runtime.redis) return new RedisReplayStore(redis(config.runtime.redis));
  const memory = new MemoryReplayStore();
  for (const t of await recentTokenIds(store, Math.floor(clock.now() / 1000))) memory.remember(t.partner, t.jti, t.exp);
  return memory;
}

/** A Redis client whose connection errors are logged (at most every 30 s) instead of going unhandled. */
function watchedRedis(url: string, log: Logger): Redis {
  const client = new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 2 });
  let loggedAt = -Infinity;
  client.on('error', (error: unknown) => {
    if (performance.now() - loggedAt < 30_000) return;
    loggedAt = performance.now();
    log.warn('redis connection error', { error });
  });
  return client;
}

/** Stops accepting connections and lets in-flight requests finish, up to `graceMs`. */
function closeServer(server: Server, graceMs: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      server.closeAllConnections();
      resolve();
    }, graceMs);
    timer.unref();
    server.close(() => {
      clearTimeout(timer);
      resolve();
    });
    server.closeIdleConnections();
  });
}
