// `reconcile population`: walks the insured people (all, or those residing in one province) in id order, asks the
// population database about them in batches through the adapter's `verifyBatch` operation (under its resilience
// policy), and records per person: matched, which fields differ, or not found. Each batch's results commit in one
// transaction with the run's cursor, and results are unique per (run, person): a run stopped at any point continues
// where it stopped when started again, counting nobody twice. A rate limit (people per second) paces the calls. An
// answer that fails, is malformed or breaks its contract stops the run before anything of that batch is stored.
import { randomUUID } from 'node:crypto';
import type { CallContext, ContractChecker, Operation } from '../core/adapter.ts';
import { type Clock, isoDate } from '../core/clock.ts';
import { GatewayError } from '../core/errors.ts';
import type { Store } from '../store/open.ts';
import type { ReconciliationResultTable, ReconciliationRunTable } from '../store/schema.ts';
import type { VerifyBatchInput, VerifyBatchResult } from '../../adapters/population-db/operations/verify-batch.ts';

export const RECONCILED_FIELDS = ['fullName', 'birthDate', 'citizenId'] as const;
export type ReconciledField = (typeof RECONCILED_FIELDS)[number];
export type Outcome = 'matched' | 'mismatch' | 'not-found';

/** The gateway itself, as the caller of upstream operations run by jobs. */
const JOB_PARTNER = 'vss-gateway';
/** Deadline of one batch call; the adapter's resilience policy usually cuts it shorter. */
const BATCH_DEADLINE_MS = 10 * 60_000;

export interface ReconcileOptions {
  readonly store: Store;
  /** The population-db adapter's `verifyBatch`, as the registry wrapped it. */
  readonly operation: Operation<VerifyBatchInput, VerifyBatchResult>;
  /** Checks the operation's answer against its output contract before anything is stored. */
  readonly contracts: ContractChecker;
  /** Only people residing in this post-2025 province. */
  readonly province?: string | undefined;
  readonly batchSize: number;
  /** People per second sent upstream, at most; undefined for no limit. */
  readonly ratePerSecond?: number | undefined;
  /** Resume this run; absent: the latest unfinished run of the same scope, else a new one. */
  readonly runId?: string | undefined;
  /** Start a new run even if one is unfinished. */
  readonly fresh?: boolean | undefined;
  readonly clock: Clock;
  readonly signal?: AbortSignal | undefined;
  readonly onStart?: (run: RunInfo) => void;
  readonly onProgress?: (p: ReconcileProgress) => void;
}

export interface RunInfo {
  readonly id: string;
  readonly province: string | null;
  readonly resumed: boolean;
  readonly processed: number;
  readonly total: number;
}

export interface ReconcileProgress {
  readonly done: number;
  readonly total: number;
  /** People per second in this invocation. */
  readonly peoplePerSecond: number;
}

export interface OutcomeCounts {
  people: number;
  matched: number;
  mismatch: number;
  notFound: number;
  /** Mismatches by field (one person may differ in several). */
  fields: Record<ReconciledField, number>;
}

export interface ReconcileReport {
  readonly runId: string;
  readonly kind: 'population';
  readonly province: string | null;
  readonly status: string;
  readonly startedAt: string;
  readonly completedAt: string | null;
  readonly totals: OutcomeCounts;
  /** By residence province (post-2025 code). */
  readonly byProvince: Readonly<Record<string, OutcomeCounts>>;
}

export interface ReconcileResult {
  readonly report: ReconcileReport;
  readonly resumed: boolean;
  /** People checked by this invocation, and how fast. */
  readonly peopleThisRun: number;
  readonly seconds: number;
  readonly peoplePerSecond: number;
}

interface PersonToCheck {
  readonly id: number;
  readonly citizen_id: string;
  readonly full_name: string;
  readonly birth_date: string;
  readonly birth_date_precision: string;
  readonly residence_province: string;
}

