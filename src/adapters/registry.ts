// The literal list of adapter kinds this gateway can run; config names instances of them. Every operation of every
// instance runs under the resilience policy of its config block (`resilience`, defaults when absent).
import { dataSharingPlatform } from '../../adapters/data-sharing-platform/index.ts';
import { healthAuthority } from '../../adapters/health-authority/index.ts';
import { insuranceDb } from '../../adapters/insurance-db/index.ts';
import { populationDb } from '../../adapters/population-db/index.ts';
import { Ajv } from 'ajv';
import type { Adapter, AdapterDeps, AdapterFactory } from '../core/adapter.ts';
import type { AdapterInstanceConfig, GatewayConfig } from '../config/types.ts';
import { fromAjv } from '../config/load.ts';
import { applyResilienceToAdapter, RESILIENCE_SCHEMA, type ResiliencePolicy } from './resilience.ts';

export const ADAPTER_FACTORIES: readonly AdapterFactory<any>[] = [insuranceDb, populationDb, healthAuthority, dataSharingPlatform];

export function adapterSchemas(): Record<string, object> {
  return Object.fromEntries(ADAPTER_FACTORIES.map((f) => [f.name, f.configSchema]));
}

const checkResilience = new Ajv({ strict: true, useDefaults: true, coerceTypes: false }).compile<ResiliencePolicy>(RESILIENCE_SCHEMA);

/** The resilience policy of an adapter block, defaults filled in; a bad block is a ConfigError naming its pointer. */
export function resiliencePolicyOf(config: GatewayConfig, instance: string): ResiliencePolicy {
  const policy: unknown = structuredClone(config.adapters[instance]?.resilience ?? {});
  if (!checkResilience(policy)) throw fromAjv(checkResilience.errors ?? [], `/adapters/${instance}/resilience`, config.sources.join(' + '));
  return policy;
}

/** Creates and initialises every configured adapter instance, keyed by adapter kind. */
export async function startAdapters(config: GatewayConfig, deps: AdapterDeps, signal: AbortSignal): Promise<Map<string, Adapter>> {
  const out = new Map<string, Adapter>();
  for (const [instance, block] of Object.entries(config.adapters)) {
    const factory = factoryOf(instance, block);
    if (out.has(factory.name)) throw new Error(`config: /adapters/${instance} is a second instance of ${factory.name}`);
    out.set(factory.name, await createInstance(config, instance, factory, deps, signal));
  }
  return out;
}

/** Creates and initialises the configured instance of one adapter kind (jobs that need only that upstream). */
export async function startAdapter(config: GatewayConfig, use: string, deps: AdapterDeps, signal: AbortSignal): Promise<Adapter> {
  const entry = Object.entries(config.adapters).find(([, block]) => block.use === use);
  if (!entry) throw new Error(`config: no adapter instance uses ${use} (add one under /adapters)`);
  const [instance, block] = entry;
  return createInstance(config, instance, factoryOf(instance, block), deps, signal);
}

function factoryOf(instance: string, block: AdapterInstanceConfig): AdapterFactory<any> {
  const factory = ADAPTER_FACTORIES.find((f) => f.name === block.use);
  if (!factory) throw new Error(`config: /adapters/${instance}/use names an unknown adapter`);
  return factory;
}

async function createInstance(config: GatewayConfig, instance: string, factory: AdapterFactory<any>, deps: AdapterDeps, signal: AbortSignal): Promise<Adapter> {
  const policy = resiliencePolicyOf(config, instance);
  const adapter = applyResilienceToAdapter(factory.name, factory.create(config.adapters[instance], deps), policy, { clock: deps.clock, log: deps.log });
  await adapter.init(signal);
  return adapter;
}
