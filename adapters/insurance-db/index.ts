// The insurance-db adapter: the national insurance database as kept in the gateway's store.
import { readFileSync } from 'node:fs';
import type { Adapter, AdapterFactory } from '../../src/core/adapter.ts';
import type { Store } from '../../src/store/open.ts';
import { cardByCitizen } from './operations/card-by-citizen.ts';
import { cardCheck } from './operations/card-check.ts';
import { participant } from './operations/participant.ts';
import { PeopleQueries } from './people-queries.ts';

export interface InsuranceDbConfig { readonly use: 'insurance-db'; readonly timeoutMs?: number }

const configSchema = JSON.parse(readFileSync(new URL('./config.schema.json', import.meta.url), 'utf8')) as object;

export const insuranceDb: AdapterFactory<InsuranceDbConfig> = {
  name: 'insurance-db',
  configSchema,
  create(_config, deps): Adapter {
    const store = deps.store as Store;
    const queries = new PeopleQueries(store);
    return {
      async init() {
        await store.db.selectFrom('meta').select('key').limit(1).execute();
      },
      async health() {
        try {
          await store.db.selectFrom('meta').select('key').limit(1).execute();
          return { ok: true };
        } catch {
          return { ok: false, detail: 'store unreachable' };
        }
      },
      async close() {},
      operations: {
        cardByCitizen: cardByCitizen(queries),
        cardCheck: cardCheck(queries),
        participantBySin: participant(queries, 'sin'),
        participantByCitizen: participant(queries, 'citizen'),
      },
    };
  },
};
