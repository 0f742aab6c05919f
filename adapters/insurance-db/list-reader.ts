// Reads a resolved list from the store in keyset batches (person id order): one query for the people of a batch,
// with only the joins the granted fields need, then one each for their chronic conditions and vaccinations. Builds
// the rows with only the fields the caller may receive, so nothing else is even read.
import type { Kysely } from 'kysely';
import { chronicConditionGroup, CHRONIC_CONDITION_GROUP_NAMES } from '../../src/domain/chronic-conditions.ts';
import type { RowBatch } from '../../src/core/row-stream.ts';
import type { Database } from '../../src/store/schema.ts';
import { listCondition, type ResolvedList } from './list-query.ts';

export type ListRow = Record<string, unknown>;

interface Wanted {
  readonly identity: readonly string[];
  readonly card: readonly string[];
  readonly coverage: boolean;
  readonly employment: boolean;
  readonly residence: boolean;
  readonly healthPriority: boolean;
  readonly vaccinations: boolean;
}

const IDENTITY_FIELDS = ['fullName', 'birthDate', 'sex', 'citizenId', 'socialInsuranceNumber'] as const;
const CARD_FIELDS = ['cardCode', 'benefitLevel', 'validFrom', 'validTo', 'registeredFacility', 'fiveYearDate', 'areaCode'] as const;
const GROUP_ORDER = new Map(CHRONIC_CONDITION_GROUP_NAMES.map((g, k) => [g, k]));

function wanted(fields: ReadonlySet<string>): Wanted {
  return {
    identity: IDENTITY_FIELDS.filter((f) => fields.has(f)),
    card: CARD_FIELDS.filter((f) => fields.has(f)),
    coverage: fields.has('coverage'),
    employment: fields.has('employment'),
    residence: fields.has('residence'),
    healthPriority: fields.has('healthPriority'),
    vaccinations: fields.has('vaccinations'),
  };
}

export class ListReader {
  private readonly db: Kysely<Database>;
  private readonly list: ResolvedList;
  private readonly want: Wanted;

  constructor(db: Kysely<Database>, list: ResolvedList, fields: ReadonlySet<string>) {
    this.db = db;
    this.list = list;
    this.want = wanted(fields);
  }

