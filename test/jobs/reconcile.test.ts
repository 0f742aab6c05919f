import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { VerifyBatchInput, VerifyBatchResult } from '../../adapters/population-db/operations/verify-batch.ts';
import { startSimulator } from '../../adapters/population-db/simulator.ts';
import type { RunningSimulator } from '../../src/adapters/simulators.ts';
import { loadContracts } from '../../src/contracts/registry.ts';
import type { Adapter, Operation } from '../../src/core/adapter.ts';
import { systemClock } from '../../src/core/clock.ts';
import { GatewayError } from '../../src/core/errors.ts';
import { createGenerator } from '../../src/dataset/generator.ts';
import { populationRecord, type PopulationDiscrepancy } from '../../src/dataset/population-record.ts';
import { type OutcomeCounts, reconcilePopulation, type ReconcileReport } from '../../src/jobs/reconcile-population.ts';
import { openStore, migrate } from '../../src/store/open.ts';
import { seedDataset } from '../../src/store/seed-writer.ts';
import { runCli, startCli } from '../helpers/cli.ts';
import { AS_OF, TEST_SEED } from '../helpers/gateway.ts';
import { setFaults } from '../helpers/simulator-control.ts';
import { DIALECTS, openTestStore, type TestStore } from '../helpers/stores.ts';
import { populationAdapter } from '../helpers/population-adapter.ts';

const contracts = loadContracts();

/** The totals a complete run over the first `count` people must find, from the population records themselves. */
function expectedTotals(count: number, province?: string): OutcomeCounts {
  const gen = createGenerator({ seed: TEST_SEED, asOf: AS_OF });
  const c: OutcomeCounts = { people: 0, matched: 0, mismatch: 0, notFound: 0, fields: { fullName: 0, birthDate: 0, citizenId: 0 } };
  const field: Partial<Record<PopulationDiscrepancy, keyof OutcomeCounts['fields']>> = {
    'name-tone-placement': 'fullName', 'name-diacritic-dropped': 'fullName', 'name-middle-missing': 'fullName', 'name-spelling': 'fullName',
    'birth-date-days': 'birthDate', 'birth-date-year': 'birthDate', 'citizen-id-replaced': 'citizenId',
  };
  for (let i = 0; i < count; i++) {
    const person = gen.person(i).person;
    if (province !== undefined && person.residence_province !== province) continue;
    const { discrepancy } = populationRecord(TEST_SEED, person);
    c.people++;
    const f = field[discrepancy];
    if (discrepancy === 'none') c.matched++;
    else if (discrepancy === 'not-registered') c.notFound++;
    else if (f) {
      c.mismatch++;
      c.fields[f]++;
    }
  }
  return c;
}

