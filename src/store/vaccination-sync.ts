// The store side of `sync vaccinations`: sync runs with their resumable cursor, the people still to do, and one
// batch's records written together with the cursor move and the counters, in one transaction. A run killed at any
// point continues after the last committed batch and counts every person exactly once.
import { randomUUID } from 'node:crypto';
import type { Store } from './open.ts';
import type { VaccinationSyncTable, VaccinationTable } from './schema.ts';

const INSERT_CHUNK = 500;

export type SyncRun = VaccinationSyncTable;

export interface PersonToSync { readonly id: number; readonly citizen_id: string }

export interface SyncedBatch {
  /** The last person id of the batch: the cursor after it. */
  readonly lastPersonId: number;
  readonly people: number;
  readonly notFound: number;
  /** The records of the batch's people found upstream; each listed person id is replaced by exactly these rows. */
  readonly personIds: readonly number[];
  readonly records: readonly VaccinationTable[];
}

/** `all` or a post-2025 province code. */
function syncScope(province: string | undefined): string {
  return province ?? 'all';
}

/** People in scope after `afterId`, by id. */
export async function peopleToSync(store: Store, province: string | undefined, afterId: number, limit: number): Promise<PersonToSync[]> {
  let q = store.db.selectFrom('people').select(['id', 'citizen_id']).where('id', '>', afterId);
  if (province !== undefined) q = q.where('residence_province', '=', province);
  return q.orderBy('id').limit(limit).execute();
}

async function countInScope(store: Store, province: string | undefined): Promise<number> {
  let q = store.db.selectFrom('people').select((eb) => eb.fn.countAll<number | string>().as('n'));
  if (province !== undefined) q = q.where('residence_province', '=', province);
  return Number((await q.executeTakeFirstOrThrow()).n);
}

/** The unfinished run of this scope and source, or a new one counting the people in scope now. */
export async function openSyncRun(store: Store, province: string | undefined, source: string, now: string): Promise<{ run: SyncRun; resumed: boolean }> {
  const scope = syncScope(province);
  const unfinished = await store.db
    .selectFrom('vaccination_sync')
    .selectAll()
    .where('scope', '=', scope)
    .where('source', '=', source)
    .where('status', '=', 'running')
    .orderBy('started_at', 'desc')
    .executeTakeFirst();
  if (unfinished) return { run: unfinished, resumed: true };
  const run: SyncRun = {
    id: randomUUID(), scope, source, status: 'running', last_person_id: 0, total: await countInScope(store, province),
    people_done: 0, people_with_records: 0, not_found: 0, records_stored: 0, started_at: now, updated_at: now, finished_at: null,
  };
  await store.db.insertInto('vaccination_sync').values(run).execute();
  return { run, resumed: false };
}

/** Replaces the batch's people's records from this source and moves the cursor, all or nothing. */
export async function commitSyncBatch(store: Store, run: SyncRun, batch: SyncedBatch, now: string): Promise<SyncRun> {
  const next: SyncRun = {
    ...run,
    last_person_id: batch.lastPersonId,
    people_done: run.people_done + batch.people,
    people_with_records: run.people_with_records + new Set(batch.records.map((r) => r.person_id)).size,
    not_found: run.not_found + batch.notFound,
    records_stored: run.records_stored + batch.records.length,
    updated_at: now,
  };
  await store.db.transaction().execute(async (tx) => {
    for (let k = 0; k < batch.personIds.length; k += INSERT_CHUNK) {
      const ids = batch.personIds.slice(k, k + INSERT_CHUNK);
      await tx.deleteFrom('vaccinations').where('source', '=', run.source).where('person_id', 'in', ids).execute();
    }
    for (let k = 0; k < batch.records.length; k += INSERT_CHUNK) {
      await tx.insertInto('vaccinations').values(batch.records.slice(k, k + INSERT_CHUNK)).execute();
    }
    const moved = await tx
      .updateTable('vaccination_sync')
      .set({
        last_person_id: next.last_person_id, people_done: next.people_done, people_with_records: next.people_with_records,
        not_found: next.not_found, records_stored: next.records_stored, updated_at: now,
      })
      .where('id', '=', run.id)
      .where('last_person_id', '=', run.last_person_id)
      .executeTakeFirst();
    if (Number(moved.numUpdatedRows) !== 1) throw new Error('another sync of the same scope moved the cursor; run one sync per scope at a time');
  });
  return next;
}

export async function finishSyncRun(store: Store, run: SyncRun, now: string): Promise<SyncRun> {
  await store.db.updateTable('vaccination_sync').set({ status: 'done', finished_at: now, updated_at: now }).where('id', '=', run.id).execute();
  return { ...run, status: 'done', finished_at: now, updated_at: now };
}
