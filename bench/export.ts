// Bulk-list export speed and memory, measured in one run against a baseline of the same run:
//   1. seed one province into a fresh SQLite store with the real command: `seed --count N --province 79`;
//   2. baseline: a bare loop in this process that reads the same rows from the store (the list's query with the
//      same joins, in person-id order, through better-sqlite3 as arrays as the gateway reads them) and writes one
//      JSON.stringify line per row to a file;
//   3. the real gateway (bench/servers/gateway.ts: createGateway with the real configuration, in a child process)
//      streaming the whole province to a health department by HTTP (POST /v1/lists/query, every field set), as
//      NDJSON and as CSV, read as fast as this process can;
//   4. the same NDJSON stream to a client that reads slowly (a fixed byte rate), while the gateway's resident memory
//      is sampled from /proc: the peak growth over its resident memory before the request.
// Returns { rowsPerSecond (NDJSON), ndjsonVsBaseline, csvVsNdjson, rssGrowthMb } and the raw figures.
// Run alone: node --import tsx bench/export.ts (BENCH_EXPORT_COUNT people, default 1,000,000); it then records the
// figures under `export` in bench/results/latest.json.
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { LIST_FIELD_SETS } from '../src/routes/lists.ts';
import { migrate, openStore } from '../src/store/open.ts';
import { addPartner } from '../src/store/partners.ts';
import { type ServerChild, startServer, stopAll } from './children.ts';
import { benchKey, mintTokens } from './tokens.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const PROVINCE = '79';
const SEED = 1;
const AS_OF = '2026-11-01';
const AUDIENCE = 'https://gateway.bench.invalid';
const PARTNER = 'bench-so-y-te-79';
/** The slow client's reading rate. */
const SLOW_BYTES_PER_SECOND = 24 * 1024 * 1024;
const RSS_SAMPLE_MS = 50;

export interface ExportFigures {
  /** NDJSON rows per second through the gateway (HTTP stream). */
  readonly rowsPerSecond: number;
  readonly ndjsonVsBaseline: number;
  readonly csvVsNdjson: number;
  /** Peak resident-memory growth of the gateway process while streaming every row to a slow client. */
  readonly rssGrowthMb: number;
  readonly rows: number;
  readonly delivery: 'http-stream';
  readonly baselineRowsPerSecond: number;
  readonly csvRowsPerSecond: number;
  readonly seedSeconds: number;
  readonly slowClientSeconds: number;
  readonly ndjsonBytes: number;
}

export async function measureExport(opts: { count?: number } = {}): Promise<ExportFigures> {
  const count = opts.count ?? countFromEnv();
  const workDir = mkdtempSync(join(tmpdir(), 'vss-export-bench-'));
  let gateway: ServerChild | undefined;
  try {
    log(`seeding ${count.toLocaleString('en')} people of province ${PROVINCE} ...`);
    const seedSeconds = await seedProvince(workDir, count);
    const key = await benchKey();
    const rows = await prepareStore(workDir, key.publicJwk as Record<string, unknown>);
    log(`seeded in ${seedSeconds.toFixed(1)} s; ${rows.toLocaleString('en')} living people in province ${PROVINCE}`);

    const baseline = await timeBaseline(workDir);
    if (baseline.rows !== rows) throw new Error(`baseline read ${baseline.rows} rows, expected ${rows}`);
    log(`baseline (bare loop, JSON lines to a file): ${fmt(baseline.rowsPerSecond)} rows/s`);

    gateway = await startServer({ name: 'gateway', script: 'bench/servers/gateway.ts', env: { BENCH_DATA_DIR: workDir, BENCH_AUDIENCE: AUDIENCE } });
    const minted = await mintTokens({
      partnerId: PARTNER, privateJwk: key.privateJwk, audience: AUDIENCE, count: 4, ttlSeconds: 300, scope: 'lists.read', purpose: 'vaccination',
    });
    const [warm, ndjsonToken, csvToken, slowToken] = minted.tokens as [string, string, string, string];
    await stream(gateway, warm, 'application/x-ndjson', { limit: 20_000 });

    const ndjson = await stream(gateway, ndjsonToken, 'application/x-ndjson', {});
    if (ndjson.lines !== rows) throw new Error(`NDJSON stream gave ${ndjson.lines} rows, expected ${rows}`);
    log(`gateway NDJSON stream: ${fmt(ndjson.rowsPerSecond)} rows/s (${(ndjson.bytes / 1e6).toFixed(0)} MB)`);
    const csv = await stream(gateway, csvToken, 'text/csv', {});
    if (csv.lines !== rows + 1) throw new Error(`CSV stream gave ${csv.lines - 1} rows, expected ${rows}`);
    log(`gateway CSV stream: ${fmt(csv.rowsPerSecond)} rows/s`);

    const rssBefore = residentBytes(gateway.pid);
    let peak = rssBefore;
    const sampler = setInterval(() => {
      peak = Math.max(peak, residentBytes(gateway?.pid ?? 0));
    }, RSS_SAMPLE_MS);
    let slow: StreamResult;
    try {
      slow = await stream(gateway, slowToken, 'application/x-ndjson', {}, SLOW_BYTES_PER_SECOND);
    } finally {
      clearInterval(sampler);
    }
    if (slow.lines !== rows) throw new Error(`slow stream gave ${slow.lines} rows, expected ${rows}`);
    const rssGrowthMb = (peak - rssBefore) / (1024 * 1024);
    log(`slow client (${SLOW_BYTES_PER_SECOND / 1024 / 1024} MiB/s, ${slow.seconds.toFixed(1)} s): gateway RSS ${mb(rssBefore)} -> peak ${mb(peak)} MiB (+${rssGrowthMb.toFixed(1)})`);

    return {
      rowsPerSecond: ndjson.rowsPerSecond,
      ndjsonVsBaseline: ndjson.rowsPerSecond / baseline.rowsPerSecond,
      csvVsNdjson: csv.rowsPerSecond / ndjson.rowsPerSecond,
      rssGrowthMb,
      rows,
      delivery: 'http-stream',
      baselineRowsPerSecond: baseline.rowsPerSecond,
      csvRowsPerSecond: csv.rowsPerSecond,
      seedSeconds,
      slowClientSeconds: slow.seconds,
      ndjsonBytes: ndjson.bytes,
    };
  } finally {
    await gateway?.stop();
    await stopAll();
    rmSync(workDir, { recursive: true, force: true });
  }
}

