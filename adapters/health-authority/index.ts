// The health-authority adapter: the Ministry of Health's vaccination registry over HTTP. `init` only builds the
// HTTP client, so the gateway starts while the upstream is down; `health` says whether it answers.
import { readFileSync } from 'node:fs';
import { closeHttpClient, httpFailure } from '../../src/adapters/http-client.ts';
import { upstreamClient } from '../../src/adapters/upstream-http.ts';
import type { Adapter, AdapterFactory } from '../../src/core/adapter.ts';
import { systemClock } from '../../src/core/clock.ts';
import { vaccinationsBatch } from './operations/vaccinations-batch.ts';

export interface HealthAuthorityConfig {
  readonly use: 'health-authority';
  readonly baseUrl: string;
  readonly timeoutMs: number;
  readonly connectTimeoutMs: number;
  readonly maxBodyBytes: number;
  readonly maxSockets: number;
}

export const HEALTH_PATH = '/health';

const configSchema = JSON.parse(readFileSync(new URL('./config.schema.json', import.meta.url), 'utf8')) as object;

export const healthAuthority: AdapterFactory<HealthAuthorityConfig> = {
  name: 'health-authority',
  configSchema,
  create(config, deps): Adapter {
    const http = upstreamClient(config);
    let closed = false;
    return {
      async init() {},
      async health(signal) {
        try {
          const res = await http.get<string>(HEALTH_PATH, { signal });
          return res.status === 200 ? { ok: true } : { ok: false, detail: `health authority answered ${res.status}` };
        } catch (e) {
          const f = httpFailure(e);
          return { ok: false, detail: `health authority ${f.kind === 'status' ? `answered ${f.status}` : f.kind}` };
        }
      },
      async close() {
        if (closed) return;
        closed = true;
        closeHttpClient(http);
      },
      operations: {
        vaccinationsBatch: vaccinationsBatch(http, deps.contracts, deps.clock ?? systemClock),
      },
    };
  },
};
