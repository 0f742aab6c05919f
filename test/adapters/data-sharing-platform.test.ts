import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { compactVerify, createLocalJWKSet, type JWK } from 'jose';
import request from 'supertest';
import type { ResultMessage } from '../../adapters/data-sharing-platform/envelope.ts';
import { type PlatformSimulator, startSimulator } from '../../adapters/data-sharing-platform/simulator.ts';
import { adapterSchemas, startAdapter } from '../../src/adapters/registry.ts';
import { detachedSigner } from '../../src/auth/detached-jws.ts';
import { GatewayKeyRing } from '../../src/auth/gateway-keys.ts';
import { loadConfig } from '../../src/config/load.ts';
import { loadContracts } from '../../src/contracts/registry.ts';
import type { Adapter, AdapterDeps, CallContext } from '../../src/core/adapter.ts';
import { systemClock } from '../../src/core/clock.ts';
import { GatewayError } from '../../src/core/errors.ts';
import { createGateway } from '../../src/gateway.ts';
import { captureLogger } from '../helpers/log-capture.ts';
import { simulatorOptions } from '../helpers/platform.ts';
import { setFaults } from '../helpers/simulator-control.ts';
import { openTestStore, type TestStore } from '../helpers/stores.ts';
import { rejection } from '../helpers/failure.ts';

const contracts = loadContracts();

function context(): CallContext {
  return {
    requestId: 'test-request', signal: AbortSignal.timeout(30_000), deadline: Date.now() + 30_000, partner: 'outbox',
    purpose: 'civil-registration', fields: new Set(), today: '2026-11-01',
  };
}

function configFor(dataDir: string, baseUrl: string, extra: Record<string, unknown> = {}) {
  return loadConfig({ env: { VSS_DATA_DIR: dataDir, PORT: '0' }, adapterSchemas: adapterSchemas(), overrides: { adapters: { platform: { baseUrl, ...extra } } } });
}

function message(): ResultMessage {
  return {
    messageId: randomUUID(), eventId: `evt-${randomUUID()}`, eventType: 'death-registration', purpose: 'civil-registration', outcome: 'accepted', status: 201,
    result: { funeralAllowanceCase: { caseId: `FA-${randomUUID()}`, state: 'open', openedAt: '2026-11-01T08:00:00.000Z' } },
  };
}

describe('data-sharing-platform adapter against its simulator', function () {
  this.timeout(60_000);
  let ts: TestStore;
  let keys: GatewayKeyRing;
  let sim: PlatformSimulator;
  let adapter: Adapter;
  const deps = (): AdapterDeps => ({ log: captureLogger().log, store: undefined, contracts, clock: systemClock, signer: detachedSigner(keys) });

  before(async () => {
    ts = await openTestStore('sqlite');
    keys = new GatewayKeyRing(ts.store, { clock: systemClock, retentionDays: 30 });
    sim = await startSimulator(simulatorOptions());
    adapter = await startAdapter(configFor(ts.dataDir, sim.url, { resilience: { retries: { maxAttempts: 1 } } }), 'data-sharing-platform', deps(), AbortSignal.timeout(5000));
  });
  afterEach(async () => setFaults(sim.url, { errorRate: 0, malformedRate: 0, oversizedRate: 0 }));
  after(async () => {
    await adapter?.close();
    await sim?.close();
    await ts?.dispose();
  });

  const deliver = (m: ResultMessage) => adapter.operations.deliverResult?.run(m, context());

  it('delivers the result in an envelope signed with the gateway key, and gets a receipt for that message', async () => {
    const m = message();
    const receipt = await deliver(m);
    assert.equal(receipt.messageId, m.messageId);
    assert.equal(receipt.duplicate, false);
    const [got] = sim.received().filter((r) => r.messageId === m.messageId);
    assert.ok(got);
    assert.deepEqual(got.envelope.header, { ...got.envelope.header, messageId: m.messageId, sender: 'VSS', receiver: 'NDXP', purpose: 'civil-registration', inReplyTo: m.eventId });
    assert.equal(got.envelope.body.outcome, 'accepted');
    const published = await keys.published();
    const [header, , signature] = got.signature.split('.');
    await compactVerify(`${header}.${Buffer.from(got.raw).toString('base64url')}.${signature}`, createLocalJWKSet({ keys: published as JWK[] }));
  });

  it('is taken once when delivered again with the same message id (the idempotency key)', async () => {
    const m = message();
    const first = await deliver(m);
    const second = await deliver(m);
    assert.equal(second.duplicate, true);
    assert.equal(second.receivedAt, first.receivedAt);
    assert.equal(sim.received().filter((r) => r.messageId === m.messageId).length, 1);
  });

  it('reports a platform outage as 503 upstream.unavailable, and takes nothing', async () => {
    await setFaults(sim.url, { errorRate: 1 });
    const m = message();
    const e = await rejection(deliver(m));
    assert.ok(e instanceof GatewayError);
    assert.equal(e.code, 'upstream.unavailable');
    assert.equal(sim.received().filter((r) => r.messageId === m.messageId).length, 0);
  });

  for (const [fault, what] of [['malformedRate', 'a receipt that is not JSON'], ['oversizedRate', 'an oversized receipt']] as const) {
    it(`reports ${what} as 502 upstream.bad_response`, async () => {
      await setFaults(sim.url, { [fault]: 1 });
      const e = await rejection(deliver(message()));
      assert.ok(e instanceof GatewayError);
      assert.equal(e.code, 'upstream.bad_response');
    });
  }

  it('lets the gateway start while the platform is not running, and does not count against readiness', async () => {
    const down = await startSimulator(simulatorOptions());
    const url = down.url;
    await down.close();
    const store = await openTestStore('sqlite');
    try {
      const config = configFor(store.dataDir, url);
      const gateway = await createGateway({ config, store: store.store, log: captureLogger().log });
      const live = await request(gateway.app).get('/health/live');
      await gateway.drain();
      assert.equal(live.status, 200);
      const unreachable = await startAdapter(config, 'data-sharing-platform', deps(), AbortSignal.timeout(5000));
      assert.equal((await unreachable.health(AbortSignal.timeout(2000))).ok, true);
      const e = await rejection(unreachable.operations.deliverResult!.run(message(), context()));
      await unreachable.close();
      assert.ok(e instanceof GatewayError);
      assert.equal(e.code, 'upstream.unavailable');
    } finally {
      await store.dispose();
    }
  });
});
