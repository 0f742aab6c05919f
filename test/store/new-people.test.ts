import assert from 'node:assert/strict';
import { createGenerator } from '../../src/dataset/generator.ts';
import { allocatePerson, socialInsuranceNumberOf } from '../../src/store/new-people.ts';
import { seedDataset } from '../../src/store/seed-writer.ts';
import { AS_OF, TEST_SEED } from '../helpers/gateway.ts';
import { DIALECTS, openTestStore, type TestStore } from '../helpers/stores.ts';

describe('BHXH numbers of new people', () => {
  it('derive like the generator\'s, so seeded person i and new person i would be the same number', () => {
    const gen = createGenerator({ seed: TEST_SEED, asOf: AS_OF });
    for (const i of [0, 1, 17, 999]) assert.equal(socialInsuranceNumberOf(TEST_SEED, i), gen.person(i).person.social_insurance_number);
  });
});

for (const dialect of DIALECTS) {
  describe(`allocating new people (${dialect})`, function () {
    this.timeout(30_000);
    let ts: TestStore;
    before(async () => {
      ts = await openTestStore(dialect);
      await seedDataset(ts.store, { count: 50, seed: TEST_SEED, asOf: AS_OF });
    });
    after(async () => ts?.dispose());

    it('continues after the seeded people, never colliding with them, even when allocating concurrently', async () => {
      const taken = await Promise.all(Array.from({ length: 6 }, () => ts.store.db.transaction().execute((trx) => allocatePerson(trx))));
      assert.deepEqual(taken.map((n) => n.id).sort((a, b) => a - b), [51, 52, 53, 54, 55, 56]);
      for (const n of taken) assert.equal(n.socialInsuranceNumber, socialInsuranceNumberOf(TEST_SEED, n.id - 1));
      const seeded = new Set((await ts.store.db.selectFrom('people').select('social_insurance_number').execute()).map((r) => r.social_insurance_number));
      for (const n of taken) assert.ok(!seeded.has(n.socialInsuranceNumber));
    });
  });
}
