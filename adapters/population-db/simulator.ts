// A real HTTP stand-in for the national population database, for tests, the bench and demos (never registered as
// an adapter). It knows the true identity of the first `count` people of the seeded dataset (population-record.ts),
// indexed by current and former CCCD at start (people it has no record of are left out), and answers behind the
// shared fault layer:
//   GET  /v1/citizens/{citizenId}  200 { citizenId, fullName, birthDate, sex } | 404 { error: "not-found" }
//   POST /v1/citizens/lookup       { citizenIds: [1..1000 CCCDs] } -> 200 { citizens: [{ requested, found, citizen? }] }
//   GET  /health                   200 { status: "ok" }
// A former CCCD finds the person under their current number. A replaced number that happens to equal someone
// else's (rare: both are drawn in the same birth group) is not replaced, so every number finds one person.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createGenerator } from '../../src/dataset/generator.ts';
import { populationRecord, type PopulationRecord } from '../../src/dataset/population-record.ts';
import { readJsonBody, sendJson, serveWithFaults } from '../../src/adapters/simulator-faults.ts';
import type { RunningSimulator, SimulatorOptions } from '../../src/adapters/simulators.ts';

const MAX_LOOKUP = 1000;
const CITIZEN_ID = /^\d{12}$/;
const BUILD_CHUNK = 5000;

interface PopulationIndex {
  readonly byCitizenId: Map<string, PopulationRecord>;
}

export async function startSimulator(opts: SimulatorOptions): Promise<RunningSimulator> {
  const index = await buildIndex(opts);
  return serveWithFaults('population-db', (req, res) => answer(index, req, res), opts);
}

/** The population database's records of the first `count` people, by current and former CCCD. */
export async function buildIndex(opts: Pick<SimulatorOptions, 'seed' | 'asOf' | 'count' | 'province'>): Promise<PopulationIndex> {
  const gen = createGenerator({ seed: opts.seed, asOf: opts.asOf, province: opts.province });
  const records: PopulationRecord[] = new Array<PopulationRecord>(opts.count);
  const byCitizenId = new Map<string, PopulationRecord>();
  for (let from = 0; from < opts.count; from += BUILD_CHUNK) {
    for (let i = from; i < Math.min(opts.count, from + BUILD_CHUNK); i++) {
      const record = populationRecord(opts.seed, gen.person(i).person);
      records[i] = record;
      if (record.discrepancy !== 'not-registered') byCitizenId.set(record.formerCitizenId ?? record.citizenId, record);
    }
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  for (let i = 0; i < records.length; i++) {
    const record = records[i] as PopulationRecord;
    if (record.formerCitizenId === undefined) continue;
    if (byCitizenId.has(record.citizenId)) {
      const kept: PopulationRecord = { citizenId: record.formerCitizenId, fullName: record.fullName, birthDate: record.birthDate, sex: record.sex, discrepancy: 'none' };
      byCitizenId.set(record.formerCitizenId, kept);
    } else {
      byCitizenId.set(record.citizenId, record);
    }
  }
  return { byCitizenId };
}

function citizenOf(record: PopulationRecord) {
  return { citizenId: record.citizenId, fullName: record.fullName, birthDate: record.birthDate, sex: record.sex };
}

async function answer(index: PopulationIndex, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const path = (req.url ?? '/').split('?')[0] ?? '/';
  if (req.method === 'GET' && path === '/health') return sendJson(res, 200, { status: 'ok' });
  const single = /^\/v1\/citizens\/([^/]+)$/.exec(path);
  if (req.method === 'GET' && single) {
    const id = decodeURIComponent(single[1] as string);
    if (!CITIZEN_ID.test(id)) return sendJson(res, 400, { error: 'citizenId must be 12 digits' });
    const record = index.byCitizenId.get(id);
    return record ? sendJson(res, 200, citizenOf(record)) : sendJson(res, 404, { error: 'not-found' });
  }
  if (req.method === 'POST' && path === '/v1/citizens/lookup') {
    const body = await readJsonBody(req).catch(() => undefined);
    const ids = (body as { citizenIds?: unknown } | undefined)?.citizenIds;
    if (!Array.isArray(ids) || ids.length < 1 || ids.length > MAX_LOOKUP || !ids.every((id) => typeof id === 'string' && CITIZEN_ID.test(id))) {
      return sendJson(res, 400, { error: `citizenIds must be 1 to ${MAX_LOOKUP} CCCDs of 12 digits` });
    }
    const citizens = (ids as string[]).map((requested) => {
      const record = index.byCitizenId.get(requested);
      return record ? { requested, found: true, citizen: citizenOf(record) } : { requested, found: false };
    });
    return sendJson(res, 200, { citizens });
  }
  return sendJson(res, 404, { error: 'no such route' });
}
