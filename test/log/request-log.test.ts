import assert from 'node:assert/strict';
import request from 'supertest';
import { findPerson } from '../helpers/people.ts';
import { startTestGateway, type TestGateway } from '../helpers/gateway.ts';

describe('request logs', function () {
  this.timeout(60_000);
  let t: TestGateway;
  before(async () => {
    t = await startTestGateway({ seedCount: 600 });
  });
  after(async () => t?.close());

  it('write one JSON line per request with request id, partner, route template, status and duration', async () => {
    const { person } = await findPerson(t.ts.store, 'valid');
    const res = await request(t.app).get(`/v1/cards/by-citizen/${person.citizen_id}`).set('Authorization', `Bearer ${await t.token('hospital-a')}`);
    const id = res.headers['x-request-id'] as string;
    await t.logs.waitFor(`"requestId":"${id}"`); // the line is written when the response has gone
    const lines = t.logs.lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.requestId === id && l.message === 'request');
    assert.equal(lines.length, 1);
    const line = lines[0] as Record<string, unknown>;
    assert.equal(line.partner, 'hospital-a');
    assert.equal(line.route, 'GET /v1/cards/by-citizen/:citizenId');
    assert.equal(line.status, 200);
    assert.equal(typeof line.durationMs, 'number');
  });

  it('never carry a CCCD, BHXH number, card code, name, birth date or token, on success or failure', async () => {
    const tokens: string[] = [];
    const secrets: string[] = [];
    for (const situation of ['valid', 'expired', 'withdrawn'] as const) {
      const { person, card } = await findPerson(t.ts.store, situation);
      secrets.push(person.citizen_id, person.social_insurance_number, person.full_name, person.birth_date, card?.card_code ?? '');
      const token = await t.token('hospital-a');
      tokens.push(token);
      await request(t.app).get(`/v1/cards/by-citizen/${person.citizen_id}`).set('Authorization', `Bearer ${token}`);
      await request(t.app).get(`/v1/cards/by-citizen/${person.citizen_id}`).set('Authorization', `Bearer ${token}`); // replay: refused
      await request(t.app)
        .post('/v1/cards/check')
        .set('Authorization', `Bearer ${await t.token('hospital-a')}`)
        .send({ cardCode: card?.card_code, fullName: person.full_name, birthDate: '31/02/1990' });
      await request(t.app).get(`/v1/participants?citizenId=${person.citizen_id}`).set('Authorization', `Bearer ${await t.token('ministry-labour')}`);
    }
    const text = t.logs.text();
    assert.ok(text.length > 0);
    for (const s of [...secrets.filter(Boolean), ...tokens]) assert.ok(!text.includes(s), `log leaks ${s.slice(0, 6)}...`);
  });
});
