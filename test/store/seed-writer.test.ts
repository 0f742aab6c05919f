import assert from 'node:assert/strict';
import { createGenerator, GENERATOR_VERSION } from '../../src/dataset/generator.ts';
import type { Store } from '../../src/store/open.ts';
import { countPeople, datasetInfo, seedDataset, StoreNotEmptyError } from '../../src/store/seed-writer.ts';
import { openTestStore, type TestStore } from '../helpers/stores.ts';

const SEED = 11;
const AS_OF = '2026-11-01';
const COUNT = 2000;

async function rowCount(store: Store, table: 'people' | 'cards' | 'coverage' | 'employments' | 'employers' | 'industrial_parks'): Promise<number> {
  const row = await store.db.selectFrom(table).select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

for (const dialect of ['sqlite', 'postgres'] as const) {
  describe(`seeding the store (${dialect})`, function () {
    this.timeout(60_000);
    const gen = createGenerator({ seed: SEED, asOf: AS_OF });
    let ts: TestStore;
    const progress: number[] = [];
    before(async () => {
      ts = await openTestStore(dialect);
      const result = await seedDataset(ts.store, { count: COUNT, seed: SEED, asOf: AS_OF, onProgress: (done) => progress.push(done) });
      assert.equal(result.people, COUNT);
      assert.ok(result.seconds > 0);
    });
    after(async () => ts?.dispose());

    it('writes every generated person with their cards, coverage and employments', async () => {
      const expected = { cards: 0, coverage: 0, employments: 0 };
      for (let i = 0; i < COUNT; i++) {
        const p = gen.person(i);
        expected.cards += p.cards.length;
        expected.coverage += p.coverage.length;
        expected.employments += p.employments.length;
      }
      assert.equal(await countPeople(ts.store), COUNT);
      assert.equal(await rowCount(ts.store, 'cards'), expected.cards);
      assert.equal(await rowCount(ts.store, 'coverage'), expected.coverage);
      assert.equal(await rowCount(ts.store, 'employments'), expected.employments);
    });

    it('stores person 1234 exactly as the generator makes it', async () => {
      const p = gen.person(1233);
      const person = await ts.store.db.selectFrom('people').selectAll().where('id', '=', 1234).executeTakeFirstOrThrow();
      assert.deepEqual(person, p.person);
      const cards = await ts.store.db.selectFrom('cards').selectAll().where('person_id', '=', 1234).orderBy('issued_on', 'desc').execute();
      assert.deepEqual(cards, p.cards);
      const byCitizen = await ts.store.db.selectFrom('people').select('id').where('citizen_id', '=', p.person.citizen_id).executeTakeFirstOrThrow();
      assert.equal(byCitizen.id, 1234);
    });

    it('inserts every employer an employment refers to, and the industrial parks', async () => {
      const orphans = await ts.store.db
        .selectFrom('employments')
        .leftJoin('employers', 'employers.id', 'employments.employer_id')
        .select('employments.person_id')
        .where('employers.id', 'is', null)
        .execute();
      assert.equal(orphans.length, 0);
      const employerIds = new Set(Array.from({ length: COUNT }, (_, i) => gen.person(i).employments.map((e) => e.employer_id)).flat());
      assert.equal(await rowCount(ts.store, 'employers'), employerIds.size);
      assert.equal(await rowCount(ts.store, 'industrial_parks'), gen.industrialParks().length);
      const some = await ts.store.db.selectFrom('employers').selectAll().limit(1).executeTakeFirstOrThrow();
      assert.deepEqual(some, gen.employerById(some.id));
    });

    it('records the seed, as-of date, count and generator version', async () => {
      assert.deepEqual(await datasetInfo(ts.store), { seed: SEED, asOf: AS_OF, count: COUNT, version: GENERATOR_VERSION });
    });

    it('reports progress after every 1% (or 100 people) up to the total', () => {
      assert.equal(progress.at(-1), COUNT);
      const step = Math.max(100, Math.ceil(COUNT / 100));
      for (let k = 0; k < progress.length; k++) assert.ok((progress[k] as number) - (progress[k - 1] ?? 0) <= step);
    });

    it('refuses to seed a store that already holds people, leaving it as it was', async () => {
      await assert.rejects(seedDataset(ts.store, { count: 10, seed: SEED + 1, asOf: AS_OF }), StoreNotEmptyError);
      assert.equal(await countPeople(ts.store), COUNT);
      assert.equal((await datasetInfo(ts.store))?.seed, SEED);
    });
  });

  describe(`a seed that fails halfway (${dialect})`, function () {
    this.timeout(60_000);
    let ts: TestStore;
    before(async () => {
      ts = await openTestStore(dialect);
    });
    after(async () => ts?.dispose());

    it('removes what it wrote, so the store can be seeded again, with its indexes back', async () => {
      const boom = new Error('disk on fire');
      const failing = seedDataset(ts.store, {
        count: 1000, seed: SEED, asOf: AS_OF, province: '01',
        onProgress: (done) => {
          if (done >= 300) throw boom;
        },
      });
      await assert.rejects(failing, (e) => e === boom);
      assert.equal(await countPeople(ts.store), 0);
      assert.equal(await rowCount(ts.store, 'cards'), 0);
      assert.equal(await rowCount(ts.store, 'employers'), 0);
      assert.equal(await datasetInfo(ts.store), undefined);
      await seedDataset(ts.store, { count: 300, seed: SEED, asOf: AS_OF, province: '01' });
      assert.equal(await countPeople(ts.store), 300);
      assert.deepEqual(await datasetInfo(ts.store), { seed: SEED, asOf: AS_OF, count: 300, version: GENERATOR_VERSION, province: '01' });
      const residences = await ts.store.db.selectFrom('people').select('residence_province').distinct().execute();
      assert.deepEqual(residences, [{ residence_province: '01' }]);
      if (ts.store.sqlite) {
        const indexes = ts.store.sqlite.prepare("select name from sqlite_master where type = 'index' and name in ('people_citizen_id', 'people_sin', 'cards_person')").all();
        assert.equal(indexes.length, 3);
        assert.equal(ts.store.sqlite.pragma('synchronous', { simple: true }), 2);
      }
    });
  });
}
