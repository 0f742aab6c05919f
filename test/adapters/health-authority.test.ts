import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { healthAuthority } from '../../adapters/health-authority/index.ts';
import type { VaccinationsAnswer } from '../../adapters/health-authority/operations/vaccinations-batch.ts';
import { startSimulator } from '../../adapters/health-authority/simulator.ts';
import { adapterSchemas, startAdapter } from '../../src/adapters/registry.ts';
import type { RunningSimulator } from '../../src/adapters/simulators.ts';
import { loadConfig } from '../../src/config/load.ts';
import { loadContracts } from '../../src/contracts/registry.ts';
import type { Adapter, AdapterDeps, CallContext } from '../../src/core/adapter.ts';
import { systemClock } from '../../src/core/clock.ts';
import { GatewayError } from '../../src/core/errors.ts';
import { UpstreamHttpError, UpstreamMalformedError, UpstreamNetworkError } from '../../src/core/upstream-error.ts';
import { createGenerator } from '../../src/dataset/generator.ts';
import { vaccinationsOf } from '../../src/dataset/vaccination-record.ts';
import { dayNumber } from '../../src/domain/dates.ts';
import { captureLogger } from '../helpers/log-capture.ts';
import { rejection } from '../helpers/failure.ts';

const SEED = 42;
const AS_OF = '2026-11-01';
const COUNT = 300;
const gen = createGenerator({ seed: SEED, asOf: AS_OF });
const contracts = loadContracts();

function context(): CallContext {
  return {
    requestId: 'test-request', signal: new AbortController().signal, deadline: Date.now() + 30_000, partner: 'vss-gateway',
    purpose: 'vaccination', fields: new Set(), today: AS_OF,
  };
}

function configFor(baseUrl: string, extra: Record<string, unknown> = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), 'vss-ha-'));
  const config = loadConfig({ env: { VSS_DATA_DIR: dataDir }, adapterSchemas: adapterSchemas(), overrides: { adapters: { health: { baseUrl, ...extra } } } });
  rmSync(dataDir, { recursive: true, force: true });
  return config;
}

function deps(): AdapterDeps {
  return { log: captureLogger().log, store: undefined, contracts, clock: systemClock };
}

/** The adapter without the resilience layer, to see the errors it throws itself. */
function bareAdapter(baseUrl: string, extra: Record<string, unknown> = {}): Adapter {
  return healthAuthority.create(configFor(baseUrl, extra).adapters.health as never, deps());
}

/** A real HTTP server answering every request with one fixed status, headers and body. */
async function fixedServer(status: number, body: string, headers: Record<string, string> = {}): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((_req, res) => res.writeHead(status, { 'Content-Type': 'application/json', ...headers }).end(body));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

describe('health-authority adapter against its simulator', function () {
  this.timeout(60_000);
  let sim: RunningSimulator;
  let adapter: Adapter;
  before(async () => {
    sim = await startSimulator({ host: '127.0.0.1', port: 0, latencyMs: 0, errorRate: 0, seed: SEED, count: COUNT, asOf: AS_OF });
    adapter = await startAdapter(configFor(sim.url), 'health-authority', deps(), AbortSignal.timeout(5000));
  });
  after(async () => {
    await adapter?.close();
    await sim?.close();
  });

  it('answers a batch with each person\'s records as the dataset derives them, and unknown people as not found', async () => {
    const people = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((i) => gen.person(i).person);
    const stranger = gen.person(COUNT + 5).person.citizen_id;
    const answer = (await adapter.operations.vaccinationsBatch!.run({ citizenIds: [...people.map((p) => p.citizen_id), stranger] }, context())) as VaccinationsAnswer;
    assert.ok(answer.notFound.includes(stranger));
    assert.ok(answer.people.length >= 8, 'nearly everyone is in the registry');
    for (const p of answer.people) {
      const person = people.find((q) => q.citizen_id === p.citizenId);
      assert.ok(person, 'only people asked for');
      assert.deepEqual(p.vaccinations, vaccinationsOf(person, { seed: SEED, asOf: AS_OF }));
    }
    assert.ok(answer.people.some((p) => p.vaccinations.length > 0));
  });

  it('derives realistic records: none before birth or after the as-of date, places in the person\'s provinces, routine doses for young children', () => {
    let children = 0;
    for (let i = 0; i < COUNT; i++) {
      const { person } = gen.person(i);
      const records = vaccinationsOf(person, { seed: SEED, asOf: AS_OF });
      for (const r of records) {
        assert.ok(r.date >= person.birth_date && r.date <= AS_OF, `${r.vaccineCode} dated ${r.date}`);
        assert.ok([person.birth_province, person.residence_province_old].includes(r.place.slice(0, 2)), r.place);
      }
      const ageDays = dayNumber(AS_OF) - dayNumber(person.birth_date);
      if (ageDays > 3 * 365 && ageDays < 10 * 365) {
        children++;
        assert.ok(records.some((r) => r.vaccineCode === '198' || r.vaccineCode === '05'), 'a child of 3-10 has routine doses');
      }
    }
    assert.ok(children > 0);
  });

  it('reports health from the upstream\'s /health', async () => {
    assert.deepEqual(await adapter.health(AbortSignal.timeout(2000)), { ok: true });
  });
});

