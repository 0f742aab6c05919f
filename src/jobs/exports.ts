// Export jobs in the gateway process: a bounded pool of workers taking queued jobs, recovery of jobs a stopped
// process left running (resumed from their last checkpoint, or failed with a reason when their file is gone), and
// a sweeper deleting files past their retention. A job runs only once its creation is in the audit log; one whose
// creation never got recorded is failed, never run.
import { mkdirSync } from 'node:fs';
import { rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { GatewayError, isGatewayError } from '../core/errors.ts';
import type { Logger } from '../core/logger.ts';
import { getPartner } from '../store/partners.ts';
import type { Store } from '../store/open.ts';
import type { ExportJobTable } from '../store/schema.ts';
import { type ExportJobs, fileExtension } from './export-jobs.ts';
import { type ExportRunnerDeps, runExport } from './export-runner.ts';

/** A queued job whose creation is not in the audit log after this long was never accepted: it is failed. */
const AUDIT_GRACE_MS = 60_000;
const RETRY_SOON_MS = 100;
const POLL_MS = 5_000;
const SWEEP_BATCH = 100;

export interface ExportWorkersOptions {
  readonly store: Store;
  readonly jobs: ExportJobs;
  readonly runner: ExportRunnerDeps;
  readonly dir: string;
  readonly workers: number;
  readonly sweepIntervalMs: number;
  readonly log: Logger;
  readonly now: () => Date;
}

export class ExportWorkers {
  private readonly o: ExportWorkersOptions;
  private readonly running = new Map<string, { controller: AbortController; done: Promise<void> }>();
  private started = false;
  private pollTimer: NodeJS.Timeout | undefined;
  private sweepTimer: NodeJS.Timeout | undefined;
  private polling: Promise<void> | undefined;

  constructor(o: ExportWorkersOptions) {
    this.o = o;
  }

  filePath(job: Pick<ExportJobTable, 'id' | 'format' | 'gzip'>): string {
    return exportFilePath(this.o.dir, job);
  }

  /** Recovers interrupted jobs, then takes queued ones (workers > 0) and sweeps expired files. */
  async start(): Promise<void> {
    mkdirSync(this.o.dir, { recursive: true });
    this.started = true;
    if (this.o.workers > 0) await this.recover();
    await this.sweep();
    this.sweepTimer = setInterval(() => void this.sweep().catch((e: unknown) => this.o.log.error('export sweep failed', { error: e })), this.o.sweepIntervalMs);
    this.sweepTimer.unref();
    this.wake();
  }

  /** Stops taking jobs; running ones stop at their next batch and stay queued from their last checkpoint. */
  async stop(): Promise<void> {
    this.started = false;
    clearTimeout(this.pollTimer);
    clearInterval(this.sweepTimer);
    await this.polling;
    for (const r of this.running.values()) r.controller.abort();
    await Promise.all([...this.running.values()].map((r) => r.done));
  }

  /** Looks for queued jobs now. */
  wake(): void {
    if (!this.started || this.o.workers === 0) return;
    this.schedule(0);
  }

  /** Cancels a job: a queued or running one stops, a ready one loses its file. False when it had already ended. */
  async cancel(id: string): Promise<boolean> {
    const cancelled = await cancelExportJob(this.o.jobs, this.o.dir, id);
    const run = this.running.get(id);
    if (run) {
      run.controller.abort();
      await run.done;
    }
    return cancelled;
  }

  /** Deletes the files of ready jobs past their retention; resolves with how many. */
  async sweep(): Promise<number> {
    let removed = 0;
    for (const job of await this.o.jobs.expired(SWEEP_BATCH)) {
      await this.removeFile(job);
      await this.o.jobs.markFileGone(job.id, 'expired');
      this.o.log.info('export file expired and deleted', { exportId: job.id });
      removed++;
    }
    return removed;
  }

  private schedule(ms: number): void {
    clearTimeout(this.pollTimer);
    this.pollTimer = setTimeout(() => {
      this.polling ??= this.poll().finally(() => {
        this.polling = undefined;
      });
    }, ms);
    this.pollTimer.unref();
  }

  private async recover(): Promise<void> {
    for (const job of await this.o.jobs.requeueInterrupted()) {
      const size = await stat(this.filePath(job)).then((s) => s.size, () => -1);
      if (job.bytes > 0 && size < job.bytes) {
        await this.o.jobs.end(job.id, 'failed', 'the gateway restarted and the partial file was lost; create the export again');
        this.o.log.warn('interrupted export failed: partial file lost', { exportId: job.id });
      } else {
        this.o.log.info('interrupted export resumes from its last checkpoint', { exportId: job.id, rowsDone: job.rows_done });
      }
    }
  }

  private async poll(): Promise<void> {
    let soon = false;
    try {
      const free = this.o.workers - this.running.size;
      if (!this.started || free <= 0) return;
      for (const job of await this.o.jobs.queued(free + this.running.size + 10)) {
        if (this.running.size >= this.o.workers || !this.started) break;
        if (this.running.has(job.id)) continue;
        const seq = await this.o.jobs.creationRecord(job);
        if (seq === undefined) {
          if (this.o.now().getTime() - Date.parse(job.created_at) > AUDIT_GRACE_MS) {
            await this.o.jobs.end(job.id, 'failed', 'the export request was not recorded in the audit log, so it was not run');
          } else soon = true;
          continue;
        }
        const refusal = await this.grantRefusal(job);
        if (refusal) {
          await this.o.jobs.end(job.id, 'failed', refusal);
          continue;
        }
        if (await this.o.jobs.claim(job.id, seq)) this.launch({ ...job, state: 'running', audit_seq: seq }, seq);
      }
    } catch (e) {
      this.o.log.error('export poll failed', { error: e });
    } finally {
      if (this.started) this.schedule(soon ? RETRY_SOON_MS : POLL_MS);
    }
  }

  /** Why the partner's grant, as it is now, no longer allows the job (undefined: it does). */
  private async grantRefusal(job: ExportJobTable): Promise<string | undefined> {
    const partner = await getPartner(this.o.store, job.partner_id);
    if (!partner || partner.status !== 'active') return 'the partner is no longer active';
    const grant = partner.grant;
    if (!grant.scopes.includes('lists.read') || !grant.purposes.includes(job.purpose as never)) return 'the partner\'s grant no longer covers this export';
    const lost = (JSON.parse(job.field_sets) as string[]).filter((s) => !grant.fieldSets.includes(s as never));
    return lost.length > 0 ? `field sets no longer granted: ${lost.join(', ')}` : undefined;
  }

  private launch(job: ExportJobTable, seq: number): void {
    const controller = new AbortController();
    const done = (async () => {
      try {
        const outcome = await runExport(job, seq, this.filePath(job), this.o.runner, controller.signal);
        if (outcome === 'ready') this.o.log.info('export ready', { exportId: job.id });
      } catch (e) {
        const reason = isGatewayError(e) ? e.message : 'the export failed while writing its file';
        if (!isGatewayError(e)) this.o.log.error('export failed', { exportId: job.id, error: e });
        if (await this.o.jobs.end(job.id, 'failed', reason.slice(0, 300))) await this.removeFile(job);
      } finally {
        this.running.delete(job.id);
        const now = await this.o.jobs.get(job.id).catch(() => undefined);
        if (now && (now.state === 'cancelled' || now.state === 'failed')) await this.removeFile(job);
        this.wake();
      }
    })();
    this.running.set(job.id, { controller, done });
  }

  private async removeFile(job: Pick<ExportJobTable, 'id' | 'format' | 'gzip'>): Promise<void> {
    await rm(this.filePath(job), { force: true });
  }
}

export function exportFilePath(dir: string, job: Pick<ExportJobTable, 'id' | 'format' | 'gzip'>): string {
  return join(dir, `${job.id}.${fileExtension(job)}`);
}

/**
 * Cancels a job in the store (also from the CLI, while a gateway runs it: its worker stops at its next checkpoint):
 * a queued or running job ends cancelled, a ready one loses its file. False when it had already ended.
 */
export async function cancelExportJob(jobs: ExportJobs, dir: string, id: string): Promise<boolean> {
  const job = await jobs.get(id);
  if (!job) return false;
  if (job.state === 'ready') {
    await jobs.markFileGone(id, 'cancelled');
  } else if (!(await jobs.end(id, 'cancelled', null))) {
    return false;
  }
  await rm(exportFilePath(dir, job), { force: true });
  return true;
}

export function notFound(): GatewayError {
  return new GatewayError('export.not_found', 'no export with this id for this partner');
}
