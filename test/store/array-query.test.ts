import assert from 'node:assert/strict';
import { prepareArrayQuery } from '../../src/store/array-query.ts';
import { DIALECTS, openTestStore, type TestStore } from '../helpers/stores.ts';

for (const dialect of DIALECTS) {
  describe(`array queries (${dialect})`, function () {
    this.timeout(30_000);
    let ts: TestStore;
    before(async () => {
      ts = await openTestStore(dialect);
      for (const key of ['a', 'b', 'c', 'd']) await ts.store.db.insertInto('meta').values({ key: `k.${key}`, value: key.toUpperCase() }).execute();
    });
    after(async () => ts?.dispose());

    it('runs one compiled query with new parameters, rows as arrays in select order with the column names', async () => {
      const compiled = ts.store.db.selectFrom('meta').select(['meta.value as upper', 'meta.key']).where('key', 'like', 'k.%').where('key', '>', 'k.a').orderBy('key').limit(2).compile();
      const query = prepareArrayQuery(ts.store, compiled);
      const first = await query.run(['k.%', 'k.a', 2]);
      assert.deepEqual(first.columns, ['upper', 'key']);
      assert.deepEqual(first.rows, [['B', 'k.b'], ['C', 'k.c']]);
      assert.deepEqual((await query.run(['k.%', 'k.c', 10])).rows, [['D', 'k.d']]);
      assert.deepEqual((await query.run(['k.%', 'k.z', 10])).rows, []);
    });
  });
}
