// Assembles a gateway from its configuration: store, partners, replay cache, audit writer, adapters, app.
import type { Server } from 'node:http';
import { Redis } from 'ioredis';
import type express from 'express';
import { startAdapters } from './adapters/registry.ts';
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
import { SERVICES } from './routes/index.ts';
import { AuditWriter, recentTokenIds } from './store/audit-writer.ts';
import { createChangeWatcher } from './store/change-watcher.ts';
import { migrate, type Store } from './store/open.ts';
import { loadSubjectHasher } from './store/subject-keys.ts';

export interface Gateway {
  readonly app: express.Express;
  readonly store: Store;
  readonly audit: AuditWriter;
  readonly audience: string;
  /** Stops taking requests, flushes the audit log, closes adapters and the replay cache (not the store). */
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
  await migrate(store);
  const contracts = loadContracts();
  const replay = opts.replay ?? (await defaultReplayStore(config, store, clock));
  const startup = new AbortController();
  const adapters: Map<string, Adapter> = await startAdapters(config, { log, store }, startup.signal);
  const audit = new AuditWriter(store, config.audit);
  const audience = config.auth.audience ?? config.runtime.publicUrl;
  const partners = new PartnerDirectory(store, createChangeWatcher(store), log);
  const gatewayKeys = new GatewayKeyRing(store, { clock, retentionDays: config.auth.gatewayKeyRetentionDays });
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
      for (const a of adapters.values()) if (!(await a.health(AbortSignal.timeout(2000))).ok) return false;
      return true;
    },
    oauth: { verifier, keys: gatewayKeys, accessTokenTtlSeconds: config.auth.accessTokenTtlSeconds, log, bodyLimitBytes: config.server.bodyLimitBytes },
    pipeline: {
      contracts,
      adapters,
      verifier,
      audit,
      subjects: await loadSubjectHasher(store),
      fieldSets: config.fieldSets,
      clock,
      log,
      callTimeoutMs: config.server.requestTimeoutMs,
    },
  });
  return {
    app,
    store,
    audit,
    audience,
    async drain(server, graceMs = config.server.shutdownGraceMs) {
      draining = true;
      if (server) await closeServer(server, graceMs);
      await audit.close();
      for (const a of adapters.values()) await a.close();
      await replay.close();
      accessTokens.close();
    },
  };
}

async function defaultReplayStore(config: GatewayConfig, store: Store, clock: Clock): Promise<ReplayStore> {
  if (config.runtime.redis) return new RedisReplayStore(new Redis(config.runtime.redis, { lazyConnect: false, maxRetriesPerRequest: 2 }));
  const memory = new MemoryReplayStore();
  for (const t of await recentTokenIds(store, Math.floor(clock.now() / 1000))) memory.remember(t.partner, t.jti, t.exp);
  return memory;
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
