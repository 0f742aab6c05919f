import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { VaccinationsAnswer, VaccinationsRequest } from '../../adapters/health-authority/operations/vaccinations-batch.ts';
import { isRegistered, startSimulator } from '../../adapters/health-authority/simulator.ts';
import { adapterSchemas, startAdapter } from '../../src/adapters/registry.ts';
import type { RunningSimulator } from '../../src/adapters/simulators.ts';
import { loadConfig } from '../../src/config/load.ts';
import { loadContracts } from '../../src/contracts/registry.ts';
import type { Adapter, Operation } from '../../src/core/adapter.ts';
import { systemClock } from '../../src/core/clock.ts';
import { GatewayError } from '../../src/core/errors.ts';
import { createGenerator } from '../../src/dataset/generator.ts';
import { vaccinationsOf } from '../../src/dataset/vaccination-record.ts';
import { syncVaccinations } from '../../src/jobs/sync-vaccinations.ts';
import type { Store } from '../../src/store/open.ts';
import { seedDataset } from '../../src/store/seed-writer.ts';
import { runCli, startCli } from '../helpers/cli.ts';
import { AS_OF, TEST_SEED } from '../helpers/gateway.ts';
import { captureLogger } from '../helpers/log-capture.ts';
import { DIALECTS, openTestStore, type TestStore } from '../helpers/stores.ts';

const COUNT = 400;
const gen = createGenerator({ seed: TEST_SEED, asOf: AS_OF });

/** What the store must hold for people 1..lastId (or only those of `province`) after a sync: [people, records]. */
function expected(lastId: number, province?: string): { people: number; records: number; byPerson: Map<number, number> } {
  const byPerson = new Map<number, number>();
  let people = 0;
  for (let i = 0; i < lastId; i++) {
    const { person } = gen.person(i);
    if (province && person.residence_province !== province) continue;
    people++;
    if (isRegistered(TEST_SEED, person.id)) {
      const n = vaccinationsOf(person, { seed: TEST_SEED, asOf: AS_OF }).length;
      if (n > 0) byPerson.set(person.id, n);
    }
  }
  return { people, records: [...byPerson.values()].reduce((a, b) => a + b, 0), byPerson };
}

