import assert from 'node:assert/strict';
import request from 'supertest';
import { findPerson, unknownCitizenId } from '../helpers/people.ts';
import { startTestGateway, type TestGateway } from '../helpers/gateway.ts';
import { DIALECTS } from '../helpers/stores.ts';

function vnDate(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${d}/${m}/${y}`;
}

for (const dialect of DIALECTS) {
  describe(`card checks for hospitals (${dialect})`, function () {
    this.timeout(60_000);
    let t: TestGateway;
    before(async () => {
      t = await startTestGateway({ dialect, seedCount: 1500 });
    });
    after(async () => t?.close());

    const get = async (path: string, partner = 'hospital-a') =>
      request(t.app).get(path).set('Authorization', `Bearer ${await t.token(partner)}`);
    const check = async (body: unknown, partner = 'hospital-a') =>
      request(t.app).post('/v1/cards/check').set('Authorization', `Bearer ${await t.token(partner)}`).send(body as object);

    it('answers the current card of a person looked up by CCCD, with result code 000', async () => {
      const { person, card } = await findPerson(t.ts.store, 'valid');
      const res = await get(`/v1/cards/by-citizen/${person.citizen_id}`);
      assert.equal(res.status, 200);
      assert.equal(res.headers['cache-control'], 'no-store');
      assert.equal(res.body.resultCode, '000');
      assert.equal(res.body.cardCode, card?.card_code);
      assert.equal(res.body.fullName, person.full_name);
      assert.equal(res.body.socialInsuranceNumber, person.social_insurance_number);
      assert.equal(res.body.validTo, card?.valid_to);
      assert.equal(res.body.registeredFacility, card?.facility_code);
    });

    it('answers 404 subject.not_found for a CCCD nobody has', async () => {
      const res = await get(`/v1/cards/by-citizen/${await unknownCitizenId(t.ts.store)}`);
      assert.equal(res.status, 404);
      assert.equal(res.body.code, 'subject.not_found');
      assert.match(res.headers['content-type'] ?? '', /application\/problem\+json/);
    });

    const byCitizen: [string, Parameters<typeof findPerson>[1], string][] = [
      ['an expired card', 'expired', '010'],
      ['a withdrawn card', 'withdrawn', '110'],
      ['a card of the Defence ministry\'s own office', 'defence', '001'],
      ['a card of the Public Security ministry\'s own office', 'police', '002'],
      ['a child whose card is pending', 'pending', '130'],
      ['a person without a card', 'no-card', '050'],
    ];
    for (const [what, situation, code] of byCitizen) {
      it(`answers ${code} for ${what}`, async () => {
        const { person } = await findPerson(t.ts.store, situation);
        const res = await get(`/v1/cards/by-citizen/${person.citizen_id}`);
        assert.equal(res.status, 200);
        assert.equal(res.body.resultCode, code);
      });
    }

    it('answers the reduction code (120-124) of a reduced card', async () => {
      const { person, card } = await findPerson(t.ts.store, 'reduced');
      const res = await get(`/v1/cards/by-citizen/${person.citizen_id}`);
      assert.equal(res.body.resultCode, card?.status_code ?? '120');
      assert.match(res.body.resultCode, /^12[0-4]$/);
    });

    it('checks a card by card code, name and birth date: 000 when all match', async () => {
      const { person, card } = await findPerson(t.ts.store, 'valid');
      const res = await check({ cardCode: card?.card_code, fullName: person.full_name.toUpperCase(), birthDate: vnDate(person.birth_date) });
      assert.equal(res.status, 200);
      assert.equal(res.body.resultCode, '000');
    });

    it('folds case, whitespace and Unicode normalisation when comparing names', async () => {
      const { person } = await findPerson(t.ts.store, 'valid');
      const messy = `  ${person.full_name.toLowerCase().normalize('NFD').replace(/ /g, '   ')} `;
      const res = await check({ citizenId: person.citizen_id, fullName: messy, birthDate: person.birth_date.slice(0, 4) });
      assert.equal(res.body.resultCode, '000');
    });

    it('accepts the birth date as dd/MM/yyyy, MM/yyyy or yyyy', async () => {
      const { person } = await findPerson(t.ts.store, 'valid');
      const [y, m] = person.birth_date.split('-');
      for (const birthDate of [vnDate(person.birth_date), `${m}/${y}`, y]) {
        const res = await check({ socialInsuranceNumber: person.social_insurance_number, fullName: person.full_name, birthDate });
        assert.equal(res.body.resultCode, '000', birthDate);
      }
    });

    it('answers 060 for a wrong name and 061 when only the first letter is right, without personal data', async () => {
      const { person } = await findPerson(t.ts.store, 'valid');
      const first = person.full_name.charAt(0);
      const other = first === 'Z' ? 'Y' : 'Z';
      const wrong = await check({ citizenId: person.citizen_id, fullName: `${other}ăng Thị Khác`, birthDate: person.birth_date.slice(0, 4) });
      assert.equal(wrong.body.resultCode, '060');
      assert.equal(wrong.body.fullName, undefined);
      assert.equal(wrong.body.cardCode, undefined);
      const firstRight = await check({ citizenId: person.citizen_id, fullName: `${first}ăng Thị Khác`, birthDate: person.birth_date.slice(0, 4) });
      assert.equal(firstRight.body.resultCode, '061');
    });

    it('answers 070 for a wrong birth date', async () => {
      const { person } = await findPerson(t.ts.store, 'valid');
      const res = await check({ citizenId: person.citizen_id, fullName: person.full_name, birthDate: String(Number(person.birth_date.slice(0, 4)) - 1) });
      assert.equal(res.body.resultCode, '070');
    });

    it('answers 080 for a wrong sex and 090 for a wrong registered facility when the caller gives them', async () => {
      const { person, card } = await findPerson(t.ts.store, 'valid');
      const base = { citizenId: person.citizen_id, fullName: person.full_name, birthDate: person.birth_date.slice(0, 4) };
      assert.equal((await check({ ...base, sex: person.sex === 'male' ? 'female' : 'male' })).body.resultCode, '080');
      const facility = card?.facility_code === '79001' ? '79002' : '79001';
      assert.equal((await check({ ...base, registeredFacility: facility })).body.resultCode, '090');
    });

    it('answers 051, 052 and 053 for a wrong group, province or benefit level in the card code', async () => {
      const { person, card } = await findPerson(t.ts.store, 'valid');
      const code = card?.card_code ?? '';
      const base = { fullName: person.full_name, birthDate: person.birth_date.slice(0, 4) };
      const group = code.startsWith('GD') ? 'HN' : 'GD';
      assert.equal((await check({ ...base, cardCode: `${group}${code.slice(2)}` })).body.resultCode, '051');
      const province = code.slice(3, 5) === '01' ? '79' : '01';
      assert.equal((await check({ ...base, cardCode: `${code.slice(0, 3)}${province}${code.slice(5)}` })).body.resultCode, '052');
      const level = code.charAt(2) === '1' ? '2' : '1';
      assert.equal((await check({ ...base, cardCode: `${code.slice(0, 2)}${level}${code.slice(3)}` })).body.resultCode, '053');
    });

    it('answers 003 with the new card for an old card that expired after a reissue, and 004 when it is still valid', async () => {
      for (const [situation, code] of [['replaced-expired', '003'], ['replaced-valid', '004']] as const) {
        const { person, card } = await findPerson(t.ts.store, situation);
        const res = await check({ cardCode: card?.card_code, fullName: person.full_name, birthDate: person.birth_date.slice(0, 4) });
        assert.equal(res.body.resultCode, code);
        assert.equal(res.body.newCard?.cardCode, card?.replaced_by);
      }
    });

    it('answers 050 for a card check of nobody', async () => {
      const res = await check({ citizenId: await unknownCitizenId(t.ts.store), fullName: 'Nguyễn Văn An', birthDate: '1990' });
      assert.equal(res.status, 200);
      assert.equal(res.body.resultCode, '050');
    });

    it('returns only the granted field sets: a card-only hospital sees no identity fields but the result code', async () => {
      const { person } = await findPerson(t.ts.store, 'valid');
      const res = await get(`/v1/cards/by-citizen/${person.citizen_id}`, 'hospital-card-only');
      assert.equal(res.status, 200);
      assert.equal(res.body.resultCode, '000');
      assert.ok(res.body.cardCode);
      for (const f of ['fullName', 'birthDate', 'sex', 'citizenId', 'socialInsuranceNumber']) assert.equal(res.body[f], undefined, f);
    });
  });
}
