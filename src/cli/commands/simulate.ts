// `vss-gateway simulate <name>`: starts an upstream simulator (a real HTTP stand-in answering from the seeded dataset,
// with fault injection) until SIGINT/SIGTERM. Dataset seed, as-of date and count default to what the configured
// store was seeded with, else to the configuration's dataset block and today's date.
import { Command, Argument } from 'commander';
import { SIMULATORS, type SimulatorName, type SimulatorOptions } from '../../adapters/simulators.ts';
import { FIRST_AS_OF, LAST_AS_OF, MAX_SEED } from '../../dataset/generator.ts';
import { datasetInfo, type DatasetInfo } from '../../store/seed-writer.ts';
import { CliError } from '../cli-error.ts';
import type { CliContext } from '../context.ts';
import { integerOption, isoDateOption, newProvinceOption } from '../parse-options.ts';

const MAX_COUNT = 100_000_000;

interface SimulateOptions {
  port: number;
  host: string;
  latency: number;
  errorRate: number;
  seed?: number;
  count?: number;
  asOf?: string;
  province?: string;
  resetRate: number;
  slowBody: number;
  malformedRate: number;
  oversizedRate: number;
}

function rateOption(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^(0(\.\d+)?|1(\.0+)?)$/.test(value) || !(n >= 0 && n <= 1)) throw new CliError(`${name} must be a number from 0 to 1`);
    return n;
  };
}

function asOfOption(value: string): string {
  const date = isoDateOption('--as-of')(value);
  if (date < FIRST_AS_OF || date > LAST_AS_OF) throw new CliError(`--as-of must be from ${FIRST_AS_OF} to ${LAST_AS_OF}`);
  return date;
}

export function simulateCommand(ctx: CliContext): Command {
  return new Command('simulate')
    .description('Run an upstream simulator on 127.0.0.1: a real HTTP stand-in answering from the seeded dataset, with fault injection')
    .addArgument(new Argument('<upstream>', 'which upstream to simulate').choices(Object.keys(SIMULATORS)))
    .option('--port <n>', 'port to listen on, 0 for any free port', integerOption('--port', 0, 65535), 0)
    .option('--host <address>', 'interface to listen on', '127.0.0.1')
    .option('--latency <ms>', 'delay before every answer', integerOption('--latency', 0, 600_000), 0)
    .option('--error-rate <r>', 'share of requests answered 503, 0 to 1', rateOption('--error-rate'), 0)
    .option('--seed <s>', 'dataset seed (default: what the store was seeded with, else dataset.seed)', integerOption('--seed', 0, MAX_SEED))
    .option('--count <n>', 'people the simulator knows (default: the seeded count, else dataset.demoCount)', integerOption('--count', 1, MAX_COUNT))
    .option('--as-of <date>', 'dataset as-of date YYYY-MM-DD (default: the seeded one, else today)', asOfOption)
    .option('--province <code>', 'the province option the dataset was seeded with (default: the seeded one)', newProvinceOption)
    .option('--reset-rate <r>', 'share of connections reset without an answer', rateOption('--reset-rate'), 0)
    .option('--slow-body <ms>', 'send every body in two halves this many ms apart', integerOption('--slow-body', 0, 600_000), 0)
    .option('--malformed-rate <r>', 'share of requests answered 200 with a body that is not JSON', rateOption('--malformed-rate'), 0)
    .option('--oversized-rate <r>', 'share of requests answered 200 with a 16 MiB body', rateOption('--oversized-rate'), 0)
    .addHelpText('after', '\nWhile running: GET /_sim/stats (requests seen), PUT /_sim/faults (change faults), POST /_sim/stats/reset.')
    .action(async (name: SimulatorName, o: SimulateOptions) => {
      const seeded = o.seed === undefined || o.count === undefined || o.asOf === undefined ? await seededDataset(ctx) : undefined;
      const opts: SimulatorOptions = {
        host: o.host,
        port: o.port,
        latencyMs: o.latency,
        errorRate: o.errorRate,
        seed: o.seed ?? seeded?.seed ?? ctx.config.dataset.seed,
        count: o.count ?? seeded?.count ?? ctx.config.dataset.demoCount,
        asOf: o.asOf ?? seeded?.asOf ?? new Date().toISOString().slice(0, 10),
        province: o.province ?? seeded?.province,
        faults: { resetRate: o.resetRate, slowBodyMs: o.slowBody, malformedRate: o.malformedRate, oversizedRate: o.oversizedRate },
      };
      ctx.stderr.write(`${name} simulator: indexing ${opts.count.toLocaleString('en')} people...\n`);
      const sim = await SIMULATORS[name](opts);
      ctx.stdout.write(
        `${name} simulator listening on ${sim.url} (${opts.count.toLocaleString('en')} people, seed ${opts.seed}, as of ${opts.asOf}` +
          `${opts.province ? `, province ${opts.province}` : ''})\n`,
      );
      const stop = (signal: string) => {
        ctx.stderr.write(`${signal}: stopping the ${name} simulator\n`);
        void sim.close().then(() => process.exit(0));
      };
      process.once('SIGINT', () => stop('SIGINT'));
      process.once('SIGTERM', () => stop('SIGTERM'));
    });
}

/** What the configured store was seeded with, if it can be opened and was seeded. */
async function seededDataset(ctx: CliContext): Promise<DatasetInfo | undefined> {
  const store = await ctx.openStore();
  try {
    return await datasetInfo(store);
  } finally {
    await store.close();
  }
}