  /** Up to `size` people after person id `after`, as rows; an empty batch when the list is exhausted. */
  async batch(after: number, size: number): Promise<RowBatch<ListRow>> {
    const w = this.want;
    const cards = w.card.length > 0 || w.coverage;
    const people = await this.db
      .selectFrom('people')
      .select('people.id')
      .$if(w.identity.length > 0, (q) => q.select(['people.full_name', 'people.birth_date', 'people.birth_date_precision', 'people.sex', 'people.citizen_id', 'people.social_insurance_number']))
      .$if(w.residence, (q) => q.leftJoin('communes', 'communes.code', 'people.residence_commune').select(['people.residence_province', 'people.residence_province_old', 'people.residence_commune', 'communes.name as commune_name']))
      .$if(cards, (q) =>
        q
          .leftJoin('cards', (j) => j.onRef('cards.person_id', '=', 'people.id').on('cards.status', '<>', 'replaced'))
          .select(['cards.card_code', 'cards.group_code', 'cards.benefit_level', 'cards.valid_from', 'cards.valid_to', 'cards.facility_code', 'cards.five_year_date', 'cards.area_code', 'cards.status as card_status']),
      )
      .$if(w.employment, (q) =>
        q
          .leftJoin('employments', (j) => j.onRef('employments.person_id', '=', 'people.id').on('employments.end_date', 'is', null))
          .leftJoin('employers', 'employers.id', 'employments.employer_id')
          .leftJoin('industrial_parks', 'industrial_parks.id', 'employers.industrial_park_id')
          .select(['people.occupation_category', 'employers.name as employer_name', 'employers.tax_code', 'industrial_parks.name as park_name']),
      )
      .where(listCondition(this.list))
      .where('people.id', '>', after)
      .orderBy('people.id')
      .limit(size)
      .execute();
    const ids: number[] = [];
    const rows: ListRow[] = [];
    const day = this.list.referenceDate;
    let previous = -1;
    for (const p of people) {
      if (p.id === previous) continue; // a second current card or job: the first one is listed
      previous = p.id;
      const row: ListRow = {};
      for (const f of w.identity) {
        if (f === 'fullName') row.fullName = p.full_name;
        else if (f === 'birthDate') row.birthDate = p.birth_date_precision === 'year' ? p.birth_date?.slice(0, 4) : p.birth_date;
        else if (f === 'sex') row.sex = p.sex;
        else if (f === 'citizenId') row.citizenId = p.citizen_id;
        else row.socialInsuranceNumber = p.social_insurance_number;
      }
      if (cards && p.card_code) {
        for (const f of w.card) {
          if (f === 'cardCode') row.cardCode = p.card_code;
          else if (f === 'benefitLevel') row.benefitLevel = p.benefit_level;
          else if (f === 'validFrom') row.validFrom = p.valid_from;
          else if (f === 'validTo') row.validTo = p.valid_to;
          else if (f === 'registeredFacility') row.registeredFacility = p.facility_code;
          else if (f === 'fiveYearDate') { if (p.five_year_date) row.fiveYearDate = p.five_year_date; }
          else if (p.area_code) row.areaCode = p.area_code;
        }
      }
      if (w.coverage) {
        const insured = p.card_code != null && p.card_status === 'active' && (p.valid_from as string) <= day && day <= (p.valid_to as string);
        row.coverage = p.group_code ? { groupCode: p.group_code, status: insured ? 'insured' : 'not-insured' } : { status: 'not-insured' };
      }
      if (w.employment) {
        const job: Record<string, unknown> = { occupationCategory: p.occupation_category ?? 'other' };
        if (p.employer_name) {
          job.employerName = p.employer_name;
          job.employerTaxCode = p.tax_code;
          if (p.park_name) job.industrialPark = p.park_name;
        }
        row.employment = job;
      }
      if (w.residence) {
        const residence: Record<string, unknown> = { province: p.residence_province, provinceOld: p.residence_province_old };
        if (p.residence_commune) {
          residence.commune = p.residence_commune;
          if (p.commune_name) residence.communeName = p.commune_name;
        }
        row.residence = residence;
      }
      ids.push(p.id);
      rows.push(row);
    }
    if (ids.length > 0 && w.healthPriority) await this.attachConditions(ids, rows);
    if (ids.length > 0 && w.vaccinations) await this.attachVaccinations(ids, rows);
    return { rows, subjects: ids };
  }

  private async attachConditions(ids: readonly number[], rows: ListRow[]): Promise<void> {
    const found = await this.db.selectFrom('chronic_conditions').select(['person_id', 'condition_group']).where('person_id', 'in', [...ids]).execute();
    const byPerson = new Map<number, string[]>();
    for (const c of found) {
      const list = byPerson.get(c.person_id);
      if (list) list.push(c.condition_group);
      else byPerson.set(c.person_id, [c.condition_group]);
    }
    ids.forEach((id, k) => {
      const groups = (byPerson.get(id) ?? []).sort((a, b) => (GROUP_ORDER.get(a) ?? 99) - (GROUP_ORDER.get(b) ?? 99));
      (rows[k] as ListRow).healthPriority = {
        chronicConditions: groups.map((g) => ({ group: g, icd10: chronicConditionGroup(g)?.icd10 ?? '' })),
      };
    });
  }

  private async attachVaccinations(ids: readonly number[], rows: ListRow[]): Promise<void> {
    const found = await this.db
      .selectFrom('vaccinations')
      .select(['person_id', 'vaccine', 'vaccine_name', 'dose', 'date', 'place'])
      .where('person_id', 'in', [...ids])
      .orderBy('person_id')
      .orderBy('date')
      .orderBy('vaccine')
      .orderBy('dose')
      .execute();
    const byPerson = new Map<number, Record<string, unknown>[]>();
    for (const v of found) {
      const record = { vaccine: v.vaccine, vaccineName: v.vaccine_name, dose: v.dose, date: v.date, place: v.place };
      const list = byPerson.get(v.person_id);
      if (list) list.push(record);
      else byPerson.set(v.person_id, [record]);
    }
    ids.forEach((id, k) => {
      (rows[k] as ListRow).vaccinations = byPerson.get(id) ?? [];
    });
  }
}
