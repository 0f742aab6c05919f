import assert from 'node:assert/strict';
import { disclosedCount } from '../../src/store/disclosure-journal.ts';
import { loadSubjectHasher } from '../../src/store/subject-keys.ts';
import { DEFAULT_PARTNERS, startTestGateway, type TestGateway } from '../helpers/gateway.ts';
import { DIALECTS } from '../helpers/stores.ts';
import { createExport, DEPT_79, exportFile, finishedExport, ids, LIST_OVERRIDES, listPage, listStream, ndjson } from './helpers.ts';

const DAY = '2026-11-01';

// One audit record per list request or export (filters, row count, field sets, purpose; never a person), and every
// person disclosed findable later by the audit log's subject key.
for (const dialect of DIALECTS) describe(`accountability of bulk lists (${dialect})`, function () {
  this.timeout(60_000);
  let t: TestGateway;

  before(async () => {
    t = await startTestGateway({ dialect, seedCount: 1200, seedProvince: '79', partners: [...DEFAULT_PARTNERS, DEPT_79], overrides: LIST_OVERRIDES });
  });
  after(async () => t?.close());

  const auditSince = (seq: number) => t.ts.store.db.selectFrom('audit_log').selectAll().where('seq', '>', seq).orderBy('seq').execute();
  const lastSeq = async () => Number((await t.ts.store.db.selectFrom('audit_log').select((eb) => eb.fn.max('seq').as('m')).executeTakeFirst())?.m ?? 0);

  it('writes one audit record per page, with its filters, row count, field sets and purpose, and nothing about a person', async () => {
    const before = await lastSeq();
    const res = await listPage(t, { referenceDate: DAY, age: { min: 65 }, chronicConditions: 'any', fieldSets: ['identity', 'health-priority'], limit: 25 }, { purpose: 'epidemic-control' });
    assert.equal(res.status, 200);
    const records = await auditSince(before);
    assert.equal(records.length, 1);
    const [record] = records as [(typeof records)[number]];
    assert.equal(record.operation, 'lists.query.v1');
    assert.equal(record.purpose, 'epidemic-control');
    assert.equal(record.field_sets, 'identity,health-priority');
    assert.equal(record.subject_key, null);
    const detail = JSON.parse(record.detail as string);
    assert.deepEqual(detail.filters, { referenceDate: DAY, age: { min: 65 }, chronicConditions: 'any' });
    assert.equal(detail.rows, res.body.items.length);
    assert.equal(detail.delivery, 'page');
    assert.equal(detail.province, '79');
    for (const row of res.body.items) {
      assert.ok(!record.detail?.includes(row.citizenId) && !record.detail?.includes(row.fullName));
    }
  });

  it('writes one audit record per stream, before any row, and journals every row disclosed under it', async () => {
    const before = await lastSeq();
    const res = await listStream(t, { referenceDate: DAY, sex: 'female' }, 'application/x-ndjson');
    const rows = ndjson(res.text);
    const records = await auditSince(before);
    assert.equal(records.length, 1);
    const record = records[0] as (typeof records)[number];
    assert.equal(JSON.parse(record.detail as string).delivery, 'stream');
    assert.equal(await disclosedCount(t.ts.store, record.seq), rows.length);
  });

  it('indexes every person disclosed under the list\'s audit record by the audit log\'s subject key, without adding audit records', async () => {
    const before = await lastSeq();
    const res = await listPage(t, { referenceDate: DAY, limit: 40 });
    const seq = (await auditSince(before))[0]?.seq as number;
    const audited = await lastSeq();
    await t.gateway.lists.indexer.indexPending();
    const subjects = await loadSubjectHasher(t.ts.store);
    const index = await t.ts.store.db.selectFrom('disclosure_index').select('subject_key').where('audit_seq', '=', seq).execute();
    assert.deepEqual(new Set(index.map((r) => r.subject_key)), new Set(ids(res.body.items).map((c) => subjects.hash(c))));
    assert.equal(index.length, 40);
    assert.equal(await lastSeq(), audited, 'index rows are not audit records');
    const person = ids(res.body.items)[7] as string;
    const access = await t.ts.store.db.selectFrom('disclosure_index').select('audit_seq').where('subject_key', '=', subjects.hash(person)).execute();
    assert.ok(access.some((a) => a.audit_seq === seq), 'the person finds the list in their access log');
  });

  it('writes one audit record for an export\'s creation, tied to the job, and each download records the rows sent', async () => {
    const before = await lastSeq();
    const created = await createExport(t, { referenceDate: DAY, insuranceStatus: 'insured', format: 'csv' });
    assert.equal(created.status, 202);
    const creation = await auditSince(before);
    assert.equal(creation.length, 1);
    const record = creation[0] as (typeof creation)[number];
    assert.equal(record.operation, 'exports.create.v1');
    assert.equal(record.export_ref, created.body.id);
    assert.deepEqual(JSON.parse(record.detail as string).filters, { referenceDate: DAY, insuranceStatus: 'insured' });
    const done = await finishedExport(t, created.body.id);
    const rows = (done.progress as { rowsDone: number }).rowsDone;
    assert.equal(await disclosedCount(t.ts.store, record.seq), rows);
    const afterPolls = await lastSeq();
    await exportFile(t, created.body.id);
    const download = (await auditSince(afterPolls))[0] as (typeof creation)[number];
    assert.equal(download.operation, 'exports.file.v1');
    assert.equal(download.export_ref, created.body.id);
    assert.equal(JSON.parse(download.detail as string).rows, rows);
  });

  it('audits a refused list too, and sends no row when the audit log cannot record the list', async () => {
    const before = await lastSeq();
    const refused = await listPage(t, { province: '01' });
    assert.equal(refused.status, 403);
    const [record] = await auditSince(before);
    assert.equal(record?.outcome, 'jurisdiction.denied');
    await t.gateway.audit.close();
    const res = await listStream(t, { referenceDate: DAY }, 'application/x-ndjson');
    assert.equal(res.status, 503);
    assert.equal(JSON.parse(res.text).code, 'audit.unavailable');
  });
});