for (const dialect of DIALECTS) {
  describe(`reconcile population (${dialect}, in process)`, function () {
    this.timeout(60_000);
    const COUNT = 1500;
    let ts: TestStore;
    let sim: RunningSimulator;
    let adapter: Adapter;
    let operation: Operation<VerifyBatchInput, VerifyBatchResult>;

    before(async () => {
      ts = await openTestStore(dialect);
      await seedDataset(ts.store, { count: COUNT, seed: TEST_SEED, asOf: AS_OF });
      sim = await startSimulator({ host: '127.0.0.1', port: 0, latencyMs: 0, errorRate: 0, seed: TEST_SEED, count: COUNT, asOf: AS_OF });
      adapter = await populationAdapter(sim.url, contracts);
      operation = adapter.operations.verifyBatch as Operation<VerifyBatchInput, VerifyBatchResult>;
    });
    after(async () => {
      await adapter?.close();
      await sim?.close();
      await ts?.dispose();
    });
    afterEach(() => setFaults(sim.url, { malformedRate: 0, oversizedRate: 0 }));

    const run = (over: Partial<Parameters<typeof reconcilePopulation>[0]> = {}) =>
      reconcilePopulation({ store: ts.store, operation, contracts, batchSize: 200, clock: systemClock, fresh: true, ...over });

    it('records per person matched, the fields that differ, or not found, with exact totals by field and province', async () => {
      const { report } = await run();
      assert.deepEqual(report.totals, expectedTotals(COUNT));
      assert.equal(report.status, 'completed');
      const sum = Object.values(report.byProvince).reduce((n, c) => n + c.people, 0);
      assert.equal(sum, COUNT);
      const rows = await ts.store.db.selectFrom('reconciliation_results').select(['outcome', 'fields']).where('run_id', '=', report.runId).execute();
      assert.equal(rows.length, COUNT);
      assert.ok(rows.every((r) => (r.outcome === 'mismatch') === (r.fields !== '')));
    });

    it('covers only the people residing in one province with --province', async () => {
      const { report } = await run({ province: '79' });
      assert.deepEqual(report.totals, expectedTotals(COUNT, '79'));
      assert.deepEqual(Object.keys(report.byProvince), ['79']);
    });

    it('resumes a stopped run where it stopped, counting nobody twice', async () => {
      const stop = new AbortController();
      let runId = '';
      await assert.rejects(
        run({ signal: stop.signal, onStart: (r) => (runId = r.id), onProgress: (p) => p.done >= 400 && stop.abort() }),
        (e: unknown) => (e as Error).name === 'AbortError',
      );
      const stored = await ts.store.db.selectFrom('reconciliation_runs').selectAll().where('id', '=', runId).executeTakeFirstOrThrow();
      assert.equal(stored.status, 'running');
      assert.equal(stored.processed, 400);
      const resumed = await run({ fresh: false });
      assert.equal(resumed.report.runId, runId);
      assert.ok(resumed.resumed);
      assert.equal(resumed.peopleThisRun, COUNT - 400);
      assert.deepEqual(resumed.report.totals, expectedTotals(COUNT));
    });

    for (const fault of ['malformedRate', 'oversizedRate']) {
      it(`stores nothing of ${fault === 'malformedRate' ? 'a malformed' : 'an oversized'} answer and stops with 502 upstream.bad_response`, async () => {
        await setFaults(sim.url, { [fault]: 1 });
        let runId = '';
        await assert.rejects(run({ onStart: (r) => (runId = r.id) }), (e: unknown) => e instanceof GatewayError && e.code === 'upstream.bad_response');
        const rows = await ts.store.db.selectFrom('reconciliation_results').select('person_id').where('run_id', '=', runId).execute();
        assert.equal(rows.length, 0);
        const stored = await ts.store.db.selectFrom('reconciliation_runs').selectAll().where('id', '=', runId).executeTakeFirstOrThrow();
        assert.equal(stored.cursor, 0);
        assert.equal(stored.processed, 0);
      });
    }

    it('keeps to the rate limit towards the upstream', async () => {
      const { seconds, peopleThisRun } = await run({ ratePerSecond: 2000, batchSize: 250 });
      assert.equal(peopleThisRun, COUNT);
      // The first batch goes at once; the other 1,250 people need at least 0.625 s at 2,000 people/s.
      assert.ok(seconds >= 0.6, `took ${seconds} s`);
    });
  });
}

