import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { claimDue, enqueue, markDelivered, markFailed, replayDead } from '../../src/store/outbox.ts';
import { DIALECTS, openTestStore, type TestStore } from '../helpers/stores.ts';

const T0 = Date.parse('2026-11-01T08:00:00Z');
const at = (ms: number) => new Date(T0 + ms).toISOString();

for (const dialect of DIALECTS) {
  describe(`outbox rows (${dialect})`, function () {
    this.timeout(30_000);
    let ts: TestStore;
    beforeEach(async () => {
      ts = await openTestStore(dialect);
    });
    afterEach(async () => ts?.dispose());

    async function queue(n: number): Promise<string[]> {
      const ids: string[] = [];
      for (let i = 0; i < n; i++) {
        const id = randomUUID();
        await enqueue(ts.store.db, { id, eventId: `evt-test-${i}`, destination: 'data-sharing-platform', payload: { n: i }, at: at(i) });
        ids.push(id);
      }
      return ids;
    }

    it('hands each due row to one dispatcher only, however many claim at once', async () => {
      const ids = await queue(30);
      const claims = await Promise.all(['a', 'b', 'c', 'd'].map((owner) => claimDue(ts.store, { owner, now: at(1000), leaseUntil: at(60_000), limit: 30 })));
      const claimed = claims.flat().map((r) => r.id);
      assert.equal(claimed.length, 30, `claimed ${claimed.length}`);
      assert.deepEqual([...claimed].sort(), [...ids].sort());
    });

    if (dialect === 'sqlite') {
      it('finds nothing due without waiting for the write lock another connection holds (the audit writer commits all the time)', async () => {
        await queue(2);
        const other = new BetterSqlite3(join(ts.dataDir, 'gateway.db'));
        other.pragma('busy_timeout = 0');
        other.exec('begin immediate');
        try {
          ts.store.sqlite?.pragma('busy_timeout = 0'); // a write attempt would now fail at once with SQLITE_BUSY
          assert.deepEqual(await claimDue(ts.store, { owner: 'a', now: at(-1), leaseUntil: at(60_000), limit: 10 }), []);
          await assert.rejects(claimDue(ts.store, { owner: 'a', now: at(1000), leaseUntil: at(60_000), limit: 10 }), /locked|busy/i, 'due rows do need the lock');
        } finally {
          other.exec('rollback');
          other.close();
        }
      });
    }

    if (dialect === 'postgres') {
      it('skips rows another transaction holds instead of waiting for them (SKIP LOCKED)', async () => {
        const ids = await queue(3);
        let locked!: () => void;
        let release!: () => void;
        const isLocked = new Promise<void>((r) => (locked = r));
        const released = new Promise<void>((r) => (release = r));
        const holder = ts.store.db.transaction().execute(async (trx) => {
          await trx.selectFrom('outbox').select('id').where('id', '=', ids[0] as string).forUpdate().execute();
          locked();
          await released;
        });
        await isLocked;
        const waited = new Promise<'waited'>((r) => setTimeout(() => r('waited'), 3000).unref());
        const claimed = await Promise.race([claimDue(ts.store, { owner: 'a', now: at(1000), leaseUntil: at(60_000), limit: 10 }), waited]);
        release();
        await holder;
        assert.notEqual(claimed, 'waited', 'the claim waited for the held row');
        assert.deepEqual((claimed as { id: string }[]).map((r) => r.id).sort(), [ids[1], ids[2]].sort());
      });
    }

    it('takes over the rows of a dispatcher that died once their lease has run out, and the dead one can no longer settle them', async () => {
      const [id] = await queue(1);
      assert.equal((await claimDue(ts.store, { owner: 'dead', now: at(100), leaseUntil: at(1000), limit: 10 })).length, 1);
      assert.equal((await claimDue(ts.store, { owner: 'next', now: at(500), leaseUntil: at(1500), limit: 10 })).length, 0);
      const [taken] = await claimDue(ts.store, { owner: 'next', now: at(1001), leaseUntil: at(2000), limit: 10 });
      assert.equal(taken?.id, id);
      assert.equal(await markDelivered(ts.store, taken, 'dead', at(1100)), false);
      assert.equal(await markDelivered(ts.store, taken, 'next', at(1100)), true);
      assert.equal((await claimDue(ts.store, { owner: 'any', now: at(5000), leaseUntil: at(6000), limit: 10 })).length, 0);
    });

    it('does not hand out a row before its next attempt is due', async () => {
      await queue(1);
      const [row] = await claimDue(ts.store, { owner: 'a', now: at(10), leaseUntil: at(1000), limit: 1 });
      assert.ok(row);
      assert.equal(await markFailed(ts.store, row, 'a', { error: 'upstream.unavailable', retryAt: at(3000) }), true);
      assert.equal((await claimDue(ts.store, { owner: 'a', now: at(2999), leaseUntil: at(4000), limit: 1 })).length, 0);
      const [again] = await claimDue(ts.store, { owner: 'a', now: at(3000), leaseUntil: at(4000), limit: 1 });
      assert.equal(again?.attempts, 1);
    });

    it('replays only dead rows, with a fresh count of attempts', async () => {
      const [id] = await queue(1);
      const [row] = await claimDue(ts.store, { owner: 'a', now: at(10), leaseUntil: at(1000), limit: 1 });
      assert.equal((await replayDead(ts.store, id as string, at(20))).replayed, false);
      await markFailed(ts.store, row!, 'a', { error: 'upstream.unavailable', retryAt: undefined });
      const { replayed, row: after } = await replayDead(ts.store, id as string, at(20));
      assert.equal(replayed, true);
      assert.equal(after?.state, 'pending');
      assert.equal(after?.attempts, 0);
      assert.equal((await claimDue(ts.store, { owner: 'b', now: at(20), leaseUntil: at(1000), limit: 1 })).length, 1);
    });
  });
}
