import assert from 'node:assert/strict';
import { CircuitState } from 'cockatiel';
import { setTimeout as delay } from 'node:timers/promises';
import { verifyIdentity } from '../../adapters/population-db/operations/verify-identity.ts';
import { startSimulator } from '../../adapters/population-db/simulator.ts';
import { PopulationDbApi } from '../../adapters/population-db/upstream.ts';
import { resiliencePolicyOf } from '../../src/adapters/registry.ts';
import { applyResilience, createUpstreamGuard, type ResiliencePolicy, type UpstreamGuard } from '../../src/adapters/resilience.ts';
import type { RunningSimulator } from '../../src/adapters/simulators.ts';
import { loadConfig } from '../../src/config/load.ts';
import { adapterSchemas } from '../../src/adapters/registry.ts';
import { loadContracts } from '../../src/contracts/registry.ts';
import type { CallContext, Operation } from '../../src/core/adapter.ts';
import { GatewayError } from '../../src/core/errors.ts';
import { createGenerator } from '../../src/dataset/generator.ts';
import { silentLogger } from '../../src/log/create.ts';
import { AS_OF, TEST_SEED } from '../helpers/gateway.ts';
import { resetStats, setFaults, simulatorStats } from '../helpers/simulator-control.ts';
import { failure } from '../helpers/failure.ts';

const contracts = loadContracts();
const person = createGenerator({ seed: TEST_SEED, asOf: AS_OF }).person(3).person;
const claim = { citizenId: person.citizen_id, fullName: person.full_name, birthDate: person.birth_date };

function policy(over: Partial<{ timeoutMs: number; retries: Partial<ResiliencePolicy['retries']>; breaker: Partial<ResiliencePolicy['breaker']>; bulkhead: Partial<ResiliencePolicy['bulkhead']> }> = {}): ResiliencePolicy {
  return {
    timeoutMs: over.timeoutMs ?? 5000,
    retries: { maxAttempts: 1, initialDelayMs: 10, maxDelayMs: 100, ...over.retries },
    breaker: { consecutiveFailures: 100, halfOpenAfterMs: 10_000, ...over.breaker },
    bulkhead: { maxConcurrent: 16, maxQueue: 64, ...over.bulkhead },
  };
}

function ctx(timeoutMs = 30_000): CallContext {
  return {
    requestId: 'test', signal: new AbortController().signal, deadline: Date.now() + timeoutMs, partner: 'test', purpose: 'identity-verification',
    fields: new Set(), today: AS_OF,
  };
}

