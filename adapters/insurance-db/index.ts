// The insurance-db adapter: the national insurance database as kept in the gateway's store.
import { readFileSync } from 'node:fs';
import type { Adapter, AdapterFactory } from '../../src/core/adapter.ts';
import { systemClock } from '../../src/core/clock.ts';
import type { Store } from '../../src/store/open.ts';
import { cardByCitizen } from './operations/card-by-citizen.ts';
import { cardCheck } from './operations/card-check.ts';
import { countList } from './operations/count-list.ts';
import { healthChecksByCitizen } from './operations/health-checks-by-citizen.ts';
import { listPeople, type ListSettings } from './operations/list-people.ts';
import { participant } from './operations/participant.ts';
import { registerBirth } from './operations/register-birth.ts';
import { registerDeath } from './operations/register-death.ts';
import { submitEvent } from './operations/submit-event.ts';
import { submitHealthCheck } from './operations/submit-health-check.ts';
import { unemploymentApplication } from './operations/unemployment-application.ts';
import { ListCursors, loadCursorKey } from './list-cursor.ts';
import { PeopleQueries } from './people-queries.ts';

export interface InsuranceDbConfig { readonly use: 'insurance-db'; readonly timeoutMs?: number; readonly lists?: Partial<ListSettings> }

const LIST_DEFAULTS: ListSettings = { defaultPageSize: 100, maxPageSize: 1000, batchSize: 5000 };

const configSchema = JSON.parse(readFileSync(new URL('./config.schema.json', import.meta.url), 'utf8')) as object;

export const insuranceDb: AdapterFactory<InsuranceDbConfig> = {
  name: 'insurance-db',
  configSchema,
  create(config, deps): Adapter {
    const store = deps.store as Store;
    const queries = new PeopleQueries(store);
    let cursors: ListCursors | undefined;
    const listCursors = (): ListCursors => {
      if (!cursors) throw new Error('insurance-db: list cursors used before init');
      return cursors;
    };
    const listSettings: ListSettings = { ...LIST_DEFAULTS, ...config.lists };
    const events = {
      'birth-registration': registerBirth(store),
      'death-registration': registerDeath(store, deps.clock ?? systemClock),
      'unemployment-application': unemploymentApplication(store),
    };
    return {
      async init() {
        await store.db.selectFrom('meta').select('key').limit(1).execute();
        cursors = new ListCursors(await loadCursorKey(store));
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
        submitHealthCheck: submitHealthCheck(queries, store, deps.clock ?? systemClock),
        healthChecksByCitizen: healthChecksByCitizen(queries, store),
        registerBirth: events['birth-registration'],
        registerDeath: events['death-registration'],
        unemploymentApplication: events['unemployment-application'],
        submitEvent: submitEvent(events),
        listPeople: listPeople(store, listCursors, listSettings),
        countList: countList(store, listCursors),
      },
    };
  },
};
