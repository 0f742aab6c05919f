// The people query of a list's batches: the list's condition (its province first: the jurisdiction), only the joins
// the granted fields need, the chronic-condition groups of each person as one comma-separated column, keyset on the
// person id. Built and compiled once per list; each batch runs the same compiled query with its own position, rows
// as arrays. Commune names are not joined here: the reader names communes from a small map (list-commune-names.ts).
import { type Kysely, sql } from 'kysely';
import { type ArrayQuery, type ArrayRows, prepareArrayQuery } from '../../src/store/array-query.ts';
import type { Store } from '../../src/store/open.ts';
import type { Database } from '../../src/store/schema.ts';
import { listCondition, type ResolvedList } from './list-query.ts';

/** Which parts of a person a batch reads. */
export interface BatchParts {
  readonly identity: boolean;
  readonly residence: boolean;
  readonly card: boolean;
  readonly employment: boolean;
  readonly conditions: boolean;
}

/** Placeholders the keyset position and batch size are compiled with (then replaced batch by batch). */
const AFTER_PLACEHOLDER = -424242;
const SIZE_PLACEHOLDER = 424242;

export class PeopleBatchQuery {
  private readonly query: ArrayQuery;
  /** The list's own parameters; each batch appends its position and size. */
  private readonly fixed: readonly unknown[];

  constructor(store: Store, list: ResolvedList, parts: BatchParts) {
    const compiled = build(store.db, store.dialect, list, parts).compile();
    const n = compiled.parameters.length;
    if (compiled.parameters[n - 2] !== AFTER_PLACEHOLDER || compiled.parameters[n - 1] !== SIZE_PLACEHOLDER) {
      throw new Error('the list batch query must end with its keyset position and batch size');
    }
    this.fixed = compiled.parameters.slice(0, n - 2);
    this.query = prepareArrayQuery(store, compiled);
  }

  /** Up to `size` rows of people after person id `after`, in id order (a person with two current cards or jobs twice). */
  rows(after: number, size: number): Promise<ArrayRows> {
    return this.query.run([...this.fixed, after, size]);
  }
}

function build(db: Kysely<Database>, dialect: Store['dialect'], list: ResolvedList, w: BatchParts) {
  const groups = dialect === 'sqlite' ? sql<string | null>`group_concat(chronic_conditions.condition_group)` : sql<string | null>`string_agg(chronic_conditions.condition_group, ',')`;
  return db
    .selectFrom('people')
    .select('people.id')
    .$if(w.identity, (q) => q.select(['people.full_name', 'people.birth_date', 'people.birth_date_precision', 'people.sex', 'people.citizen_id', 'people.social_insurance_number']))
    .$if(w.residence, (q) => q.select(['people.residence_province', 'people.residence_province_old', 'people.residence_commune']))
    .$if(w.card, (q) =>
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
    .$if(w.conditions, (q) =>
      q.select((eb) => eb.selectFrom('chronic_conditions').select(groups.as('groups')).whereRef('chronic_conditions.person_id', '=', 'people.id').as('condition_groups')),
    )
    .where(listCondition(list))
    .where('people.id', '>', AFTER_PLACEHOLDER)
    .orderBy('people.id')
    .limit(SIZE_PLACEHOLDER);
}
