// How fast `seed` fills a fresh SQLite store. Run: node --import tsx bench/seed-rate.ts [count] (default 1,000,000).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { migrate, openStore } from '../src/store/open.ts';
import { seedDataset } from '../src/store/seed-writer.ts';

const BENCH_SEED = 1;
const BENCH_AS_OF = '2026-11-01';

export interface SeedRate {
  readonly people: number;
  readonly seconds: number;
  readonly peoplePerSecond: number;
}

/** Seeds `count` people into a new SQLite store in `workDir` and times it (the store file stays in workDir). */
export async function measureSeedRate(opts: { count: number; workDir: string }): Promise<SeedRate> {
  const store = openStore({ dataDir: opts.workDir });
  try {
    await migrate(store);
    const { people, seconds } = await seedDataset(store, { count: opts.count, seed: BENCH_SEED, asOf: BENCH_AS_OF });
    return { people, seconds, peoplePerSecond: people / seconds };
  } finally {
    await store.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const count = process.argv[2] ? Number(process.argv[2]) : 1_000_000;
  if (!Number.isInteger(count) || count < 1) throw new Error('usage: node --import tsx bench/seed-rate.ts [count]');
  const workDir = mkdtempSync(join(tmpdir(), 'vss-seed-rate-'));
  try {
    const r = await measureSeedRate({ count, workDir });
    process.stdout.write(`seeded ${r.people.toLocaleString('en')} people into SQLite in ${r.seconds.toFixed(1)} s (${Math.round(r.peoplePerSecond).toLocaleString('en')} people/s)\n`);
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}
