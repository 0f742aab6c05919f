// The literal list of adapter kinds this gateway can run; config names instances of them.
import { insuranceDb } from '../../adapters/insurance-db/index.ts';
import type { Adapter, AdapterDeps, AdapterFactory } from '../core/adapter.ts';
import type { GatewayConfig } from '../config/types.ts';

export const ADAPTER_FACTORIES: readonly AdapterFactory<any>[] = [insuranceDb];

export function adapterSchemas(): Record<string, object> {
  return Object.fromEntries(ADAPTER_FACTORIES.map((f) => [f.name, f.configSchema]));
}

/** Creates and initialises every configured adapter instance, keyed by adapter kind. */
export async function startAdapters(config: GatewayConfig, deps: AdapterDeps, signal: AbortSignal): Promise<Map<string, Adapter>> {
  const out = new Map<string, Adapter>();
  for (const [instance, block] of Object.entries(config.adapters)) {
    const factory = ADAPTER_FACTORIES.find((f) => f.name === block.use);
    if (!factory) throw new Error(`config: /adapters/${instance}/use names an unknown adapter`);
    if (out.has(factory.name)) throw new Error(`config: /adapters/${instance} is a second instance of ${factory.name}`);
    const adapter = factory.create(block, deps);
    await adapter.init(signal);
    out.set(factory.name, adapter);
  }
  return out;
}
