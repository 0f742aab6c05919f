import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { VerifyBatchInput, VerifyBatchResult } from '../../adapters/population-db/operations/verify-batch.ts';
import { startSimulator } from '../../adapters/population-db/simulator.ts';
import type { RunningSimulator } from '../../src/adapters/simulators.ts';
import { loadContracts } from '../../src/contracts/registry.ts';
import type { Adapter, CallContext, Operation } from '../../src/core/adapter.ts';
import { GatewayError } from '../../src/core/errors.ts';
import { createGenerator } from '../../src/dataset/generator.ts';
import { type PopulationDiscrepancy, populationRecord, type PopulationRecord } from '../../src/dataset/population-record.ts';
import { openStore } from '../../src/store/open.ts';
import { seedDataset } from '../../src/store/seed-writer.ts';
import type { PersonTable } from '../../src/store/schema.ts';
import { runCli, startCli } from '../helpers/cli.ts';
import { AS_OF, TEST_SEED } from '../helpers/gateway.ts';
import { populationAdapter } from '../helpers/population-adapter.ts';

const COUNT = 5000;
const contracts = loadContracts();

function ctx(): CallContext {
  return {
    requestId: 'test', signal: new AbortController().signal, deadline: Date.now() + 30_000, partner: 'test', purpose: 'identity-verification',
    fields: new Set(), today: AS_OF,
  };
}

/** Which fields a discrepancy makes differ. */
const EXPECTED: Record<PopulationDiscrepancy, string> = {
  none: 'match',
  'name-tone-placement': 'fullName',
  'name-diacritic-dropped': 'fullName',
  'name-middle-missing': 'fullName',
  'name-spelling': 'fullName',
  'birth-date-days': 'birthDate',
  'birth-date-year': 'birthDate',
  'citizen-id-replaced': 'citizenId',
  'not-registered': 'not-found',
};

