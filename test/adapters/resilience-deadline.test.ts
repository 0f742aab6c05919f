import assert from 'node:assert/strict';
import { once } from 'node:events';
import { setTimeout as delay } from 'node:timers/promises';
import { applyResilience, type ResiliencePolicy } from '../../src/adapters/resilience.ts';
import type { CallContext, Operation } from '../../src/core/adapter.ts';
import { UpstreamNetworkError } from '../../src/core/upstream-error.ts';
import { silentLogger } from '../../src/log/create.ts';
import { failure } from '../helpers/failure.ts';

function policy(timeoutMs: number, retries: Partial<ResiliencePolicy['retries']> = {}): ResiliencePolicy {
  return {
    timeoutMs,
    retries: { maxAttempts: 1, initialDelayMs: 10, maxDelayMs: 100, ...retries },
    breaker: { consecutiveFailures: 100, halfOpenAfterMs: 10_000 },
    bulkhead: { maxConcurrent: 16, maxQueue: 64 },
  };
}

/** A caller's context whose signal is a getter, as call-adapter.ts makes it; `reads` counts how often it was read. */
function ctx(timeoutMs = 30_000) {
  const controller = new AbortController();
  const counter = { reads: 0 };
  const context: CallContext = {
    requestId: 'test', deadline: Date.now() + timeoutMs, partner: 'test', purpose: 'treatment', fields: new Set(), today: '2026-11-01',
    get signal() {
      counter.reads += 1;
      return controller.signal;
    },
  };
  return { context, counter, controller };
}

function operation(run: Operation['run']): Operation {
  return { input: 'in', output: 'out', idempotent: true, run };
}

describe('resilience layer: the call deadline', () => {
  it('answers 504 upstream.timeout at the deadline even when the operation ignores its signal', async () => {
    let finish: (v: unknown) => void = () => undefined;
    const op = applyResilience('store', 'slow', operation(() => new Promise((resolve) => (finish = resolve))), policy(200), { log: silentLogger });
    const started = Date.now();
    const e = await failure(op.run({}, ctx().context));
    finish({});
    assert.equal(e.code, 'upstream.timeout');
    const took = Date.now() - started;
    assert.ok(took >= 195 && took < 1000, `answered after ${took} ms`);
  });

  it('gives the operation a signal that aborts at the deadline, and with the caller\'s signal', async () => {
    const waitForAbort = operation(async (_input, c: CallContext) => {
      await once(c.signal, 'abort');
      throw new Error('aborted');
    });
    const started = Date.now();
    assert.equal((await failure(applyResilience('store', 'wait', waitForAbort, policy(150), { log: silentLogger }).run({}, ctx().context))).code, 'upstream.timeout');
    assert.ok(Date.now() - started >= 145);

    const caller = ctx();
    const pending = failure(applyResilience('store', 'wait', waitForAbort, policy(10_000), { log: silentLogger }).run({}, caller.context));
    setImmediate(() => caller.controller.abort());
    const e = await pending;
    assert.equal(e.code, 'upstream.timeout');
    assert.ok(Date.now() - started < 5000);
  });

  it('reads no signal, the caller\'s included, for an operation that answers without asking for one', async () => {
    const caller = ctx();
    const op = applyResilience('store', 'quick', operation(async (input) => ({ echo: input })), policy(1000), { log: silentLogger });
    assert.deepEqual(await op.run({ n: 1 }, caller.context), { echo: { n: 1 } });
    assert.equal(caller.counter.reads, 0);
  });

  it('hands the operation every field of the caller\'s context, under the policy\'s shorter deadline', async () => {
    const caller = ctx(60_000);
    let seen: CallContext | undefined;
    const op = applyResilience('store', 'look', operation(async (_input, c: CallContext) => (seen = c)), policy(1000), { log: silentLogger });
    await op.run({}, { ...caller.context, provinces: ['01'], delivery: 'page' });
    assert.ok(seen);
    assert.deepEqual(
      { requestId: seen.requestId, partner: seen.partner, purpose: seen.purpose, today: seen.today, provinces: seen.provinces, delivery: seen.delivery },
      { requestId: 'test', partner: 'test', purpose: 'treatment', today: '2026-11-01', provinces: ['01'], delivery: 'page' },
    );
    assert.ok(seen.deadline <= Date.now() + 1000 && seen.deadline < caller.context.deadline);
    assert.equal(seen.signal.aborted, false);
  });

  it('starts no retry whose backoff ends after the deadline has passed', async () => {
    let calls = 0;
    const failing = operation(async () => {
      calls += 1;
      throw new UpstreamNetworkError('ECONNRESET');
    });
    const op = applyResilience('remote', 'flaky', failing, policy(100, { maxAttempts: 2, initialDelayMs: 300, maxDelayMs: 300 }), { log: silentLogger, random: () => 0.99 });
    assert.equal((await failure(op.run({}, ctx().context))).code, 'upstream.timeout');
    await delay(350); // the retry's backoff (297 ms) has ended by now: nothing may have been sent
    assert.equal(calls, 1);
  });
});
