// The insurance database's queries, scoped by the caller's provinces inside the query itself.
import { type CompiledQuery, createQueryId, type ExpressionBuilder } from 'kysely';
import type { Store } from '../../src/store/open.ts';
import type { Database } from '../../src/store/schema.ts';
import type { CardRow, PersonRow } from './card-answer.ts';

export type PersonKey = { citizenId: string } | { socialInsuranceNumber: string };

/** Only people who live in, or hold a card of, one of `provinces` (undefined: no restriction). */
function inJurisdiction(provinces: readonly string[] | undefined) {
  return (eb: ExpressionBuilder<Database, 'people'>) => {
    if (provinces === undefined) return eb.lit(true);
    if (provinces.length === 0) return eb.lit(false);
    return eb.or([
      eb('people.residence_province', 'in', provinces),
      eb('people.residence_province_old', 'in', provinces),
      eb.exists(
        eb.selectFrom('cards').select('cards.card_code').whereRef('cards.person_id', '=', 'people.id').where('cards.province_code', 'in', provinces),
      ),
    ]);
  };
}

function withOneParameter<R>(query: CompiledQuery<R>): CompiledQuery<R> {
  if (query.parameters.length !== 1) throw new Error(`insurance-db: a compiled query has ${query.parameters.length} parameters, not 1`);
  return query;
}

export class PeopleQueries {
  private readonly store: Store;
  /** The queries of every card check by a partner without a province restriction, compiled once. */
  private readonly personByCitizen: CompiledQuery<PersonRow>;
  private readonly cardsOfPerson: CompiledQuery<CardRow>;

  constructor(store: Store) {
    this.store = store;
    this.personByCitizen = withOneParameter(this.personQuery({ citizenId: '' }, undefined).compile());
    this.cardsOfPerson = withOneParameter(this.cardsQuery(0).compile());
  }

  async person(key: PersonKey, provinces: readonly string[] | undefined): Promise<PersonRow | undefined> {
    if (provinces === undefined && 'citizenId' in key) return (await this.run(this.personByCitizen, key.citizenId))[0];
    return this.personQuery(key, provinces).executeTakeFirst();
  }

  async cards(personId: number): Promise<CardRow[]> {
    return this.run(this.cardsOfPerson, personId);
  }

  private personQuery(key: PersonKey, provinces: readonly string[] | undefined) {
    let q = this.store.db.selectFrom('people').selectAll();
    q = 'citizenId' in key ? q.where('citizen_id', '=', key.citizenId) : q.where('social_insurance_number', '=', key.socialInsuranceNumber);
    return q.where(inJurisdiction(provinces));
  }

  private cardsQuery(personId: number) {
    return this.store.db.selectFrom('cards').selectAll().where('person_id', '=', personId).orderBy('issued_on', 'desc');
  }

  /** Runs a compiled query with `value` as its one parameter: Kysely does not build and compile it again. */
  private async run<R>(query: CompiledQuery<R>, value: unknown): Promise<R[]> {
    return (await this.store.db.executeQuery<R>({ ...query, queryId: createQueryId(), parameters: [value] })).rows;
  }

  async coverage(personId: number) {
    return this.store.db.selectFrom('coverage').selectAll().where('person_id', '=', personId).orderBy('insurance_type').execute();
  }

  async employments(personId: number) {
    return this.store.db
      .selectFrom('employments')
      .innerJoin('employers', 'employers.id', 'employments.employer_id')
      .leftJoin('industrial_parks', 'industrial_parks.id', 'employers.industrial_park_id')
      .select([
        'employments.start_date',
        'employments.end_date',
        'employments.occupation',
        'employers.name as employer_name',
        'employers.tax_code',
        'employers.province',
        'industrial_parks.name as park_name',
      ])
      .where('employments.person_id', '=', personId)
      .orderBy('employments.start_date', 'desc')
      .execute();
  }
}
