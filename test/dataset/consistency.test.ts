import assert from 'node:assert/strict';
import { createGenerator, findDemoPerson, findPersonIndex, type SyntheticPerson } from '../../src/dataset/generator.ts';
import { CARD_SITUATIONS, FORCED_SITUATIONS, STRATUM_BLOCK } from '../../src/dataset/situations.ts';
import { checkCardCode, primaryLevel } from '../../src/domain/cards.ts';
import { parseCitizenId } from '../../src/domain/citizen-id.ts';
import { addDays, addMonths, addYears, ageInYears } from '../../src/domain/dates.ts';
import { isOldProvinceCode, toNewProvince } from '../../src/domain/provinces.ts';

const AS_OF = '2026-11-01';
const COUNT = 50_000;

function holdsValidCard(p: SyntheticPerson): boolean {
  return p.cards.some((c) => c.status === 'active' && c.valid_from <= AS_OF && AS_OF <= c.valid_to && c.province_code !== '97' && c.province_code !== '98');
}

const share = (people: readonly SyntheticPerson[], test: (p: SyntheticPerson) => boolean) => people.filter(test).length / people.length;

describe(`a synthetic dataset of ${COUNT.toLocaleString('en')} people`, function () {
  this.timeout(60_000);
  const gen = createGenerator({ seed: 7, asOf: AS_OF });
  const people: SyntheticPerson[] = [];
  before(() => {
    for (let i = 0; i < COUNT; i++) people.push(gen.person(i));
  });

  it('numbers people from 1 and gives them unique CCCD, BHXH numbers and card codes', () => {
    assert.deepEqual(people.slice(0, 3).map((p) => p.person.id), [1, 2, 3]);
    assert.equal(new Set(people.map((p) => p.person.citizen_id)).size, COUNT);
    assert.equal(new Set(people.map((p) => p.person.social_insurance_number)).size, COUNT);
    const cards = people.flatMap((p) => p.cards.map((c) => c.card_code));
    assert.equal(new Set(cards).size, cards.length);
  });

  it('makes every CCCD agree with the birth province, birth year and sex', () => {
    for (const { person } of people) {
      assert.match(person.citizen_id, /^\d{12}$/);
      assert.equal(person.citizen_id.slice(0, 3), `0${person.birth_province}`);
      const parts = parseCitizenId(person.citizen_id, AS_OF);
      assert.ok(parts, person.citizen_id);
      assert.equal(parts.birthYear, Number(person.birth_date.slice(0, 4)));
      assert.equal(parts.sex, person.sex);
    }
  });

  it('makes the BHXH number 10 digits, equal to positions 6-15 of each of the person\'s cards', () => {
    for (const { person, cards } of people) {
      assert.match(person.social_insurance_number, /^\d{10}$/);
      for (const c of cards) assert.equal(c.card_code.slice(5), person.social_insurance_number);
    }
  });

  it('gives cards a group and level the table allows on the issue date, spelled out in the code', () => {
    for (const { cards } of people) {
      for (const c of cards) {
        const check = checkCardCode(c.card_code, c.issued_on);
        assert.ok(check.ok, `${c.card_code}: ${check.reason}`);
        assert.equal(c.card_code.slice(0, 2), c.group_code);
        assert.equal(Number(c.card_code.charAt(2)), c.benefit_level);
        assert.equal(c.card_code.slice(3, 5), c.province_code);
        if (c.status !== 'pending') assert.equal(c.benefit_level, primaryLevel(c.group_code, c.issued_on), c.card_code);
      }
    }
  });

  it('registers cards at a facility of the card province, and 97/98 cards at a facility where the person lives', () => {
    for (const { person, cards } of people) {
      for (const c of cards) {
        assert.match(c.facility_code, /^\d{5}$/);
        const armed = c.province_code === '97' || c.province_code === '98';
        assert.equal(c.facility_code.slice(0, 2), armed ? person.residence_province_old : c.province_code);
        if (c.status !== 'replaced' && !armed) assert.equal(c.province_code, person.residence_province_old);
      }
    }
  });

  it('gives TE cards to exactly the children under 6, running to the day before 72 months', () => {
    for (const { person, cards } of people) {
      const current = cards.find((c) => c.status !== 'replaced');
      if (current) assert.equal(current.group_code === 'TE', ageInYears(person.birth_date, AS_OF) < 6, `${person.birth_date} ${current.card_code}`);
      for (const c of cards.filter((card) => card.group_code === 'TE')) assert.equal(c.valid_to, addDays(addMonths(person.birth_date, 72), -1));
    }
  });

  it('keeps card periods in order and the 5-year date 5 years after the start of continuous coverage', () => {
    for (const { cards, coverage } of people) {
      const health = coverage.find((c) => c.insurance_type === 'health');
      assert.equal(health !== undefined, cards.length > 0);
      for (const c of cards) {
        assert.ok(c.valid_from <= c.valid_to, c.card_code);
        if (c.five_year_date !== null) assert.equal(c.five_year_date, addYears(health?.since ?? '', 5));
        assert.ok((health?.since ?? '') <= c.valid_from, c.card_code);
      }
    }
  });

  it('holds names in NFC with diacritics, family name first', () => {
    for (const { person } of people) {
      assert.equal(person.full_name, person.full_name.normalize('NFC'));
      assert.match(person.full_name, /^\S+( \S+){1,3}$/u);
    }
    assert.ok(share(people, (p) => p.person.full_name.startsWith('Nguyễn ')) > 0.33);
  });

  it('gives about 93% of people a valid card of a provincial office', () => {
    const valid = share(people, holdsValidCard);
    assert.ok(valid > 0.91 && valid < 0.95, String(valid));
  });

  it('splits the sexes about evenly and has about 10% born outside their province', () => {
    const female = share(people, (p) => p.person.sex === 'female');
    assert.ok(female > 0.48 && female < 0.52, String(female));
    const migrants = share(people, (p) => toNewProvince(p.person.birth_province) !== p.person.residence_province);
    assert.ok(migrants > 0.06 && migrants < 0.13, String(migrants));
  });

  it('gives about 1% of people born before 1960 a year-only birth date, written as 01/01 of that year', () => {
    const old = people.filter((p) => p.person.birth_date < '1960-01-01');
    const yearOnly = old.filter((p) => p.person.birth_date_precision === 'year');
    assert.ok(yearOnly.length / old.length > 0.003 && yearOnly.length / old.length < 0.02, String(yearOnly.length / old.length));
    for (const p of people.filter((q) => q.person.birth_date_precision === 'year')) {
      assert.match(p.person.birth_date, /^19[0-5]\d-01-01$/);
      assert.ok(holdsValidCard(p));
    }
  });

  it('has employees (about 20% of people) with an employer, social and unemployment insurance', () => {
    const employees = people.filter((p) => p.employments.some((e) => e.end_date === null));
    assert.ok(employees.length / COUNT > 0.16 && employees.length / COUNT < 0.25, String(employees.length / COUNT));
    for (const p of employees) {
      assert.ok(p.coverage.some((c) => c.insurance_type === 'social'));
      for (const e of p.employments) {
        const employer = gen.employerById(e.employer_id);
        assert.equal(employer.province, p.person.residence_province);
        assert.ok(e.start_date <= AS_OF && (e.end_date === null || e.start_date <= e.end_date));
      }
    }
    assert.ok(share(people, (p) => p.coverage.some((c) => c.insurance_type === 'unemployment')) > 0.14);
  });

  it('holds every card situation, each forced one in every block of 200 people', () => {
    for (let block = 0; block < COUNT / STRATUM_BLOCK; block++) {
      const seen = new Set(people.slice(block * STRATUM_BLOCK, (block + 1) * STRATUM_BLOCK).map((p) => p.situation));
      for (const s of FORCED_SITUATIONS) assert.ok(seen.has(s), `block ${block} lacks ${s}`);
    }
    for (const s of CARD_SITUATIONS) assert.ok(findPersonIndex(gen, 200, s) !== undefined, s);
  });

  it('writes each situation into the card rows the card check reads', () => {
    for (const p of people) {
      const current = p.cards.find((c) => c.status !== 'replaced');
      const old = p.cards.find((c) => c.status === 'replaced');
      switch (p.situation) {
        case 'no-card':
          assert.equal(p.cards.length, 0);
          break;
        case 'valid':
          assert.ok(holdsValidCard(p) && !old);
          break;
        case 'expired':
          assert.ok(current && current.status === 'active' && current.valid_to < AS_OF);
          break;
        case 'withdrawn':
          assert.equal(current?.status, 'withdrawn');
          break;
        case 'reduced':
          assert.equal(current?.status, 'reduced');
          assert.match(current?.status_code ?? '', /^12[0-4]$/);
          break;
        case 'pending':
          assert.equal(current?.status, 'pending');
          assert.equal(current?.card_code.slice(0, 3), 'TE1');
          assert.equal(current?.facility_code, `${current?.province_code}000`);
          break;
        case 'defence':
        case 'police':
          assert.equal(current?.province_code, p.situation === 'defence' ? '97' : '98');
          assert.equal(current?.group_code, p.situation === 'defence' ? 'QN' : 'CA');
          assert.ok(current && current.status === 'active' && current.valid_from <= AS_OF && AS_OF <= current.valid_to);
          break;
        case 'replaced-valid':
        case 'replaced-expired':
          assert.ok(old && current && holdsValidCard(p));
          assert.equal(old.replaced_by, current.card_code);
          assert.equal(old.valid_to >= AS_OF, p.situation === 'replaced-valid');
          assert.ok(old.issued_on < current.issued_on);
          break;
      }
    }
    const codes = new Set(people.flatMap((p) => p.cards.map((c) => c.status_code)).filter((c) => c !== null));
    assert.deepEqual([...codes].sort(), ['120', '121', '122', '123', '124']);
  });

  it('uses old province codes (and 97/98) on cards and the 34 new codes for residence', () => {
    for (const { person, cards } of people) {
      assert.equal(toNewProvince(person.residence_province_old), person.residence_province);
      assert.ok(isOldProvinceCode(person.birth_province));
      for (const c of cards) assert.ok(isOldProvinceCode(c.province_code) || c.province_code === '97' || c.province_code === '98');
    }
  });

  it('finds a demo person whose card check answers 000', () => {
    const i = findDemoPerson(gen, 100);
    assert.ok(i !== undefined);
    assert.ok(holdsValidCard(gen.person(i)));
  });
});