describe('resilience layer (against the population-db simulator over HTTP)', () => {
  let sim: RunningSimulator;
  let api: PopulationDbApi;
  let verify: Operation;

  beforeEach(async () => {
    sim = await startSimulator({ host: '127.0.0.1', port: 0, latencyMs: 0, errorRate: 0, seed: TEST_SEED, count: 50, asOf: AS_OF });
    api = new PopulationDbApi(
      { use: 'population-db', baseUrl: sim.url, timeoutMs: 5000, connectTimeoutMs: 1000, maxBodyBytes: 1024 * 1024, maxSockets: 64 },
      contracts,
    );
    verify = verifyIdentity(api);
  });
  afterEach(async () => {
    api.close();
    await sim.close();
  });

  const wrap = (op: Operation, p: ResiliencePolicy, extra: { guard?: UpstreamGuard; random?: () => number } = {}) =>
    applyResilience('population-db', 'verifyIdentity', op, p, { log: silentLogger, ...extra });

  it('answers through the policy when the upstream is well', async () => {
    const out = await wrap(verify, policy()).run(claim, ctx());
    assert.equal(out.result, 'match');
  });

  it('opens the circuit after the configured consecutive failures and closes it after a successful half-open probe', async () => {
    const p = policy({ breaker: { consecutiveFailures: 3, halfOpenAfterMs: 300 } });
    const guard = createUpstreamGuard('population-db', p, { log: silentLogger });
    const op = wrap(verify, p, { guard });
    await setFaults(sim.url, { errorRate: 1 });
    for (let k = 0; k < 3; k++) {
      const e = await failure(op.run(claim, ctx()));
      assert.equal(e.code, 'upstream.unavailable');
    }
    assert.equal(guard.breaker.state, CircuitState.Open);
    const open = await failure(op.run(claim, ctx()));
    assert.equal(open.code, 'upstream.unavailable');
    assert.match(open.message, /circuit open/);
    assert.ok(Number(open.headers['Retry-After']) >= 1);
    assert.equal((await simulatorStats(sim.url)).requests, 3, 'an open circuit sends nothing upstream');

    await setFaults(sim.url, { errorRate: 0 });
    await delay(guard.retryAfterMs() + 20);
    assert.equal((await op.run(claim, ctx())).result, 'match', 'the half-open probe goes through');
    assert.equal(guard.breaker.state, CircuitState.Closed);
    assert.equal((await op.run(claim, ctx())).result, 'match');
    assert.equal((await simulatorStats(sim.url)).requests, 5);
  });

  it('reopens the circuit when the half-open probe fails', async () => {
    const p = policy({ breaker: { consecutiveFailures: 2, halfOpenAfterMs: 200 } });
    const guard = createUpstreamGuard('population-db', p, { log: silentLogger });
    const op = wrap(verify, p, { guard });
    await setFaults(sim.url, { errorRate: 1 });
    for (let k = 0; k < 2; k++) await failure(op.run(claim, ctx()));
    await delay(guard.retryAfterMs() + 20);
    await failure(op.run(claim, ctx()));
    assert.equal(guard.breaker.state, CircuitState.Open);
    assert.equal((await simulatorStats(sim.url)).requests, 3);
  });

  it('never retries a non-idempotent call, and retries the same call when it is idempotent', async () => {
    await setFaults(sim.url, { errorRate: 1 });
    const p = policy({ retries: { maxAttempts: 4, initialDelayMs: 1, maxDelayMs: 5 } });
    const once = await failure(wrap({ ...verify, idempotent: false }, p).run(claim, ctx()));
    assert.equal(once.code, 'upstream.unavailable');
    assert.equal((await simulatorStats(sim.url)).requests, 1);
    await resetStats(sim.url);
    await failure(wrap(verify, p).run(claim, ctx()));
    assert.equal((await simulatorStats(sim.url)).requests, 4);
  });

  it('retries with exponential backoff and full jitter, and stops at maxAttempts', async () => {
    await setFaults(sim.url, { errorRate: 1 });
    const draws = [0.9, 0.25, 0.6];
    const used: number[] = [];
    const random = () => {
      const r = draws[used.length] ?? 0;
      used.push(r);
      return r;
    };
    const p = policy({ retries: { maxAttempts: 4, initialDelayMs: 100, maxDelayMs: 300 } });
    const e = await failure(wrap(verify, p, { random }).run(claim, ctx()));
    assert.equal(e.code, 'upstream.unavailable');
    const { requests, arrivals } = await simulatorStats(sim.url);
    assert.equal(requests, 4);
    assert.deepEqual(used, draws, 'one jitter draw per retry');
    // Caps 100, 200, 300 (max): the waits are floor(draw * cap) = 90, 50, 180 ms.
    const expected = [90, 50, 180];
    for (let k = 1; k < arrivals.length; k++) {
      const gap = (arrivals[k] as number) - (arrivals[k - 1] as number);
      assert.ok(gap >= (expected[k - 1] as number) - 2, `retry ${k} came after ${gap} ms, expected at least ${expected[k - 1]}`);
      assert.ok(gap < (expected[k - 1] as number) + 250, `retry ${k} came after ${gap} ms`);
    }
  });

  it('honours Retry-After on 429, and gives up at once when it would pass the deadline', async () => {
    await setFaults(sim.url, { errorRate: 1, errorStatus: 429, retryAfterSeconds: 1 });
    const p = policy({ retries: { maxAttempts: 2, initialDelayMs: 1, maxDelayMs: 5 } });
    const e = await failure(wrap(verify, p).run(claim, ctx()));
    assert.equal(e.code, 'upstream.unavailable');
    assert.equal(e.headers['Retry-After'], '1');
    const { arrivals } = await simulatorStats(sim.url);
    assert.equal(arrivals.length, 2);
    assert.ok((arrivals[1] as number) - (arrivals[0] as number) >= 995);

    await resetStats(sim.url);
    const started = Date.now();
    await failure(wrap(verify, policy({ timeoutMs: 500, retries: { maxAttempts: 3 } })).run(claim, ctx()));
    assert.ok(Date.now() - started < 400, 'no wait for a Retry-After beyond the deadline');
    assert.equal((await simulatorStats(sim.url)).requests, 1);
  });

  it('answers 504 upstream.timeout at the configured deadline when the upstream is slow', async () => {
    await setFaults(sim.url, { latencyMs: 3000 });
    const started = Date.now();
    const e = await failure(wrap(verify, policy({ timeoutMs: 300, retries: { maxAttempts: 3 } })).run(claim, ctx()));
    const took = Date.now() - started;
    assert.equal(e.code, 'upstream.timeout');
    assert.equal(e.status, 504);
    assert.ok(took >= 295 && took < 1000, `answered after ${took} ms`);
  });

  it('answers 504 at the caller\'s deadline when it is shorter than the policy\'s', async () => {
    await setFaults(sim.url, { latencyMs: 3000 });
    const started = Date.now();
    const e = await failure(wrap(verify, policy({ timeoutMs: 10_000 })).run(claim, ctx(250)));
    assert.equal(e.code, 'upstream.timeout');
    assert.ok(Date.now() - started < 1000);
  });

  it('maps a reset connection to 503, a malformed or oversized answer to 502 upstream.bad_response', async () => {
    await setFaults(sim.url, { resetRate: 1 });
    assert.equal((await failure(wrap(verify, policy()).run(claim, ctx()))).code, 'upstream.unavailable');
    await setFaults(sim.url, { resetRate: 0, malformedRate: 1 });
    assert.equal((await failure(wrap(verify, policy({ retries: { maxAttempts: 3 } })).run(claim, ctx()))).code, 'upstream.bad_response');
    await setFaults(sim.url, { malformedRate: 0, oversizedRate: 1 });
    assert.equal((await failure(wrap(verify, policy({ retries: { maxAttempts: 3 } })).run(claim, ctx()))).code, 'upstream.bad_response');
    assert.equal((await simulatorStats(sim.url)).requests, 3, 'bad answers are not retried');
  });

  it('maps a refused connection to 503 upstream.unavailable with Retry-After', async () => {
    await sim.close();
    const e = await failure(wrap(verify, policy()).run(claim, ctx()));
    assert.equal(e.code, 'upstream.unavailable');
    assert.equal(e.headers['Retry-After'], '1');
  });

  it('lets a GatewayError from the adapter pass untouched without counting it as a breaker failure', async () => {
    const p = policy({ breaker: { consecutiveFailures: 1 } });
    const guard = createUpstreamGuard('population-db', p, { log: silentLogger });
    const notFound = new GatewayError('subject.not_found');
    const op: Operation = { input: verify.input, output: verify.output, idempotent: true, run: () => Promise.reject(notFound) };
    for (let k = 0; k < 3; k++) assert.equal(await failure(wrap(op, p, { guard }).run(claim, ctx())), notFound);
    assert.equal(guard.breaker.state, CircuitState.Closed);
  });

  it('prevents a retry storm: 100 concurrent calls to a failing upstream reach it at most bulkhead + queue times', async () => {
    await setFaults(sim.url, { errorRate: 1, latencyMs: 100 });
    const p = policy({ retries: { maxAttempts: 3, initialDelayMs: 10, maxDelayMs: 50 }, breaker: { consecutiveFailures: 4 }, bulkhead: { maxConcurrent: 4, maxQueue: 4 } });
    const op = wrap(verify, p);
    const errors = await Promise.all(Array.from({ length: 100 }, () => failure(op.run(claim, ctx()))));
    assert.ok(errors.every((e) => e.code === 'upstream.unavailable' && Number(e.headers['Retry-After']) >= 1));
    const stats = await simulatorStats(sim.url);
    assert.ok(stats.requests <= 8, `${stats.requests} requests reached the upstream`);
    assert.ok(stats.maxInFlight <= 4, `${stats.maxInFlight} requests were in flight at once`);
  });

  it('refuses a bad resilience block at start, naming its JSON pointer', () => {
    const config = loadConfig({
      env: { VSS_DATA_DIR: '/tmp/unused' },
      adapterSchemas: adapterSchemas(),
      overrides: { adapters: { population: { use: 'population-db', baseUrl: 'http://127.0.0.1:1', resilience: { retries: { maxAttempts: 0 } } } } },
    });
    assert.throws(() => resiliencePolicyOf(config, 'population'), /config: \/adapters\/population\/resilience\/retries\/maxAttempts must be >= 1/);
    const defaults = resiliencePolicyOf(loadConfig({ env: { VSS_DATA_DIR: '/tmp/unused' }, adapterSchemas: adapterSchemas() }), 'population');
    assert.deepEqual(defaults, {
      timeoutMs: 10000, retries: { maxAttempts: 3, initialDelayMs: 100, maxDelayMs: 2000 }, breaker: { consecutiveFailures: 5, halfOpenAfterMs: 10000 },
      bulkhead: { maxConcurrent: 16, maxQueue: 64 },
    });
  });
});