describe('health-authority adapter failures', function () {
  this.timeout(60_000);

  it('starts without its upstream and reports it unhealthy, then the call is 503 upstream.unavailable', async () => {
    const down = await fixedServer(200, '{}');
    const url = down.url;
    await down.close();
    const adapter = await startAdapter(configFor(url, { resilience: { retries: { maxAttempts: 1 } } }), 'health-authority', deps(), AbortSignal.timeout(5000));
    try {
      const health = await adapter.health(AbortSignal.timeout(2000));
      assert.equal(health.ok, false);
      const e = await rejection(adapter.operations.vaccinationsBatch!.run({ citizenIds: [gen.person(0).person.citizen_id] }, context()));
      assert.ok(e instanceof GatewayError);
      assert.equal(e.code, 'upstream.unavailable');
    } finally {
      await adapter.close();
    }
  });

  it('throws a network error for a refused connection', async () => {
    const down = await fixedServer(200, '{}');
    await down.close();
    const adapter = bareAdapter(down.url);
    try {
      const e = await rejection(adapter.operations.vaccinationsBatch!.run({ citizenIds: [gen.person(0).person.citizen_id] }, context()));
      assert.ok(e instanceof UpstreamNetworkError, String(e));
    } finally {
      await adapter.close();
    }
  });

  it('throws an HTTP error carrying Retry-After for a 503', async () => {
    const server = await fixedServer(503, '{"error":"busy"}', { 'Retry-After': '7' });
    const adapter = bareAdapter(server.url);
    try {
      const e = await rejection(adapter.operations.vaccinationsBatch!.run({ citizenIds: [gen.person(0).person.citizen_id] }, context()));
      assert.ok(e instanceof UpstreamHttpError, String(e));
      assert.equal(e.status, 503);
      assert.equal(e.retryAfterMs, 7000);
    } finally {
      await adapter.close();
      await server.close();
    }
  });

  const malformed: [string, (asked: string, other: string) => string][] = [
    ['a body that is not JSON', () => '{"people": [{"citizenId": '],
    ['an answer outside its contract (dose 0)', (asked) => JSON.stringify({ people: [{ citizenId: asked, vaccinations: [{ vaccineCode: '19', vaccineName: 'BCG', dose: 0, date: '2020-01-01', place: '79201' }] }], notFound: [] })],
    ['an answer about a person not asked for', (_asked, other) => JSON.stringify({ people: [{ citizenId: other, vaccinations: [] }], notFound: [] })],
    ['an answer that leaves the person unanswered', () => JSON.stringify({ people: [], notFound: [] })],
    ['an answer listing one dose twice', (asked) => {
      const dose = { vaccineCode: '19', vaccineName: 'BCG', dose: 1, date: '2020-01-01', place: '79201' };
      return JSON.stringify({ people: [{ citizenId: asked, vaccinations: [dose, dose] }], notFound: [] });
    }],
  ];
  for (const [what, body] of malformed) {
    it(`refuses ${what} as malformed, and through the resilience layer as 502 upstream.bad_response`, async () => {
      const [asked, other] = [gen.person(0).person.citizen_id, gen.person(1).person.citizen_id];
      const server = await fixedServer(200, body(asked, other));
      const bare = bareAdapter(server.url);
      const wrapped = await startAdapter(configFor(server.url), 'health-authority', deps(), AbortSignal.timeout(5000));
      try {
        const e = await rejection(bare.operations.vaccinationsBatch!.run({ citizenIds: [asked] }, context()));
        assert.ok(e instanceof UpstreamMalformedError, String(e));
        const g = await rejection(wrapped.operations.vaccinationsBatch!.run({ citizenIds: [asked] }, context()));
        assert.ok(g instanceof GatewayError);
        assert.equal(g.code, 'upstream.bad_response');
      } finally {
        await bare.close();
        await wrapped.close();
        await server.close();
      }
    });
  }

  it('refuses an answer larger than maxBodyBytes as malformed', async () => {
    const sim = await startSimulator({
      host: '127.0.0.1', port: 0, latencyMs: 0, errorRate: 0, seed: SEED, count: 10, asOf: AS_OF, faults: { oversizedRate: 1 },
    });
    const adapter = bareAdapter(sim.url, { maxBodyBytes: 65536 });
    try {
      const e = await rejection(adapter.operations.vaccinationsBatch!.run({ citizenIds: [gen.person(0).person.citizen_id] }, context()));
      assert.ok(e instanceof UpstreamMalformedError, String(e));
      assert.match(e.message, /maxBodyBytes/);
    } finally {
      await adapter.close();
      await sim.close();
    }
  });
});
