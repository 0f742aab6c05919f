// A real HTTP stand-in for the health authority's vaccination registry, for tests, the bench and demos (never
// registered as an adapter). It knows the first `count` people of the seeded dataset by CCCD; each one's records are
// derived by src/dataset/vaccination-record.ts, and about 0.5% of people are not in the registry at all (assumption).
// It answers behind the shared fault layer (src/adapters/simulator-faults.ts):
//   POST /v1/vaccinations/batch  { citizenIds: [1..1000 CCCDs] }
//                                -> 200 { people: [{ citizenId, vaccinations: [{ vaccineCode, vaccineName, dose, date, place }] }],
//                                         notFound: [citizenId...] }
//   GET  /health                 200 { status: "ok" }
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readJsonBody, sendJson, serveWithFaults } from '../../src/adapters/simulator-faults.ts';
import type { RunningSimulator, SimulatorOptions } from '../../src/adapters/simulators.ts';
import { createGenerator } from '../../src/dataset/generator.ts';
import { hashString, keyOf, mix32, Stream } from '../../src/dataset/random.ts';
import { vaccinationsOf } from '../../src/dataset/vaccination-record.ts';
import type { PersonTable } from '../../src/store/schema.ts';
import { HEALTH_PATH } from './index.ts';
import { VACCINATIONS_PATH } from './operations/vaccinations-batch.ts';

const MAX_BATCH = 1000;
/** Share of people the registry has never seen (assumption). */
const UNREGISTERED_SHARE = 0.005;
const CITIZEN_ID = /^\d{12}$/;
const BUILD_CHUNK = 5000;
const FIELD_REGISTERED = hashString('health-authority.registered');

type Registry = Map<string, PersonTable>;

export async function startSimulator(opts: SimulatorOptions): Promise<RunningSimulator> {
  const registry = await buildRegistry(opts);
  return serveWithFaults('health-authority', (req, res) => answer(registry, opts, req, res), opts);
}

/** True when the health authority knows the person with this id in the dataset of `seed`. */
export function isRegistered(seed: number, personId: number): boolean {
  return !new Stream(keyOf(mix32(seed), personId - 1, FIELD_REGISTERED)).chance(UNREGISTERED_SHARE);
}

/** The people of the first `count` of the dataset the registry knows, by CCCD. */
async function buildRegistry(opts: Pick<SimulatorOptions, 'seed' | 'asOf' | 'count' | 'province'>): Promise<Registry> {
  const gen = createGenerator({ seed: opts.seed, asOf: opts.asOf, province: opts.province });
  const registry: Registry = new Map();
  for (let from = 0; from < opts.count; from += BUILD_CHUNK) {
    for (let i = from; i < Math.min(opts.count, from + BUILD_CHUNK); i++) {
      const { person } = gen.person(i);
      if (isRegistered(opts.seed, person.id)) registry.set(person.citizen_id, person);
    }
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return registry;
}

async function answer(registry: Registry, opts: SimulatorOptions, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const path = (req.url ?? '/').split('?')[0] ?? '/';
  if (req.method === 'GET' && path === HEALTH_PATH) return sendJson(res, 200, { status: 'ok' });
  if (req.method === 'POST' && path === VACCINATIONS_PATH) {
    const body = await readJsonBody(req).catch(() => undefined);
    const ids = (body as { citizenIds?: unknown } | undefined)?.citizenIds;
    if (!Array.isArray(ids) || ids.length < 1 || ids.length > MAX_BATCH || !ids.every((id) => typeof id === 'string' && CITIZEN_ID.test(id))) {
      return sendJson(res, 400, { error: `citizenIds must be 1 to ${MAX_BATCH} CCCDs of 12 digits` });
    }
    const people: { citizenId: string; vaccinations: ReturnType<typeof vaccinationsOf> }[] = [];
    const notFound: string[] = [];
    for (const citizenId of new Set(ids as string[])) {
      const person = registry.get(citizenId);
      if (person) people.push({ citizenId, vaccinations: vaccinationsOf(person, { seed: opts.seed, asOf: opts.asOf }) });
      else notFound.push(citizenId);
    }
    return sendJson(res, 200, { people, notFound });
  }
  return sendJson(res, 404, { error: 'no such route' });
}
