// How fast `reconcile population` checks people against the population database simulator: seeds a temp SQLite
// store, starts the simulator in its own process (as the real upstream would be), runs the job through the
// population-db adapter under its default resilience policy, batches of 500, no rate limit.
// Run: node --import tsx bench/reconcile.ts [count] (default 200,000).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { VerifyBatchInput, VerifyBatchResult } from '../adapters/population-db/operations/verify-batch.ts';
import { adapterSchemas, startAdapter } from '../src/adapters/registry.ts';
import { loadConfig } from '../src/config/load.ts';
import { loadContracts } from '../src/contracts/registry.ts';
import type { Operation } from '../src/core/adapter.ts';
import { systemClock } from '../src/core/clock.ts';
import { reconcilePopulation } from '../src/jobs/reconcile-population.ts';
import { silentLogger } from '../src/log/create.ts';
import { migrate, openStore } from '../src/store/open.ts';
import { seedDataset } from '../src/store/seed-writer.ts';

const BENCH_SEED = 1;
const BENCH_AS_OF = '2026-11-01';
const BATCH = 500;
const BIN = fileURLToPath(new URL('../bin/vss-gateway.js', import.meta.url));

export interface ReconcileRate {
  readonly people: number;
  readonly seconds: number;
  readonly peoplePerSecond: number;
}

/** Seeds `count` people (default 200,000) into a temp SQLite store and times one full reconciliation run. */
export async function measureReconcileRate(opts: { count?: number } = {}): Promise<ReconcileRate> {
  const count = opts.count ?? 200_000;
  const workDir = mkdtempSync(join(tmpdir(), 'vss-reconcile-rate-'));
  const store = openStore({ dataDir: workDir });
  const simulator = spawn(
    process.execPath,
    [BIN, 'simulate', 'population-db', '--port', '0', '--seed', String(BENCH_SEED), '--count', String(count), '--as-of', BENCH_AS_OF],
    { env: { ...process.env, VSS_DATA_DIR: workDir }, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  try {
    await migrate(store);
    await seedDataset(store, { count, seed: BENCH_SEED, asOf: BENCH_AS_OF });
    const url = await listeningUrl(simulator);
    const config = loadConfig({
      env: { VSS_DATA_DIR: workDir },
      adapterSchemas: adapterSchemas(),
      overrides: { adapters: { population: { use: 'population-db', baseUrl: url } } },
    });
    const contracts = loadContracts();
    const adapter = await startAdapter(config, 'population-db', { log: silentLogger, store, contracts, clock: systemClock }, AbortSignal.timeout(10_000));
    try {
      const result = await reconcilePopulation({
        store,
        operation: adapter.operations.verifyBatch as Operation<VerifyBatchInput, VerifyBatchResult>,
        contracts,
        batchSize: BATCH,
        clock: systemClock,
        fresh: true,
      });
      if (result.report.totals.people !== count) throw new Error(`reconciled ${result.report.totals.people} of ${count} people`);
      return { people: result.peopleThisRun, seconds: result.seconds, peoplePerSecond: result.peopleThisRun / result.seconds };
    } finally {
      await adapter.close();
    }
  } finally {
    simulator.kill('SIGTERM');
    await store.close();
    rmSync(workDir, { recursive: true, force: true });
  }
}

function listeningUrl(child: ReturnType<typeof spawn>): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\S+)/.exec(out);
      if (m) resolve(m[1] as string);
    });
    child.once('exit', (code) => reject(new Error(`the population-db simulator exited ${code} before listening`)));
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const count = process.argv[2] ? Number(process.argv[2]) : 200_000;
  if (!Number.isInteger(count) || count < 1) throw new Error('usage: node --import tsx bench/reconcile.ts [count]');
  const r = await measureReconcileRate({ count });
  process.stdout.write(
    `reconciled ${r.people.toLocaleString('en')} people against the population-db simulator in ${r.seconds.toFixed(1)} s ` +
      `(${Math.round(r.peoplePerSecond).toLocaleString('en')} people/s)\n`,
  );
}
