// The explicit table of environment overrides: nothing else in the environment changes the gateway.
import { ConfigError } from './config-error.ts';
import type { RuntimeConfig } from './types.ts';

export type Env = Readonly<Record<string, string | undefined>>;

export const ENV_VARIABLES = ['PORT', 'HOST', 'VSS_DATA_DIR', 'VSS_CONFIG', 'VSS_DB', 'VSS_REDIS', 'VSS_PUBLIC_URL'] as const;

export function runtimeFromEnv(env: Env): RuntimeConfig {
  const portText = env.PORT ?? '8080';
  if (!/^\d{1,5}$/.test(portText) || Number(portText) > 65535) throw new ConfigError('PORT', 'must be an integer from 0 to 65535', 'environment');
  const port = Number(portText);
  const host = env.HOST ?? '127.0.0.1';
  if (!/^[A-Za-z0-9.:[\]-]{1,255}$/.test(host)) throw new ConfigError('HOST', 'must be a host name or IP address', 'environment');
  const dataDir = env.VSS_DATA_DIR ?? './data';
  if (dataDir.length === 0) throw new ConfigError('VSS_DATA_DIR', 'must not be empty', 'environment');
  const db = env.VSS_DB || undefined;
  if (db !== undefined && !/^postgres(ql)?:\/\/\S+$/.test(db)) {
    throw new ConfigError('VSS_DB', 'must be a postgres:// URL (leave unset for the embedded SQLite store)', 'environment');
  }
  const redis = env.VSS_REDIS || undefined;
  if (redis !== undefined && !/^rediss?:\/\/\S+$/.test(redis)) throw new ConfigError('VSS_REDIS', 'must be a redis:// URL', 'environment');
  const hostInUrl = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  const publicUrl = (env.VSS_PUBLIC_URL ?? `http://${hostInUrl}:${port}`).replace(/\/+$/, '');
  let parsed: URL;
  try {
    parsed = new URL(publicUrl);
  } catch {
    throw new ConfigError('VSS_PUBLIC_URL', 'must be an absolute http(s) URL', 'environment');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new ConfigError('VSS_PUBLIC_URL', 'must be an http(s) URL', 'environment');
  if (parsed.search || parsed.hash) throw new ConfigError('VSS_PUBLIC_URL', 'must not carry a query or fragment', 'environment');
  return { port, host, dataDir, db, redis, publicUrl };
}
