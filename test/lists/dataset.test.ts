import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { allCommunes, COMMUNES_NATIONALLY, communeCounts, communesOf } from '../../src/dataset/communes.ts';
import { createGenerator, type SyntheticPerson } from '../../src/dataset/generator.ts';
import { CHRONIC_CONDITION_GROUP_NAMES } from '../../src/domain/chronic-conditions.ts';
import { NEW_PROVINCES, oldCodesOf } from '../../src/domain/provinces.ts';
import { OCCUPATION_CATEGORIES, PRIORITY_GROUPS, priorityGroupsOf } from '../../src/domain/priority-groups.ts';
import { seedDataset } from '../../src/store/seed-writer.ts';
import { DIALECTS, openTestStore } from '../helpers/stores.ts';
import { ageOn } from './helpers.ts';

const AS_OF = '2026-11-01';

describe('the commune list of the two-level administration', () => {
  it('holds 3,321 communes with unique 5-digit codes prefixed by their province, split by province weight', () => {
    const communes = allCommunes();
    assert.equal(communes.length, COMMUNES_NATIONALLY);
    assert.equal(new Set(communes.map((c) => c.code)).size, COMMUNES_NATIONALLY);
    const counts = communeCounts();
    for (const p of NEW_PROVINCES) {
      const own = communesOf(p.code);
      assert.equal(own.length, counts.get(p.code));
      for (const c of own) {
        assert.match(c.code, /^\d{5}$/);
        assert.equal(c.code.slice(0, 2), p.code);
        assert.ok(oldCodesOf(p.code).includes(c.province_old));
        assert.match(c.name, /^(Phường|Xã) \S+ \S+$/);
        assert.equal(c.name, c.name.normalize('NFC'));
      }
      assert.equal(new Set(own.map((c) => c.name)).size, own.length, `names unique in province ${p.code}`);
    }
    assert.ok((counts.get('79') as number) > (counts.get('01') as number) && (counts.get('01') as number) > (counts.get('04') as number));
  });
});

describe('people of generator version 2', function () {
  this.timeout(60_000);
  const gen = createGenerator({ seed: 7, asOf: AS_OF });
  const people: SyntheticPerson[] = [];
  before(() => {
    for (let i = 0; i < 30_000; i++) people.push(gen.person(i));
  });

  it('live in a commune of their province of residence and of their former province', () => {
    const byCode = new Map(allCommunes().map((c) => [c.code, c]));
    for (const { person } of people) {
      const commune = byCode.get(person.residence_commune as string);
      assert.ok(commune, person.residence_commune ?? 'none');
      assert.equal(commune.province, person.residence_province);
      assert.equal(commune.province_old, person.residence_province_old);
    }
  });

  it('have an occupation category and priority groups consistent with their card group and current job', () => {
    for (const { person, cards, employments } of people) {
      assert.ok((OCCUPATION_CATEGORIES as readonly string[]).includes(person.occupation_category as string));
      const groups = priorityGroupsOf(person.priority_group_bits ?? 0);
      for (const g of groups) assert.ok((PRIORITY_GROUPS as readonly string[]).includes(g));
      const current = employments.find((e) => e.end_date === null);
      if (person.occupation_category === 'teacher') assert.equal(current?.occupation, 'Giáo viên');
      if (groups.includes('health-worker')) assert.ok(['Bác sĩ', 'Điều dưỡng'].includes(current?.occupation as string));
      if (groups.includes('industrial-park-worker') || groups.includes('large-employer-worker')) assert.ok(current);
      if (cards[0]?.group_code === 'HS') assert.ok(groups.includes('pupil-student'));
    }
    const share = (g: string) => people.filter((p) => priorityGroupsOf(p.person.priority_group_bits ?? 0).includes(g as never)).length / people.length;
    assert.ok(share('teacher') > 0.005 && share('teacher') < 0.05);
    assert.ok(share('industrial-park-worker') > 0.005);
    assert.ok(share('large-employer-worker') > 0.005);
  });

  it('have chronic conditions from claims only when insured, more common with age', () => {
    const rate = (from: number, to: number) => {
      const band = people.filter((p) => {
        const age = ageOn(p.person.birth_date, AS_OF);
        return age >= from && age <= to;
      });
      return band.filter((p) => p.chronicConditions.length > 0).length / band.length;
    };
    assert.ok(rate(0, 17) < 0.05);
    assert.ok(rate(40, 59) > rate(18, 39));
    assert.ok(rate(65, 120) > 0.35 && rate(65, 120) < 0.8, String(rate(65, 120)));
    for (const p of people) {
      if (p.cards.length === 0) assert.equal(p.chronicConditions.length, 0);
      for (const c of p.chronicConditions) {
        assert.ok(CHRONIC_CONDITION_GROUP_NAMES.includes(c.condition_group));
        assert.match(c.icd10, /^[A-Z]\d{2}$/);
        assert.ok(c.first_claimed_on <= c.last_claimed_on && c.last_claimed_on <= AS_OF);
      }
    }
    const hypertension = people.filter((p) => p.chronicConditions.some((c) => c.condition_group === 'hypertension')).length;
    const cancer = people.filter((p) => p.chronicConditions.some((c) => c.condition_group === 'cancer')).length;
    assert.ok(hypertension > 5 * cancer);
  });

  it('lists the same values in the contracts as in the domain (priority groups, condition groups, occupations)', () => {
    const lists = JSON.parse(readFileSync(new URL('../../contracts/_shared/lists.v1.json', import.meta.url), 'utf8'));
    assert.deepEqual(lists.definitions.priorityGroup.enum, [...PRIORITY_GROUPS]);
    assert.deepEqual(lists.definitions.chronicConditionGroup.enum, [...CHRONIC_CONDITION_GROUP_NAMES]);
    assert.deepEqual(lists.definitions.occupationCategory.enum, [...OCCUPATION_CATEGORIES]);
    assert.deepEqual(lists.definitions.newProvinceCode.enum, NEW_PROVINCES.map((p) => p.code));
  });
});

for (const dialect of DIALECTS) {
  describe(`seeding list data (${dialect})`, function () {
    this.timeout(60_000);
    it('stores communes, the new person fields and chronic conditions as the generator makes them', async () => {
      const ts = await openTestStore(dialect);
      try {
        await seedDataset(ts.store, { count: 500, seed: 3, asOf: AS_OF, province: '37' });
        const gen = createGenerator({ seed: 3, asOf: AS_OF, province: '37' });
        assert.equal(Number((await ts.store.db.selectFrom('communes').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n), COMMUNES_NATIONALLY);
        const expected = Array.from({ length: 500 }, (_, i) => gen.person(i));
        const conditions = await ts.store.db.selectFrom('chronic_conditions').selectAll().orderBy('person_id').orderBy('condition_group').execute();
        const want = expected.flatMap((p) => p.chronicConditions).sort((a, b) => a.person_id - b.person_id || (a.condition_group < b.condition_group ? -1 : 1));
        assert.deepEqual(conditions, want);
        const person = await ts.store.db.selectFrom('people').selectAll().where('id', '=', 321).executeTakeFirstOrThrow();
        assert.deepEqual(person, expected[320]?.person);
      } finally {
        await ts.dispose();
      }
    });
  });
}
