// `npm run bench`: seeding rate, then three HTTP scenarios, each a server in its own child process on
// 127.0.0.1 driven by autocannon from this process with 50 connections:
//   (a) bare Express answering the card JSON from memory,
//   (b) Express verifying the partner's ES256 token (jose compactVerify + payload parse) on every request,
//   (c) the full gateway on the seeded store: card lookups by CCCD with fresh single-use tokens,
//   (d) the same gateway with gateway access tokens from /oauth/token, one reused token per connection;
// then the reconciliation rate against the population-database simulator and the bulk export figures.
// (b) and (c) use the same pre-minted token list, one token per request. Prints a table and the ratios c/b and c/a,
// writes bench/results/latest.json. Knobs (environment): see bench/README.md.
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { pinSelf, type ServerChild, startServer, stopAll } from './children.ts';
import { backgroundLoad } from './cpu.ts';
import { runLoad, type LoadResult } from './load.ts';
import type { ExportFigures } from './export.ts';
import { benchKey, checkSameShape, fetchAccessTokens, mintTokens } from './tokens.ts';

const BENCH_DIR = fileURLToPath(new URL('.', import.meta.url));
const WORK_DIR = `${BENCH_DIR}.work`;
const SEED_DIR = `${WORK_DIR}/seed`;
const PROFILE_DIR = `${WORK_DIR}/prof`;
const RESULTS_DIR = `${BENCH_DIR}results`;

const env = process.env;
const CONNECTIONS = 50;
const SEED_COUNT = intEnv('BENCH_SEED_COUNT', 1_000_000);
const TOKEN_COUNT = intEnv('BENCH_TOKENS', 36_000);
const ACCESS_REQUESTS = intEnv('BENCH_ACCESS_REQUESTS', TOKEN_COUNT);
const BARE_SECONDS = intEnv('BENCH_BARE_SECONDS', 10);
const CITIZENS = intEnv('BENCH_CITIZENS', 1_000);
const WARMUP_REQUESTS = 500;
const TOKEN_TTL_SECONDS = 300;
const SCENARIOS = new Set((env.BENCH_SCENARIOS ?? 'a,b,c').split(',').map((s) => s.trim()));
const SKIP_SEED = env.BENCH_SKIP_SEED === '1';
const CPU_PROF = env.BENCH_CPU_PROF === '1';
/**
 * Server on CPU 1, load generator on CPU 0, as architecture.md section 9 measured ("server on one core"): every
 * server gets the same single core, so the ratios compare like with like (unpinned, jose's verification in (b)
 * spills onto libuv's thread pool on the load generator's core). BENCH_PIN=0 runs unpinned.
 */
const PIN = env.BENCH_PIN !== '0';
const KEEP_WORK = env.BENCH_KEEP_WORK === '1' || CPU_PROF;
const AUDIENCE = 'https://gateway.bench.invalid';
const TARGET_RATIO = 0.8;
const TARGET_P99_MS = 50;
const TARGET_ACCESS_RATIO = 0.6;
/** (c) is broken, not slow, when more than this share of its answers are not 2xx. */
const MAX_NON2XX_SHARE = 0.01;

const FULL_RUN = SCENARIOS.has('a') && SCENARIOS.has('b') && SCENARIOS.has('c') && !SKIP_SEED && !CPU_PROF;

interface SeedFigures { readonly people: number; readonly seconds: number; readonly rowsPerSecond: number }

