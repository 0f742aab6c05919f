// Bulk load into PostgreSQL: one statement per table and batch, the rows passed as column arrays through unnest(),
// each batch in its own transaction on one pooled connection.
import type pg from 'pg';
import type { SyntheticPerson } from '../dataset/generator.ts';
import type { SeedSink } from './seed-sink.ts';
import type { CommuneTable, EmployerTable, IndustrialParkTable } from './schema.ts';

interface TableLoad<Row> {
  readonly table: string;
  readonly conflict?: string;
  readonly columns: readonly (readonly [column: string, type: string, value: (row: Row) => unknown])[];
}

const PARKS: TableLoad<IndustrialParkTable> = {
  table: 'industrial_parks',
  conflict: 'on conflict (id) do nothing',
  columns: [['id', 'int4', (r) => r.id], ['name', 'text', (r) => r.name], ['province', 'text', (r) => r.province]],
};

const EMPLOYERS: TableLoad<EmployerTable> = {
  table: 'employers',
  conflict: 'on conflict (id) do nothing',
  columns: [
    ['id', 'int4', (r) => r.id], ['tax_code', 'text', (r) => r.tax_code], ['name', 'text', (r) => r.name], ['kind', 'text', (r) => r.kind],
    ['province', 'text', (r) => r.province], ['industrial_park_id', 'int4', (r) => r.industrial_park_id],
  ],
};

const PEOPLE: TableLoad<SyntheticPerson> = {
  table: 'people',
  columns: [
    ['id', 'int4', (r) => r.person.id], ['citizen_id', 'text', (r) => r.person.citizen_id],
    ['social_insurance_number', 'text', (r) => r.person.social_insurance_number], ['full_name', 'text', (r) => r.person.full_name],
    ['birth_date', 'text', (r) => r.person.birth_date], ['birth_date_precision', 'text', (r) => r.person.birth_date_precision],
    ['sex', 'text', (r) => r.person.sex], ['birth_province', 'text', (r) => r.person.birth_province],
    ['residence_province', 'text', (r) => r.person.residence_province],
    ['residence_province_old', 'text', (r) => r.person.residence_province_old], ['deceased_on', 'text', (r) => r.person.deceased_on],
    ['synthetic', 'int4', (r) => r.person.synthetic], ['residence_commune', 'text', (r) => r.person.residence_commune ?? null],
    ['occupation_category', 'text', (r) => r.person.occupation_category ?? null],
    ['priority_group_bits', 'int4', (r) => r.person.priority_group_bits ?? 0],
  ],
};

const COMMUNES: TableLoad<CommuneTable> = {
  table: 'communes',
  conflict: 'on conflict (code) do nothing',
  columns: [['code', 'text', (r) => r.code], ['name', 'text', (r) => r.name], ['province', 'text', (r) => r.province], ['province_old', 'text', (r) => r.province_old]],
};

type Card = SyntheticPerson['cards'][number];
type Coverage = SyntheticPerson['coverage'][number];
type Employment = SyntheticPerson['employments'][number];
type Condition = SyntheticPerson['chronicConditions'][number];

const CARDS: TableLoad<Card> = {
  table: 'cards',
  columns: [
    ['card_code', 'text', (r) => r.card_code], ['person_id', 'int4', (r) => r.person_id], ['group_code', 'text', (r) => r.group_code],
    ['benefit_level', 'int4', (r) => r.benefit_level], ['province_code', 'text', (r) => r.province_code],
    ['valid_from', 'text', (r) => r.valid_from], ['valid_to', 'text', (r) => r.valid_to], ['facility_code', 'text', (r) => r.facility_code],
    ['five_year_date', 'text', (r) => r.five_year_date], ['area_code', 'text', (r) => r.area_code], ['status', 'text', (r) => r.status],
    ['status_code', 'text', (r) => r.status_code], ['replaced_by', 'text', (r) => r.replaced_by], ['issued_on', 'text', (r) => r.issued_on],
  ],
};

const COVERAGE: TableLoad<Coverage> = {
  table: 'coverage',
  columns: [
    ['person_id', 'int4', (r) => r.person_id], ['insurance_type', 'text', (r) => r.insurance_type], ['since', 'text', (r) => r.since],
    ['status', 'text', (r) => r.status], ['months_contributed', 'int4', (r) => r.months_contributed],
    ['last_contribution_month', 'text', (r) => r.last_contribution_month],
  ],
};

const EMPLOYMENTS: TableLoad<Employment> = {
  table: 'employments',
  columns: [
    ['person_id', 'int4', (r) => r.person_id], ['seq', 'int4', (r) => r.seq], ['employer_id', 'int4', (r) => r.employer_id],
    ['start_date', 'text', (r) => r.start_date], ['end_date', 'text', (r) => r.end_date], ['occupation', 'text', (r) => r.occupation],
    ['salary_basis', 'int4', (r) => r.salary_basis],
  ],
};

const CONDITIONS: TableLoad<Condition> = {
  table: 'chronic_conditions',
  columns: [
    ['person_id', 'int4', (r) => r.person_id], ['condition_group', 'text', (r) => r.condition_group], ['icd10', 'text', (r) => r.icd10],
    ['first_claimed_on', 'text', (r) => r.first_claimed_on], ['last_claimed_on', 'text', (r) => r.last_claimed_on],
  ],
};

async function insertRows<Row>(client: pg.PoolClient, load: TableLoad<Row>, rows: readonly Row[]): Promise<void> {
  if (rows.length === 0) return;
  const names = load.columns.map(([column]) => column).join(', ');
  const arrays = load.columns.map(([, type], k) => `$${k + 1}::${type}[]`).join(', ');
  const values = load.columns.map(([, , value]) => rows.map(value));
  await client.query(`insert into ${load.table} (${names}) select * from unnest(${arrays}) ${load.conflict ?? ''}`, values);
}

export async function openPostgresSink(pool: pg.Pool): Promise<SeedSink> {
  const client = await pool.connect();
  let released = false;
  return {
    async writeParks(parks) {
      await insertRows(client, PARKS, parks);
    },
    async writeCommunes(communes) {
      await insertRows(client, COMMUNES, communes);
    },
    async writeBatch(people, employers) {
      await client.query('begin');
      try {
        await insertRows(client, EMPLOYERS, employers);
        await insertRows(client, PEOPLE, people);
        await insertRows(client, CARDS, people.flatMap((p) => p.cards));
        await insertRows(client, COVERAGE, people.flatMap((p) => p.coverage));
        await insertRows(client, EMPLOYMENTS, people.flatMap((p) => p.employments));
        await insertRows(client, CONDITIONS, people.flatMap((p) => p.chronicConditions));
        await client.query('commit');
      } catch (e) {
        await client.query('rollback').catch(() => undefined);
        throw e;
      }
    },
    async close() {
      if (released) return;
      released = true;
      client.release();
    },
  };
}
