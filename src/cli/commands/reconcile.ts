// `vss-gateway reconcile population`: checks the insured people against the population database in batches,
// resumably (src/jobs/reconcile-population.ts), and writes a summary report: a JSON file under the data directory
// and a table of mismatch counts by field and province on stdout.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import { Command, Option } from 'commander';
import { startAdapter } from '../../adapters/registry.ts';
import { loadContracts } from '../../contracts/registry.ts';
import type { Operation } from '../../core/adapter.ts';
import { systemClock } from '../../core/clock.ts';
import { isGatewayError } from '../../core/errors.ts';
import { provinceName } from '../../domain/provinces.ts';
import {
  type OutcomeCounts, type ReconcileProgress, type ReconcileReport, ReconcileUsageError, reconcilePopulation, type RunInfo,
} from '../../jobs/reconcile-population.ts';
import { createLogger } from '../../log/create.ts';
import { CliError } from '../cli-error.ts';
import type { CliContext } from '../context.ts';
import { integerOption, newProvinceOption } from '../parse-options.ts';
import { lineThrottle, type ProgressReporter, progressReporter } from '../progress.ts';
import type { VerifyBatchInput, VerifyBatchResult } from '../../../adapters/population-db/operations/verify-batch.ts';

const USE = 'population-db';

interface ReconcileOptions {
  province?: string;
  batch: number;
  rate?: number;
  run?: string;
  new?: boolean;
}

function runIdOption(value: string): string {
  if (!/^rec-\d{8}-[0-9a-f]{8}$/.test(value)) throw new CliError('--run must be a run id such as rec-20261101-1a2b3c4d');
  return value;
}

const fmt = (n: number) => n.toLocaleString('en');

