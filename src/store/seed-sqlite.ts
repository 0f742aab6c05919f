// Bulk load into SQLite: prepared statements in big transactions on the raw handle, with the secondary indexes
// dropped and fsync off during the load; close() recreates the indexes and restores the settings, also after a failure.
import type BetterSqlite3 from 'better-sqlite3';
import type { SyntheticPerson } from '../dataset/generator.ts';
import type { SeedSink } from './seed-sink.ts';
import type { CommuneTable, EmployerTable, IndustrialParkTable } from './schema.ts';

/** The secondary indexes of migrations 001 and 006, recreated as they were. */
const SECONDARY_INDEXES: readonly (readonly [string, string])[] = [
  ['people_citizen_id', 'create unique index if not exists people_citizen_id on people (citizen_id)'],
  ['people_sin', 'create unique index if not exists people_sin on people (social_insurance_number)'],
  ['cards_person', 'create index if not exists cards_person on cards (person_id)'],
  ['people_province_id', 'create index if not exists people_province_id on people (residence_province, id)'],
  ['people_commune_id', 'create index if not exists people_commune_id on people (residence_commune, id)'],
  ['employments_employer', 'create index if not exists employments_employer on employments (employer_id, person_id)'],
];
/** Page cache during the load (KiB, as a negative cache_size), for the index rebuilds. */
const LOAD_CACHE_KIB = 262_144;

export function openSqliteSink(sqlite: BetterSqlite3.Database): SeedSink {
  const synchronous = sqlite.pragma('synchronous', { simple: true }) as number;
  const cacheSize = sqlite.pragma('cache_size', { simple: true }) as number;
  sqlite.pragma('synchronous = OFF');
  sqlite.pragma(`cache_size = -${LOAD_CACHE_KIB}`);
  for (const [name] of SECONDARY_INDEXES) sqlite.exec(`drop index if exists ${name}`);

  const insertPark = sqlite.prepare('insert or ignore into industrial_parks (id, name, province) values (?, ?, ?)');
  const insertEmployer = sqlite.prepare('insert or ignore into employers (id, tax_code, name, kind, province, industrial_park_id) values (?, ?, ?, ?, ?, ?)');
  const insertPerson = sqlite.prepare(
    'insert into people (id, citizen_id, social_insurance_number, full_name, birth_date, birth_date_precision, sex, birth_province, ' +
      'residence_province, residence_province_old, deceased_on, synthetic, residence_commune, occupation_category, priority_group_bits) ' +
      'values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const insertCard = sqlite.prepare(
    'insert into cards (card_code, person_id, group_code, benefit_level, province_code, valid_from, valid_to, facility_code, ' +
      'five_year_date, area_code, status, status_code, replaced_by, issued_on) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const insertCoverage = sqlite.prepare(
    'insert into coverage (person_id, insurance_type, since, status, months_contributed, last_contribution_month) values (?, ?, ?, ?, ?, ?)',
  );
  const insertEmployment = sqlite.prepare(
    'insert into employments (person_id, seq, employer_id, start_date, end_date, occupation, salary_basis) values (?, ?, ?, ?, ?, ?, ?)',
  );
  const insertCondition = sqlite.prepare(
    'insert into chronic_conditions (person_id, condition_group, icd10, first_claimed_on, last_claimed_on) values (?, ?, ?, ?, ?)',
  );
  const insertCommune = sqlite.prepare('insert or ignore into communes (code, name, province, province_old) values (?, ?, ?, ?)');

  const insertBatch = sqlite.transaction((people: readonly SyntheticPerson[], employers: readonly EmployerTable[]) => {
    for (const e of employers) insertEmployer.run(e.id, e.tax_code, e.name, e.kind, e.province, e.industrial_park_id);
    for (const { person: p, cards, coverage, employments, chronicConditions } of people) {
      insertPerson.run(
        p.id, p.citizen_id, p.social_insurance_number, p.full_name, p.birth_date, p.birth_date_precision, p.sex, p.birth_province,
        p.residence_province, p.residence_province_old, p.deceased_on, p.synthetic, p.residence_commune ?? null, p.occupation_category ?? null,
        p.priority_group_bits ?? 0,
      );
      for (const c of cards) {
        insertCard.run(
          c.card_code, c.person_id, c.group_code, c.benefit_level, c.province_code, c.valid_from, c.valid_to, c.facility_code,
          c.five_year_date, c.area_code, c.status, c.status_code, c.replaced_by, c.issued_on,
        );
      }
      for (const c of coverage) insertCoverage.run(c.person_id, c.insurance_type, c.since, c.status, c.months_contributed, c.last_contribution_month);
      for (const e of employments) insertEmployment.run(e.person_id, e.seq, e.employer_id, e.start_date, e.end_date, e.occupation, e.salary_basis);
      for (const c of chronicConditions) insertCondition.run(c.person_id, c.condition_group, c.icd10, c.first_claimed_on, c.last_claimed_on);
    }
  });

  return {
    async writeParks(parks: readonly IndustrialParkTable[]) {
      sqlite.transaction(() => {
        for (const p of parks) insertPark.run(p.id, p.name, p.province);
      })();
    },
    async writeCommunes(communes: readonly CommuneTable[]) {
      sqlite.transaction(() => {
        for (const c of communes) insertCommune.run(c.code, c.name, c.province, c.province_old);
      })();
    },
    async writeBatch(people, employers) {
      insertBatch(people, employers);
    },
    async close() {
      try {
        for (const [, create] of SECONDARY_INDEXES) sqlite.exec(create);
      } finally {
        sqlite.pragma(`cache_size = ${cacheSize}`);
        sqlite.pragma(`synchronous = ${synchronous}`);
      }
    },
  };
}