async function main(): Promise<void> {
  console.log(`vss-gateway bench: node ${process.version}, ${availableParallelism()} cores, ${CONNECTIONS} connections, 127.0.0.1 only`);
  if (!FULL_RUN) console.log(`partial run (scenarios ${[...SCENARIOS].join(',')}${SKIP_SEED ? ', seed skipped' : ''}${CPU_PROF ? ', servers CPU-profiled' : ''}): results go to bench/results/partial.json`);
  mkdirSync(RESULTS_DIR, { recursive: true });
  if (CPU_PROF) rmSync(PROFILE_DIR, { recursive: true, force: true });
  if (PIN) {
    pinSelf(0);
    console.log('pinned: load generator on CPU 0, each server on CPU 1');
  }
  const background = await backgroundLoad(2000);
  if (background !== undefined) console.log(`other processes keep ${background} cores busy before the run${background > 0.2 ? ': expect noisy figures' : ''}`);

  // 1. Seeding: a fresh store of SEED_COUNT people, kept for (c).
  let seed: SeedFigures | null = null;
  if (SCENARIOS.has('c') && !SKIP_SEED) {
    rmSync(WORK_DIR, { recursive: true, force: true });
    mkdirSync(SEED_DIR, { recursive: true });
    const { measureSeedRate } = await import('./seed-rate.ts');
    console.log(`\nseeding ${SEED_COUNT.toLocaleString('en')} people into ${SEED_DIR} ...`);
    const r = await measureSeedRate({ count: SEED_COUNT, workDir: SEED_DIR });
    seed = { people: r.people, seconds: r.seconds, rowsPerSecond: r.peoplePerSecond };
    console.log(`seeded ${r.people.toLocaleString('en')} people in ${r.seconds.toFixed(1)} s: ${Math.round(r.peoplePerSecond).toLocaleString('en')} people/s`);
  }

  // The partner's key, registered in the store for (c) and handed to (b) as its public JWK.
  const key = await benchKey();
  let citizens = ['079203001234'];
  if (SCENARIOS.has('c')) citizens = await prepareStore(key.publicJwk);

  const results: { a?: LoadResult; b?: LoadResult; c?: LoadResult; d?: LoadResult } = {};

  // (a) bare express: a fixed bounded duration.
  if (SCENARIOS.has('a')) {
    results.a = await scenario('(a) bare express', { script: 'bench/servers/bare-express.ts' }, async (s) => {
      await runLoad({ title: 'warm-up a', origin: s.origin, path: cardPath(citizens[0] as string), connections: CONNECTIONS, amount: WARMUP_REQUESTS, maxSeconds: 30 });
      return runLoad({
        title: '(a) bare express', origin: s.origin, serverPid: s.pid, connections: CONNECTIONS, amount: 5_000_000, maxSeconds: BARE_SECONDS,
        next: (i) => ({ path: cardPath(citizens[i % citizens.length] as string) }),
      });
    });
  }

  // Tokens for (b) and (c): minted now so that none expires before (c) has used it.
  let minted: Awaited<ReturnType<typeof mintTokens>> | undefined;
  let warmupTokens: readonly string[] = [];
  if (SCENARIOS.has('b') || SCENARIOS.has('c')) {
    const req = { partnerId: 'bench-hospital', privateJwk: key.privateJwk, audience: AUDIENCE, ttlSeconds: TOKEN_TTL_SECONDS, scope: 'card.check', purpose: 'treatment' };
    await checkSameShape(req);
    warmupTokens = (await mintTokens({ ...req, count: WARMUP_REQUESTS + 50 })).tokens;
    minted = await mintTokens({ ...req, count: TOKEN_COUNT });
    console.log(`\nminted ${TOKEN_COUNT.toLocaleString('en')} single-use ES256 tokens (+${warmupTokens.length} for warm-up) in ${minted.seconds.toFixed(1)} s, ttl ${TOKEN_TTL_SECONDS} s`);
  }
  const tokens = minted?.tokens ?? [];
  const tokenRequest = (i: number) => ({
    path: cardPath(citizens[i % citizens.length] as string),
    headers: { authorization: `Bearer ${tokens[i] ?? tokens[i % tokens.length]}` },
  });
  const warmupRequest = (offset: number) => (i: number) => ({
    path: cardPath(citizens[(i + 7) % citizens.length] as string),
    headers: { authorization: `Bearer ${warmupTokens[(offset + i) % warmupTokens.length]}` },
  });

  // (b) express + ES256 per request: the whole token list, bounded by count and time.
  if (SCENARIOS.has('b') && minted) {
    const exp = minted.expSeconds;
    results.b = await scenario('(b) express + ES256', { script: 'bench/servers/express-es256.ts', env: { BENCH_PUBLIC_JWK: JSON.stringify(key.publicJwk) } }, async (s) => {
      await runLoad({ title: 'warm-up b', origin: s.origin, connections: CONNECTIONS, amount: WARMUP_REQUESTS, maxSeconds: 30, next: warmupRequest(0) });
      return runLoad({ title: '(b) express + ES256', origin: s.origin, serverPid: s.pid, connections: CONNECTIONS, amount: tokens.length, maxSeconds: budget(exp, 120, 2), next: tokenRequest });
    });
  }

  // (c) the full gateway: the same tokens, each consumed once.
  if (SCENARIOS.has('c') && minted) {
    const exp = minted.expSeconds;
    const cStarted = new Date().toISOString();
    results.c = await scenario('(c) gateway', { script: 'bench/servers/gateway.ts', env: { BENCH_DATA_DIR: SEED_DIR, BENCH_AUDIENCE: AUDIENCE } }, async (s) => {
      await sanityCheck(s, citizens, warmupTokens.slice(0, 20));
      await runLoad({ title: 'warm-up c', origin: s.origin, connections: CONNECTIONS, amount: WARMUP_REQUESTS, maxSeconds: 30, next: warmupRequest(20) });
      const r = await runLoad({ title: '(c) gateway', origin: s.origin, serverPid: s.pid, connections: CONNECTIONS, amount: tokens.length, maxSeconds: budget(exp, 150, 1), next: tokenRequest });
      await replayCheck(s, citizens[0] as string, tokens[0] as string);
      // (d) on the same server: reused access tokens (verified once, then served from the token cache).
      const accessTokens = await fetchAccessTokens({
        origin: s.origin, issuer: AUDIENCE, partnerId: 'bench-hospital', privateJwk: key.privateJwk, count: CONNECTIONS, scope: 'card.check', purpose: 'treatment',
      });
      results.d = await runLoad({
        title: '(d) gateway, access tokens', origin: s.origin, serverPid: s.pid, connections: CONNECTIONS, amount: ACCESS_REQUESTS, maxSeconds: 60,
        next: (i) => ({ path: cardPath(citizens[i % citizens.length] as string), headers: { authorization: `Bearer ${accessTokens[i % accessTokens.length]}` } }),
      });
      console.log(`  (d) ${results.d.responses.toLocaleString('en')} responses: ${Math.round(results.d.reqPerSec).toLocaleString('en')} req/s, p50 ${results.d.p50Ms.toFixed(2)} ms, p99 ${results.d.p99Ms.toFixed(2)} ms, non-2xx ${results.d.non2xx}`);
      printCpu(results.d);
      return r;
    });
    // The gateway has drained (audit flushed): one audit record per request it answered.
    const audited = await auditRowsSince(cStarted);
    const answered = results.c.responses + (results.d?.responses ?? 0);
    const expected = answered + WARMUP_REQUESTS + 20;
    console.log(`  audit records of the bench partner written during (c) and (d): ${audited.toLocaleString('en')} (authenticated requests incl. warm-up and checks: ${expected.toLocaleString('en')})`);
    if (audited < answered) throw new Error(`(c) and (d) wrote ${audited} audit records for ${answered} answered requests`);
  }

  // Report.
  console.log('');
  printTable([
    ['(a) bare express', results.a],
    ['(b) express + ES256', results.b],
    ['(c) gateway card lookup', results.c],
    ['(d) gateway, access token', results.d],
  ]);
  const cb = results.c && results.b ? results.c.reqPerSec / results.b.reqPerSec : null;
  const ca = results.c && results.a ? results.c.reqPerSec / results.a.reqPerSec : null;
  console.log('');
  if (cb !== null) console.log(`c/b = ${cb.toFixed(2)}   (target >= ${TARGET_RATIO})  ${cb >= TARGET_RATIO ? 'met' : 'NOT met'}`);
  if (ca !== null) console.log(`c/a = ${ca.toFixed(2)}`);
  const [cpuB, cpuC] = [results.b && cpuUsPerRequest(results.b), results.c && cpuUsPerRequest(results.c)];
  if (cpuB && cpuC) console.log(`server CPU per request b/c = ${(cpuB / cpuC).toFixed(2)} (the c/b ratio on CPU cost, less sensitive to other load)`);
  if (results.c) console.log(`p99 (c) = ${results.c.p99Ms.toFixed(1)} ms   (target <= ${TARGET_P99_MS} ms)  ${results.c.p99Ms <= TARGET_P99_MS ? 'met' : 'NOT met'}`);
  const da = results.d && results.a ? results.d.reqPerSec / results.a.reqPerSec : null;
  if (da !== null) console.log(`d/a = ${da.toFixed(2)}   (access token reused; target >= ${TARGET_ACCESS_RATIO})  ${da >= TARGET_ACCESS_RATIO ? 'met' : 'NOT met'}`);
  if (seed) console.log(`seed: ${seed.people.toLocaleString('en')} people in ${seed.seconds.toFixed(1)} s = ${Math.round(seed.rowsPerSecond).toLocaleString('en')} people/s`);

  // Upstream and bulk figures, each measured against its own in-run baseline or simulator.
  let reconcile: { peoplePerSecond: number } | null = null;
  let exportFigures: ExportFigures | null = null;
  if (FULL_RUN || SCENARIOS.has('reconcile')) {
    const { measureReconcileRate } = await import('./reconcile.ts');
    console.log('\nreconciliation against the population-database simulator ...');
    const r = await measureReconcileRate();
    reconcile = { peoplePerSecond: round(r.peoplePerSecond, 0) };
    console.log(`reconcile: ${Math.round(r.peoplePerSecond).toLocaleString('en')} people/s   (target >= 10,000)`);
  }
  if (FULL_RUN || SCENARIOS.has('export')) {
    const { measureExport } = await import('./export.ts');
    console.log('\nbulk export of one province ...');
    const e = await measureExport();
    exportFigures = e;
    console.log(
      `export: ${Math.round(e.rowsPerSecond).toLocaleString('en')} rows/s NDJSON (${e.ndjsonVsBaseline.toFixed(2)}x the bare loop; target >= 0.5 and >= 200,000 rows/s), ` +
        `CSV ${e.csvVsNdjson.toFixed(2)}x NDJSON (target >= 0.8), RSS growth ${e.rssGrowthMb.toFixed(0)} MB with a slow client (target < 100)`,
    );
  }

  // Correctness of the runs (not their speed): a bench where requests fail measures the failure path.
  const broken: string[] = [];
  for (const [name, r] of Object.entries(results)) {
    if (!r) continue;
    if (r.non2xx > r.responses * MAX_NON2XX_SHARE || r.errors > r.responses * MAX_NON2XX_SHARE) {
      broken.push(`(${name}) answered ${r.non2xx} non-2xx of ${r.responses} (status codes ${JSON.stringify(r.statusCodes)}), ${r.errors} errors`);
    }
    if (name !== 'a' && r.built > tokens.length) broken.push(`(${name}) built ${r.built} requests for ${tokens.length} tokens: tokens were reused`);
  }
  if (broken.length > 0) throw new Error(`the bench is broken:\n  ${broken.join('\n  ')}`);

  const out = {
    ratios: {
      cardCheckVsExpressEs256: cb === null ? null : round(cb, 3),
      cardCheckVsExpress: ca === null ? null : round(ca, 3),
      cpuPerRequestEs256VsCardCheck: cpuB && cpuC ? round(cpuB / cpuC, 3) : null,
      cardCheckAccessTokenVsExpress: da === null ? null : round(da, 3),
    },
    targets: { cardCheckVsExpressEs256: `>= ${TARGET_RATIO}`, cardCheckP99Ms: `<= ${TARGET_P99_MS}`, cardCheckAccessTokenVsExpress: `>= ${TARGET_ACCESS_RATIO}`, reconcilePeoplePerSecond: '>= 10000' },
    cardCheck: results.c ? figures(results.c) : null,
    cardCheckAccessToken: results.d ? figures(results.d) : null,
    reconcile,
    export: exportFigures,
    expressBare: results.a ? figures(results.a) : null,
    expressEs256: results.b ? figures(results.b) : null,
    seed,
    setup: {
      connections: CONNECTIONS, tokens: TOKEN_COUNT, tokenTtlSeconds: TOKEN_TTL_SECONDS, distinctCitizens: citizens.length,
      bareSeconds: BARE_SECONDS, warmupRequests: WARMUP_REQUESTS, cores: availableParallelism(), scenarios: [...SCENARIOS],
      mintSeconds: minted?.seconds ?? null, backgroundCoresBusyBefore: background ?? null, pinned: PIN,
    },
    node: process.version,
    date: new Date().toISOString(),
  };
  const file = `${RESULTS_DIR}/${FULL_RUN ? 'latest' : 'partial'}.json`;
  writeFileSync(file, `${JSON.stringify(out, null, 2)}\n`);
  console.log(`\nwrote ${file.slice(BENCH_DIR.length - 'bench/'.length)}`);
}