export function reconcileCommand(ctx: CliContext): Command {
  const reconcile = new Command('reconcile').description('Compare the insurance database with upstream reference systems');
  reconcile
    .command('population')
    .description(
      'Check every insured person (or those residing in one province) against the population database: matched, which fields ' +
        'differ (full name, birth date, CCCD), or not found. Resumable: stopped at any point, the same command continues where ' +
        'it stopped, counting nobody twice.',
    )
    .option('--province <code>', 'only people residing in this post-2025 province', newProvinceOption)
    .option('--batch <n>', 'people per call to the population database, 1 to 1000', integerOption('--batch', 1, 1000), 500)
    .option('--rate <n>', 'at most this many people per second sent upstream (default: no limit)', integerOption('--rate', 1, 10_000_000))
    .addOption(new Option('--run <id>', 'resume this run (default: the latest unfinished run of the same scope)').argParser(runIdOption).conflicts('new'))
    .option('--new', 'start a new run even if one is unfinished')
    .addHelpText(
      'after',
      `\nUses the adapter instance with "use": "${USE}" in the configuration (its baseUrl, limits and resilience policy).\n` +
        'The report goes to <data dir>/reports/reconcile-population-<run>.json and, as a table, to stdout. Exit codes: 69\n' +
        'population database unavailable or too slow, 76 it answered badly (nothing of that answer is stored); progress so far\n' +
        'is kept either way.',
    )
    .action(async (o: ReconcileOptions) => {
      const { config } = ctx;
      if (!Object.values(config.adapters).some((block) => block.use === USE)) {
        throw new CliError(`no adapter instance uses ${USE}: add one under /adapters in the configuration`, 78);
      }
      const log = createLogger({ level: config.log.level === 'debug' ? 'debug' : 'warn', stream: ctx.stderr as Writable });
      const store = await ctx.openStore();
      let bar: ProgressReporter | undefined;
      let last: ReconcileProgress | undefined;
      let runId: string | undefined;
      try {
        const contracts = loadContracts();
        const adapter = await startAdapter(config, USE, { log, store, contracts, clock: systemClock }, AbortSignal.timeout(30_000));
        try {
          const lineDue = lineThrottle();
          const result = await reconcilePopulation({
            store,
            operation: adapter.operations.verifyBatch as Operation<VerifyBatchInput, VerifyBatchResult>,
            contracts,
            province: o.province,
            batchSize: o.batch,
            ratePerSecond: o.rate,
            runId: o.run,
            fresh: o.new === true,
            clock: systemClock,
            onStart(run: RunInfo) {
              runId = run.id;
              last = { done: run.processed, total: run.total, peoplePerSecond: 0 };
              const scope = run.province ? `province ${run.province}` : 'all provinces';
              ctx.stdout.write(
                run.resumed
                  ? `resuming reconciliation ${run.id} (${scope}) at ${fmt(run.processed)}/${fmt(run.total)} people\n`
                  : `reconciliation ${run.id} (${scope}): ${fmt(run.total)} people in batches of ${o.batch}${o.rate ? `, at most ${fmt(o.rate)} people/s` : ''}\n`,
              );
              if (ctx.interactive) bar = progressReporter(ctx, run.total, { unit: 'people', from: run.processed });
            },
            onProgress(p) {
              last = p;
              bar?.update(p.done, p.total);
              if (!bar && lineDue(p.done, p.total)) {
                ctx.stderr.write(`  ${fmt(p.done)}/${fmt(p.total)} people (${fmt(p.peoplePerSecond)} people/s)\n`);
              }
            },
          });
          bar?.stop();
          bar = undefined;
          const file = writeReport(config.runtime.dataDir, result.report);
          ctx.stdout.write(
            `\nchecked ${fmt(result.peopleThisRun)} people in ${result.seconds.toFixed(1)} s (${fmt(result.peoplePerSecond)} people/s)` +
              `${result.resumed ? ', resuming an earlier run' : ''}\n\n${reportTable(result.report)}\nreport: ${file}\n`,
          );
        } finally {
          await adapter.close();
        }
      } catch (e) {
        bar?.stop();
        if (e instanceof ReconcileUsageError) throw new CliError(e.message, 64);
        if (isGatewayError(e) && e.code.startsWith('upstream.')) {
          const where = last ? ` at ${fmt(last.done)}/${fmt(last.total)} people` : '';
          const again = runId ? `; run the same command again (or with --run ${runId}) to continue` : '';
          throw new CliError(`reconciliation stopped${where}: ${e.code}: ${e.message}${again}`, e.code === 'upstream.bad_response' ? 76 : 69);
        }
        throw e;
      } finally {
        log.close();
        await store.close();
      }
    });
  return reconcile;
}

function writeReport(dataDir: string, report: ReconcileReport): string {
  const dir = join(dataDir, 'reports');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `reconcile-population-${report.runId}.json`);
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  return file;
}

/** Mismatch counts by field and province, one line per province and a total. */
export function reportTable(report: ReconcileReport): string {
  const header = ['province', 'people', 'matched', 'mismatch', 'not found', 'full name', 'birth date', 'CCCD'];
  const line = (label: string, c: OutcomeCounts) => [
    label, fmt(c.people), fmt(c.matched), fmt(c.mismatch), fmt(c.notFound), fmt(c.fields.fullName), fmt(c.fields.birthDate), fmt(c.fields.citizenId),
  ];
  const rows = [
    header,
    ...Object.entries(report.byProvince)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([code, c]) => line(`${code} ${provinceName(code) ?? ''}`.trim(), c)),
    line('total', report.totals),
  ];
  const widths = header.map((_, k) => Math.max(...rows.map((r) => [...(r[k] as string)].length)));
  const render = (r: string[]) => r.map((cell, k) => (k === 0 ? cell.padEnd(widths[k] as number) : cell.padStart(widths[k] as number))).join('  ').trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [render(rows[0] as string[]), rule, ...rows.slice(1, -1).map(render), rule, render(rows[rows.length - 1] as string[])].join('\n') + '\n';
}