describe('vss-gateway reconcile population (child process)', function () {
  this.timeout(120_000);
  const COUNT = 6000;
  let ts: TestStore;
  let sim: ReturnType<typeof startCli>;
  let env: Record<string, string>;

  before(async () => {
    ts = await openTestStore('sqlite');
    await seedDataset(ts.store, { count: COUNT, seed: TEST_SEED, asOf: AS_OF });
    await ts.store.close();
    // The simulator runs in its own process: runCli blocks this one until the command ends.
    sim = startCli(['simulate', 'population-db'], { VSS_DATA_DIR: ts.dataDir }, /listening on http:\S+/);
    const url = /listening on (http:\S+)/.exec(await sim.started)?.[1] as string;
    const overlay = join(ts.dataDir, 'overlay.json');
    writeFileSync(overlay, JSON.stringify({ adapters: { population: { use: 'population-db', baseUrl: url } } }));
    env = { VSS_DATA_DIR: ts.dataDir, VSS_CONFIG: overlay };
  });
  after(async () => {
    sim?.child.kill('SIGTERM');
    await sim?.exited;
    await ts?.dispose();
  });

  const reportOf = (stdout: string): ReconcileReport => JSON.parse(readFileSync(/report: (\S+)/.exec(stdout)?.[1] as string, 'utf8')) as ReconcileReport;

  it('continues after a SIGKILL where the last committed batch left off, with the same totals as an uninterrupted run', async () => {
    const first = startCli(['reconcile', 'population', '--batch', '200', '--rate', '1500'], env, /reconciliation rec-/);
    const runId = /reconciliation (rec-\S+)/.exec(await first.started)?.[1] as string;
    await new Promise<void>((resolve) => {
      first.child.stderr.on('data', () => {
        if (/\d+\/6,000 people/.test(first.output().stderr)) resolve();
      });
    });
    first.child.kill('SIGKILL');
    await first.exited;

    const store = openStore({ dataDir: ts.dataDir });
    await migrate(store);
    const killed = await store.db.selectFrom('reconciliation_runs').selectAll().where('id', '=', runId).executeTakeFirstOrThrow();
    const rowsAtKill = await store.db.selectFrom('reconciliation_results').select('person_id').where('run_id', '=', runId).execute();
    await store.close();
    assert.equal(killed.status, 'running');
    assert.ok(killed.processed >= 200 && killed.processed < COUNT, `${killed.processed} done at the kill`);
    assert.equal(rowsAtKill.length, killed.processed);

    const second = runCli(['reconcile', 'population'], env);
    assert.equal(second.status, 0, second.stderr);
    assert.match(second.stdout, new RegExp(`resuming reconciliation ${runId} \\(all provinces\\) at [\\d,]+/6,000 people`));
    assert.match(second.stdout, /full name +birth date +CCCD/);
    const resumed = reportOf(second.stdout);
    assert.equal(resumed.runId, runId);

    const fresh = runCli(['reconcile', 'population', '--new', '--batch', '1000'], env);
    assert.equal(fresh.status, 0, fresh.stderr);
    const uninterrupted = reportOf(fresh.stdout);
    assert.notEqual(uninterrupted.runId, runId);
    assert.equal(resumed.totals.people, COUNT);
    assert.deepEqual(resumed.totals, uninterrupted.totals);
    assert.deepEqual(resumed.byProvince, uninterrupted.byProvince);
    assert.deepEqual(resumed.totals, expectedTotals(COUNT));
  });

  it('exits 69 when the population database is down, keeping the run to resume', () => {
    const overlay = join(ts.dataDir, 'down.json');
    writeFileSync(overlay, JSON.stringify({ adapters: { population: { use: 'population-db', baseUrl: 'http://127.0.0.1:9', resilience: { retries: { maxAttempts: 1 } } } } }));
    const r = runCli(['reconcile', 'population', '--new'], { ...env, VSS_CONFIG: overlay });
    assert.equal(r.status, 69, r.stderr);
    assert.match(r.stderr, /reconciliation stopped at 0\/6,000 people: upstream\.unavailable.*run the same command again/);
  });

  it('exits 64 on bad options', () => {
    for (const args of [['--batch', '0'], ['--run', 'nope'], ['--run', 'rec-20260101-00000000', '--new'], ['--run', 'rec-20260101-00000000'], ['--province', '03']]) {
      const r = runCli(['reconcile', 'population', ...args], env);
      assert.equal(r.status, 64, `${args.join(' ')}: ${r.stderr}`);
    }
  });
});
