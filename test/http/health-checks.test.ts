import assert from 'node:assert/strict';
import request from 'supertest';
import { type PartnerSpec, startTestGateway, type TestGateway } from '../helpers/gateway.ts';
import { findPerson, unknownCitizenId } from '../helpers/people.ts';
import { DIALECTS } from '../helpers/stores.ts';

const PARTNERS: PartnerSpec[] = [
  { id: 'moh-health-checks', kind: 'health-authority', scopes: ['healthcheck.submit'], purposes: ['transport-licensing'], fieldSets: [] },
  { id: 'transport-ministry', kind: 'ministry', scopes: ['healthcheck.read'], purposes: ['transport-licensing'], fieldSets: ['identity', 'health-check'] },
  { id: 'transport-identity-only', kind: 'ministry', scopes: ['healthcheck.read'], purposes: ['transport-licensing'], fieldSets: ['identity'] },
  // A hospital that was (wrongly) granted the push scope: its kind still keeps it out.
  { id: 'hospital-pushing', kind: 'hospital', province: '79', scopes: ['healthcheck.submit'], purposes: ['transport-licensing'], fieldSets: ['identity'] },
  { id: 'ministry-other-purpose', kind: 'ministry', scopes: ['healthcheck.read'], purposes: ['labour-administration'], fieldSets: ['identity', 'health-check'] },
];

let sequence = 0;

function check(citizenId: string, over: Record<string, unknown> = {}): Record<string, unknown> {
  sequence += 1;
  return {
    checkId: `KSK-2026-${String(sequence).padStart(6, '0')}`, citizenId, checkDate: '2026-10-20', facility: '79012', licenceClass: 'B',
    result: 'conditional', conditions: 'Phải đeo kính khi lái xe', ...over,
  };
}