/** Registers the bench partner on the seeded store and picks the people to look up; closes the store again. */
async function prepareStore(publicJwk: import('jose').JWK): Promise<string[]> {
  if (!existsSync(SEED_DIR)) throw new Error(`no seeded store in ${SEED_DIR} (BENCH_SKIP_SEED=1 reuses the store a BENCH_KEEP_WORK=1 run left)`);
  const { openStore, migrate } = await import('../src/store/open.ts');
  const { registerBenchPartner, pickCitizenIds } = await import('./gateway-setup.ts');
  const store = openStore({ dataDir: SEED_DIR });
  try {
    await migrate(store);
    await registerBenchPartner(store, publicJwk);
    const started = process.hrtime.bigint();
    const ids = await pickCitizenIds(store, CITIZENS, Date.now());
    console.log(`picked ${ids.length} distinct people with a card in force today in ${(Number(process.hrtime.bigint() - started) / 1e9).toFixed(1)} s`);
    if (ids.length === 0) throw new Error('no seeded person holds a card in force today: the seeded store is unusable for (c)');
    return ids;
  } finally {
    await store.close();
  }
}

/** A few sequential lookups before the load: every one must be a 200 with a card answer, or the run stops here. */
async function sanityCheck(s: ServerChild, citizens: readonly string[], tokens: readonly string[]): Promise<void> {
  const codes: Record<string, number> = {};
  for (const [i, token] of tokens.entries()) {
    const res = await fetch(`${s.origin}${cardPath(citizens[(i * 37) % citizens.length] as string)}`, { headers: { authorization: `Bearer ${token}` } });
    const text = await res.text();
    if (res.status !== 200) throw new Error(`(c) sanity check: HTTP ${res.status} ${text.slice(0, 400)}`);
    const body = JSON.parse(text) as { resultCode?: string };
    codes[body.resultCode ?? '?'] = (codes[body.resultCode ?? '?'] ?? 0) + 1;
    if (i === 0) console.log(`  (c) sample answer (${Buffer.byteLength(text)} bytes): ${text}`);
  }
  console.log(`  (c) sanity check: ${tokens.length} lookups, all 200; result codes ${JSON.stringify(codes)}`);
}

