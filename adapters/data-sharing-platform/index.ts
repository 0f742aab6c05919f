// The data-sharing-platform adapter: results of civil and benefit events go back to the national data-sharing
// platform in a signed envelope. `init` only builds the HTTP client, so the gateway starts while the platform is
// down; results wait in the outbox meanwhile, which is why `health` does not make the gateway unready.
import { readFileSync } from 'node:fs';
import { closeHttpClient } from '../../src/adapters/http-client.ts';
import { upstreamClient } from '../../src/adapters/upstream-http.ts';
import type { Adapter, AdapterFactory } from '../../src/core/adapter.ts';
import { systemClock } from '../../src/core/clock.ts';
import { deliverResult } from './operations/deliver-result.ts';

export interface DataSharingPlatformConfig {
  readonly use: 'data-sharing-platform';
  readonly baseUrl: string;
  readonly resultsPath: string;
  readonly agencyCode: string;
  readonly platformCode: string;
  readonly timeoutMs: number;
  readonly connectTimeoutMs: number;
  readonly maxBodyBytes: number;
  readonly maxSockets: number;
}

const configSchema = JSON.parse(readFileSync(new URL('./config.schema.json', import.meta.url), 'utf8')) as object;

export const dataSharingPlatform: AdapterFactory<DataSharingPlatformConfig> = {
  name: 'data-sharing-platform',
  configSchema,
  create(config, deps): Adapter {
    if (!deps.signer) throw new Error('the data-sharing-platform adapter signs its messages: it needs the gateway signer');
    const http = upstreamClient(config);
    let closed = false;
    return {
      async init() {},
      async health() {
        return { ok: true, detail: 'results are queued in the outbox while the platform is unreachable' };
      },
      async close() {
        if (closed) return;
        closed = true;
        closeHttpClient(http);
      },
      operations: {
        deliverResult: deliverResult({
          http,
          resultsPath: config.resultsPath,
          codes: { sender: config.agencyCode, receiver: config.platformCode },
          signer: deps.signer,
          contracts: deps.contracts,
          clock: deps.clock ?? systemClock,
        }),
      },
    };
  },
};
