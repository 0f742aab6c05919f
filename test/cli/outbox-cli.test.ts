import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { type PlatformSimulator, startSimulator } from '../../adapters/data-sharing-platform/simulator.ts';
import { systemClock } from '../../src/core/clock.ts';
import { addDays } from '../../src/domain/dates.ts';
import { runCli } from '../helpers/cli.ts';
import { birthEvent, eventId, freshCitizenId, PLATFORM } from '../helpers/events.ts';
import { startTestGateway, type TestGateway } from '../helpers/gateway.ts';
import { simulatorOptions, until } from '../helpers/platform.ts';
import { setFaults } from '../helpers/simulator-control.ts';

describe('vss-gateway outbox', function () {
  this.timeout(120_000);
  let sim: PlatformSimulator;
  let t: TestGateway;
  let env: Record<string, string>;
  let dead: string;
  let delivered: string;
  let eventOfDead: string;

  const rowOf = (id: string) => t.ts.store.db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const rowsOfEvent = (id: string) => t.ts.store.db.selectFrom('outbox').selectAll().where('event_id', '=', id).execute();

  async function submitBirth(): Promise<string> {
    const today = new Date().toISOString().slice(0, 10);
    const birthDate = addDays(today, -3);
    const event = birthEvent({ eventId: eventId('cli'), citizenId: await freshCitizenId(t.ts.store, Number(birthDate.slice(0, 4)), 'female'), birthDate, sex: 'female' });
    const res = await request(t.app).post('/v1/events').set('Authorization', `Bearer ${await t.token(PLATFORM.id)}`).send(event);
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return event.eventId;
  }

  before(async () => {
    sim = await startSimulator(simulatorOptions());
    t = await startTestGateway({
      seedCount: 200,
      partners: [PLATFORM],
      clock: systemClock,
      overrides: {
        adapters: { platform: { baseUrl: sim.url, resilience: { breaker: { halfOpenAfterMs: 100 } } } },
        outbox: { pollMs: 50, baseDelayMs: 20, maxDelayMs: 50, maxAttempts: 2 },
      },
    });
    env = { VSS_DATA_DIR: t.ts.dataDir };
    const first = await submitBirth();
    await until('the first result to be delivered', async () => (await rowsOfEvent(first))[0]?.state === 'delivered');
    delivered = (await rowsOfEvent(first))[0]?.id as string;
    await setFaults(sim.url, { errorRate: 1 });
    eventOfDead = await submitBirth();
    await until('the second result to die', async () => (await rowsOfEvent(eventOfDead))[0]?.state === 'dead');
    dead = (await rowsOfEvent(eventOfDead))[0]?.id as string;
    await setFaults(sim.url, { errorRate: 0 });
  });
  after(async () => {
    await t?.close();
    await sim?.close();
  });

  it('lists rows with their state, attempts and last error, and filters by state', () => {
    const all = runCli(['outbox', 'list'], env);
    assert.equal(all.status, 0, all.stderr);
    assert.match(all.stdout, /^ID\s+EVENT\s+DESTINATION\s+STATE\s+ATTEMPTS\s+NEXT ATTEMPT\s+LAST ERROR/);
    assert.match(all.stdout, new RegExp(`${dead}\\s+${eventOfDead}\\s+data-sharing-platform\\s+dead\\s+2\\s+-\\s+upstream\\.unavailable`));
    assert.match(all.stdout, new RegExp(`${delivered}\\s+\\S+\\s+data-sharing-platform\\s+delivered\\s+1`));
    const onlyDead = runCli(['outbox', 'list', '--state', 'dead', '--json'], env);
    assert.equal(onlyDead.status, 0, onlyDead.stderr);
    const rows = JSON.parse(onlyDead.stdout) as { id: string; state: string; payload?: unknown }[];
    assert.deepEqual(rows.map((r) => [r.id, r.state]), [[dead, 'dead']]);
    assert.equal(rows[0]?.payload, undefined);
  });

  it('shows one row with its payload', () => {
    const r = runCli(['outbox', 'show', dead], env);
    assert.equal(r.status, 0, r.stderr);
    const row = JSON.parse(r.stdout) as { id: string; state: string; payload: { messageId: string; eventId: string; outcome: string } };
    assert.equal(row.state, 'dead');
    assert.equal(row.payload.messageId, dead);
    assert.equal(row.payload.eventId, eventOfDead);
  });

  it('replays a dead row: the running gateway then delivers it once', async () => {
    const r = runCli(['outbox', 'replay', dead], env);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`outbox row ${dead} \\(event ${eventOfDead}\\) is pending again`));
    await until('the replayed row to be delivered', async () => (await rowOf(dead)).state === 'delivered');
    assert.equal(sim.received().filter((m) => m.messageId === dead).length, 1);
  });

  it('refuses to replay a row that is not dead, or does not exist (exit 65)', () => {
    const notDead = runCli(['outbox', 'replay', delivered], env);
    assert.equal(notDead.status, 65);
    assert.match(notDead.stderr, /is delivered: only dead rows are replayed/);
    const missing = runCli(['outbox', 'replay', randomUUID()], env);
    assert.equal(missing.status, 65);
    assert.match(missing.stderr, /no outbox row/);
  });

  it('answers usage errors with exit 64 and a clear message, and has --help', () => {
    const badState = runCli(['outbox', 'list', '--state', 'lost'], env);
    assert.equal(badState.status, 64);
    assert.match(badState.stderr, /--state must be one of pending, delivered, dead/);
    const badId = runCli(['outbox', 'show', 'not-an-id'], env);
    assert.equal(badId.status, 64);
    assert.match(badId.stderr, /ID must be an outbox row id/);
    const help = runCli(['outbox', 'replay', '--help'], env);
    assert.equal(help.status, 0);
    assert.match(help.stdout, /Move a dead row back to pending/);
  });
});
