// Loads the configuration: default.json, an optional overlay (VSS_CONFIG), the env table; validates with ajv
// (strict, defaults, no coercion), checks each adapter block against its adapter's schema, cross-checks, freezes.
import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject } from 'ajv';
import { FIELD_SETS, isOneOf } from '../core/vocabulary.ts';
import { ConfigError } from './config-error.ts';
import { type Env, runtimeFromEnv } from './env-table.ts';
import type { GatewayConfig } from './types.ts';

export const DEFAULT_CONFIG_FILE = new URL('../../config/default.json', import.meta.url);
const SCHEMA_FILE = new URL('../../config/gateway.config.schema.json', import.meta.url);

export interface AdapterSchemas { readonly [use: string]: object }

export interface LoadOptions {
  readonly env: Env;
  /** Adapter kind -> JSON schema of its config block. */
  readonly adapterSchemas: AdapterSchemas;
  /** Overrides merged last (tests). */
  readonly overrides?: Record<string, unknown>;
  readonly defaultFile?: string | URL;
}

export function loadConfig(opts: LoadOptions): GatewayConfig {
  const defaultFile = opts.defaultFile ?? DEFAULT_CONFIG_FILE;
  const sources = [displayName(defaultFile)];
  let merged = readJson(defaultFile);
  if (opts.env.VSS_CONFIG) {
    merged = deepMerge(merged, readJson(opts.env.VSS_CONFIG));
    sources.push(opts.env.VSS_CONFIG);
  }
  if (opts.overrides) {
    merged = deepMerge(merged, opts.overrides);
    sources.push('overrides');
  }
  const source = sources.join(' + ');
  const ajv = new Ajv({ strict: true, allErrors: false, useDefaults: true, coerceTypes: false });
  const validate = ajv.compile(readJson(SCHEMA_FILE));
  if (!validate(merged)) throw fromAjv(validate.errors ?? [], '', source);
  const file = merged as Omit<GatewayConfig, 'runtime' | 'sources'>;
  for (const name of Object.keys(file.fieldSets)) {
    if (!isOneOf(FIELD_SETS, name)) throw new ConfigError(`/fieldSets/${name}`, `is not a field set name (one of ${FIELD_SETS.join(', ')})`, source);
  }
  for (const [instance, block] of Object.entries(file.adapters)) {
    const schema = opts.adapterSchemas[block.use];
    if (!schema) throw new ConfigError(`/adapters/${instance}/use`, `names an unknown adapter "${block.use}"`, source);
    const check = ajv.compile(schema);
    if (!check(block)) throw fromAjv(check.errors ?? [], `/adapters/${instance}`, source);
  }
  if (file.auth.accessTokenTtlSeconds > file.auth.maxLifetimeSeconds) {
    throw new ConfigError('/auth/accessTokenTtlSeconds', `must be at most /auth/maxLifetimeSeconds (${file.auth.maxLifetimeSeconds})`, source);
  }
  const runtime = runtimeFromEnv(opts.env);
  return deepFreeze({ ...file, runtime, sources });
}

/** The first ajv error as a ConfigError naming its JSON pointer under `prefix`. */
export function fromAjv(errors: ErrorObject[], prefix: string, source: string): ConfigError {
  const e = errors[0];
  if (!e) return new ConfigError(prefix, 'is invalid', source);
  let pointer = prefix + e.instancePath;
  let reason = e.message ?? 'is invalid';
  if (e.keyword === 'additionalProperties') {
    pointer += `/${String((e.params as { additionalProperty: string }).additionalProperty)}`;
    reason = 'is not a known setting';
  } else if (e.keyword === 'required') {
    pointer += `/${String((e.params as { missingProperty: string }).missingProperty)}`;
    reason = 'is required';
  } else if (e.keyword === 'enum') {
    reason = `must be one of ${((e.params as { allowedValues: unknown[] }).allowedValues).map((v) => JSON.stringify(v)).join(', ')}`;
  }
  return new ConfigError(pointer, reason, source);
}

function readJson(file: string | URL): Record<string, unknown> {
  const name = displayName(file);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConfigError('', `cannot be read: ${(e as NodeJS.ErrnoException).code ?? 'error'}`, name);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new ConfigError('', `is not valid JSON: ${(e as Error).message}`, name);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ConfigError('', 'must be a JSON object', name);
  return value as Record<string, unknown>;
}

function displayName(file: string | URL): string {
  if (typeof file === 'string') return file;
  const path = file.pathname;
  const i = path.lastIndexOf('/config/');
  return i >= 0 ? path.slice(i + 1) : path;
}

function deepMerge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) {
    const b = out[k];
    out[k] = isPlainObject(b) && isPlainObject(v) ? deepMerge(b, v) : v;
  }
  return out;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function deepFreeze<T>(v: T): T {
  if (typeof v === 'object' && v !== null && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const child of Object.values(v)) deepFreeze(child);
  }
  return v;
}