function countFromEnv(): number {
  const v = process.env.BENCH_EXPORT_COUNT;
  if (v === undefined || v === '') return 1_000_000;
  if (!/^\d+$/.test(v) || Number(v) < 1000) throw new Error('BENCH_EXPORT_COUNT must be an integer of at least 1000');
  return Number(v);
}

/** `vss-gateway seed --count N --province 79` into a fresh data dir (the real command, in a child process). */
async function seedProvince(dataDir: string, count: number): Promise<number> {
  const started = performance.now();
  const child = spawn(process.execPath, ['bin/vss-gateway.js', 'seed', '--count', String(count), '--province', PROVINCE, '--seed', String(SEED), '--as-of', AS_OF], {
    cwd: ROOT, env: { ...process.env, VSS_DATA_DIR: dataDir }, stdio: ['ignore', 'ignore', 'inherit'],
  });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`seed exited with ${code}`);
  return (performance.now() - started) / 1000;
}

/** Registers the department (lists.read, every list field set, limits high enough); counts the province's living people. */
async function prepareStore(dataDir: string, publicJwk: Record<string, unknown>): Promise<number> {
  const store = openStore({ dataDir });
  try {
    await migrate(store);
    await addPartner(
      store,
      {
        id: PARTNER, name: 'Sở Y tế TP Hồ Chí Minh (bench)', kind: 'health-department', province: PROVINCE, scopes: ['lists.read'],
        purposes: ['epidemic-control', 'vaccination'], fieldSets: [...LIST_FIELD_SETS], agreementRef: 'BENCH-LISTS',
        limits: { perSecond: 1000, burst: 1000, dailyQuota: 1_000_000 },
      },
      [{ kid: publicJwk.kid as string, jwk: publicJwk, addedAt: new Date().toISOString() }],
    );
    const row = await store.db.selectFrom('people').select((eb) => eb.fn.countAll<number>().as('n')).where('residence_province', '=', PROVINCE).where('deceased_on', 'is', null).executeTakeFirstOrThrow();
    return Number(row.n);
  } finally {
    await store.close();
  }
}

/**
 * The bare loop: the same rows read from the same store in one pass, the way the gateway reads them (the list's
 * people query with its card and job joins and each person's chronic-condition groups, as arrays of values; commune
 * names from a map read once) plus each person's vaccinations, each written as a JSON.stringify line of an object
 * keyed by column name, in 1 MB writes to a file.
 */
