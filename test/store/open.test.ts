import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { openStore } from '../../src/store/open.ts';
import { openTestStore, type TestStore } from '../helpers/stores.ts';

describe('SQLite store connection', function () {
  this.timeout(30_000);
  let ts: TestStore;
  beforeEach(async () => {
    ts = await openTestStore('sqlite');
  });
  afterEach(async () => ts?.dispose());

  it('prepares each distinct query once and reuses the statement with new parameters', async () => {
    const sqlite = ts.store.sqlite as NonNullable<typeof ts.store.sqlite>;
    const prepare = sqlite.prepare.bind(sqlite);
    const prepared: string[] = [];
    sqlite.prepare = ((text: string) => {
      prepared.push(text);
      return prepare(text);
    }) as typeof sqlite.prepare;
    for (const key of ['a', 'b', 'c']) await ts.store.db.insertInto('meta').values({ key: `k.${key}`, value: key }).execute();
    const read = (key: string) => ts.store.db.selectFrom('meta').select('value').where('key', '=', key).executeTakeFirst();
    assert.deepEqual([await read('k.a'), await read('k.b'), await read('k.c'), await read('k.none')], [{ value: 'a' }, { value: 'b' }, { value: 'c' }, undefined]);
    assert.equal(prepared.length, 2, `prepared ${JSON.stringify(prepared)}`);
  });

  it('runs a query again after a stream of it was abandoned halfway', async () => {
    for (let i = 0; i < 20; i++) await ts.store.db.insertInto('meta').values({ key: `s.${String(i).padStart(2, '0')}`, value: String(i) }).execute();
    const query = () => ts.store.db.selectFrom('meta').select('key').where('key', 'like', 's.%').orderBy('key');
    const seen: string[] = [];
    for await (const row of query().stream()) {
      seen.push(row.key);
      if (seen.length === 3) break;
    }
    assert.deepEqual(seen, ['s.00', 's.01', 's.02']);
    assert.equal((await query().execute()).length, 20);
    assert.equal((await query().execute()).length, 20);
  });

  it('begins transactions IMMEDIATE: no other connection commits between a transaction\'s first read and its first write', async () => {
    const other = openStore({ dataDir: ts.dataDir });
    try {
      other.sqlite?.pragma('busy_timeout = 20');
      await ts.store.db.transaction().execute(async (tx) => {
        const before = await tx.selectFrom('meta').select('key').execute();
        assert.throws(() => other.sqlite?.prepare(`insert into meta (key, value) values ('other', '1')`).run(), /locked|busy/i);
        await tx.insertInto('meta').values({ key: 'mine', value: String(before.length) }).execute();
      });
      const keys = (await sql<{ key: string }>`select key from meta where key in ('mine', 'other')`.execute(ts.store.db)).rows.map((r) => r.key);
      assert.deepEqual(keys, ['mine']);
    } finally {
      await other.close();
    }
  });

  it('closes the connection on close, and closing twice is harmless', async () => {
    const store = openStore({ dataDir: ts.dataDir, sqliteFile: 'second.db' });
    await sql`select 1`.execute(store.db);
    await store.close();
    await store.close();
    assert.equal(store.sqlite?.open, false);
  });
});
