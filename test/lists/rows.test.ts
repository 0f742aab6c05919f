import assert from 'node:assert/strict';
import { CHRONIC_CONDITION_GROUPS } from '../../src/domain/chronic-conditions.ts';
import type { Store } from '../../src/store/open.ts';
import { DEFAULT_PARTNERS, startTestGateway, type TestGateway } from '../helpers/gateway.ts';
import { DIALECTS } from '../helpers/stores.ts';
import { DEPT_79, DEPT_79_NARROW, LIST_OVERRIDES, listStream, ndjson } from './helpers.ts';

const DAY = '2026-11-01';
const BATCH = 100;

/** Every row the department should get for `province`, built from plain queries (the test's own reading). */
async function expectedRows(store: Store, province: string): Promise<Record<string, unknown>[]> {
  const db = store.db;
  const people = await db.selectFrom('people').selectAll().where('residence_province', '=', province).where('deceased_on', 'is', null).orderBy('id').execute();
  const cards = await db.selectFrom('cards').selectAll().where('status', '<>', 'replaced').execute();
  const jobs = await db
    .selectFrom('employments')
    .innerJoin('employers', 'employers.id', 'employments.employer_id')
    .leftJoin('industrial_parks', 'industrial_parks.id', 'employers.industrial_park_id')
    .select(['employments.person_id', 'employers.name', 'employers.tax_code', 'industrial_parks.name as park'])
    .where('employments.end_date', 'is', null)
    .execute();
  const communes = new Map((await db.selectFrom('communes').select(['code', 'name']).execute()).map((c) => [c.code, c.name]));
  const conditions = await db.selectFrom('chronic_conditions').select(['person_id', 'condition_group']).execute();
  const doses = await db.selectFrom('vaccinations').selectAll().execute();
  const order = CHRONIC_CONDITION_GROUPS.map((g) => g.group);
  return people.map((p) => {
    const card = cards.find((c) => c.person_id === p.id);
    const job = jobs.find((j) => j.person_id === p.id);
    const insured = card !== undefined && card.status === 'active' && card.valid_from <= DAY && DAY <= card.valid_to;
    return {
      fullName: p.full_name,
      birthDate: p.birth_date_precision === 'year' ? p.birth_date.slice(0, 4) : p.birth_date,
      sex: p.sex,
      citizenId: p.citizen_id,
      socialInsuranceNumber: p.social_insurance_number,
      ...(card
        ? {
            cardCode: card.card_code, benefitLevel: card.benefit_level, validFrom: card.valid_from, validTo: card.valid_to, registeredFacility: card.facility_code,
            ...(card.five_year_date ? { fiveYearDate: card.five_year_date } : {}), ...(card.area_code ? { areaCode: card.area_code } : {}),
          }
        : {}),
      coverage: card ? { groupCode: card.group_code, status: insured ? 'insured' : 'not-insured' } : { status: 'not-insured' },
      employment: {
        occupationCategory: p.occupation_category ?? 'other',
        ...(job ? { employerName: job.name, employerTaxCode: job.tax_code, ...(job.park ? { industrialPark: job.park } : {}) } : {}),
      },
      residence: {
        province: p.residence_province, provinceOld: p.residence_province_old,
        ...(p.residence_commune ? { commune: p.residence_commune, ...(communes.has(p.residence_commune) ? { communeName: communes.get(p.residence_commune) } : {}) } : {}),
      },
      healthPriority: {
        chronicConditions: conditions
          .filter((c) => c.person_id === p.id)
          .map((c) => c.condition_group)
          .sort((a, b) => order.indexOf(a) - order.indexOf(b))
          .map((g) => ({ group: g, icd10: CHRONIC_CONDITION_GROUPS.find((x) => x.group === g)?.icd10 })),
      },
      vaccinations: doses
        .filter((d) => d.person_id === p.id)
        .sort((a, b) => a.date.localeCompare(b.date) || a.vaccine.localeCompare(b.vaccine) || a.dose - b.dose)
        .map((d) => ({ vaccine: d.vaccine, vaccineName: d.vaccine_name, dose: d.dose, date: d.date, place: d.place })),
    };
  });
}

for (const dialect of DIALECTS) {
  describe(`list rows (${dialect})`, function () {
    this.timeout(120_000);
    let t: TestGateway;

    before(async () => {
      t = await startTestGateway({
        dialect, seedCount: 2500, partners: [...DEFAULT_PARTNERS, DEPT_79, DEPT_79_NARROW],
        overrides: { ...LIST_OVERRIDES, adapters: { insurance: { use: 'insurance-db', lists: { batchSize: BATCH } } } },
      });
      const first = await t.ts.store.db.selectFrom('people').select('id').where('residence_province', '=', '79').orderBy('id').limit(40).execute();
      const rows = first.flatMap(({ id }, k) => [
        ...Array.from({ length: k % 3 }, (_, d) => ({ person_id: id, vaccine: '208', vaccine_name: 'COVID-19 Pfizer-BioNTech', dose: d + 1, date: `2021-0${d + 7}-15`, place: '79001', source: 'test', synced_at: DAY })),
        ...(k % 4 === 0 ? [{ person_id: id, vaccine: '88', vaccine_name: 'Cúm mùa', dose: 1, date: '2021-07-15', place: '79002', source: 'test', synced_at: DAY }] : []),
      ]);
      await t.ts.store.db.insertInto('vaccinations').values(rows).execute();
    });
    after(async () => t?.close());

    it('carries every granted field of each person as the store holds it, across many batches', async () => {
      const expected = await expectedRows(t.ts.store, '79');
      assert.ok(expected.length > 3 * BATCH, `several batches: ${expected.length} people`);
      assert.ok(expected.some((r) => (r.healthPriority as { chronicConditions: unknown[] }).chronicConditions.length > 1), 'someone with two condition groups');
      assert.ok(expected.some((r) => (r.vaccinations as unknown[]).length > 1), 'someone with two doses');
      assert.ok(expected.some((r) => (r.employment as Record<string, unknown>).industrialPark !== undefined), 'someone working in an industrial park');
      const res = await listStream(t, { referenceDate: DAY }, 'application/x-ndjson');
      assert.equal(res.status, 200);
      assert.deepEqual(ndjson(res.text), expected);
    });

    it('carries only the granted fields to a department granted fewer', async () => {
      const expected = (await expectedRows(t.ts.store, '79')).map((r) => ({
        fullName: r.fullName, birthDate: r.birthDate, sex: r.sex, citizenId: r.citizenId, socialInsuranceNumber: r.socialInsuranceNumber, residence: r.residence,
      }));
      const res = await listStream(t, { referenceDate: DAY }, 'application/x-ndjson', DEPT_79_NARROW.id);
      assert.equal(res.status, 200);
      assert.deepEqual(ndjson(res.text), expected);
    });
  });
}
