// `vss-gateway exports list|cancel`: the operator's view of list export jobs. Cancelling a job a running gateway is
// writing stops it at its next checkpoint; cancelling a ready job deletes its file.
import { Command } from 'commander';
import { ExportJobs, type ExportState } from '../../jobs/export-jobs.ts';
import { cancelExportJob } from '../../jobs/exports.ts';
import { exportsDir } from '../../jobs/list-jobs.ts';
import type { ExportJobTable } from '../../store/schema.ts';
import { CliError } from '../cli-error.ts';
import type { CliContext } from '../context.ts';
import { integerOption, listOption } from '../parse-options.ts';

const STATES: readonly ExportState[] = ['queued', 'running', 'ready', 'failed', 'cancelled', 'expired'];
const EXPORT_ID = /^exp_[A-Za-z0-9_-]{22}$/;

function exportId(value: string): string {
  if (!EXPORT_ID.test(value)) throw new CliError('ID must be an export id (exp_ and 22 characters, as `exports list` shows it)');
  return value;
}

function summary(job: ExportJobTable) {
  return {
    id: job.id, partner: job.partner_id, purpose: job.purpose, province: job.province, state: job.state, format: job.format, gzip: job.gzip === 1,
    rowsDone: Number(job.rows_done), rowsEstimated: job.rows_estimated === null ? null : Number(job.rows_estimated), bytes: Number(job.bytes),
    createdAt: job.created_at, finishedAt: job.finished_at, expiresAt: job.expires_at, failure: job.failure,
  };
}

export function exportsCommand(ctx: CliContext): Command {
  const exportsCmd = new Command('exports').description('List export jobs (POST /v1/exports): their state, progress and files');

  exportsCmd
    .command('list')
    .description('List export jobs, newest first')
    .option('--partner <id>', 'only the jobs of this partner')
    .option('--state <list>', `comma-separated states: ${STATES.join(', ')}`, listOption('--state', STATES))
    .option('--limit <n>', 'at most this many jobs, 1 to 10000', integerOption('--limit', 1, 10_000), 100)
    .option('--json', 'print JSON instead of a table')
    .action(async (o: { partner?: string; state?: ExportState[]; limit: number; json?: boolean }) => {
      const store = await ctx.openStore();
      try {
        const jobs = await new ExportJobs(store, () => new Date()).list({ partner: o.partner, states: o.state, limit: o.limit });
        if (o.json) {
          ctx.stdout.write(`${JSON.stringify(jobs.map(summary), null, 2)}\n`);
          return;
        }
        const rows = jobs.map((j) => {
          const s = summary(j);
          const progress = s.rowsEstimated === null ? String(s.rowsDone) : `${s.rowsDone}/${s.rowsEstimated}`;
          return [s.id, s.partner, s.state, `${s.format}${s.gzip ? '.gz' : ''}`, progress, s.createdAt, s.expiresAt ?? '-', s.failure ?? '-'];
        });
        ctx.stdout.write(table([['ID', 'PARTNER', 'STATE', 'FORMAT', 'ROWS', 'CREATED', 'EXPIRES', 'FAILURE'], ...rows]));
      } finally {
        await store.close();
      }
    });

  exportsCmd
    .command('cancel')
    .description('Cancel an export job: a queued or running job stops (a running gateway stops writing at its next checkpoint); a ready job\'s file is deleted')
    .argument('<id>', 'export job id', exportId)
    .action(async (id: string) => {
      const store = await ctx.openStore();
      try {
        const jobs = new ExportJobs(store, () => new Date());
        const job = await jobs.get(id);
        if (!job) throw new CliError(`no export job ${id}`, 65);
        if (await cancelExportJob(jobs, exportsDir(ctx.config), id)) ctx.stdout.write(`export ${id} cancelled (it was ${job.state})\n`);
        else ctx.stdout.write(`export ${id} had already ended (${job.state}): nothing to cancel\n`);
      } finally {
        await store.close();
      }
    });

  return exportsCmd;
}

function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows.map((r) => r.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd()).join('\n') + '\n';
}
