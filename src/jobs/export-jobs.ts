// Export jobs in the store: creation, progress checkpoints, state changes, and how a job looks to its partner.
import { randomBytes } from 'node:crypto';
import type { Store } from '../store/open.ts';
import type { ExportJobTable } from '../store/schema.ts';

export type ExportState = 'queued' | 'running' | 'ready' | 'failed' | 'cancelled' | 'expired';
export type ExportFormat = 'ndjson' | 'csv';

/** States a job never leaves. */
export const FINAL_STATES: readonly ExportState[] = ['ready', 'failed', 'cancelled', 'expired'];

export interface NewExport {
  readonly partnerId: string;
  readonly purpose: string;
  readonly province: string;
  readonly fieldSets: readonly string[];
  /** The list request the job runs (filters, field sets, reference date). */
  readonly request: Record<string, unknown>;
  readonly referenceDate: string;
  readonly format: ExportFormat;
  readonly gzip: boolean;
  readonly requestId: string;
}

/** 16 random bytes: job ids cannot be guessed. */
export function newExportId(): string {
  return `exp_${randomBytes(16).toString('base64url')}`;
}

export function fileExtension(job: Pick<ExportJobTable, 'format' | 'gzip'>): string {
  return `${job.format}${job.gzip ? '.gz' : ''}`;
}

export class ExportJobs {
  private readonly store: Store;
  private readonly now: () => Date;

  constructor(store: Store, now: () => Date) {
    this.store = store;
    this.now = now;
  }

  async create(job: NewExport): Promise<ExportJobTable> {
    const at = this.now().toISOString();
    const row: ExportJobTable = {
      id: newExportId(), partner_id: job.partnerId, purpose: job.purpose, province: job.province, field_sets: JSON.stringify(job.fieldSets),
      request: JSON.stringify(job.request), reference_date: job.referenceDate, format: job.format, gzip: job.gzip ? 1 : 0, state: 'queued',
      rows_done: 0, rows_estimated: null, resume_cursor: null, bytes: 0, file_sha256: null, audit_seq: null, request_id: job.requestId, failure: null,
      created_at: at, updated_at: at, finished_at: null, expires_at: null,
    };
    await this.store.db.insertInto('export_jobs').values(row).execute();
    return row;
  }

  async get(id: string): Promise<ExportJobTable | undefined> {
    return this.store.db.selectFrom('export_jobs').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async list(opts: { partner?: string; states?: readonly ExportState[]; limit: number }): Promise<ExportJobTable[]> {
    let q = this.store.db.selectFrom('export_jobs').selectAll();
    if (opts.partner) q = q.where('partner_id', '=', opts.partner);
    if (opts.states) q = q.where('state', 'in', [...opts.states]);
    return q.orderBy('created_at', 'desc').orderBy('id').limit(opts.limit).execute();
  }

  /** Queued jobs, oldest first. */
  async queued(limit: number): Promise<ExportJobTable[]> {
    return this.store.db.selectFrom('export_jobs').selectAll().where('state', '=', 'queued').orderBy('created_at').orderBy('id').limit(limit).execute();
  }

  /** Takes a queued job for this process; false when another took it or it was cancelled meanwhile. */
  async claim(id: string, auditSeq: number): Promise<boolean> {
    const r = await this.store.db
      .updateTable('export_jobs')
      .set({ state: 'running', audit_seq: auditSeq, updated_at: this.now().toISOString() })
      .where('id', '=', id)
      .where('state', '=', 'queued')
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  async setEstimate(id: string, rows: number): Promise<void> {
    await this.store.db.updateTable('export_jobs').set({ rows_estimated: rows, updated_at: this.now().toISOString() }).where('id', '=', id).execute();
  }

  /** A durable checkpoint: the first `bytes` bytes of the file hold `rowsDone` rows, the rest resumes from `cursor`.
   * False when the job is no longer running (cancelled meanwhile, e.g. from the CLI): the runner stops. */
  async checkpoint(id: string, rowsDone: number, bytes: number, cursor: string | null): Promise<boolean> {
    const r = await this.store.db
      .updateTable('export_jobs')
      .set({ rows_done: rowsDone, bytes, resume_cursor: cursor, updated_at: this.now().toISOString() })
      .where('id', '=', id)
      .where('state', '=', 'running')
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  async finish(id: string, sha256: string, retentionMs: number): Promise<boolean> {
    const now = this.now();
    const r = await this.store.db
      .updateTable('export_jobs')
      .set({
        state: 'ready', file_sha256: sha256, updated_at: now.toISOString(), finished_at: now.toISOString(),
        expires_at: new Date(now.getTime() + retentionMs).toISOString(),
      })
      .where('id', '=', id)
      .where('state', '=', 'running')
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /** Moves a job not yet final to `state` (failed or cancelled), with the reason shown to its partner. */
  async end(id: string, state: 'failed' | 'cancelled', failure: string | null): Promise<boolean> {
    const now = this.now().toISOString();
    const r = await this.store.db
      .updateTable('export_jobs')
      .set({ state, failure, updated_at: now, finished_at: now })
      .where('id', '=', id)
      .where('state', 'not in', [...FINAL_STATES])
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /** A ready job's file was deleted by the sweeper (or cancelled once ready). */
  async markFileGone(id: string, state: 'expired' | 'cancelled'): Promise<void> {
    await this.store.db.updateTable('export_jobs').set({ state, updated_at: this.now().toISOString() }).where('id', '=', id).execute();
  }

  /** Jobs left `running` by a process that stopped: back to the queue, from their last checkpoint. */
  async requeueInterrupted(): Promise<ExportJobTable[]> {
    const jobs = await this.store.db.selectFrom('export_jobs').selectAll().where('state', '=', 'running').execute();
    if (jobs.length > 0) {
      await this.store.db.updateTable('export_jobs').set({ state: 'queued', updated_at: this.now().toISOString() }).where('state', '=', 'running').execute();
    }
    return jobs;
  }

  /** Ready jobs whose retention has passed. */
  async expired(limit: number): Promise<ExportJobTable[]> {
    return this.store.db
      .selectFrom('export_jobs')
      .selectAll()
      .where('state', '=', 'ready')
      .where('expires_at', '<=', this.now().toISOString())
      .orderBy('expires_at')
      .limit(limit)
      .execute();
  }

  /** The audit record of the job's creation, once committed (outcome ok). */
  async creationRecord(job: ExportJobTable): Promise<number | undefined> {
    const row = await this.store.db
      .selectFrom('audit_log')
      .select('seq')
      .where('export_ref', '=', job.id)
      .where('request_id', '=', job.request_id)
      .where('outcome', '=', 'ok')
      .orderBy('seq')
      .limit(1)
      .executeTakeFirst();
    return row === undefined ? undefined : Number(row.seq);
  }
}
