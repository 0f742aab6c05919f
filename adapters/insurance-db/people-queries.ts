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

/** A query of the hot path compiled once, run with its one parameter. */
type OneParameterQuery<R> = (value: unknown) => Promise<R[]>;

export class PeopleQueries {
  private readonly store: Store;
  /** The queries of every card check by a partner without a province restriction, compiled once. */
  private readonly personByCitizen: OneParameterQuery<PersonRow>;
  private readonly cardsOfPerson: OneParameterQuery<CardRow>;

  constructor(store: Store) {
    this.store = store;
    this.personByCitizen = this.compiled(this.personQuery({ citizenId: '' }, undefined).compile());
    this.cardsOfPerson = this.compiled(this.cardsQuery(0).compile());
  }

  async person(key: PersonKey, provinces: readonly string[] | undefined): Promise<PersonRow | undefined> {
    if (provinces === undefined && 'citizenId' in key) return (await this.personByCitizen(key.citizenId))[0];
    return this.personQuery(key, provinces).executeTakeFirst();
  }

  async cards(personId: number): Promise<CardRow[]> {
    return this.cardsOfPerson(personId);
  }

  private personQuery(key: PersonKey, provinces: readonly string[] | undefined) {
    let q = this.store.db.selectFrom('people').selectAll();
    q = 'citizenId' in key ? q.where('citizen_id', '=', key.citizenId) : q.where('social_insurance_number', '=', key.socialInsuranceNumber);
    return q.where(inJurisdiction(provinces));
  }

  private cardsQuery(personId: number) {
    return this.store.db.selectFrom('cards').selectAll().where('person_id', '=', personId).orderBy('issued_on', 'desc');
  }

  /**
   * Runs a compiled query with `value` as its one parameter, never built or compiled again: on SQLite as a statement
   * prepared once (the embedded store answers synchronously, so Kysely's connection queue would only add work), on
   * PostgreSQL through Kysely.
   */
  private compiled<R>(query: CompiledQuery<R>): OneParameterQuery<R> {
    withOneParameter(query);
    const sqlite = this.store.sqlite;
    if (sqlite) {
      const statement = sqlite.prepare(query.sql);
      return async (value) => statement.all(value) as R[];
    }
    const db = this.store.db;
    return async (value) => (await db.executeQuery<R>({ ...query, queryId: createQueryId(), parameters: [value] })).rows;
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
