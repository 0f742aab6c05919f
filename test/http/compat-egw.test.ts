import assert from 'node:assert/strict';
import request from 'supertest';
import { findPerson } from '../helpers/people.ts';
import { startTestGateway, type TestGateway } from '../helpers/gateway.ts';

function vnDate(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${d}/${m}/${y}`;
}

describe('compatibility card check for existing hospital systems', function () {
  this.timeout(60_000);
  let t: TestGateway;
  before(async () => {
    t = await startTestGateway({ seedCount: 1500 });
  });
  after(async () => t?.close());

  it('accepts the form body and answers in the card-check service shape', async () => {
    const { person, card } = await findPerson(t.ts.store, 'valid');
    const res = await request(t.app)
      .post('/compat/egw/card-check')
      .set('Authorization', `Bearer ${await t.token('hospital-a')}`)
      .type('form')
      .send({ maThe: card?.card_code, hoTen: person.full_name.toUpperCase(), ngaySinh: vnDate(person.birth_date), hoTenCb: 'Lê Thị Bình', cccdCb: '001190012345' });
    assert.equal(res.status, 200);
    assert.equal(res.body.maKetQua, '000');
    assert.equal(res.body.maThe, card?.card_code);
    assert.equal(res.body.hoTen, person.full_name.toUpperCase());
    assert.equal(res.body.maSoBHXH, person.social_insurance_number);
    assert.equal(res.body.gtTheDen, vnDate(card?.valid_to ?? ''));
    assert.equal(res.body.maDKBD, card?.facility_code);
    assert.equal(res.body.gioiTinh, person.sex === 'male' ? 'Nam' : 'Nữ');
    assert.equal(res.body.dsLichSuKCB2018, null);
  });

  it('accepts a JSON body with the CCCD as maThe', async () => {
    const { person } = await findPerson(t.ts.store, 'valid');
    const res = await request(t.app)
      .post('/compat/egw/card-check')
      .set('Authorization', `Bearer ${await t.token('hospital-a')}`)
      .send({ maThe: person.citizen_id, hoTen: person.full_name, ngaySinh: person.birth_date.slice(0, 4) });
    assert.equal(res.body.maKetQua, '000');
  });

  it('answers 003 with maTheMoi for a replaced, expired card', async () => {
    const { person, card } = await findPerson(t.ts.store, 'replaced-expired');
    const res = await request(t.app)
      .post('/compat/egw/card-check')
      .set('Authorization', `Bearer ${await t.token('hospital-a')}`)
      .type('form')
      .send({ maThe: card?.card_code, hoTen: person.full_name, ngaySinh: person.birth_date.slice(0, 4) });
    assert.equal(res.body.maKetQua, '003');
    assert.equal(res.body.maTheCu, card?.card_code);
    assert.equal(res.body.maTheMoi, card?.replaced_by);
  });

  it('records the checking officer in the audit record, the CCCD only as a keyed hash', async () => {
    const { person, card } = await findPerson(t.ts.store, 'valid');
    const res = await request(t.app)
      .post('/compat/egw/card-check')
      .set('Authorization', `Bearer ${await t.token('hospital-a')}`)
      .type('form')
      .send({ maThe: card?.card_code, hoTen: person.full_name, ngaySinh: person.birth_date.slice(0, 4), hoTenCb: 'Trần Văn Cán', cccdCb: '001190054321' });
    const row = await t.ts.store.db.selectFrom('audit_log').selectAll().where('request_id', '=', res.headers['x-request-id'] as string).executeTakeFirstOrThrow();
    assert.equal(row.officer_name, 'Trần Văn Cán');
    assert.ok(row.officer_key && row.officer_key !== '001190054321');
    assert.ok(!JSON.stringify(row).includes('001190054321'));
  });

  it('answers a malformed parameter as problem+json carrying maKetQua 205', async () => {
    const res = await request(t.app)
      .post('/compat/egw/card-check')
      .set('Authorization', `Bearer ${await t.token('hospital-a')}`)
      .type('form')
      .send({ maThe: '12345', hoTen: 'A', ngaySinh: '1990' });
    assert.equal(res.status, 400);
    assert.equal(res.body.code, 'contract.request_invalid');
    assert.equal(res.body.maKetQua, '205');
  });

  it('answers a refused token with maKetQua 401', async () => {
    const res = await request(t.app).post('/compat/egw/card-check').type('form').send({ maThe: '079090012345', hoTen: 'A', ngaySinh: '1990' });
    assert.equal(res.status, 401);
    assert.equal(res.body.maKetQua, '401');
  });
});
