// The vaccinations of a batch of listed people: one query per batch, compiled once per list, the batch's person ids
// passed as one parameter (a JSON array read with json_each on SQLite, an integer array on PostgreSQL) rather than
// as thousands of placeholders that make every batch a new query text.
import { sql } from 'kysely';
import { type ArrayQuery, prepareArrayQuery } from '../../src/store/array-query.ts';
import type { Store } from '../../src/store/open.ts';

export interface VaccinationRecord {
  readonly vaccine: string;
  readonly vaccineName: string;
  readonly dose: number;
  readonly date: string;
  readonly place: string;
}

export class BatchVaccinations {
  private readonly query: ArrayQuery;
  private readonly dialect: Store['dialect'];

  constructor(store: Store) {
    this.dialect = store.dialect;
    const ids = store.dialect === 'sqlite' ? sql<boolean>`person_id in (select value from json_each(${'[]'}))` : sql<boolean>`person_id = any(${[]}::integer[])`;
    const compiled = store.db
      .selectFrom('vaccinations')
      .select(['person_id', 'vaccine', 'vaccine_name', 'dose', 'date', 'place'])
      .where(ids)
      .orderBy('person_id')
      .orderBy('date')
      .orderBy('vaccine')
      .orderBy('dose')
      .compile();
    this.query = prepareArrayQuery(store, compiled);
  }

  /** Each person's vaccinations in date order (people without any are absent). */
  async of(ids: readonly number[]): Promise<Map<number, VaccinationRecord[]>> {
    const { rows } = await this.query.run([this.dialect === 'sqlite' ? JSON.stringify(ids) : ids]);
    const byPerson = new Map<number, VaccinationRecord[]>();
    for (const v of rows) {
      const person = v[0] as number;
      const record: VaccinationRecord = { vaccine: v[1] as string, vaccineName: v[2] as string, dose: v[3] as number, date: v[4] as string, place: v[5] as string };
      const list = byPerson.get(person);
      if (list) list.push(record);
      else byPerson.set(person, [record]);
    }
    return byPerson;
  }
}
