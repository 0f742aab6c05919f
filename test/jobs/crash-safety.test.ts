// The real gateway in a child process, killed with SIGKILL while events and deliveries are in flight, then restarted
// and sent every event again (the platform does not know which ones were taken): each event has exactly one effect
// and the same answer, and each result reaches the platform exactly once.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type PlatformSimulator, startSimulator } from '../../adapters/data-sharing-platform/simulator.ts';
import { generatePartnerKey, mintPartnerToken } from '../../src/auth/partner-keys.ts';
import { addDays } from '../../src/domain/dates.ts';
import { openStore, type Store } from '../../src/store/open.ts';
import { runCli, startCli } from '../helpers/cli.ts';
import { birthEvent, deathEvent, eventId, PLATFORM, unemploymentEvent } from '../helpers/events.ts';
import { simulatorOptions, until } from '../helpers/platform.ts';

const AUDIENCE = 'http://gateway.crash-test';

interface Answer { status: number; body: unknown }

describe('crash safety of event intake and the outbox', function () {
  this.timeout(300_000);
  let dataDir: string;
  let sim: PlatformSimulator;
  let store: Store | undefined;
  let running: ReturnType<typeof startCli> | undefined;

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'vss-crash-'));
    sim = await startSimulator(simulatorOptions({ latencyMs: 30 }));
  });
  after(async () => {
    running?.child.kill('SIGKILL');
    await store?.close();
    await sim?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('loses no event and duplicates no effect or delivery when the process is killed at any point', async () => {
    const overlay = join(dataDir, 'crash.json');
    writeFileSync(overlay, JSON.stringify({
      adapters: { platform: { baseUrl: sim.url, resilience: { breaker: { halfOpenAfterMs: 100 } } } },
      outbox: { pollMs: 50, baseDelayMs: 20, maxDelayMs: 100, leaseMs: 1500 },
    }));
    const env = { VSS_DATA_DIR: dataDir, VSS_CONFIG: overlay, PORT: '0', VSS_PUBLIC_URL: AUDIENCE };
    const today = new Date().toISOString().slice(0, 10);
    const seeded = runCli(['seed', '--count', '300', '--as-of', today], env);
    assert.equal(seeded.status, 0, seeded.stderr);
    const key = await generatePartnerKey('ES256');
    const jwks = join(dataDir, 'ndxp.jwks.json');
    writeFileSync(jwks, JSON.stringify({ keys: [key.publicJwk] }));
    const added = runCli([
      'partners', 'add', '--id', PLATFORM.id, '--name', 'National data-sharing platform', '--kind', 'platform', '--scopes', 'events.submit',
      '--purposes', 'civil-registration,benefit-eligibility', '--field-sets', 'identity,card,vital-status,contribution,employment', '--jwks', jwks,
    ], env);
    assert.equal(added.status, 0, added.stderr);

    store = openStore({ dataDir });
    const alive = await store.db
      .selectFrom('people')
      .innerJoin('cards', 'cards.person_id', 'people.id')
      .select('people.citizen_id')
      .where('people.deceased_on', 'is', null)
      .where('cards.status', '=', 'active')
      .orderBy('people.id')
      .limit(10)
      .execute();
    const events: { body: Record<string, unknown>; purpose: string }[] = [];
    for (let i = 0; i < 14; i++) {
      const citizenId = `0792260${String(91000 + i).padStart(5, '0')}`;
      events.push({ body: birthEvent({ eventId: eventId('crash-birth'), citizenId, birthDate: addDays(today, -5) }), purpose: 'civil-registration' });
    }
    for (const p of alive.slice(0, 5)) events.push({ body: deathEvent({ eventId: eventId('crash-death'), citizenId: p.citizen_id, dateOfDeath: addDays(today, -2) }), purpose: 'civil-registration' });
    for (const p of alive.slice(5, 10)) events.push({ body: unemploymentEvent({ eventId: eventId('crash-unemp'), citizenId: p.citizen_id, appliedOn: today }), purpose: 'benefit-eligibility' });

    const startGateway = async () => {
      const gateway = startCli(['start', '--no-seed', '--no-demo'], env, /listening on http:\/\/\S+/);
      running = gateway;
      const out = await gateway.started;
      return { gateway, base: (/listening on (http:\/\/[^\s]+)/.exec(out) as RegExpExecArray)[1] as string };
    };
    const send = async (base: string, e: (typeof events)[number]): Promise<Answer> => {
      const token = await mintPartnerToken({ partnerId: PLATFORM.id, privateJwk: key.privateJwk, audience: AUDIENCE, scope: 'events.submit', purpose: e.purpose });
      const res = await fetch(`${base}/v1/events`, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: JSON.stringify(e.body) });
      return { status: res.status, body: await res.json() };
    };

    // First run: four senders at a time; the process is killed once a third of the answers are in.
    const first = await startGateway();
    const firstAnswers = new Map<string, Answer>();
    const killAfter = Math.floor(events.length / 3);
    let next = 0;
    const sender = async () => {
      while (next < events.length) {
        const e = events[next++] as (typeof events)[number];
        try {
          const answer = await send(first.base, e);
          firstAnswers.set(e.body.eventId as string, answer);
          if (firstAnswers.size === killAfter) first.gateway.child.kill('SIGKILL');
        } catch {
          // the connection died with the process: the platform would send this event again
        }
      }
    };
    await Promise.all([sender(), sender(), sender(), sender()]);
    assert.equal(await first.gateway.exited, null);
    assert.ok(firstAnswers.size >= killAfter && firstAnswers.size < events.length, `${firstAnswers.size} answers before the kill`);

    // Second run: every event again; killed as soon as the last answer is in, while results are being delivered.
    const second = await startGateway();
    const secondAnswers = new Map<string, Answer>();
    for (const e of events) secondAnswers.set(e.body.eventId as string, await send(second.base, e));
    for (const e of events) {
      const id = e.body.eventId as string;
      const again = secondAnswers.get(id) as Answer;
      assert.ok([200, 201].includes(again.status), `${id}: ${JSON.stringify(again)}`);
      const before = firstAnswers.get(id);
      if (before) assert.deepEqual(again, before, `${id} answered differently after the restart`);
    }
    second.gateway.child.kill('SIGKILL');
    assert.equal(await second.gateway.exited, null);

    // Exactly one effect per event.
    const db = store.db;
    for (const e of events.filter((x) => x.body.type === 'birth-registration')) {
      const citizenId = (e.body.child as { citizenId: string }).citizenId;
      assert.equal((await db.selectFrom('people').select('id').where('citizen_id', '=', citizenId).execute()).length, 1, citizenId);
    }
    for (const e of events.filter((x) => x.body.type === 'death-registration')) {
      assert.equal((await db.selectFrom('funeral_allowance_cases').select('id').where('event_id', '=', e.body.eventId as string).execute()).length, 1);
    }
    assert.equal((await db.selectFrom('events').select('event_id').execute()).length, events.length);
    const rows = await db.selectFrom('outbox').select(['id', 'event_id']).execute();
    assert.equal(rows.length, events.length);
    assert.equal(new Set(rows.map((r) => r.event_id)).size, events.length);

    // Third run: every result reaches the platform exactly once (a delivery cut by a kill is repeated under the same key).
    const third = await startGateway();
    await until('every result to be delivered', async () => (await db.selectFrom('outbox').select('id').where('state', '!=', 'delivered').execute()).length === 0, 60_000);
    const received = sim.received();
    assert.deepEqual(received.map((m) => m.messageId).sort(), rows.map((r) => r.id).sort());
    assert.equal(new Set(received.map((m) => m.eventId)).size, events.length);

    third.gateway.child.kill('SIGTERM');
    assert.equal(await third.gateway.exited, 0);
    running = undefined;
  });
});
