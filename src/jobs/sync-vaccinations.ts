// `sync vaccinations`: walks the insured people (all, or those residing in one province) in batches, asks the health
// authority for their vaccination records through the adapter's `vaccinationsBatch` operation (under its resilience
// policy), and stores them for bulk lists to filter on. Each batch commits with the cursor, so a run stopped at any
// point (kill, crash, upstream outage) continues where it stopped when started again, counting nobody twice. An
// answer that is malformed, too large or outside its contract stops the run before anything of it is stored.
import type { CallContext, Operation } from '../core/adapter.ts';
import { type Clock, isoDate } from '../core/clock.ts';
import type { Store } from '../store/open.ts';
import type { VaccinationTable } from '../store/schema.ts';
import { commitSyncBatch, finishSyncRun, openSyncRun, peopleToSync, type SyncRun } from '../store/vaccination-sync.ts';
import type { VaccinationsAnswer, VaccinationsRequest } from '../../adapters/health-authority/operations/vaccinations-batch.ts';

/** The gateway itself, as the caller of upstream operations run by jobs. */
const JOB_PARTNER = 'vss-gateway';
/** Deadline of one batch call; the adapter's resilience policy usually cuts it shorter. */
const BATCH_DEADLINE_MS = 10 * 60_000;

export interface SyncProgress {
  readonly done: number;
  readonly total: number;
  readonly recordsStored: number;
  /** People per second in this invocation. */
  readonly peoplePerSecond: number;
}

export interface SyncVaccinationsOptions {
  readonly store: Store;
  /** The health-authority adapter's `vaccinationsBatch`, as the registry wrapped it. */
  readonly operation: Operation<VaccinationsRequest, VaccinationsAnswer>;
  /** The adapter instance the records come from (config key), stored with each record. */
  readonly source: string;
  readonly province?: string | undefined;
  readonly batchSize: number;
  readonly clock: Clock;
  readonly signal?: AbortSignal | undefined;
  readonly onStart?: (run: SyncRun, resumed: boolean) => void;
  readonly onProgress?: (p: SyncProgress) => void;
}

export interface SyncSummary {
  readonly runId: string;
  readonly resumed: boolean;
  readonly scope: string;
  readonly total: number;
  readonly peopleDone: number;
  readonly peopleWithRecords: number;
  readonly notFound: number;
  readonly recordsStored: number;
  /** People done by this invocation, and how fast. */
  readonly peopleThisRun: number;
  readonly seconds: number;
  readonly peoplePerSecond: number;
}

export async function syncVaccinations(opts: SyncVaccinationsOptions): Promise<SyncSummary> {
  const { store, clock } = opts;
  const nowIso = () => new Date(clock.now()).toISOString();
  const opened = await openSyncRun(store, opts.province, opts.source, nowIso());
  let run = opened.run;
  opts.onStart?.(run, opened.resumed);
  const startDone = run.people_done;
  const started = performance.now();
  const rate = () => {
    const seconds = (performance.now() - started) / 1000;
    return { seconds, peoplePerSecond: seconds > 0 ? Math.round((run.people_done - startDone) / seconds) : 0 };
  };
  for (let batchNo = 1; ; batchNo++) {
    opts.signal?.throwIfAborted();
    const people = await peopleToSync(store, opts.province, run.last_person_id, opts.batchSize);
    if (people.length === 0) break;
    const answer = await opts.operation.run({ citizenIds: people.map((p) => p.citizen_id) }, callContext(run, batchNo, clock, opts.signal));
    const syncedAt = nowIso();
    const idOf = new Map(people.map((p) => [p.citizen_id, p.id]));
    const records: VaccinationTable[] = answer.people.flatMap((p) =>
      p.vaccinations.map((v) => ({
        person_id: idOf.get(p.citizenId) as number,
        vaccine: v.vaccineCode,
        vaccine_name: v.vaccineName.normalize('NFC'),
        dose: v.dose,
        date: v.date,
        place: v.place,
        source: opts.source,
        synced_at: syncedAt,
      })),
    );
    run = await commitSyncBatch(
      store,
      run,
      { lastPersonId: (people[people.length - 1] as { id: number }).id, people: people.length, notFound: answer.notFound.length, personIds: people.map((p) => p.id), records },
      syncedAt,
    );
    opts.onProgress?.({ done: run.people_done, total: run.total, recordsStored: run.records_stored, ...rate() });
  }
  run = await finishSyncRun(store, run, nowIso());
  const { seconds, peoplePerSecond } = rate();
  return {
    runId: run.id,
    resumed: opened.resumed,
    scope: run.scope,
    total: run.total,
    peopleDone: run.people_done,
    peopleWithRecords: run.people_with_records,
    notFound: run.not_found,
    recordsStored: run.records_stored,
    peopleThisRun: run.people_done - startDone,
    seconds,
    peoplePerSecond,
  };
}

function callContext(run: SyncRun, batchNo: number, clock: Clock, signal: AbortSignal | undefined): CallContext {
  const now = clock.now();
  return {
    requestId: `sync-vaccinations-${run.id}-${batchNo}`,
    signal: signal ?? new AbortController().signal,
    deadline: now + BATCH_DEADLINE_MS,
    partner: JOB_PARTNER,
    purpose: 'vaccination',
    fields: new Set(),
    today: isoDate(now),
  };
}
