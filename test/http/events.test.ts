import assert from 'node:assert/strict';
import request from 'supertest';
import { startSimulator } from '../../adapters/data-sharing-platform/simulator.ts';
import type { RunningSimulator } from '../../src/adapters/simulators.ts';
import { addMonths, addDays } from '../../src/domain/dates.ts';
import { AS_OF, DEFAULT_PARTNERS, startTestGateway, type TestGateway } from '../helpers/gateway.ts';
import { birthEvent, deathEvent, eventId, freshCitizenId, PLATFORM, unemploymentEvent } from '../helpers/events.ts';
import { findPerson, unknownCitizenId } from '../helpers/people.ts';
import { DIALECTS } from '../helpers/stores.ts';
import { simulatorOptions } from '../helpers/platform.ts';

for (const dialect of DIALECTS) {
  describe(`POST /v1/events (${dialect})`, function () {
    this.timeout(60_000);
    let t: TestGateway;
    let sim: RunningSimulator;
    before(async () => {
      sim = await startSimulator(simulatorOptions());
      t = await startTestGateway({
        dialect,
        seedCount: 600,
        partners: [
          ...DEFAULT_PARTNERS,
          PLATFORM,
          { id: 'ndxp-births-only', kind: 'platform', scopes: ['events.submit'], purposes: ['civil-registration'], fieldSets: ['card'] },
          { id: 'ministry-events', kind: 'ministry', scopes: ['events.submit'], purposes: ['civil-registration'], fieldSets: ['identity', 'card'] },
        ],
        overrides: { adapters: { platform: { baseUrl: sim.url } } },
      });
    });
    after(async () => {
      await t?.close();
      await sim?.close();
    });

    const send = async (body: unknown, opts: { partner?: string; purpose?: string } = {}) =>
      request(t.app)
        .post('/v1/events')
        .set('Authorization', `Bearer ${await t.token(opts.partner ?? PLATFORM.id, opts.purpose ? { purpose: opts.purpose } : {})}`)
        .send(body as object);
    const db = () => t.ts.store.db;
    const peopleWith = async (citizenId: string) => (await db().selectFrom('people').select('id').where('citizen_id', '=', citizenId).execute()).length;
    const outboxRowsOf = async (id: string) => db().selectFrom('outbox').selectAll().where('event_id', '=', id).execute();
    const child = async (birthDate = addDays(AS_OF, -10), sex: 'male' | 'female' = 'female') =>
      birthEvent({ eventId: eventId('birth'), citizenId: await freshCitizenId(t.ts.store, Number(birthDate.slice(0, 4)), sex), birthDate, sex });

    it('insures a newborn with a TE level-1 card of the parents\' province, valid to 72 months, that the card check answers 000', async () => {
      const event = await child();
      const res = await send(event);
      assert.equal(res.status, 201, JSON.stringify(res.body));
      const b = res.body;
      assert.equal(b.eventId, event.eventId);
      assert.equal(b.eventType, 'birth-registration');
      assert.equal(b.citizenId, event.child.citizenId);
      assert.match(b.socialInsuranceNumber, /^\d{10}$/);
      assert.equal(b.cardCode, `TE179${b.socialInsuranceNumber}`);
      assert.equal(b.benefitLevel, 1);
      assert.equal(b.validFrom, event.child.birthDate);
      assert.equal(b.validTo, addDays(addMonths(event.child.birthDate, 72), -1));
      assert.equal(b.registeredFacility, '79000');
      const check = await request(t.app)
        .post('/v1/cards/check')
        .set('Authorization', `Bearer ${await t.token('hospital-a')}`)
        .send({ cardCode: b.cardCode, fullName: 'NGUYỄN MINH AN', birthDate: event.child.birthDate.split('-').reverse().join('/') });
      assert.equal(check.status, 200);
      assert.equal(check.body.resultCode, '000');
      assert.equal(check.body.citizenId, event.child.citizenId);
    });

    it('gives new children BHXH numbers and ids that no seeded person holds, continuing after the seeded ones', async () => {
      const before = await db().selectFrom('people').select((eb) => eb.fn.max('id').as('top')).executeTakeFirstOrThrow();
      const answers = [];
      for (let i = 0; i < 3; i++) answers.push((await send(await child())).body as { socialInsuranceNumber: string; citizenId: string });
      const numbers = answers.map((a) => a.socialInsuranceNumber);
      assert.equal(new Set(numbers).size, 3);
      for (const n of numbers) assert.equal((await db().selectFrom('people').select('id').where('social_insurance_number', '=', n).execute()).length, 1);
      const ids = await db().selectFrom('people').select('id').where('citizen_id', 'in', answers.map((a) => a.citizenId)).execute();
      for (const { id } of ids) assert.ok(id > Number(before.top), `id ${id} after ${before.top}`);
    });

    it('acts once on an event delivered twice and answers the repeat with the same status and body', async () => {
      const event = await child();
      const first = await send(event);
      const second = await send(event);
      assert.equal(first.status, 201);
      assert.equal(second.status, first.status);
      assert.deepEqual(second.body, first.body);
      assert.equal(await peopleWith(event.child.citizenId), 1);
      assert.equal((await outboxRowsOf(event.eventId)).length, 1);
    });

    it('acts once on an event delivered many times at once', async () => {
      const event = await child();
      const results = await Promise.all(Array.from({ length: 8 }, () => send(event)));
      for (const r of results) {
        assert.equal(r.status, 201, JSON.stringify(r.body));
        assert.deepEqual(r.body, results[0]?.body);
      }
      assert.equal(await peopleWith(event.child.citizenId), 1);
      assert.equal((await db().selectFrom('cards').select('card_code').where('card_code', '=', results[0]?.body.cardCode).execute()).length, 1);
      assert.equal((await outboxRowsOf(event.eventId)).length, 1);
      assert.equal((await db().selectFrom('events').select('event_id').where('event_id', '=', event.eventId).execute()).length, 1);
    });

    it('refuses an event id reused for a different event with 409 event.id_reused, acting on nothing', async () => {
      const event = await child();
      assert.equal((await send(event)).status, 201);
      const other = await child();
      const res = await send({ ...other, eventId: event.eventId });
      assert.equal(res.status, 409);
      assert.equal(res.body.code, 'event.id_reused');
      assert.equal(await peopleWith(other.child.citizenId), 0);
    });

    it('marks a death: the person is deceased, the card check answers 120, a funeral allowance is opened for the next of kin', async () => {
      const { person, card } = await findPerson(t.ts.store, 'valid');
      const event = deathEvent({ eventId: eventId('death'), citizenId: person.citizen_id, dateOfDeath: addDays(AS_OF, -3) });
      const res = await send(event);
      assert.equal(res.status, 201, JSON.stringify(res.body));
      assert.deepEqual(res.body.vitalStatus, { deceased: true, dateOfDeath: event.deceased.dateOfDeath });
      assert.equal(res.body.funeralAllowanceCase.state, 'open');
      const stored = await db().selectFrom('funeral_allowance_cases').selectAll().where('id', '=', res.body.funeralAllowanceCase.caseId).executeTakeFirstOrThrow();
      assert.equal(stored.person_id, person.id);
      assert.equal(stored.next_of_kin_citizen_id, event.nextOfKin.citizenId);
      assert.equal(stored.next_of_kin_relationship, 'spouse');
      assert.equal(stored.next_of_kin_name, event.nextOfKin.fullName);
      const check = await request(t.app)
        .get(`/v1/cards/by-citizen/${person.citizen_id}`)
        .set('Authorization', `Bearer ${await t.token('hospital-a')}`);
      assert.equal(check.status, 200);
      assert.equal(check.body.resultCode, '120');
      assert.equal(check.body.cardCode, card?.card_code);
      const again = await send(deathEvent({ eventId: eventId('death'), citizenId: person.citizen_id, dateOfDeath: addDays(AS_OF, -3) }));
      assert.equal(again.status, 409);
      assert.equal(again.body.code, 'event.conflict');
      assert.equal((await db().selectFrom('funeral_allowance_cases').select('id').where('person_id', '=', person.id).execute()).length, 1);
    });

    it('answers an unemployment-benefit application with the contribution history: months, last employer, last 6 months\' salary basis', async () => {
      const worker = await db()
        .selectFrom('people')
        .innerJoin('coverage', 'coverage.person_id', 'people.id')
        .select(['people.id', 'people.citizen_id', 'coverage.months_contributed', 'coverage.last_contribution_month'])
        .where('coverage.insurance_type', '=', 'unemployment')
        .where('people.deceased_on', 'is', null)
        .orderBy('coverage.months_contributed', 'desc')
        .limit(1)
        .executeTakeFirstOrThrow();
      const lastJob = await db()
        .selectFrom('employments')
        .innerJoin('employers', 'employers.id', 'employments.employer_id')
        .select(['employers.tax_code', 'employments.salary_basis'])
        .where('employments.person_id', '=', worker.id)
        .orderBy('employments.start_date', 'desc')
        .limit(1)
        .executeTakeFirstOrThrow();
      const res = await send(unemploymentEvent({ eventId: eventId('unemp'), citizenId: worker.citizen_id, appliedOn: AS_OF }), { purpose: 'benefit-eligibility' });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      const c = res.body.contribution;
      assert.equal(c.unemploymentInsuranceMonths, worker.months_contributed);
      assert.equal(c.lastContributionMonth, worker.last_contribution_month);
      assert.ok(c.salaryBasis.length > 0 && c.salaryBasis.length <= 6);
      assert.equal(c.salaryBasis[0].month, worker.last_contribution_month);
      assert.equal(c.averageSalaryBasis, Math.round(c.salaryBasis.reduce((s: number, m: { amount: number }) => s + m.amount, 0) / c.salaryBasis.length));
      assert.equal(res.body.employment.lastEmployer.taxCode, lastJob.tax_code);
      assert.equal(res.body.cardCode, undefined);
    });

    it('records a refusal too: an unknown person is 404 subject.not_found, and the repeat gets the same 404', async () => {
      const event = deathEvent({ eventId: eventId('death'), citizenId: await unknownCitizenId(t.ts.store), dateOfDeath: addDays(AS_OF, -1) });
      const first = await send(event);
      assert.equal(first.status, 404);
      assert.equal(first.body.code, 'subject.not_found');
      const second = await send(event);
      assert.equal(second.status, 404);
      assert.equal(second.body.code, 'subject.not_found');
      assert.equal(second.body.detail, first.body.detail);
      const rows = await outboxRowsOf(event.eventId);
      assert.equal(rows.length, 1);
      const payload = JSON.parse(rows[0]?.payload ?? '{}') as Record<string, unknown>;
      assert.deepEqual(payload.problem, { code: 'subject.not_found', title: 'No such person' });
      assert.ok(!JSON.stringify(payload).includes(event.deceased.citizenId));
    });

    it('refuses a child of 6 or more with 422 event.rejected pointing at /child/birthDate, creating nobody', async () => {
      const event = await child(addMonths(AS_OF, -73));
      const res = await send(event);
      assert.equal(res.status, 422);
      assert.equal(res.body.code, 'event.rejected');
      assert.ok(res.body.errors.some((e: { pointer: string }) => e.pointer === '/child/birthDate'), JSON.stringify(res.body));
      assert.equal(await peopleWith(event.child.citizenId), 0);
    });

    it('refuses a child CCCD whose century/sex digit disagrees with the birth date and sex (422, /child/citizenId)', async () => {
      const event = await child(addDays(AS_OF, -5), 'female');
      const res = await send({ ...event, child: { ...event.child, sex: 'male' } });
      assert.equal(res.status, 422);
      assert.ok(res.body.errors.some((e: { pointer: string }) => e.pointer === '/child/citizenId'), JSON.stringify(res.body));
    });

    it('refuses a partner that is not a platform with 403 partner.kind_denied, whatever its grant', async () => {
      const res = await send(await child(), { partner: 'ministry-events' });
      assert.equal(res.status, 403);
      assert.equal(res.body.code, 'partner.kind_denied');
    });

    it('refuses a purpose that does not match the event type with 403 purpose.denied', async () => {
      const event = await child();
      const res = await send(event, { purpose: 'benefit-eligibility' });
      assert.equal(res.status, 403);
      assert.equal(res.body.code, 'purpose.denied');
      assert.equal(await peopleWith(event.child.citizenId), 0);
      const { person } = await findPerson(t.ts.store, 'valid');
      const unemp = await send(unemploymentEvent({ eventId: eventId('unemp'), citizenId: person.citizen_id, appliedOn: AS_OF }), { purpose: 'civil-registration' });
      assert.equal(unemp.status, 403);
      assert.equal(unemp.body.code, 'purpose.denied');
    });

    it('returns only the granted field sets, and the repeat returns the same projection', async () => {
      const event = await child();
      const res = await send(event, { partner: 'ndxp-births-only' });
      assert.equal(res.status, 201);
      assert.equal(res.body.cardCode.slice(0, 3), 'TE1');
      for (const f of ['citizenId', 'fullName', 'socialInsuranceNumber', 'birthDate']) assert.equal(res.body[f], undefined, f);
      const rows = await outboxRowsOf(event.eventId);
      const payload = JSON.parse(rows[0]?.payload ?? '{}') as { result: Record<string, unknown> };
      assert.equal(payload.result.socialInsuranceNumber, undefined);
      assert.equal(payload.result.cardCode, res.body.cardCode);
    });

    const badBodies: [string, (e: ReturnType<typeof birthEvent>) => unknown, string][] = [
      ['an unknown event type', (e) => ({ ...e, type: 'marriage-registration' }), '/type'],
      ['a missing child name', (e) => ({ ...e, child: { ...e.child, fullName: undefined } }), '/child/fullName'],
      ['a 30th of February', (e) => ({ ...e, child: { ...e.child, birthDate: '2026-02-30' } }), '/child/birthDate'],
      ['a property of another event type', (e) => ({ ...e, applicant: { citizenId: e.child.citizenId } }), '/applicant'],
      ['a malformed event id', (e) => ({ ...e, eventId: 'a b' }), '/eventId'],
    ];
    for (const [what, mutate, pointer] of badBodies) {
      it(`answers ${what} with 400 contract.request_invalid pointing at ${pointer}`, async () => {
        const event = await child();
        const res = await send(JSON.parse(JSON.stringify(mutate(event))));
        assert.equal(res.status, 400);
        assert.equal(res.body.code, 'contract.request_invalid');
        assert.ok(res.body.errors.some((e: { pointer: string }) => e.pointer === pointer), JSON.stringify(res.body.errors));
        assert.equal(await peopleWith(event.child.citizenId), 0);
      });
    }
  });
}
