import assert from 'node:assert/strict';
import request from 'supertest';
import { oldCodesOf } from '../../src/domain/provinces.ts';
import { DEFAULT_PARTNERS, startTestGateway, type TestGateway } from '../helpers/gateway.ts';

// A provincial health department (HCM City, new code 79: old 79, 74 Bình Dương, 77 Bà Rịa - Vũng Tàu) must see no
// one from another province through any route, whatever identifier it crafts: the answer is the unknown person's.
describe('jurisdiction of provincial partners', function () {
  this.timeout(60_000);
  let t: TestGateway;
  const hcm = oldCodesOf('79');
  before(async () => {
    t = await startTestGateway({
      seedCount: 1500,
      partners: [
        ...DEFAULT_PARTNERS,
        { id: 'so-y-te-79', kind: 'health-department', province: '79', scopes: ['card.check', 'participant.read'], purposes: ['treatment', 'labour-administration'], fieldSets: ['identity', 'card', 'coverage'] },
      ],
    });
  });
  after(async () => t?.close());

  async function personIn(inside: boolean) {
    const q = t.ts.store.db
      .selectFrom('people')
      .innerJoin('cards', 'cards.person_id', 'people.id')
      .selectAll('people')
      .select('cards.card_code')
      .where('cards.status', '=', 'active');
    const row = await (inside
      ? q.where('people.residence_province_old', 'in', hcm).where('cards.province_code', 'in', hcm)
      : q.where('people.residence_province_old', 'not in', hcm).where('people.residence_province', '!=', '79').where('cards.province_code', 'not in', hcm)
    ).orderBy('people.id').limit(1).executeTakeFirst();
    assert.ok(row, `a seeded person ${inside ? 'inside' : 'outside'} province 79`);
    return row;
  }

  const as = async (purpose: string) => `Bearer ${await t.token('so-y-te-79', { purpose, scope: 'card.check participant.read' })}`;

  it('sees a person of its own province (old and new codes alike)', async () => {
    const p = await personIn(true);
    const res = await request(t.app).get(`/v1/cards/by-citizen/${p.citizen_id}`).set('Authorization', await as('treatment'));
    assert.equal(res.status, 200);
    assert.equal(res.body.citizenId, p.citizen_id);
  });

  it('gets exactly the unknown person\'s answer for a person of another province, by CCCD', async () => {
    const p = await personIn(false);
    const res = await request(t.app).get(`/v1/cards/by-citizen/${p.citizen_id}`).set('Authorization', await as('treatment'));
    assert.equal(res.status, 404);
    assert.equal(res.body.code, 'subject.not_found');
    assert.ok(!JSON.stringify(res.body).includes(p.full_name));
  });

  it('gets result code 050 (no card found) when checking a card of another province, by card code, BHXH number or CCCD', async () => {
    const p = await personIn(false);
    for (const key of [{ cardCode: p.card_code }, { socialInsuranceNumber: p.social_insurance_number }, { citizenId: p.citizen_id }]) {
      const res = await request(t.app)
        .post('/v1/cards/check')
        .set('Authorization', await as('treatment'))
        .send({ ...key, fullName: p.full_name, birthDate: p.birth_date.slice(0, 4) });
      assert.equal(res.status, 200);
      assert.deepEqual(Object.keys(res.body).sort(), ['resultCode', 'resultMessage']);
      assert.equal(res.body.resultCode, '050');
    }
  });

  it('gets 404 for participants of another province by BHXH number and by CCCD query', async () => {
    const p = await personIn(false);
    for (const path of [`/v1/participants/${p.social_insurance_number}`, `/v1/participants?citizenId=${p.citizen_id}`]) {
      const res = await request(t.app).get(path).set('Authorization', await as('labour-administration'));
      assert.equal(res.status, 404, path);
      assert.equal(res.body.code, 'subject.not_found');
    }
  });

  it('cannot widen its reach with extra query parameters naming another province', async () => {
    const p = await personIn(false);
    const res = await request(t.app).get(`/v1/cards/by-citizen/${p.citizen_id}?province=${p.residence_province}`).set('Authorization', await as('treatment'));
    assert.equal(res.status, 400);
    assert.equal(res.body.code, 'contract.request_invalid');
  });

  it('leaves national partners unrestricted', async () => {
    const p = await personIn(false);
    const res = await request(t.app).get(`/v1/cards/by-citizen/${p.citizen_id}`).set('Authorization', `Bearer ${await t.token('hospital-a')}`);
    assert.equal(res.status, 200);
  });
});