export async function reconcilePopulation(opts: ReconcileOptions): Promise<ReconcileResult> {
  const { store, clock } = opts;
  const nowIso = () => new Date(clock.now()).toISOString();
  const { run, resumed } = await openRun(store, opts, nowIso());
  const total = await countInScope(store, run.province);
  opts.onStart?.({ id: run.id, province: run.province, resumed, processed: run.processed, total });
  let { cursor, processed } = run;
  const startProcessed = processed;
  const started = performance.now();
  const pace = pacer(opts.ratePerSecond);
  const elapsed = () => (performance.now() - started) / 1000;
  for (let batchNo = 1; ; batchNo++) {
    opts.signal?.throwIfAborted();
    const people = await peopleAfter(store, run.province, cursor, opts.batchSize);
    if (people.length === 0) break;
    await pace(people.length, opts.signal);
    const answer = await opts.operation.run({ people: people.map(claimOf) }, callContext(run.id, batchNo, clock, opts.signal));
    const issues = opts.contracts.check(opts.operation.output, answer);
    if (issues.length > 0 || answer.results.length !== people.length) {
      throw new GatewayError('upstream.bad_response', 'population-db.verifyBatch answered outside its contract');
    }
    const rows = people.map((p, k) => resultRow(run.id, p, answer.results[k] as VerifyBatchResult['results'][number]));
    cursor = (people[people.length - 1] as PersonToCheck).id;
    processed += await commitBatch(store, run.id, rows, cursor, nowIso());
    const seconds = elapsed();
    opts.onProgress?.({ done: processed, total, peoplePerSecond: seconds > 0 ? Math.round((processed - startProcessed) / seconds) : 0 });
  }
  await store.db.updateTable('reconciliation_runs').set({ status: 'completed', completed_at: nowIso(), updated_at: nowIso() }).where('id', '=', run.id).execute();
  const seconds = elapsed();
  const peopleThisRun = processed - startProcessed;
  return {
    report: await reconciliationReport(store, run.id),
    resumed,
    peopleThisRun,
    seconds,
    peoplePerSecond: seconds > 0 ? Math.round(peopleThisRun / seconds) : 0,
  };
}

/** The counts of a run so far, by outcome, field and residence province, from its stored results. */
export async function reconciliationReport(store: Store, runId: string): Promise<ReconcileReport> {
  const run = await store.db.selectFrom('reconciliation_runs').selectAll().where('id', '=', runId).executeTakeFirst();
  if (!run) throw new Error(`no reconciliation run ${runId}`);
  const groups = await store.db
    .selectFrom('reconciliation_results')
    .select(['province', 'outcome', 'fields', (eb) => eb.fn.countAll<number | string>().as('n')])
    .where('run_id', '=', runId)
    .groupBy(['province', 'outcome', 'fields'])
    .execute();
  const totals = emptyCounts();
  const byProvince: Record<string, OutcomeCounts> = {};
  for (const g of groups) {
    const n = Number(g.n);
    for (const counts of [totals, (byProvince[g.province] ??= emptyCounts())]) {
      counts.people += n;
      if (g.outcome === 'matched') counts.matched += n;
      else if (g.outcome === 'not-found') counts.notFound += n;
      else counts.mismatch += n;
      for (const f of g.fields ? g.fields.split(',') : []) if (f in counts.fields) counts.fields[f as ReconciledField] += n;
    }
  }
  return {
    runId, kind: 'population', province: run.province, status: run.status, startedAt: run.started_at, completedAt: run.completed_at, totals, byProvince,
  };
}

function emptyCounts(): OutcomeCounts {
  return { people: 0, matched: 0, mismatch: 0, notFound: 0, fields: { fullName: 0, birthDate: 0, citizenId: 0 } };
}

async function openRun(store: Store, opts: ReconcileOptions, now: string): Promise<{ run: ReconciliationRunTable; resumed: boolean }> {
  const province = opts.province ?? null;
  if (opts.runId !== undefined) {
    const run = await store.db.selectFrom('reconciliation_runs').selectAll().where('id', '=', opts.runId).where('kind', '=', 'population').executeTakeFirst();
    if (!run) throw new ReconcileUsageError(`no population reconciliation run ${opts.runId}`);
    if (run.status === 'completed') throw new ReconcileUsageError(`run ${run.id} is complete; start a new one with --new`);
    if (opts.province !== undefined && opts.province !== run.province) throw new ReconcileUsageError(`run ${run.id} covers ${run.province ? `province ${run.province}` : 'all provinces'}`);
    return { run, resumed: true };
  }
  if (!opts.fresh) {
    let q = store.db.selectFrom('reconciliation_runs').selectAll().where('kind', '=', 'population').where('status', '=', 'running');
    q = province === null ? q.where('province', 'is', null) : q.where('province', '=', province);
    const run = await q.orderBy('started_at', 'desc').limit(1).executeTakeFirst();
    if (run) return { run, resumed: true };
  }
  const run: ReconciliationRunTable = {
    id: `rec-${now.slice(0, 10).replaceAll('-', '')}-${randomUUID().slice(0, 8)}`,
    kind: 'population', province, status: 'running', cursor: 0, processed: 0, started_at: now, updated_at: now, completed_at: null,
  };
  await store.db.insertInto('reconciliation_runs').values(run).execute();
  return { run, resumed: false };
}

