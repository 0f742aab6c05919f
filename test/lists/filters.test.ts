import assert from 'node:assert/strict';
import { DEFAULT_PARTNERS, startTestGateway, type TestGateway } from '../helpers/gateway.ts';
import { DIALECTS } from '../helpers/stores.ts';
import { ageOn, allPages, DEPT_79, DEPT_79_NARROW, ids, LIST_OVERRIDES, listPage, oracle, type OraclePerson } from './helpers.ts';

const DAY = '2026-11-01';

for (const dialect of DIALECTS) {
  describe(`bulk list filters (${dialect})`, function () {
    this.timeout(120_000);
    let t: TestGateway;
    let everyone: OraclePerson[];
    const expect = (test: (p: OraclePerson) => boolean) => everyone.filter(test).map((p) => p.citizenId);
    const list = (filters: Record<string, unknown>) => allPages(t, { referenceDate: DAY, limit: 1000, ...filters });

    before(async () => {
      t = await startTestGateway({ dialect, seedCount: 4000, partners: [...DEFAULT_PARTNERS, DEPT_79, DEPT_79_NARROW], overrides: LIST_OVERRIDES });
      // Vaccination records as the health-authority sync stores them: the first people of the province get 0-3
      // doses of one COVID-19 product (CVX 208) and some a flu shot (CVX 88).
      const first = await t.ts.store.db.selectFrom('people').select('id').where('residence_province', '=', '79').orderBy('id').limit(60).execute();
      const rows = first.flatMap(({ id }, k) => [
        ...Array.from({ length: k % 4 }, (_, d) => ({ person_id: id, vaccine: '208', vaccine_name: 'COVID-19 Pfizer-BioNTech', dose: d + 1, date: `2021-0${d + 7}-15`, place: '79001', source: 'test', synced_at: DAY })),
        ...(k % 5 === 0 ? [{ person_id: id, vaccine: '88', vaccine_name: 'Cúm mùa', dose: 1, date: '2025-10-01', place: '79002', source: 'test', synced_at: DAY }] : []),
      ]);
      await t.ts.store.db.insertInto('vaccinations').values(rows).execute();
      everyone = await oracle(t.ts.store, '79');
      assert.ok(everyone.length > 300, `enough people in province 79: ${everyone.length}`);
    });
    after(async () => t?.close());

    it('lists every living person of the caller\'s own province when no filter is given, in person-id order', async () => {
      assert.deepEqual(ids(await list({})), expect(() => true));
    });

    it('filters by commune of residence (any of the given communes)', async () => {
      const communes = [...new Set(everyone.map((p) => p.commune))].slice(0, 3) as string[];
      const got = await list({ communes });
      assert.ok(got.length > 0);
      assert.deepEqual(ids(got), expect((p) => communes.includes(p.commune as string)));
    });

    it('filters by age range on the reference date', async () => {
      const got = await list({ age: { min: 60, max: 75 } });
      assert.ok(got.length > 0);
      assert.deepEqual(ids(got), expect((p) => ageOn(p.birthDate, DAY) >= 60 && ageOn(p.birthDate, DAY) <= 75));
      const later = await list({ age: { min: 60, max: 75 }, referenceDate: '2031-11-01' });
      assert.deepEqual(ids(later), expect((p) => ageOn(p.birthDate, '2031-11-01') >= 60 && ageOn(p.birthDate, '2031-11-01') <= 75));
      assert.notDeepEqual(ids(later), ids(got));
    });

    it('filters by sex', async () => {
      assert.deepEqual(ids(await list({ sex: 'female' })), expect((p) => p.sex === 'female'));
    });

    it('filters by priority groups (any of), the elderly being 60 and over on the reference date', async () => {
      const got = await list({ priorityGroups: ['teacher', 'health-worker', 'elderly'] });
      assert.deepEqual(ids(got), expect((p) => p.priorityGroups.includes('teacher') || p.priorityGroups.includes('health-worker') || ageOn(p.birthDate, DAY) >= 60));
      const students = await list({ priorityGroups: ['pupil-student'] });
      assert.ok(students.length > 0);
      assert.deepEqual(ids(students), expect((p) => p.priorityGroups.includes('pupil-student')));
    });

    it('filters by chronic conditions: any of them, or any of the given groups', async () => {
      const any = await list({ chronicConditions: 'any' });
      assert.ok(any.length > 0);
      assert.deepEqual(ids(any), expect((p) => p.conditions.length > 0));
      const some = await list({ chronicConditions: ['diabetes', 'copd'] });
      assert.deepEqual(ids(some), expect((p) => p.conditions.includes('diabetes') || p.conditions.includes('copd')));
    });

    it('filters by vaccination status: doses received, over the given vaccines', async () => {
      const covid = (p: OraclePerson) => p.doses.filter((d) => d.vaccine === '208').length;
      const fewer = await list({ vaccination: { vaccines: ['208'], maxDoses: 1 } });
      assert.deepEqual(ids(fewer), expect((p) => covid(p) <= 1));
      const two = await list({ vaccination: { vaccines: ['208'], minDoses: 2, maxDoses: 2 } });
      assert.ok(two.length > 0);
      assert.deepEqual(ids(two), expect((p) => covid(p) === 2));
      const anyVaccine = await list({ vaccination: { minDoses: 3 } });
      assert.deepEqual(ids(anyVaccine), expect((p) => p.doses.length >= 3));
    });

    it('filters by current employer (tax code) and by industrial park', async () => {
      const employer = everyone.find((p) => p.employerTaxCode !== null)?.employerTaxCode as string;
      assert.deepEqual(ids(await list({ employerTaxCode: employer })), expect((p) => p.employerTaxCode === employer));
      const park = everyone.find((p) => p.parkId !== null)?.parkId as number;
      assert.ok(park, 'someone of province 79 works in an industrial park');
      assert.deepEqual(ids(await list({ industrialParkId: park })), expect((p) => p.parkId === park));
    });

    it('filters by insurance status on the reference date', async () => {
      const insured = await list({ insuranceStatus: 'insured' });
      const not = await list({ insuranceStatus: 'not-insured' });
      assert.deepEqual(ids(insured), expect((p) => p.validCardOn(DAY)));
      assert.deepEqual(ids(not), expect((p) => !p.validCardOn(DAY)));
      assert.ok(insured.length > 0 && not.length > 0);
    });

    it('combines filters: every one must hold', async () => {
      const got = await list({ age: { min: 65 }, chronicConditions: 'any', insuranceStatus: 'insured' });
      assert.ok(got.length > 0);
      assert.deepEqual(ids(got), expect((p) => ageOn(p.birthDate, DAY) >= 65 && p.conditions.length > 0 && p.validCardOn(DAY)));
    });

    it('walks a list in pages of at most `limit` rows, without gaps or repeats', async () => {
      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const res = await listPage(t, { referenceDate: DAY, limit: 37, ...(cursor ? { cursor } : {}) });
        assert.equal(res.status, 200);
        assert.ok(res.body.items.length <= 37);
        seen.push(...ids(res.body.items));
        cursor = res.body.nextCursor;
        pages++;
      } while (cursor);
      assert.deepEqual(seen, expect(() => true));
      assert.equal(pages, Math.ceil(everyone.length / 37));
    });

    it('returns only the field sets asked for, never more than granted', async () => {
      const res = await listPage(t, { referenceDate: DAY, limit: 5, fieldSets: ['residence'] });
      assert.equal(res.status, 200);
      for (const row of res.body.items) assert.deepEqual(Object.keys(row), ['residence']);
      const narrow = await listPage(t, { referenceDate: DAY, limit: 5, fieldSets: ['identity', 'health-priority'] }, { partner: DEPT_79_NARROW.id });
      assert.equal(narrow.status, 200);
      for (const row of narrow.body.items) assert.deepEqual(Object.keys(row).sort(), ['birthDate', 'citizenId', 'fullName', 'sex', 'socialInsuranceNumber']);
      const all = await listPage(t, { referenceDate: DAY, limit: 5 }, { partner: DEPT_79_NARROW.id });
      for (const row of all.body.items) assert.deepEqual(Object.keys(row).sort(), ['birthDate', 'citizenId', 'fullName', 'residence', 'sex', 'socialInsuranceNumber']);
    });

    it('refuses unknown filters and values with 400 and the failing path', async () => {
      const cases: [unknown, string][] = [
        [{ bogus: 1 }, '/bogus'],
        [{ priorityGroups: ['astronauts'] }, '/priorityGroups/0'],
        [{ chronicConditions: 'some' }, '/chronicConditions'],
        [{ age: { min: 70, max: 60 } }, '/age/max'],
        [{ age: { oldest: 3 } }, '/age/oldest'],
        [{ sex: 'other' }, '/sex'],
        [{ communes: ['79999'] }, '/communes/0'],
        [{ vaccination: { minDoses: 3, maxDoses: 1 } }, '/vaccination/maxDoses'],
        [{ insuranceStatus: 'maybe' }, '/insuranceStatus'],
        [{ fieldSets: ['contribution'] }, '/fieldSets/0'],
        [{ referenceDate: '2026-02-30' }, '/referenceDate'],
        [{ limit: 5000 }, '/limit'],
        [{ cursor: 'not-a-cursor' }, '/cursor'],
      ];
      for (const [body, pointer] of cases) {
        const res = await listPage(t, body);
        assert.equal(res.status, 400, JSON.stringify(body));
        assert.ok(['contract.request_invalid', 'list.cursor_invalid'].includes(res.body.code), res.body.code);
        assert.ok(res.body.errors.some((e: { pointer: string }) => e.pointer === pointer), `${JSON.stringify(body)}: ${JSON.stringify(res.body.errors)}`);
      }
    });
  });
}
