// Numbers for people who join the insurance database after it was seeded (children insured at birth). Seeded
// person i (0-based) has id i + 1 and BHXH number P(i), P the dataset's keyed permutation of 0..10^10 - 1; new
// people continue the sequence from a counter in `meta`, so their numbers are distinct from every seeded one by
// construction. The counter row is updated in the caller's transaction: concurrent allocations queue on it.
import { type Kysely, sql } from 'kysely';
import { permuteIndex } from '../dataset/permutation.ts';
import { combine, hashString, mix32 } from '../dataset/random.ts';
import type { Database } from './schema.ts';

const NEXT_INDEX = 'people.nextIndex';
const TEN_DIGITS = 10_000_000_000;

export interface NewPersonNumbers {
  readonly id: number;
  readonly socialInsuranceNumber: string;
}

/** The BHXH number of person `index` of the dataset with this seed (the generator's own derivation). */
export function socialInsuranceNumberOf(seed: number, index: number): string {
  const key = combine(mix32(seed), hashString('social-insurance-number'));
  return String(permuteIndex(TEN_DIGITS, key, index)).padStart(10, '0');
}

/** Takes the next person index in `db` (a transaction): its id and BHXH number. */
export async function allocatePerson(db: Kysely<Database>): Promise<NewPersonNumbers> {
  const meta = new Map((await db.selectFrom('meta').select(['key', 'value']).where('key', 'in', [NEXT_INDEX, 'dataset.seed', 'dataset.count']).execute()).map((r) => [r.key, r.value]));
  if (!meta.has(NEXT_INDEX)) {
    const top = await db.selectFrom('people').select((eb) => eb.fn.max('id').as('maxId')).executeTakeFirst();
    const first = Math.max(Number(top?.maxId ?? 0), Number(meta.get('dataset.count') ?? 0));
    await db.insertInto('meta').values({ key: NEXT_INDEX, value: String(first) }).onConflict((oc) => oc.column('key').doNothing()).execute();
  }
  const row = await db
    .updateTable('meta')
    .set({ value: sql<string>`cast(cast(value as bigint) + 1 as text)` })
    .where('key', '=', NEXT_INDEX)
    .returning('value')
    .executeTakeFirstOrThrow();
  const index = Number(row.value) - 1;
  return { id: index + 1, socialInsuranceNumber: socialInsuranceNumberOf(Number(meta.get('dataset.seed') ?? 0), index) };
}