for (const dialect of DIALECTS) {
  describe(`driver health checks (${dialect})`, function () {
    this.timeout(60_000);
    let t: TestGateway;
    before(async () => {
      t = await startTestGateway({ dialect, partners: PARTNERS });
    });
    after(async () => t?.close());

    const push = async (body: unknown, partner = 'moh-health-checks') =>
      request(t.app).post('/v1/health-checks').set('Authorization', `Bearer ${await t.token(partner)}`).send(body as object);
    const read = async (citizenId: string, partner = 'transport-ministry') =>
      request(t.app).get(`/v1/health-checks/by-citizen/${citizenId}`).set('Authorization', `Bearer ${await t.token(partner)}`);

    it('stores a result pushed by the health authority, and the transport ministry reads it with the person', async () => {
      const { person } = await findPerson(t.ts.store, 'valid');
      const body = check(person.citizen_id);
      const res = await push(body);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.deepEqual(Object.keys(res.body).sort(), ['checkId', 'receivedAt', 'status']);
      assert.equal(res.body.checkId, body.checkId);
      assert.equal(res.body.status, 'stored');
      const got = await read(person.citizen_id);
      assert.equal(got.status, 200);
      assert.equal(got.body.citizenId, person.citizen_id);
      assert.equal(got.body.fullName, person.full_name);
      assert.deepEqual(got.body.healthChecks, [{
        checkId: body.checkId, checkDate: '2026-10-20', facility: '79012', licenceClass: 'B', result: 'conditional',
        conditions: 'Phải đeo kính khi lái xe', submittedBy: 'moh-health-checks', receivedAt: res.body.receivedAt,
      }]);
      const audit = await t.ts.store.db.selectFrom('audit_log').select(['operation', 'subject_key', 'partner_id']).where('operation', '=', 'health-checks.submit.v1').execute();
      assert.equal(audit.length, 1);
      assert.ok(audit[0]?.subject_key, 'the push is audited against the person');
    });

    it('answers a resubmission of the same check with the same answer and stores it once', async () => {
      const { person } = await findPerson(t.ts.store, 'expired');
      const body = check(person.citizen_id, { result: 'fit', conditions: undefined, licenceClass: 'A1' });
      const first = await push(body);
      const again = await push(body);
      assert.equal(first.status, 200);
      assert.equal(again.status, 200);
      assert.deepEqual(again.body, first.body);
      const [a, b] = await Promise.all([push(check(person.citizen_id, { checkId: 'KSK-CONCURRENT-1' })), push(check(person.citizen_id, { checkId: 'KSK-CONCURRENT-1' }))]);
      assert.equal(a.status, 200);
      assert.deepEqual(b.body, a.body);
      const got = await read(person.citizen_id);
      assert.equal(got.body.healthChecks.length, 2);
    });

    it('refuses another result under a used check id with 409 healthcheck.conflict', async () => {
      const { person } = await findPerson(t.ts.store, 'withdrawn');
      const body = check(person.citizen_id, { result: 'fit', conditions: undefined });
      assert.equal((await push(body)).status, 200);
      const res = await push({ ...body, result: 'unfit' });
      assert.equal(res.status, 409);
      assert.equal(res.body.code, 'healthcheck.conflict');
      const got = await read(person.citizen_id);
      assert.deepEqual(got.body.healthChecks.map((c: { result: string }) => c.result), ['fit']);
    });

    it('refuses a push from a hospital with 403 partner.kind_denied, even with the scope granted', async () => {
      const { person } = await findPerson(t.ts.store, 'valid');
      const body = check(person.citizen_id);
      const res = await push(body, 'hospital-pushing');
      assert.equal(res.status, 403);
      assert.equal(res.body.code, 'partner.kind_denied');
      const stored = await t.ts.store.db.selectFrom('health_checks').select('check_id').where('check_id', '=', body.checkId as string).execute();
      assert.equal(stored.length, 0);
    });

    it('refuses a push for an unknown person with 404 subject.not_found', async () => {
      const res = await push(check(await unknownCitizenId(t.ts.store)));
      assert.equal(res.status, 404);
      assert.equal(res.body.code, 'subject.not_found');
    });

    const bad: [string, (citizenId: string) => unknown, string][] = [
      ['a conditional result without its conditions', (id) => check(id, { conditions: undefined }), '/conditions'],
      ['an unknown licence class', (id) => check(id, { licenceClass: 'B2' }), '/licenceClass'],
      ['an unknown result', (id) => check(id, { result: 'maybe' }), '/result'],
      ['a facility of no province', (id) => check(id, { facility: '03012' }), '/facility'],
      ['a check dated after today', (id) => check(id, { checkDate: '2026-12-31' }), '/checkDate'],
      ['a 30th of February', (id) => check(id, { checkDate: '2026-02-30' }), '/checkDate'],
      ['a missing check id', (id) => check(id, { checkId: undefined }), '/checkId'],
      ['an unknown field', (id) => check(id, { doctor: 'Nguyễn Văn A' }), '/doctor'],
    ];
    for (const [what, body, pointer] of bad) {
      it(`refuses ${what} with 400, pointing at ${pointer}`, async () => {
        const { person } = await findPerson(t.ts.store, 'valid');
        const res = await push(body(person.citizen_id));
        assert.equal(res.status, 400, JSON.stringify(res.body));
        assert.equal(res.body.code, 'contract.request_invalid');
        assert.ok(res.body.errors.some((e: { pointer: string }) => e.pointer === pointer), JSON.stringify(res.body.errors));
      });
    }

    it('answers no checks for a person who has none, and 404 for an unknown person', async () => {
      const { person } = await findPerson(t.ts.store, 'no-card');
      const none = await read(person.citizen_id);
      assert.equal(none.status, 200);
      assert.deepEqual(none.body.healthChecks, []);
      const unknown = await read(await unknownCitizenId(t.ts.store));
      assert.equal(unknown.status, 404);
      assert.equal(unknown.body.code, 'subject.not_found');
    });

    it('leaves the results out for a reader not granted the health-check field set', async () => {
      const { person } = await findPerson(t.ts.store, 'valid');
      const res = await read(person.citizen_id, 'transport-identity-only');
      assert.equal(res.status, 200);
      assert.equal(res.body.citizenId, person.citizen_id);
      assert.equal(res.body.healthChecks, undefined);
    });

    it('refuses a reader whose purpose is not transport licensing with 403 purpose.denied', async () => {
      const { person } = await findPerson(t.ts.store, 'valid');
      const res = await read(person.citizen_id, 'ministry-other-purpose');
      assert.equal(res.status, 403);
      assert.equal(res.body.code, 'purpose.denied');
    });
  });
}
