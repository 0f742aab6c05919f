import assert from 'node:assert/strict';
import { DEFAULT_PARTNERS, startTestGateway, type TestGateway } from '../helpers/gateway.ts';
import { createExport, DEPT_79, DEPT_79_NARROW, LIST_OVERRIDES, listPage, listStream, ndjson } from './helpers.ts';

const DAY = '2026-11-01';
/** Granted health-priority, but for statistics only: no identified rows, no health data. */
const STATISTICS_79 = { ...DEPT_79, id: 'thong-ke-79', purposes: ['statistics' as const] };

// Health conditions (field set health-priority) leave only for partners granted them, with purpose epidemic-control
// or vaccination; a partner without them can neither receive them nor select people by them.
describe('sensitive health data in bulk lists', function () {
  this.timeout(60_000);
  let t: TestGateway;

  before(async () => {
    t = await startTestGateway({ seedCount: 1500, seedProvince: '79', partners: [...DEFAULT_PARTNERS, DEPT_79, DEPT_79_NARROW, STATISTICS_79], overrides: LIST_OVERRIDES });
  });
  after(async () => t?.close());

  it('sends chronic-condition groups (ICD-10 ranges only) to a department granted them, for epidemic control and for vaccination', async () => {
    for (const purpose of ['epidemic-control', 'vaccination'] as const) {
      const res = await listPage(t, { referenceDate: DAY, chronicConditions: ['diabetes'], limit: 20 }, { purpose });
      assert.equal(res.status, 200);
      assert.ok(res.body.items.length > 0);
      for (const row of res.body.items) {
        const groups = row.healthPriority.chronicConditions as { group: string; icd10: string }[];
        assert.ok(groups.some((c) => c.group === 'diabetes' && c.icd10 === 'E10-E14'));
        for (const c of groups) assert.match(c.icd10, /^[A-Z]\d{2}(-[A-Z]\d{2})?$/);
      }
    }
  });

  it('never sends them to a department not granted them, even when it asks for them', async () => {
    const page = await listPage(t, { referenceDate: DAY, limit: 50, fieldSets: ['identity', 'health-priority'] }, { partner: DEPT_79_NARROW.id });
    assert.equal(page.status, 200);
    assert.ok(page.body.items.length > 0);
    for (const row of page.body.items) assert.equal(row.healthPriority, undefined);
    const stream = await listStream(t, { referenceDate: DAY }, 'application/x-ndjson', DEPT_79_NARROW.id);
    assert.ok(!stream.text.includes('healthPriority') && !stream.text.includes('chronicConditions'));
    const csv = await listStream(t, { referenceDate: DAY }, 'text/csv', DEPT_79_NARROW.id);
    assert.ok(!csv.text.split('\r\n')[0]?.includes('chronicConditions'));
    assert.ok(ndjson(stream.text).length > 0);
  });

  it('refuses (403 fieldset.denied) to select people by their conditions or vaccinations without the field set, on every path', async () => {
    for (const filters of [{ chronicConditions: 'any' }, { chronicConditions: ['cancer'] }, { vaccination: { maxDoses: 0 } }]) {
      const page = await listPage(t, { referenceDate: DAY, fieldSets: ['identity'], ...filters }, { partner: DEPT_79_NARROW.id });
      assert.equal(page.status, 403, JSON.stringify(filters));
      assert.equal(page.body.code, 'fieldset.denied');
      const stream = await listStream(t, { referenceDate: DAY, ...filters }, 'text/csv', DEPT_79_NARROW.id);
      assert.equal(stream.status, 403);
      const job = await createExport(t, { referenceDate: DAY, format: 'csv', ...filters }, DEPT_79_NARROW.id);
      assert.equal(job.status, 403);
      assert.equal(job.body.code, 'fieldset.denied');
    }
  });

  it('lets a department granted them select on them while asking only for identities', async () => {
    const res = await listPage(t, { referenceDate: DAY, chronicConditions: 'any', fieldSets: ['identity'], limit: 10 });
    assert.equal(res.status, 200);
    for (const row of res.body.items) assert.deepEqual(Object.keys(row).sort(), ['birthDate', 'citizenId', 'fullName', 'sex', 'socialInsuranceNumber']);
  });

  it('refuses (403 purpose.denied) any list for a purpose other than epidemic control or vaccination, grant or not', async () => {
    const res = await listPage(t, { referenceDate: DAY, limit: 5 }, { partner: STATISTICS_79.id, purpose: 'statistics' });
    assert.equal(res.status, 403);
    assert.equal(res.body.code, 'purpose.denied');
    const asked = await listPage(t, { referenceDate: DAY, limit: 5 }, { partner: DEPT_79.id, purpose: 'statistics' });
    assert.equal(asked.status, 403);
    assert.equal(asked.body.code, 'purpose.denied');
  });
});
