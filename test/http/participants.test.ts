import assert from 'node:assert/strict';
import request from 'supertest';
import { findPerson, unknownCitizenId } from '../helpers/people.ts';
import { startTestGateway, type TestGateway } from '../helpers/gateway.ts';

describe('participant queries for ministries', function () {
  this.timeout(60_000);
  let t: TestGateway;
  before(async () => {
    t = await startTestGateway({ seedCount: 1500 });
  });
  after(async () => t?.close());

  const get = async (path: string, partner = 'ministry-labour', purpose?: string) =>
    request(t.app).get(path).set('Authorization', `Bearer ${await t.token(partner, purpose ? { purpose } : {})}`);

  async function employee() {
    const row = await t.ts.store.db
      .selectFrom('people')
      .innerJoin('employments', 'employments.person_id', 'people.id')
      .innerJoin('coverage', 'coverage.person_id', 'people.id')
      .selectAll('people')
      .where('employments.end_date', 'is', null)
      .where('coverage.insurance_type', '=', 'unemployment')
      .orderBy('people.id')
      .limit(1)
      .executeTakeFirstOrThrow();
    return row;
  }

  it('answers who is insured, how and since when, by BHXH number', async () => {
    const p = await employee();
    const res = await get(`/v1/participants/${p.social_insurance_number}`);
    assert.equal(res.status, 200);
    assert.equal(res.body.citizenId, p.citizen_id);
    assert.equal(res.body.fullName, p.full_name);
    assert.ok(['insured', 'not-insured'].includes(res.body.coverage.status));
    assert.ok(res.body.coverage.insurances.some((i: { type: string }) => i.type === 'unemployment'));
    assert.ok(res.body.employment.current.taxCode);
    assert.ok(res.body.employment.current.employerName);
    assert.ok(Number.isInteger(res.body.contribution.months.unemployment));
  });

  it('answers the same record by CCCD', async () => {
    const p = await employee();
    const bySin = await get(`/v1/participants/${p.social_insurance_number}`);
    const byCitizen = await get(`/v1/participants?citizenId=${p.citizen_id}`);
    assert.equal(byCitizen.status, 200);
    assert.deepEqual(byCitizen.body, bySin.body);
  });

  it('returns only the field sets granted: identity and coverage for a narrow ministry', async () => {
    const p = await employee();
    const res = await get(`/v1/participants/${p.social_insurance_number}`, 'ministry-narrow', 'labour-administration');
    assert.equal(res.status, 200);
    assert.ok(res.body.fullName);
    assert.ok(res.body.coverage);
    for (const f of ['employment', 'contribution', 'cardCode', 'resultCode', 'validTo']) assert.equal(res.body[f], undefined, f);
  });

  it('answers 404 subject.not_found for an unknown person', async () => {
    const res = await get(`/v1/participants?citizenId=${await unknownCitizenId(t.ts.store)}`);
    assert.equal(res.status, 404);
    assert.equal(res.body.code, 'subject.not_found');
  });

  it('refuses a hospital token on participant routes with 403 scope.missing', async () => {
    const { person } = await findPerson(t.ts.store, 'valid');
    const res = await get(`/v1/participants?citizenId=${person.citizen_id}`, 'hospital-a');
    assert.equal(res.status, 403);
    assert.equal(res.body.code, 'scope.missing');
  });
});