/** A request the caller got wrong (unknown or finished run, another scope): the CLI's usage error. */
export class ReconcileUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReconcileUsageError';
  }
}

async function countInScope(store: Store, province: string | null): Promise<number> {
  let q = store.db.selectFrom('people').select((eb) => eb.fn.countAll<number | string>().as('n'));
  if (province !== null) q = q.where('residence_province', '=', province);
  return Number((await q.executeTakeFirstOrThrow()).n);
}

function peopleAfter(store: Store, province: string | null, cursor: number, limit: number): Promise<PersonToCheck[]> {
  let q = store.db
    .selectFrom('people')
    .select(['id', 'citizen_id', 'full_name', 'birth_date', 'birth_date_precision', 'residence_province'])
    .where('id', '>', cursor);
  if (province !== null) q = q.where('residence_province', '=', province);
  return q.orderBy('id').limit(limit).execute();
}

function claimOf(p: PersonToCheck): VerifyBatchInput['people'][number] {
  return { citizenId: p.citizen_id, fullName: p.full_name, birthDate: p.birth_date_precision === 'year' ? p.birth_date.slice(0, 4) : p.birth_date };
}

function resultRow(runId: string, p: PersonToCheck, r: VerifyBatchResult['results'][number]): ReconciliationResultTable {
  const differing = r.fields ? RECONCILED_FIELDS.filter((f) => r.fields?.[f] === 'mismatch') : [];
  const outcome: Outcome = r.result === 'not-found' ? 'not-found' : r.result === 'match' ? 'matched' : 'mismatch';
  return { run_id: runId, person_id: p.id, outcome, fields: differing.join(','), province: p.residence_province };
}

/** Stores a batch's results and moves the cursor past it, in one transaction; returns the rows newly stored. */
async function commitBatch(store: Store, runId: string, rows: ReconciliationResultTable[], cursor: number, now: string): Promise<number> {
  return store.db.transaction().execute(async (trx) => {
    const inserted = await trx
      .insertInto('reconciliation_results')
      .values(rows)
      .onConflict((oc) => oc.columns(['run_id', 'person_id']).doNothing())
      .executeTakeFirst();
    const added = Number(inserted.numInsertedOrUpdatedRows ?? 0n);
    await trx
      .updateTable('reconciliation_runs')
      .set((eb) => ({ cursor, processed: eb('processed', '+', added), updated_at: now }))
      .where('id', '=', runId)
      .execute();
    return added;
  });
}

function callContext(runId: string, batchNo: number, clock: Clock, signal: AbortSignal | undefined): CallContext {
  const now = clock.now();
  return {
    requestId: `${runId}/${batchNo}`,
    signal: signal ?? new AbortController().signal,
    deadline: now + BATCH_DEADLINE_MS,
    partner: JOB_PARTNER,
    purpose: 'identity-verification',
    fields: new Set(),
    today: isoDate(now),
  };
}

/** Waits so that at most `rate` people per second go upstream, measured from the first call. */
function pacer(rate: number | undefined): (people: number, signal?: AbortSignal) => Promise<void> {
  if (rate === undefined) return async () => {};
  let sent = 0;
  let first = 0;
  return async (people, signal) => {
    const now = performance.now();
    if (sent === 0) first = now;
    const due = first + (sent / rate) * 1000;
    sent += people;
    if (due > now) await new Promise<void>((resolve, reject) => {
      const t = setTimeout(resolve, due - now);
      signal?.addEventListener('abort', () => {
        clearTimeout(t);
        reject(signal.reason as Error);
      }, { once: true });
    });
  };
}
