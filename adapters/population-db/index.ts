// The population-db adapter: identity verification against the national population database over its HTTP API.
import { readFileSync } from 'node:fs';
import type { Adapter, AdapterFactory } from '../../src/core/adapter.ts';
import { verifyBatch } from './operations/verify-batch.ts';
import { verifyIdentity } from './operations/verify-identity.ts';
import { PopulationDbApi, type PopulationDbConfig } from './upstream.ts';

export type { PopulationDbConfig } from './upstream.ts';

const configSchema = JSON.parse(readFileSync(new URL('./config.schema.json', import.meta.url), 'utf8')) as object;

export const populationDb: AdapterFactory<PopulationDbConfig> = {
  name: 'population-db',
  configSchema,
  create(config, deps): Adapter {
    const api = new PopulationDbApi(config, deps.contracts);
    let closed = false;
    return {
      // No call upstream: the gateway starts and serves card checks while the population database is away.
      async init() {},
      // An unreachable population database does not make the gateway unready: only its own routes answer 503 (the
      // resilience layer's breaker keeps those quick), so readiness asks nothing upstream.
      async health() {
        return closed ? { ok: false, detail: 'closed' } : { ok: true };
      },
      async close() {
        if (closed) return;
        closed = true;
        api.close();
      },
      operations: {
        verifyIdentity: verifyIdentity(api),
        verifyBatch: verifyBatch(api),
      },
    };
  },
};
