import assert from 'node:assert/strict';
import request from 'supertest';
import { startSimulator } from '../../adapters/population-db/simulator.ts';
import type { RunningSimulator } from '../../src/adapters/simulators.ts';
import { createGenerator } from '../../src/dataset/generator.ts';
import { populationRecord } from '../../src/dataset/population-record.ts';
import type { PersonTable } from '../../src/store/schema.ts';
import { AS_OF, DEFAULT_PARTNERS, startTestGateway, TEST_SEED, type TestGateway } from '../helpers/gateway.ts';
import { findPerson, unknownCitizenId } from '../helpers/people.ts';
import { resetStats, setFaults, simulatorStats } from '../helpers/simulator-control.ts';

const SEED_COUNT = 400;
const VERIFIER = { id: 'ministry-identity', kind: 'ministry' as const, scopes: ['identity.verify' as const], purposes: ['identity-verification' as const], fieldSets: ['identity' as const] };

/** A seeded person whose insurance record agrees with the population database. */
function agreeingPerson(): PersonTable {
  const gen = createGenerator({ seed: TEST_SEED, asOf: AS_OF });
  for (let i = 0; i < SEED_COUNT; i++) {
    const p = gen.person(i).person;
    if (p.birth_date_precision === 'day' && populationRecord(TEST_SEED, p).discrepancy === 'none') return p;
  }
  throw new Error('no agreeing person');
}

describe('POST /v1/identity/verify (population-db adapter against its simulator)', function () {
  this.timeout(60_000);
  let sim: RunningSimulator;
  let t: TestGateway;
  const person = agreeingPerson();
  const claim = { citizenId: person.citizen_id, fullName: person.full_name, birthDate: person.birth_date };

  before(async () => {
    sim = await startSimulator({ host: '127.0.0.1', port: 0, latencyMs: 0, errorRate: 0, seed: TEST_SEED, count: SEED_COUNT, asOf: AS_OF });
    t = await startTestGateway({
      seedCount: SEED_COUNT,
      partners: [...DEFAULT_PARTNERS, VERIFIER],
      overrides: {
        adapters: {
          population: {
            use: 'population-db', baseUrl: sim.url, timeoutMs: 5000,
            resilience: { timeoutMs: 400, retries: { maxAttempts: 2, initialDelayMs: 5, maxDelayMs: 20 }, breaker: { consecutiveFailures: 50, halfOpenAfterMs: 60_000 }, bulkhead: { maxConcurrent: 2, maxQueue: 2 } },
          },
        },
      },
    });
  });
  after(async () => {
    await t?.close();
    await sim?.close();
  });
  beforeEach(async () => {
    await setFaults(sim.url, { latencyMs: 0, errorRate: 0, malformedRate: 0, oversizedRate: 0, resetRate: 0 });
    await resetStats(sim.url);
  });

  const verify = async (body: unknown, partner = VERIFIER.id) =>
    request(t.app).post('/v1/identity/verify').set('Authorization', `Bearer ${await t.token(partner)}`).send(body as object);

  it('answers match with every field matching for a person the population database agrees on', async () => {
    const res = await verify(claim);
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, { result: 'match', fields: { citizenId: 'match', fullName: 'match', birthDate: 'match' } });
  });

  it('answers mismatch per field: the name with a dropped tone mark, the birth date off by a day', async () => {
    const name = person.full_name.normalize('NFD').replace(/[\u0300\u0301\u0303\u0309\u0323]/u, '').normalize('NFC');
    assert.notEqual(name, person.full_name);
    const res = await verify({ ...claim, fullName: name });
    assert.deepEqual(res.body, { result: 'mismatch', fields: { citizenId: 'match', fullName: 'mismatch', birthDate: 'match' } });
    const day = new Date(Date.parse(`${person.birth_date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    const res2 = await verify({ ...claim, birthDate: day });
    assert.deepEqual(res2.body, { result: 'mismatch', fields: { citizenId: 'match', fullName: 'match', birthDate: 'mismatch' } });
  });

  it('compares names folded for case and spacing, and a year-only birth date at year precision', async () => {
    const res = await verify({ ...claim, fullName: `  ${person.full_name.toUpperCase()} ` .replace(' ', '  ') });
    assert.equal(res.body.result, 'match');
    const res2 = await verify({ ...claim, birthDate: person.birth_date.slice(0, 4) });
    assert.equal(res2.body.result, 'match');
  });

  it('answers not-found for a CCCD the population database does not know, without fields', async () => {
    const res = await verify({ ...claim, citizenId: await unknownCitizenId(t.ts.store) });
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, { result: 'not-found' });
  });

  it('refuses a bad CCCD with 400 and a partner without the identity.verify scope with 403, before any upstream call', async () => {
    const bad = await verify({ ...claim, citizenId: '12345' });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.code, 'contract.request_invalid');
    const denied = await verify(claim, 'hospital-a');
    assert.equal(denied.status, 403);
    assert.equal((await simulatorStats(sim.url)).requests, 0);
  });

  it('answers 502 upstream.bad_response for a malformed or oversized upstream answer', async () => {
    await setFaults(sim.url, { malformedRate: 1 });
    const res = await verify(claim);
    assert.equal(res.status, 502);
    assert.equal(res.body.code, 'upstream.bad_response');
    await setFaults(sim.url, { malformedRate: 0, oversizedRate: 1 });
    const res2 = await verify(claim);
    assert.equal(res2.status, 502);
    assert.equal(res2.body.code, 'upstream.bad_response');
  });

  it('answers 503 upstream.unavailable with Retry-After when the population database keeps failing', async () => {
    await setFaults(sim.url, { errorRate: 1 });
    const res = await verify(claim);
    assert.equal(res.status, 503);
    assert.equal(res.body.code, 'upstream.unavailable');
    assert.ok(Number(res.headers['retry-after']) >= 1);
    assert.equal((await simulatorStats(sim.url)).requests, 2, 'one retry, as configured');
  });

  it('answers 504 at the configured deadline while the population database hangs; card checks still answer and in-flight calls stay bounded by the bulkhead', async () => {
    await setFaults(sim.url, { latencyMs: 10_000 });
    const started = Date.now();
    const verifications = Promise.all(Array.from({ length: 8 }, () => verify(claim).then((r) => ({ status: r.status, code: r.body.code as string, at: Date.now() - started }))));
    const { person: insured } = await findPerson(t.ts.store, 'valid');
    const card = await request(t.app).get(`/v1/cards/by-citizen/${insured.citizen_id}`).set('Authorization', `Bearer ${await t.token('hospital-a')}`);
    assert.equal(card.status, 200);
    assert.equal(card.body.resultCode, '000');
    const answers = await verifications;
    const timedOut = answers.filter((a) => a.status === 504);
    const refused = answers.filter((a) => a.status === 503);
    assert.equal(timedOut.length + refused.length, 8);
    assert.ok(timedOut.length >= 2 && timedOut.length <= 4, `${timedOut.length} timed out`);
    assert.ok(timedOut.every((a) => a.code === 'upstream.timeout' && a.at >= 390 && a.at < 3000), JSON.stringify(timedOut));
    assert.ok(refused.every((a) => a.code === 'upstream.unavailable'));
    const stats = await simulatorStats(sim.url);
    assert.ok(stats.maxInFlight <= 2, `${stats.maxInFlight} calls in flight upstream at once`);
  });

  it('keeps CCCDs and names out of the logs', async () => {
    await verify({ ...claim, fullName: 'Trần Thị Bích' });
    const text = t.logs.text();
    assert.ok(!text.includes(person.citizen_id));
    assert.ok(!text.includes('Bích'));
  });
});