async function timeBaseline(dataDir: string): Promise<{ rows: number; rowsPerSecond: number }> {
  const store = openStore({ dataDir });
  const out = join(dataDir, 'baseline.ndjson');
  const fd = openSync(out, 'w');
  try {
    const sqlite = store.sqlite;
    if (!sqlite) throw new Error('the baseline reads SQLite');
    const people = sqlite
      .prepare(
        'select p.id, p.full_name, p.birth_date, p.birth_date_precision, p.sex, p.citizen_id, p.social_insurance_number, ' +
          'p.residence_province, p.residence_province_old, p.residence_commune, ' +
          'c.card_code, c.group_code, c.benefit_level, c.valid_from, c.valid_to, c.facility_code, c.five_year_date, c.area_code, c.status as card_status, ' +
          'p.occupation_category, e.name as employer_name, e.tax_code, k.name as park_name, ' +
          '(select group_concat(condition_group) from chronic_conditions x where x.person_id = p.id) as conditions, ' +
          "(select group_concat(v.vaccine || ':' || v.dose || ':' || v.date || ':' || v.place) from vaccinations v where v.person_id = p.id) as vaccinations " +
          "from people p left join cards c on c.person_id = p.id and c.status <> 'replaced' " +
          'left join employments j on j.person_id = p.id and j.end_date is null left join employers e on e.id = j.employer_id ' +
          'left join industrial_parks k on k.id = e.industrial_park_id ' +
          'where p.residence_province = ? and p.deceased_on is null order by p.id',
      )
      .raw(true);
    const names = people.columns().map((c) => c.name);
    const commune = names.indexOf('residence_commune');
    const started = performance.now();
    const communes = new Map(sqlite.prepare('select code, name from communes').raw(true).all() as [string, string][]);
    let rows = 0;
    let chunk = '';
    for (const values of people.iterate(PROVINCE) as IterableIterator<unknown[]>) {
      const row: Record<string, unknown> = {};
      for (let k = 0; k < names.length; k++) row[names[k] as string] = values[k];
      row.commune_name = communes.get(values[commune] as string) ?? null;
      chunk += `${JSON.stringify(row)}\n`;
      rows++;
      if (chunk.length >= 1 << 20) {
        writeSync(fd, chunk);
        chunk = '';
      }
    }
    writeSync(fd, chunk);
    const seconds = (performance.now() - started) / 1000;
    return { rows, rowsPerSecond: rows / seconds };
  } finally {
    closeSync(fd);
    rmSync(out, { force: true });
    await store.close();
  }
}

interface StreamResult { readonly lines: number; readonly bytes: number; readonly seconds: number; readonly rowsPerSecond: number }

/** POSTs a list query and reads the answer to its end (at most `bytesPerSecond` when given), counting lines. */
function stream(server: ServerChild, token: string, accept: string, body: Record<string, unknown>, bytesPerSecond?: number): Promise<StreamResult> {
  const payload = JSON.stringify({ fieldSets: [...LIST_FIELD_SETS], ...body });
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = request(
      `${server.origin}/v1/lists/query`,
      { method: 'POST', headers: { Authorization: `Bearer ${token}`, Accept: accept, 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) } },
      (res) => {
        if (res.statusCode !== 200) {
          let text = '';
          res.on('data', (d: Buffer) => (text += d.toString()));
          res.on('end', () => reject(new Error(`list stream answered ${res.statusCode}: ${text.slice(0, 500)}`)));
          return;
        }
        let lines = 0;
        let bytes = 0;
        res.on('data', (d: Buffer) => {
          bytes += d.length;
          for (let k = d.indexOf(10); k !== -1; k = d.indexOf(10, k + 1)) lines++;
          if (bytesPerSecond !== undefined) {
            const ahead = bytes / bytesPerSecond - (performance.now() - started) / 1000;
            if (ahead > 0) {
              res.pause();
              setTimeout(() => res.resume(), ahead * 1000);
            }
          }
        });
        res.on('end', () => {
          const seconds = (performance.now() - started) / 1000;
          resolve({ lines, bytes, seconds, rowsPerSecond: (accept === 'text/csv' ? lines - 1 : lines) / seconds });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

function residentBytes(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) * 1024 : 0;
}

const fmt = (n: number) => Math.round(n).toLocaleString('en');
const mb = (bytes: number) => (bytes / (1024 * 1024)).toFixed(0);
const log = (line: string) => process.stdout.write(`${line}\n`);

/** Records the figures under `export` in bench/results/latest.json, keeping what else it holds. */
function record(figures: ExportFigures): void {
  const file = join(ROOT, 'bench/results/latest.json');
  const current = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>) : {};
  writeFileSync(file, `${JSON.stringify({ ...current, export: figures }, null, 2)}\n`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const figures = await measureExport();
  log(JSON.stringify(figures, null, 2));
  record(figures);
}
