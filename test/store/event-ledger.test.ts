import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { systemClock } from '../../src/core/clock.ts';
import { GatewayError } from '../../src/core/errors.ts';
import { type EventHeader, EventLedger, type EventOutcome, requestDigest } from '../../src/store/event-ledger.ts';
import { DIALECTS, openTestStore, type TestStore } from '../helpers/stores.ts';

const header = (eventId: string, body: unknown = { n: 1 }, partner = 'ndxp'): EventHeader => ({
  eventId, type: 'birth-registration', partner, digest: requestDigest(body), receivedAt: '2026-11-01T08:00:00.000Z',
});

const outcome = (answer: unknown): EventOutcome => ({
  status: 'accepted', httpStatus: 201, answer, result: { messageId: randomUUID(), destination: 'data-sharing-platform', payload: { answer } },
});

for (const dialect of DIALECTS) {
  describe(`event ledger (${dialect})`, function () {
    this.timeout(30_000);
    let ts: TestStore;
    beforeEach(async () => {
      ts = await openTestStore(dialect);
    });
    afterEach(async () => ts?.dispose());

    it('acts once for an event id delivered many times at once; every delivery gets the first answer', async () => {
      const ledger = new EventLedger(ts.store, systemClock);
      let acted = 0;
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          ledger.once(header('evt-concurrent'), async (trx) => {
            acted += 1;
            await trx.insertInto('meta').values({ key: `acted.${i}`, value: String(i) }).execute();
            await new Promise((r) => setTimeout(r, 30)); // hold the claim while the others arrive
            return outcome({ by: i });
          }),
        ),
      );
      assert.equal(acted, 1);
      assert.equal(results.filter((r) => !r.replayed).length, 1);
      for (const r of results) assert.deepEqual(r.answer, results.find((x) => !x.replayed)?.answer);
      assert.equal((await ts.store.db.selectFrom('meta').select('key').where('key', 'like', 'acted.%').execute()).length, 1);
      assert.equal((await ts.store.db.selectFrom('outbox').select('id').where('event_id', '=', 'evt-concurrent').execute()).length, 1);
    });

    it('leaves no trace of an event whose action failed, so a later delivery acts', async () => {
      const ledger = new EventLedger(ts.store, systemClock);
      await assert.rejects(
        ledger.once(header('evt-fails'), async (trx) => {
          await trx.insertInto('meta').values({ key: 'half-done', value: '1' }).execute();
          throw new Error('store went away');
        }),
      );
      assert.equal((await ts.store.db.selectFrom('meta').select('key').where('key', '=', 'half-done').execute()).length, 0);
      assert.equal((await ts.store.db.selectFrom('events').select('event_id').execute()).length, 0);
      const second = await ledger.once(header('evt-fails'), async () => outcome({ ok: true }));
      assert.equal(second.replayed, false);
    });

    it('refuses an event id reused with another body or by another partner (event.id_reused)', async () => {
      const ledger = new EventLedger(ts.store, systemClock);
      await ledger.once(header('evt-reused', { n: 1 }), async () => outcome({ ok: true }));
      for (const h of [header('evt-reused', { n: 2 }), header('evt-reused', { n: 1 }, 'portal')]) {
        await assert.rejects(
          ledger.once(h, async () => outcome({ ok: false })),
          (e: unknown) => e instanceof GatewayError && e.code === 'event.id_reused',
        );
      }
    });

    it('digests requests whatever their key order', () => {
      assert.equal(requestDigest({ a: 1, b: { c: [1, { d: 2, e: 3 }] } }), requestDigest({ b: { c: [1, { e: 3, d: 2 }] }, a: 1 }));
      assert.notEqual(requestDigest({ a: 1 }), requestDigest({ a: 2 }));
    });
  });
}