describe('population-db adapter and simulator', function () {
  this.timeout(60_000);
  const gen = createGenerator({ seed: TEST_SEED, asOf: AS_OF });
  const people: PersonTable[] = Array.from({ length: COUNT }, (_, i) => gen.person(i).person);
  const records: PopulationRecord[] = people.map((p) => populationRecord(TEST_SEED, p));
  let sim: RunningSimulator;
  let adapter: Adapter;

  before(async () => {
    sim = await startSimulator({ host: '127.0.0.1', port: 0, latencyMs: 0, errorRate: 0, seed: TEST_SEED, count: COUNT, asOf: AS_OF });
    adapter = await populationAdapter(sim.url, contracts);
  });
  after(async () => {
    await adapter?.close();
    await sim?.close();
  });

  it('derives a population record that differs from the insurance copy for a few percent of people, in every kind', () => {
    const kinds = new Map<PopulationDiscrepancy, number>();
    for (const r of records) kinds.set(r.discrepancy, (kinds.get(r.discrepancy) ?? 0) + 1);
    const differing = COUNT - (kinds.get('none') ?? 0);
    assert.ok(differing > COUNT * 0.02 && differing < COUNT * 0.06, `${differing} of ${COUNT} differ`);
    for (const kind of Object.keys(EXPECTED) as PopulationDiscrepancy[]) {
      if (kind !== 'not-registered' && kind !== 'name-tone-placement') assert.ok((kinds.get(kind) ?? 0) > 0, `no ${kind}`);
    }
    assert.deepEqual(populationRecord(TEST_SEED, people[7] as PersonTable), records[7], 'deterministic');
  });

  it('verifies a batch in order: matched, the differing field for each kind of discrepancy, or not found', async () => {
    const verifyBatch = adapter.operations.verifyBatch as Operation<VerifyBatchInput, VerifyBatchResult>;
    for (let from = 0; from < COUNT; from += 1000) {
      const batch = people.slice(from, from + 1000);
      const out = await verifyBatch.run(
        { people: batch.map((p) => ({ citizenId: p.citizen_id, fullName: p.full_name, birthDate: p.birth_date_precision === 'year' ? p.birth_date.slice(0, 4) : p.birth_date })) },
        ctx(),
      );
      assert.deepEqual(contracts.check(verifyBatch.output, out), []);
      out.results.forEach((r, k) => {
        const record = records[from + k] as PopulationRecord;
        const differing = r.fields ? Object.entries(r.fields).filter(([, v]) => v === 'mismatch').map(([f]) => f).join(',') : r.result;
        assert.equal(differing || 'match', EXPECTED[record.discrepancy], `person ${from + k + 1} (${record.discrepancy})`);
      });
    }
  });

  it('finds a person by their former CCCD under the current number, and compares a year-only birth date by year', async () => {
    const replaced = records.find((r) => r.discrepancy === 'citizen-id-replaced') as PopulationRecord;
    const res = await fetch(`${sim.url}/v1/citizens/${replaced.formerCitizenId}`);
    const body = (await res.json()) as { citizenId: string };
    assert.equal(res.status, 200);
    assert.equal(body.citizenId, replaced.citizenId);
    assert.notEqual(body.citizenId, replaced.formerCitizenId);
    const yearOnly = people.find((p, i) => p.birth_date_precision === 'year' && records[i]?.discrepancy === 'none') as PersonTable;
    const out = await (adapter.operations.verifyIdentity as Operation).run({ citizenId: yearOnly.citizen_id, fullName: yearOnly.full_name, birthDate: yearOnly.birth_date }, ctx());
    assert.equal(out.result, 'match');
  });

  it('answers the same question the same way through the single and the batch operation', async () => {
    const p = people[11] as PersonTable;
    const claim = { citizenId: p.citizen_id, fullName: `${p.full_name}x`, birthDate: p.birth_date };
    const one = await (adapter.operations.verifyIdentity as Operation).run(claim, ctx());
    const batch = await (adapter.operations.verifyBatch as Operation).run({ people: [claim, claim] }, ctx());
    assert.deepEqual(batch.results, [one, one]);
    assert.equal(one.fields.fullName, 'mismatch');
  });

  describe('an upstream answering outside its contract', () => {
    let rogue: Server;
    let rogueUrl: string;
    let answer: unknown;
    before(async () => {
      rogue = createServer((_req, res) => {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(answer));
      });
      await new Promise<void>((resolve) => rogue.listen(0, '127.0.0.1', resolve));
      rogueUrl = `http://127.0.0.1:${(rogue.address() as AddressInfo).port}`;
    });
    after(() => new Promise<void>((resolve) => rogue.close(() => resolve())));

    const cases: [string, unknown][] = [
      ['a found citizen without a record', { citizens: [{ requested: '001190012345', found: true }] }],
      ['a record with an unknown property', { citizens: [{ requested: '001190012345', found: true, citizen: { citizenId: '001190012345', fullName: 'A', birthDate: '1990-01-01', sex: 'male', note: 'x' } }] }],
      ['no answer for the CCCD asked', { citizens: [{ requested: '001190099999', found: false }] }],
      ['two answers for one CCCD', { citizens: [{ requested: '001190012345', found: false }, { requested: '001190012345', found: false }] }],
    ];
    for (const [what, body] of cases) {
      it(`is a 502 upstream.bad_response: ${what}`, async () => {
        answer = body;
        const rogueAdapter = await populationAdapter(rogueUrl, contracts);
        try {
          await assert.rejects(
            (rogueAdapter.operations.verifyBatch as Operation).run({ people: [{ citizenId: '001190012345', fullName: 'A', birthDate: '1990-01-01' }] }, ctx()),
            (e: unknown) => e instanceof GatewayError && e.code === 'upstream.bad_response' && e.status === 502,
          );
        } finally {
          await rogueAdapter.close();
        }
      });
    }
  });

  describe('vss-gateway simulate', () => {
    let dataDir: string;
    before(async () => {
      dataDir = mkdtempSync(join(tmpdir(), 'vss-sim-'));
      const store = openStore({ dataDir });
      const { migrate } = await import('../../src/store/open.ts');
      await migrate(store);
      await seedDataset(store, { count: 120, seed: 9, asOf: AS_OF });
      await store.close();
    });
    after(() => rmSync(dataDir, { recursive: true, force: true }));

    it('serves the dataset the store was seeded with on 127.0.0.1, and stops on SIGTERM', async () => {
      const run = startCli(['simulate', 'population-db'], { VSS_DATA_DIR: dataDir }, /listening on (http:\S+)/);
      try {
        const out = await run.started;
        assert.match(out, /\(120 people, seed 9, as of 2026-11-01\)/);
        const url = /listening on (http:\S+)/.exec(out)?.[1] as string;
        assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/);
        const person = createGenerator({ seed: 9, asOf: AS_OF }).person(5).person;
        const res = await fetch(`${url}/v1/citizens/${person.citizen_id}`);
        assert.equal(res.status, 200);
        assert.equal(((await res.json()) as { citizenId: string }).citizenId, populationRecord(9, person).citizenId);
      } finally {
        run.child.kill('SIGTERM');
      }
      assert.equal(await run.exited, 0);
    });

    it('exits 64 with a clear message on an unknown upstream or a bad rate', () => {
      const unknown = runCli(['simulate', 'nowhere'], { VSS_DATA_DIR: dataDir });
      assert.equal(unknown.status, 64);
      assert.match(unknown.stderr, /population-db/);
      const bad = runCli(['simulate', 'population-db', '--error-rate', '2'], { VSS_DATA_DIR: dataDir });
      assert.equal(bad.status, 64);
      assert.match(bad.stderr, /--error-rate must be a number from 0 to 1/);
    });
  });
});