/** A token (c) has already consumed must be refused: the run measured single-use tokens, not a cache of them. */
async function replayCheck(s: ServerChild, citizenId: string, usedToken: string): Promise<void> {
  const res = await fetch(`${s.origin}${cardPath(citizenId)}`, { headers: { authorization: `Bearer ${usedToken}` } });
  const text = await res.text();
  if (res.status !== 401) throw new Error(`(c) accepted a replayed token: HTTP ${res.status} ${text.slice(0, 200)}`);
  console.log(`  (c) replay check: a used token is refused (HTTP 401 ${(JSON.parse(text) as { code?: string }).code ?? ''})`);
}

async function auditRowsSince(iso: string): Promise<number> {
  const { openStore } = await import('../src/store/open.ts');
  const { BENCH_PARTNER } = await import('./gateway-setup.ts');
  const store = openStore({ dataDir: SEED_DIR });
  try {
    const row = await store.db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('partner_id', '=', BENCH_PARTNER)
      .where('at', '>=', iso)
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  } finally {
    await store.close();
  }
}

async function scenario(title: string, o: { script: string; env?: Record<string, string> }, body: (s: ServerChild) => Promise<LoadResult>): Promise<LoadResult> {
  console.log(`\n${title}: starting ${o.script}`);
  const name = title.slice(1, 2);
  const nodeArgs = [...(env.BENCH_NODE_ARGS ? env.BENCH_NODE_ARGS.split(' ') : []), ...(CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}/${name}`] : [])];
  const s = await startServer({ name: title.slice(0, 3), script: o.script, env: o.env ?? {}, nodeArgs, ...(PIN ? { cpu: 1 } : {}) });
  try {
    const r = await body(s);
    console.log(
      `  ${r.responses.toLocaleString('en')} responses in ${r.seconds.toFixed(1)} s${r.stoppedByTime ? ' (stopped by its time bound)' : ''}: ` +
        `${Math.round(r.reqPerSec).toLocaleString('en')} req/s, p50 ${r.p50Ms.toFixed(2)} ms, p99 ${r.p99Ms.toFixed(2)} ms, non-2xx ${r.non2xx}` +
        `${r.errors ? `, ${r.errors} errors` : ''}; status codes ${JSON.stringify(r.statusCodes)}`,
    );
    printCpu(r);
    return r;
  } finally {
    await s.stop();
    if (CPU_PROF) console.log(`  CPU profile in ${PROFILE_DIR}/${name} (summary: node --import tsx bench/profile-summary.ts bench/.work/prof/${name})`);
  }
}

/** Seconds a token-driven run may take: at most `cap`, and over well before the tokens expire. */
function budget(expSeconds: number, cap: number, runsLeft: number): number {
  const left = expSeconds - Date.now() / 1000 - 15;
  const b = Math.min(cap, left / runsLeft);
  if (b < 10) throw new Error(`only ${left.toFixed(0)} s of token validity left: mint closer to the runs`);
  return b;
}

function figures(r: LoadResult) {
  return {
    reqPerSec: round(r.reqPerSec, 1), p50Ms: round(r.p50Ms, 2), p99Ms: round(r.p99Ms, 2), non2xx: r.non2xx, responses: r.responses,
    seconds: round(r.seconds, 2), errors: r.errors, timeouts: r.timeouts, statusCodes: r.statusCodes, stoppedByTime: r.stoppedByTime,
    cpuCoresBusy: r.cpu ?? null, serverCpuUsPerRequest: round(cpuUsPerRequest(r) ?? Number.NaN, 1), autocannon: r.autocannon,
  };
}

/** Server CPU time (all its threads) per answered request: less sensitive to other load than req/s. */
function cpuUsPerRequest(r: LoadResult): number | undefined {
  return r.cpu && r.responses > 0 ? (r.cpu.server * r.seconds * 1e6) / r.responses : undefined;
}

function printTable(rows: [string, LoadResult | undefined][]): void {
  const head = ['scenario', 'req/s', 'p50 ms', 'p99 ms', 'non-2xx', 'responses', 'seconds', 'server CPU us/req'];
  const body = rows
    .filter((r): r is [string, LoadResult] => r[1] !== undefined)
    .map(([name, r]) => [name, Math.round(r.reqPerSec).toLocaleString('en'), r.p50Ms.toFixed(2), r.p99Ms.toFixed(2), String(r.non2xx), r.responses.toLocaleString('en'), r.seconds.toFixed(1), String(Math.round(cpuUsPerRequest(r) ?? Number.NaN))]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((row) => (row[i] as string).length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] as number) : c.padStart(widths[i] as number))).join('  ');
  console.log(line(head));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of body) console.log(line(row));
}

function cardPath(citizenId: string): string {
  return `/v1/cards/by-citizen/${citizenId}`;
}

function round(v: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}

/** The server's CPU over a load run: cores busy, CPU per request, and its split by thread. */
function printCpu(r: LoadResult): void {
  if (!r.cpu) return;
  console.log(
    `  CPU (cores busy): server ${r.cpu.server} (${Math.round(cpuUsPerRequest(r) ?? 0)} us of server CPU per request), load generator ${r.cpu.loadGenerator}, ` +
      `other processes ${r.cpu.others}${r.cpu.others > 0.2 ? '  <- other work on the machine: figures are noisy' : ''}`,
  );
  const threads = Object.entries(r.cpu.serverThreads).map(([name, share]) => `${name} ${share} (${Math.round((share * 1e6) / r.reqPerSec)} us/req)`);
  console.log(`  server CPU by thread (main: the event loop; node: worker threads and libuv's pool): ${threads.join(', ')}`);
}

function intEnv(name: string, fallback: number): number {
  const v = env[name];
  if (v === undefined || v === '') return fallback;
  if (!/^\d+$/.test(v) || Number(v) < 1) throw new Error(`${name} must be a positive integer`);
  return Number(v);
}

let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (interrupted) process.exit(130);
    interrupted = true;
    console.error(`\n${signal}: stopping the servers`);
    void stopAll(3000).finally(() => process.exit(130));
  });
}

try {
  await main();
} catch (e) {
  process.exitCode = 1;
  console.error(`\nbench failed: ${e instanceof Error ? e.message : String(e)}`);
} finally {
  await stopAll();
  if (!KEEP_WORK && SCENARIOS.has('c') && !SKIP_SEED) rmSync(WORK_DIR, { recursive: true, force: true });
}
