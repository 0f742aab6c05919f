import assert from 'node:assert/strict';
import request from 'supertest';
import { AuditWriter, type AuditEntry } from '../../src/store/audit-writer.ts';
import { findPerson, unknownCitizenId } from '../helpers/people.ts';
import { startTestGateway, type TestGateway } from '../helpers/gateway.ts';
import { DIALECTS, openTestStore } from '../helpers/stores.ts';

function entry(i: number): AuditEntry {
  return {
    at: new Date(0).toISOString(), request_id: `r${i}`, partner_id: 'p', partner_kind: 'hospital', purpose: 'treatment', operation: 'op',
    outcome: 'ok', status: 200, field_sets: 'card', subject_key: null, officer_key: null, officer_name: null, hmac_key_id: 'k',
    agreement_ref: null, export_ref: null, covert_until: null, token_jti: null, token_exp: null, detail: null,
  };
}

for (const dialect of DIALECTS) {
  describe(`audit writer (${dialect})`, () => {
    it('group-commits concurrent appends with gap-free sequence numbers', async () => {
      const ts = await openTestStore(dialect);
      try {
        const w = new AuditWriter(ts.store, { batchSize: 50, flushMs: 2 });
        const seqs = await Promise.all(Array.from({ length: 237 }, (_, i) => w.append(entry(i))));
        await w.close();
        assert.deepEqual([...seqs].sort((a, b) => a - b), Array.from({ length: 237 }, (_, i) => i + 1));
        const rows = await ts.store.db.selectFrom('audit_log').select('seq').orderBy('seq').execute();
        assert.deepEqual(rows.map((r) => r.seq), Array.from({ length: 237 }, (_, i) => i + 1));
      } finally {
        await ts.dispose();
      }
    });

    it('rejects every waiter of a batch whose commit fails, and writes none of it', async () => {
      const ts = await openTestStore(dialect);
      try {
        const w = new AuditWriter(ts.store, { batchSize: 10, flushMs: 1 });
        const bad = { ...entry(1), request_id: null as unknown as string };
        const results = await Promise.allSettled([w.append(entry(0)), w.append(bad), w.append(entry(2))]);
        assert.deepEqual(results.map((r) => r.status), ['rejected', 'rejected', 'rejected']);
        const n = await ts.store.db.selectFrom('audit_log').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
        assert.equal(Number(n.n), 0);
      } finally {
        await ts.dispose();
      }
    });
  });
}

describe('audit records of exchanges', function () {
  this.timeout(60_000);
  let t: TestGateway;
  before(async () => {
    t = await startTestGateway({ seedCount: 600 });
  });
  after(async () => t?.close());

  async function recordOf(requestId: string) {
    return t.ts.store.db.selectFrom('audit_log').selectAll().where('request_id', '=', requestId).executeTakeFirstOrThrow();
  }

  it('writes a record committed before the response: partner, kind, purpose, operation, field sets, subject key, agreement', async () => {
    const { person } = await findPerson(t.ts.store, 'valid');
    const token = await t.token('hospital-a', { actor: { sub: '001190012345', name: 'Lê Thị Bình' } });
    const res = await request(t.app).get(`/v1/cards/by-citizen/${person.citizen_id}`).set('Authorization', `Bearer ${token}`);
    assert.equal(res.status, 200);
    const row = await recordOf(res.headers['x-request-id'] as string);
    assert.equal(row.partner_id, 'hospital-a');
    assert.equal(row.partner_kind, 'hospital');
    assert.equal(row.purpose, 'treatment');
    assert.equal(row.operation, 'cards.by-citizen.v1');
    assert.equal(row.outcome, 'ok');
    assert.equal(row.field_sets, 'identity,card');
    assert.equal(row.agreement_ref, 'AGR-hospital-a');
    assert.equal(row.officer_name, 'Lê Thị Bình');
    assert.ok(row.subject_key && row.officer_key && row.hmac_key_id);
    assert.ok(row.seq > 0);
    const text = JSON.stringify(row);
    for (const secret of [person.citizen_id, person.full_name, person.social_insurance_number, '001190012345']) assert.ok(!text.includes(secret));
  });

  it('keys the subject of a lookup by card code with the person\'s CCCD, the same key as a lookup by CCCD', async () => {
    const { person, card } = await findPerson(t.ts.store, 'valid');
    const a = await request(t.app).get(`/v1/cards/by-citizen/${person.citizen_id}`).set('Authorization', `Bearer ${await t.token('hospital-a')}`);
    const b = await request(t.app)
      .post('/v1/cards/check')
      .set('Authorization', `Bearer ${await t.token('hospital-a')}`)
      .send({ cardCode: card?.card_code, fullName: person.full_name, birthDate: person.birth_date.slice(0, 4) });
    assert.equal((await recordOf(a.headers['x-request-id'] as string)).subject_key, (await recordOf(b.headers['x-request-id'] as string)).subject_key);
  });

  it('records refusals and not-found lookups too', async () => {
    const nobody = await unknownCitizenId(t.ts.store);
    const notFound = await request(t.app).get(`/v1/cards/by-citizen/${nobody}`).set('Authorization', `Bearer ${await t.token('hospital-a')}`);
    const notFoundRow = await recordOf(notFound.headers['x-request-id'] as string);
    assert.equal(notFoundRow.outcome, 'subject.not_found');
    assert.equal(notFoundRow.status, 404);
    assert.ok(notFoundRow.subject_key);
    const token = await t.token('hospital-a');
    await request(t.app).get(`/v1/cards/by-citizen/${nobody}`).set('Authorization', `Bearer ${token}`);
    const replayed = await request(t.app).get(`/v1/cards/by-citizen/${nobody}`).set('Authorization', `Bearer ${token}`);
    const replayedRow = await recordOf(replayed.headers['x-request-id'] as string);
    assert.equal(replayedRow.outcome, 'token.replayed');
    assert.equal(replayedRow.partner_id, 'hospital-a', 'a refused token whose signature verified names its signer');
    assert.equal(replayedRow.purpose, null);
    assert.equal(replayedRow.field_sets, '');
    const refused = await request(t.app).get(`/v1/cards/by-citizen/${nobody}`).set('Authorization', 'Bearer nope');
    const refusedRow = await recordOf(refused.headers['x-request-id'] as string);
    assert.equal(refusedRow.outcome, 'token.malformed');
    assert.equal(refusedRow.partner_id, null);
    assert.equal(refusedRow.field_sets, '');
  });

  it('answers 503 audit.unavailable and releases no data when the audit commit fails', async () => {
    const { person } = await findPerson(t.ts.store, 'valid');
    const original = t.gateway.audit.append.bind(t.gateway.audit);
    t.gateway.audit.append = () => Promise.reject(new Error('disk full'));
    try {
      const res = await request(t.app).get(`/v1/cards/by-citizen/${person.citizen_id}`).set('Authorization', `Bearer ${await t.token('hospital-a')}`);
      assert.equal(res.status, 503);
      assert.equal(res.body.code, 'audit.unavailable');
      assert.ok(!JSON.stringify(res.body).includes(person.full_name));
    } finally {
      t.gateway.audit.append = original;
    }
  });
});
