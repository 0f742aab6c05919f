// `vss-gateway seed`: fills an empty store with the deterministic synthetic national dataset.
import { Command } from 'commander';
import { FIRST_AS_OF, GENERATOR_VERSION, LAST_AS_OF, MAX_SEED } from '../../dataset/generator.ts';
import { seedDataset, StoreNotEmptyError } from '../../store/seed-writer.ts';
import { CliError } from '../cli-error.ts';
import type { CliContext } from '../context.ts';
import { integerOption, isoDateOption, newProvinceOption } from '../parse-options.ts';
import { progressReporter } from '../progress.ts';

const MAX_COUNT = 100_000_000;

function asOfOption(value: string): string {
  const date = isoDateOption('--as-of')(value);
  if (date < FIRST_AS_OF || date > LAST_AS_OF) throw new CliError(`--as-of must be from ${FIRST_AS_OF} to ${LAST_AS_OF}`);
  return date;
}

interface SeedOptions {
  count: number;
  seed?: number;
  province?: string;
  asOf?: string;
}

export function seedCommand(ctx: CliContext): Command {
  return new Command('seed')
    .description(
      'Fill an empty store with synthetic people, cards, coverage, employers and employments. The same seed, as-of date ' +
        `and generator version (now ${GENERATOR_VERSION}) always give the same dataset; every record is tagged synthetic.`,
    )
    .requiredOption('--count <n>', `number of people, 1 to ${MAX_COUNT.toLocaleString('en')}`, integerOption('--count', 1, MAX_COUNT))
    .option('--seed <s>', `dataset seed, 0 to ${MAX_SEED} (default: dataset.seed of the configuration)`, integerOption('--seed', 0, MAX_SEED))
    .option('--province <code>', 'post-2025 province code: everyone resides there, about 90% born there', newProvinceOption)
    .option('--as-of <date>', '"today" for ages and card validity, YYYY-MM-DD (default: the current UTC date)', asOfOption)
    .addHelpText('after', '\nThe seed, as-of date, count, province and generator version are recorded in the store (meta dataset.*).')
    .action(async (o: SeedOptions) => {
      const { province } = o;
      const seed = o.seed ?? ctx.config.dataset.seed;
      const asOf = o.asOf ?? new Date().toISOString().slice(0, 10);
      const store = await ctx.openStore();
      try {
        const progress = ctx.interactive ? progressReporter(ctx, o.count) : undefined;
        const result = await seedDataset(store, { count: o.count, seed, asOf, province, onProgress: progress?.update })
          .catch((e: unknown) => {
            if (e instanceof StoreNotEmptyError) throw new CliError(`store ${store.description}: ${e.message}`, 73);
            throw e;
          })
          .finally(() => progress?.stop());
        const rate = Math.round(result.people / result.seconds);
        ctx.stdout.write(
          `seeded ${result.people.toLocaleString('en')} people in ${result.seconds.toFixed(1)} s (${rate.toLocaleString('en')} people/s)` +
            ` into ${store.description}: seed ${seed}, as of ${asOf}${province ? `, province ${province}` : ''}, generator v${GENERATOR_VERSION}\n`,
        );
      } finally {
        await store.close();
      }
    });
}
