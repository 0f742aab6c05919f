// Seeds an empty store with the synthetic dataset: generates people in batches, hands each batch to the dialect's
// bulk loader in one transaction, reports progress, and records what was seeded in `meta`. A failed seed removes
// what it wrote, so the store can be seeded again.
import { sql } from 'kysely';
import { allCommunes } from '../dataset/communes.ts';
import { createGenerator, type DatasetGenerator, GENERATOR_VERSION, type SyntheticPerson } from '../dataset/generator.ts';
import type { Store } from './open.ts';
import type { EmployerTable } from './schema.ts';
import type { SeedSink } from './seed-sink.ts';
import { openPostgresSink } from './seed-postgres.ts';
import { openSqliteSink } from './seed-sqlite.ts';

export interface SeedDatasetOptions {
  readonly count: number;
  readonly seed: number;
  /** "Today" for the dataset, YYYY-MM-DD. */
  readonly asOf: string;
  /** A post-2025 province code: everyone resides there. */
  readonly province?: string | undefined;
  /** Called after each batch (1% of the people, at least 100) with the people written so far. */
  readonly onProgress?: ((done: number, total: number) => void) | undefined;
}

export interface SeedResult {
  readonly people: number;
  readonly seconds: number;
}

export interface DatasetInfo {
  readonly seed: number;
  readonly asOf: string;
  readonly count: number;
  readonly version: number;
  readonly province?: string;
}

export class StoreNotEmptyError extends Error {
  readonly people: number;
  constructor(people: number) {
    super(`the store already holds ${people} people; seed an empty store (a fresh data directory or schema)`);
    this.name = 'StoreNotEmptyError';
    this.people = people;
  }
}

const META = {
  seed: 'dataset.seed',
  asOf: 'dataset.asOf',
  count: 'dataset.count',
  version: 'dataset.version',
  province: 'dataset.province',
} as const;
const PERSON_TABLES = ['people', 'cards', 'coverage', 'employments', 'chronic_conditions'] as const;
const MAX_BATCH = 10_000;
const MIN_BATCH = 100;
const DELETE_CHUNK = 500;

export async function countPeople(store: Store): Promise<number> {
  const row = await store.db.selectFrom('people').select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** What `seedDataset` recorded, or undefined when the store was never seeded. */
export async function datasetInfo(store: Store): Promise<DatasetInfo | undefined> {
  const rows = await store.db.selectFrom('meta').select(['key', 'value']).where('key', 'like', 'dataset.%').execute();
  const meta = new Map(rows.map((r) => [r.key, r.value]));
  const [seed, asOf, count, version] = [meta.get(META.seed), meta.get(META.asOf), meta.get(META.count), meta.get(META.version)];
  if (seed === undefined || asOf === undefined || count === undefined || version === undefined) return undefined;
  const province = meta.get(META.province);
  return { seed: Number(seed), asOf, count: Number(count), version: Number(version), ...(province ? { province } : {}) };
}

async function rowsIn(store: Store, table: (typeof PERSON_TABLES)[number]): Promise<number> {
  const row = await store.db.selectFrom(table).select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

async function assertEmpty(store: Store): Promise<void> {
  const people = await rowsIn(store, 'people');
  if (people > 0) throw new StoreNotEmptyError(people);
  for (const table of PERSON_TABLES) {
    if ((await rowsIn(store, table)) > 0) throw new Error(`the store has no people but holds ${table} rows; seed an empty store`);
  }
}

function openSink(store: Store): Promise<SeedSink> {
  if (store.dialect === 'sqlite' && store.sqlite) return Promise.resolve(openSqliteSink(store.sqlite));
  if (store.dialect === 'postgres' && store.pgPool) return openPostgresSink(store.pgPool);
  throw new Error(`store ${store.description} has no raw handle for bulk loading`);
}

/** Deletes a failed seed's rows: the person tables were empty before it, the employers are the ones it inserted. */
async function removePartialDataset(store: Store, employerIds: ReadonlySet<number>): Promise<void> {
  for (const table of PERSON_TABLES) await store.db.deleteFrom(table).execute();
  const ids = [...employerIds];
  for (let k = 0; k < ids.length; k += DELETE_CHUNK) {
    await store.db.deleteFrom('employers').where('id', 'in', ids.slice(k, k + DELETE_CHUNK)).execute();
  }
}

async function recordDataset(store: Store, info: DatasetInfo): Promise<void> {
  const entries: [string, string][] = [
    [META.seed, String(info.seed)], [META.asOf, info.asOf], [META.count, String(info.count)], [META.version, String(info.version)],
  ];
  if (info.province) entries.push([META.province, info.province]);
  else await store.db.deleteFrom('meta').where('key', '=', META.province).execute();
  for (const [key, value] of entries) {
    await store.db
      .insertInto('meta')
      .values({ key, value })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: sql<string>`excluded.value` }))
      .execute();
  }
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

const nextTick = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Generates the people batch by batch and hands each batch to the sink, with the employers it uses first. */
async function writeDataset(gen: DatasetGenerator, sink: SeedSink, opts: SeedDatasetOptions, employerIds: Set<number>): Promise<void> {
  await sink.writeParks(gen.industrialParks());
  await sink.writeCommunes(allCommunes());
  const batchSize = Math.min(MAX_BATCH, Math.max(MIN_BATCH, Math.ceil(opts.count / 100)));
  for (let from = 0; from < opts.count; from += batchSize) {
    const to = Math.min(opts.count, from + batchSize);
    const people: SyntheticPerson[] = [];
    const employers: EmployerTable[] = [];
    for (let i = from; i < to; i++) {
      const person = gen.person(i);
      people.push(person);
      for (const job of person.employments) {
        if (employerIds.has(job.employer_id)) continue;
        employerIds.add(job.employer_id);
        employers.push(gen.employerById(job.employer_id));
      }
    }
    await sink.writeBatch(people, employers);
    opts.onProgress?.(to, opts.count);
    await nextTick();
  }
}

/** Seeds `count` synthetic people into an empty store (throws StoreNotEmptyError otherwise). */
export async function seedDataset(store: Store, opts: SeedDatasetOptions): Promise<SeedResult> {
  const started = performance.now();
  const gen = createGenerator({ seed: opts.seed, asOf: opts.asOf, province: opts.province });
  if (!Number.isInteger(opts.count) || opts.count < 1 || opts.count > gen.capacity) {
    throw new RangeError(`count must be an integer from 1 to ${gen.capacity}`);
  }
  await assertEmpty(store);
  const employerIds = new Set<number>();
  const sink = await openSink(store);
  try {
    await writeDataset(gen, sink, opts, employerIds);
  } catch (failure) {
    const cleanupError = await removePartialDataset(store, employerIds).then(() => undefined, (e: unknown) => e);
    await sink.close();
    if (cleanupError === undefined) throw failure;
    throw new Error(`seeding failed (${errorText(failure)}) and its partial dataset could not be removed (${errorText(cleanupError)})`, { cause: failure });
  }
  await sink.close();
  await recordDataset(store, { seed: opts.seed, asOf: opts.asOf, count: opts.count, version: GENERATOR_VERSION, ...(opts.province ? { province: opts.province } : {}) });
  return { people: opts.count, seconds: (performance.now() - started) / 1000 };
}
