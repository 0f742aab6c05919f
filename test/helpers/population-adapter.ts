// The population-db adapter, started through the registry against a simulator's URL, retries off so each call
// reaches the simulator exactly once.
import { adapterSchemas, startAdapter } from '../../src/adapters/registry.ts';
import { loadConfig } from '../../src/config/load.ts';
import type { ContractRegistry } from '../../src/contracts/registry.ts';
import type { Adapter } from '../../src/core/adapter.ts';
import { silentLogger } from '../../src/log/create.ts';

export async function populationAdapter(baseUrl: string, contracts: ContractRegistry): Promise<Adapter> {
  const config = loadConfig({
    env: { VSS_DATA_DIR: '/tmp/unused' },
    adapterSchemas: adapterSchemas(),
    overrides: { adapters: { population: { use: 'population-db', baseUrl, resilience: { retries: { maxAttempts: 1 } } } } },
  });
  return startAdapter(config, 'population-db', { log: silentLogger, store: undefined, contracts }, AbortSignal.timeout(5000));
}
