// `vss-gateway sync vaccinations`: pulls the insured people's vaccination records from the health authority into
// the store, in batches, resumably (src/jobs/sync-vaccinations.ts).
import type { Writable } from 'node:stream';
import { Command } from 'commander';
import { startAdapter } from '../../adapters/registry.ts';
import { loadContracts } from '../../contracts/registry.ts';
import type { Operation } from '../../core/adapter.ts';
import { systemClock } from '../../core/clock.ts';
import { isGatewayError } from '../../core/errors.ts';
import { type SyncProgress, syncVaccinations } from '../../jobs/sync-vaccinations.ts';
import { createLogger } from '../../log/create.ts';
import { CliError } from '../cli-error.ts';
import type { CliContext } from '../context.ts';
import { integerOption, newProvinceOption } from '../parse-options.ts';
import { lineThrottle, type ProgressReporter, progressReporter } from '../progress.ts';
import type { VaccinationsAnswer, VaccinationsRequest } from '../../../adapters/health-authority/operations/vaccinations-batch.ts';

const USE = 'health-authority';

const fmt = (n: number) => n.toLocaleString('en');

export function syncCommand(ctx: CliContext): Command {
  const sync = new Command('sync').description('Pull data from upstream systems into the store');
  sync
    .command('vaccinations')
    .description(
      'Pull the vaccination records (vaccine, dose, date, place) of the insured people from the health authority into the ' +
        'store, in batches. Resumable: stopped at any point, the same command continues where it stopped, counting nobody twice.',
    )
    .option('--province <code>', 'only people residing in this post-2025 province', newProvinceOption)
    .option('--batch <n>', 'people per call to the health authority, 1 to 1000', integerOption('--batch', 1, 1000), 500)
    .addHelpText(
      'after',
      `\nUses the adapter instance with "use": "${USE}" in the configuration (its baseUrl, limits and resilience policy).\n` +
        'A run that finished starts afresh next time (records are replaced person by person). Exit codes: 69 health authority\n' +
        'unavailable or too slow, 76 it answered badly (nothing of that answer is stored); progress so far is kept either way.',
    )
    .action(async (o: { province?: string; batch: number }) => {
      const { config } = ctx;
      const instance = Object.entries(config.adapters).find(([, block]) => block.use === USE)?.[0];
      if (!instance) throw new CliError(`no adapter instance uses ${USE}: add one under /adapters in the configuration`, 78);
      const log = createLogger({ level: config.log.level === 'debug' ? 'debug' : 'warn', stream: ctx.stderr as Writable });
      const store = await ctx.openStore();
      let last: SyncProgress | undefined;
      let bar: ProgressReporter | undefined;
      try {
        const adapter = await startAdapter(config, USE, { log, store, contracts: loadContracts(), clock: systemClock }, AbortSignal.timeout(30_000));
        try {
          const lineDue = lineThrottle();
          const summary = await syncVaccinations({
            store,
            operation: adapter.operations.vaccinationsBatch as Operation<VaccinationsRequest, VaccinationsAnswer>,
            source: instance,
            province: o.province,
            batchSize: o.batch,
            clock: systemClock,
            onStart(run, resumed) {
              last = { done: run.people_done, total: run.total, recordsStored: run.records_stored, peoplePerSecond: 0 };
              const scope = o.province ? `province ${o.province}` : 'all provinces';
              ctx.stdout.write(
                resumed
                  ? `resuming sync ${run.id} (${scope}) at ${fmt(run.people_done)}/${fmt(run.total)} people\n`
                  : `sync ${run.id} (${scope}): ${fmt(run.total)} people in batches of ${o.batch}\n`,
              );
              if (ctx.interactive) bar = progressReporter(ctx, run.total, { unit: 'people', from: run.people_done });
            },
            onProgress(p) {
              last = p;
              bar?.update(p.done, p.total);
              if (!bar && lineDue(p.done, p.total)) {
                ctx.stdout.write(`  ${fmt(p.done)}/${fmt(p.total)} people (${fmt(p.peoplePerSecond)} people/s), ${fmt(p.recordsStored)} records\n`);
              }
            },
          });
          bar?.stop();
          ctx.stdout.write(
            `synced vaccinations of ${fmt(summary.peopleDone)} people (${summary.scope === 'all' ? 'all provinces' : `province ${summary.scope}`}): ` +
              `${fmt(summary.recordsStored)} records, ${fmt(summary.peopleWithRecords)} people with records, ` +
              `${fmt(summary.notFound)} not known to the health authority\n` +
              `this run: ${fmt(summary.peopleThisRun)} people in ${summary.seconds.toFixed(1)} s (${fmt(summary.peoplePerSecond)} people/s)\n`,
          );
        } finally {
          await adapter.close();
        }
      } catch (e) {
        bar?.stop();
        if (!isGatewayError(e)) throw e;
        const kept = last ? `; ${fmt(last.done)}/${fmt(last.total)} people are done and kept, run the command again to continue` : '';
        const why = e.cause instanceof Error && !e.message.includes(e.cause.message) ? ` (${e.cause.message})` : '';
        throw new CliError(`sync stopped: ${e.code}: ${e.message}${why}${kept}`, e.code === 'upstream.bad_response' ? 76 : 69);
      } finally {
        await store.close();
        log.close();
      }
    });
  return sync;
}
