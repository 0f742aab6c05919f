import assert from 'node:assert/strict';
import request from 'supertest';
import { DEFAULT_PARTNERS, startTestGateway, type TestGateway } from '../helpers/gateway.ts';
import {
  allPages, bearer, createExport, DEPT_01, DEPT_79, exportFile, exportStatus, finishedExport, ids, LIST_OVERRIDES, listPage, listStream, ndjson, oracle, parseCsv,
} from './helpers.ts';

const DAY = '2026-11-01';

// A department of province 79 must get no one of another province through any path: pages, streams, exports,
// altered or borrowed cursors, guessed or borrowed job ids.
describe('jurisdiction of bulk lists', function () {
  this.timeout(120_000);
  let t: TestGateway;
  let own: string[];
  let others: Set<string>;

  before(async () => {
    t = await startTestGateway({ seedCount: 3000, partners: [...DEFAULT_PARTNERS, DEPT_79, DEPT_01], overrides: LIST_OVERRIDES });
    own = (await oracle(t.ts.store, '79')).map((p) => p.citizenId);
    const all = await t.ts.store.db.selectFrom('people').select('citizen_id').where('residence_province', '!=', '79').execute();
    others = new Set(all.map((p) => p.citizen_id));
    assert.ok(own.length > 100 && others.size > 1000);
  });
  after(async () => t?.close());

  const assertOwnProvince = (citizenIds: readonly string[]) => {
    assert.deepEqual([...citizenIds], own);
    assert.ok(!citizenIds.some((c) => others.has(c)));
  };

  it('lists only its own province in pages, with province 79 and its former provinces 74 and 77 as residence', async () => {
    const items = await allPages(t, { referenceDate: DAY, limit: 500 });
    assertOwnProvince(ids(items));
    for (const row of items) {
      const residence = row.residence as { province: string; provinceOld: string };
      assert.equal(residence.province, '79');
      assert.ok(['79', '74', '77'].includes(residence.provinceOld));
    }
  });

  it('streams only its own province as NDJSON and as CSV', async () => {
    const lines = await listStream(t, { referenceDate: DAY }, 'application/x-ndjson');
    assert.equal(lines.status, 200);
    assertOwnProvince(ids(ndjson(lines.text)));
    const csv = await listStream(t, { referenceDate: DAY }, 'text/csv');
    const [header, ...rows] = parseCsv(csv.text);
    const column = (header as string[]).indexOf('citizenId');
    assertOwnProvince(rows.map((r) => r[column] as string));
  });

  it('exports only its own province', async () => {
    const created = await createExport(t, { referenceDate: DAY, format: 'ndjson' });
    assert.equal(created.status, 202);
    assert.equal((await finishedExport(t, created.body.id)).state, 'ready');
    const file = await exportFile(t, created.body.id);
    assert.equal(file.status, 200);
    assertOwnProvince(ids(ndjson((file.body as Buffer).toString('utf8'))));
  });

  it('is refused (403 jurisdiction.denied) naming another province or a commune of another province, on every path', async () => {
    for (const body of [{ province: '01' }, { communes: ['01001'] }, { province: '79', communes: ['79001', '74001'] }]) {
      const page = await listPage(t, body);
      assert.equal(page.status, 403, JSON.stringify(body));
      assert.equal(page.body.code, 'jurisdiction.denied');
      const stream = await listStream(t, body, 'application/x-ndjson');
      assert.equal(stream.status, 403);
      const job = await createExport(t, { ...body, format: 'csv' });
      assert.equal(job.status, 403);
      assert.equal(job.body.code, 'jurisdiction.denied');
    }
    const jobs = await t.ts.store.db.selectFrom('export_jobs').select('province').execute();
    assert.ok(jobs.every((j) => j.province === '79'));
  });

  it('refuses (400) a cursor altered to name another province, another start or another query', async () => {
    const first = await listPage(t, { referenceDate: DAY, limit: 10 });
    const cursor = first.body.nextCursor as string;
    const [body, mac] = cursor.split('.') as [string, string];
    const payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Record<string, unknown>;
    const forge = (change: Record<string, unknown>) => `${Buffer.from(JSON.stringify({ ...payload, ...change })).toString('base64url')}.${mac}`;
    const flipped = `${body}.${mac.startsWith('A') ? 'B' : 'A'}${mac.slice(1)}`;
    for (const bad of [forge({ r: '01' }), forge({ a: 0 }), forge({ p: DEPT_01.id }), flipped, `${body}.`, body]) {
      const res = await listPage(t, { referenceDate: DAY, limit: 10, cursor: bad });
      assert.equal(res.status, 400, bad);
      assert.ok(['list.cursor_invalid', 'contract.request_invalid'].includes(res.body.code));
    }
    const otherQuery = await listPage(t, { referenceDate: DAY, limit: 10, sex: 'female', cursor });
    assert.equal(otherQuery.status, 400);
    assert.equal(otherQuery.body.code, 'list.cursor_invalid');
    const good = await listPage(t, { referenceDate: DAY, limit: 10, cursor });
    assert.deepEqual(ids(good.body.items), own.slice(10, 20));
  });

  it('refuses (400) a cursor replayed by another department, whatever province it names', async () => {
    const first = await listPage(t, { referenceDate: DAY, limit: 10 });
    const cursor = first.body.nextCursor as string;
    for (const body of [{ referenceDate: DAY, limit: 10, cursor }, { referenceDate: DAY, limit: 10, province: '01', cursor }]) {
      const res = await listPage(t, body, { partner: DEPT_01.id });
      assert.equal(res.status, 400);
      assert.equal(res.body.code, 'list.cursor_invalid');
    }
  });

  it('answers 404 to another department and to guessed ids, on status, file and cancel alike', async () => {
    const created = await createExport(t, { referenceDate: DAY, format: 'csv' });
    assert.equal(created.status, 202);
    await finishedExport(t, created.body.id);
    const guessed = 'exp_AAAAAAAAAAAAAAAAAAAAAA';
    for (const [id, partner] of [[created.body.id, DEPT_01.id], [guessed, DEPT_79.id]] as const) {
      const status = await exportStatus(t, id, partner);
      const file = await exportFile(t, id, {}, partner);
      const cancel = await request(t.app).delete(`/v1/exports/${id}`).set('Authorization', await bearer(t, partner));
      for (const res of [status, file, cancel]) {
        assert.equal(res.status, 404);
        assert.equal(res.body.code ?? JSON.parse((res.body as Buffer).toString('utf8')).code, 'export.not_found');
      }
    }
    assert.equal((await exportStatus(t, created.body.id)).body.state, 'ready');
    const malformed = await exportStatus(t, 'exp_short');
    assert.equal(malformed.status, 400);
  });
});
