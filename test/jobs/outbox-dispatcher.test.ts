import assert from 'node:assert/strict';
import { compactVerify, createLocalJWKSet, type JSONWebKeySet } from 'jose';
import request from 'supertest';
import { type PlatformSimulator, startSimulator } from '../../adapters/data-sharing-platform/simulator.ts';
import { addDays } from '../../src/domain/dates.ts';
import { replayDead } from '../../src/store/outbox.ts';
import { birthEvent, eventId, freshCitizenId, PLATFORM } from '../helpers/events.ts';
import { AS_OF, startTestGateway, type TestGateway } from '../helpers/gateway.ts';
import { simulatorOptions, until } from '../helpers/platform.ts';
import { setFaults } from '../helpers/simulator-control.ts';
import { DIALECTS, type TestDialect } from '../helpers/stores.ts';

async function platformGateway(dialect: TestDialect, sim: PlatformSimulator, outbox: Record<string, number>): Promise<TestGateway> {
  return startTestGateway({
    dialect,
    seedCount: 200,
    partners: [PLATFORM],
    overrides: { adapters: { platform: { baseUrl: sim.url, resilience: { breaker: { halfOpenAfterMs: 100 } } } }, outbox: { pollMs: 50, baseDelayMs: 40, maxDelayMs: 200, ...outbox } },
  });
}

async function submitBirth(t: TestGateway): Promise<{ eventId: string; citizenId: string }> {
  const birthDate = addDays(AS_OF, -7);
  const event = birthEvent({ eventId: eventId('birth'), citizenId: await freshCitizenId(t.ts.store, Number(birthDate.slice(0, 4)), 'male'), birthDate });
  const res = await request(t.app).post('/v1/events').set('Authorization', `Bearer ${await t.token(PLATFORM.id)}`).send(event);
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return { eventId: event.eventId, citizenId: event.child.citizenId };
}

const rowsOf = (t: TestGateway, eventIds: string[]) => t.ts.store.db.selectFrom('outbox').selectAll().where('event_id', 'in', eventIds).execute();

for (const dialect of DIALECTS) {
  describe(`outbox dispatcher (${dialect})`, function () {
    this.timeout(60_000);

    describe('through a platform outage', () => {
      let sim: PlatformSimulator;
      let t: TestGateway;
      before(async () => {
        sim = await startSimulator(simulatorOptions());
        t = await platformGateway(dialect, sim, { maxAttempts: 1000 });
      });
      after(async () => {
        await t?.close();
        await sim?.close();
      });

      it('keeps retrying while the platform is down, then delivers every result once, signed with the gateway key', async () => {
        await setFaults(sim.url, { errorRate: 1 });
        const events = [];
        for (let i = 0; i < 4; i++) events.push(await submitBirth(t));
        const ids = events.map((e) => e.eventId);
        await until('every result to fail twice', async () => (await rowsOf(t, ids)).every((r) => r.attempts >= 2 && r.state === 'pending'));
        assert.equal(sim.received().length, 0);
        for (const r of await rowsOf(t, ids)) {
          assert.match(r.last_error ?? '', /^upstream\.unavailable/);
          for (const e of events) assert.ok(!(r.last_error ?? '').includes(e.citizenId));
        }
        await setFaults(sim.url, { errorRate: 0 });
        await until('every result to be delivered', async () => (await rowsOf(t, ids)).every((r) => r.state === 'delivered'));

        const rows = await rowsOf(t, ids);
        const received = sim.received().filter((m) => ids.includes(m.eventId));
        assert.equal(received.length, 4);
        assert.deepEqual(received.map((m) => m.messageId).sort(), rows.map((r) => r.id).sort());
        assert.deepEqual(received.map((m) => m.eventId).sort(), [...ids].sort());
        assert.equal(sim.duplicates(), 0);

        const jwks = (await request(t.app).get('/.well-known/jwks.json')).body as JSONWebKeySet;
        for (const m of received) {
          const [header, , signature] = m.signature.split('.');
          const verified = await compactVerify(`${header}.${Buffer.from(m.raw).toString('base64url')}.${signature}`, createLocalJWKSet(jwks));
          assert.equal(verified.protectedHeader.alg, 'ES256');
          assert.equal(m.envelope.header.purpose, 'civil-registration');
          assert.equal(m.envelope.header.inReplyTo, m.eventId);
          assert.equal(m.envelope.body.outcome, 'accepted');
          assert.match(String(m.envelope.body.result?.cardCode), /^TE1/);
        }
      });
    });

    describe('when the platform never answers', () => {
      let sim: PlatformSimulator;
      let t: TestGateway;
      before(async () => {
        sim = await startSimulator(simulatorOptions());
        t = await platformGateway(dialect, sim, { maxAttempts: 3 });
      });
      after(async () => {
        await t?.close();
        await sim?.close();
      });

      it('moves a result to dead after the configured number of failures, and delivers it once replayed', async () => {
        await setFaults(sim.url, { errorRate: 1 });
        const { eventId: id } = await submitBirth(t);
        await until('the result to die', async () => (await rowsOf(t, [id]))[0]?.state === 'dead');
        const [dead] = await rowsOf(t, [id]);
        assert.equal(dead?.attempts, 3);
        assert.equal(sim.received().length, 0);

        await setFaults(sim.url, { errorRate: 0 });
        const { replayed } = await replayDead(t.ts.store, dead?.id as string, new Date(Date.parse(`${AS_OF}T00:00:00Z`)).toISOString());
        assert.equal(replayed, true);
        await until('the replayed result to be delivered', async () => (await rowsOf(t, [id]))[0]?.state === 'delivered');
        assert.deepEqual(sim.received().map((m) => m.messageId), [dead?.id]);
      });
    });
  });
}