async function storedRecords(store: Store): Promise<number> {
  const row = await store.db.selectFrom('vaccinations').select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

async function setFaults(sim: RunningSimulator, faults: Record<string, number>): Promise<void> {
  const res = await fetch(`${sim.url}/_sim/faults`, { method: 'PUT', body: JSON.stringify(faults) });
  assert.equal(res.status, 200);
}

for (const dialect of DIALECTS) {
  describe(`sync vaccinations (${dialect})`, function () {
    this.timeout(120_000);
    let ts: TestStore;
    let sim: RunningSimulator;
    let adapter: Adapter;
    let operation: Operation<VaccinationsRequest, VaccinationsAnswer>;

    before(async () => {
      ts = await openTestStore(dialect);
      await seedDataset(ts.store, { count: COUNT, seed: TEST_SEED, asOf: AS_OF });
      sim = await startSimulator({ host: '127.0.0.1', port: 0, latencyMs: 0, errorRate: 0, seed: TEST_SEED, count: COUNT, asOf: AS_OF });
      const config = loadConfig({
        env: { VSS_DATA_DIR: ts.dataDir },
        adapterSchemas: adapterSchemas(),
        overrides: { adapters: { health: { baseUrl: sim.url, maxBodyBytes: 1_048_576, resilience: { retries: { maxAttempts: 1 } } } } },
      });
      adapter = await startAdapter(config, 'health-authority', { log: captureLogger().log, store: ts.store, contracts: loadContracts(), clock: systemClock }, AbortSignal.timeout(5000));
      operation = adapter.operations.vaccinationsBatch as Operation<VaccinationsRequest, VaccinationsAnswer>;
    });
    after(async () => {
      await adapter?.close();
      await sim?.close();
      await ts?.dispose();
    });
    beforeEach(async () => {
      await setFaults(sim, { malformedRate: 0, oversizedRate: 0 });
      await ts.store.db.deleteFrom('vaccinations').execute();
      await ts.store.db.deleteFrom('vaccination_sync').execute();
    });

    const sync = (o: { province?: string; batchSize?: number } = {}) =>
      syncVaccinations({ store: ts.store, operation, source: 'health', batchSize: o.batchSize ?? 64, clock: systemClock, province: o.province });

    it('stores every insured person\'s records from the simulator over HTTP, exactly as the health authority holds them', async () => {
      const want = expected(COUNT);
      const summary = await sync();
      assert.equal(summary.peopleDone, COUNT);
      assert.equal(summary.total, COUNT);
      assert.equal(summary.recordsStored, want.records);
      assert.equal(summary.peopleWithRecords, want.byPerson.size);
      assert.equal(summary.notFound, [...Array(COUNT).keys()].filter((i) => !isRegistered(TEST_SEED, i + 1)).length);
      assert.equal(await storedRecords(ts.store), want.records);
      const person = [...Array(COUNT).keys()].map((i) => gen.person(i).person).find((p) => (want.byPerson.get(p.id) ?? 0) >= 5);
      assert.ok(person);
      const rows = await ts.store.db.selectFrom('vaccinations').selectAll().where('person_id', '=', person.id).orderBy('date').orderBy('vaccine').execute();
      const derived = vaccinationsOf(person, { seed: TEST_SEED, asOf: AS_OF });
      assert.deepEqual(
        rows.map((r) => ({ vaccineCode: r.vaccine, vaccineName: r.vaccine_name, dose: r.dose, date: r.date, place: r.place })).sort(byDateCode),
        [...derived].sort(byDateCode),
      );
      assert.ok(rows.every((r) => r.source === 'health'));
      const run = await ts.store.db.selectFrom('vaccination_sync').selectAll().executeTakeFirstOrThrow();
      assert.equal(run.status, 'done');
    });

    it('syncs only the people residing in the province asked for', async () => {
      const province = gen.person(0).person.residence_province;
      const want = expected(COUNT, province);
      const summary = await sync({ province });
      assert.equal(summary.total, want.people);
      assert.equal(summary.peopleDone, want.people);
      assert.equal(await storedRecords(ts.store), want.records);
      const outside = await ts.store.db
        .selectFrom('vaccinations')
        .innerJoin('people', 'people.id', 'vaccinations.person_id')
        .select('people.id')
        .where('people.residence_province', '<>', province)
        .execute();
      assert.equal(outside.length, 0);
    });

    it('replaces records on the next run instead of adding to them', async () => {
      await sync();
      const first = await storedRecords(ts.store);
      const again = await sync({ batchSize: 150 });
      assert.equal(again.resumed, false);
      assert.equal(again.recordsStored, first);
      assert.equal(await storedRecords(ts.store), first);
    });

    for (const [fault, setting] of [['a malformed', { malformedRate: 1 }], ['an oversized', { oversizedRate: 1 }]] as const) {
      it(`stops at ${fault} answer with 502 upstream.bad_response, stores nothing of it, and resumes to exact totals`, async () => {
        await setFaults(sim, setting);
        await assert.rejects(sync(), (e: unknown) => e instanceof GatewayError && e.code === 'upstream.bad_response');
        assert.equal(await storedRecords(ts.store), 0);
        const run = await ts.store.db.selectFrom('vaccination_sync').selectAll().executeTakeFirstOrThrow();
        assert.equal(run.status, 'running');
        assert.equal(run.people_done, 0);
        assert.equal(run.last_person_id, 0);
        await setFaults(sim, { malformedRate: 0, oversizedRate: 0 });
        const summary = await sync();
        assert.equal(summary.resumed, true);
        assert.equal(summary.runId, run.id);
        assert.equal(summary.peopleDone, COUNT);
        assert.equal(summary.recordsStored, expected(COUNT).records);
        assert.equal(await storedRecords(ts.store), expected(COUNT).records);
      });
    }
  });
}

describe('vss-gateway sync vaccinations', function () {
  this.timeout(180_000);
  let ts: TestStore;
  let sim: RunningSimulator;
  let env: Record<string, string>;

  before(async () => {
    ts = await openTestStore('sqlite');
    await seedDataset(ts.store, { count: COUNT, seed: TEST_SEED, asOf: AS_OF });
    // Slow enough that the run is still going when it is killed after its first batch.
    sim = await startSimulator({ host: '127.0.0.1', port: 0, latencyMs: 150, errorRate: 0, seed: TEST_SEED, count: COUNT, asOf: AS_OF });
    const overlay = join(ts.dataDir, 'health.json');
    writeFileSync(overlay, JSON.stringify({ adapters: { health: { baseUrl: sim.url } } }));
    env = { VSS_DATA_DIR: ts.dataDir, VSS_CONFIG: overlay };
  });
  after(async () => {
    await sim?.close();
    await ts?.dispose();
  });

  it('resumes after a SIGKILL where it stopped, with exact totals and nobody counted twice', async () => {
    const first = startCli(['sync', 'vaccinations', '--batch', '40'], env, /^ {2}\d+\/400 people \(/m);
    await first.started;
    first.child.kill('SIGKILL');
    assert.equal(await first.exited, null);
    const killed = await ts.store.db.selectFrom('vaccination_sync').selectAll().executeTakeFirstOrThrow();
    assert.equal(killed.status, 'running');
    assert.ok(killed.people_done >= 40 && killed.people_done < COUNT, `killed after ${killed.people_done} people`);
    assert.equal(killed.people_done % 40, 0);
    const partial = expected(killed.last_person_id);
    assert.equal(killed.people_done, partial.people);
    assert.equal(killed.records_stored, partial.records);
    assert.equal(await storedRecords(ts.store), partial.records);

    const second = startCli(['sync', 'vaccinations', '--batch', '40'], env, /^this run: /m);
    const out = await second.started;
    assert.equal(await second.exited, 0);
    assert.match(out, new RegExp(`resuming sync ${killed.id} \\(all provinces\\) at ${killed.people_done}/400 people`));
    const want = expected(COUNT);
    assert.match(out, new RegExp(`synced vaccinations of 400 people \\(all provinces\\): ${want.records.toLocaleString('en')} records`));
    const done = await ts.store.db.selectFrom('vaccination_sync').selectAll().where('id', '=', killed.id).executeTakeFirstOrThrow();
    assert.equal(done.status, 'done');
    assert.equal(done.people_done, COUNT);
    assert.equal(done.records_stored, want.records);
    assert.equal(await storedRecords(ts.store), want.records);
  });

  it('refuses bad options with exit 64', () => {
    for (const args of [['--batch', '0'], ['--batch', '1001'], ['--province', '03']]) {
      const run = runCli(['sync', 'vaccinations', ...args], env);
      assert.equal(run.status, 64, args.join(' '));
      assert.match(run.stderr, args[0] === '--batch' ? /--batch must be an integer from 1 to 1000/ : /--province must be a post-2025 province code/);
    }
  });
});

function byDateCode(a: { date: string; vaccineCode: string; dose: number }, b: { date: string; vaccineCode: string; dose: number }): number {
  return a.date.localeCompare(b.date) || a.vaccineCode.localeCompare(b.vaccineCode) || a.dose - b.dose;
}
