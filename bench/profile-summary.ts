// Summarises a V8 .cpuprofile of a benchmark server (`BENCH_CPU_PROF=1 npm run bench` writes one per server into
// bench/.work/prof/<a|b|c>/): where the main thread's time goes by category, the top functions by self time, and
// self time by package. Usage: node --import tsx bench/profile-summary.ts [dir-or-file] [topN] [--stacks <regex>]
// (default: bench/.work/prof/c); --stacks lists the call stacks of the leaf functions whose name@file matches. Each sample is put in the category of the first recognisable frame from the leaf
// up, so a native call (JSON.stringify, a SQLite step) counts where it was called from.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

interface CallFrame { functionName: string; url: string; lineNumber: number; columnNumber: number }
interface ProfileNode { id: number; callFrame: CallFrame; children?: number[] }
interface Profile { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number }

const ROOT = fileURLToPath(new URL('..', import.meta.url));

const SOCKET_WRITES = new Set(['writev', 'writeBuffer', 'writeBuffers', 'writeUtf8String', 'writeLatin1String', 'writeAsciiString']);

/** Category of a frame, or undefined when it says nothing (V8 builtins, anonymous natives). */
function category(f: CallFrame, isLeaf: boolean): string | undefined {
  const fn = f.functionName;
  const url = f.url;
  if (fn === '(garbage collector)') return 'garbage collection';
  if (fn === '(program)') return 'V8 (program)';
  if (isLeaf && url === '' && SOCKET_WRITES.has(fn)) return 'socket writes (syscalls)';
  if (url === '') return undefined;
  if (/better-sqlite3|kysely\/dist\/esm\/dialect\/sqlite/.test(url)) return 'SQLite statements (better-sqlite3 prepare/run/commit)';
  if (/\/kysely\//.test(url)) return 'kysely query building/compiling';
  if (/\/jose\/|internal\/crypto\/(webcrypto|ec|util|keys|keygen)/.test(url)) return 'ES256 verify (jose + WebCrypto)';
  if (/internal\/crypto\/(hash|random)/.test(url)) return 'HMAC / randomUUID';
  if (/winston|logform|safe-stable-stringify|triple-beam|readable-stream|internal\/fs\/streams|\/src\/log\/|colorspace|fecha/.test(url)) return 'logging (winston to /dev/null)';
  if (/\/ajv|src\/contracts\//.test(url)) return 'ajv / contracts';
  if (/\/(express|router|path-to-regexp|parseurl|finalhandler|send|on-finished|content-type|mime-types|qs|statuses|vary|http-errors|depd)\//.test(url)) return 'express + router';
  if (/modules\/(esm|cjs)|\/tsx\/|esbuild|internal\/bootstrap/.test(url)) return 'module loading (start-up)';
  if (/src\/store\/audit-writer/.test(url)) return 'audit writer (project code)';
  if (/\/cockatiel\//.test(url)) return 'cockatiel resilience policies (adapter calls)';
  if (/rate-limiter-flexible|src\/limits\//.test(url)) return 'rate limiting';
  if (/\/src\/|\/adapters\//.test(url)) return 'project code (pipeline, auth, http, adapters)';
  if (/\/bench\//.test(url)) return 'bench server code';
  if (/^node:/.test(url)) return 'node http / net / streams / events';
  return 'other';
}

function profileFile(arg: string | undefined): string {
  const target = arg ?? join(ROOT, 'bench/.work/prof/c');
  if (!statSync(target).isDirectory()) return target;
  const files = readdirSync(target).filter((f) => f.endsWith('.cpuprofile')).map((f) => join(target, f));
  if (files.length === 0) throw new Error(`no .cpuprofile in ${target}`);
  // The main thread's profile of the newest run: the largest recent file (tsx's loader thread writes a small one).
  const newest = Math.max(...files.map((f) => statSync(f).mtimeMs));
  return files.filter((f) => newest - statSync(f).mtimeMs < 60_000).sort((a, b) => statSync(b).size - statSync(a).size)[0] as string;
}

function pkg(url: string, fn: string): string {
  if (url === '') return fn.startsWith('(') ? fn : '(native / V8 builtins)';
  if (url.startsWith('node:')) return 'node internals';
  const nm = url.lastIndexOf('/node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + '/node_modules/'.length).split('/');
    return `npm ${rest[0]?.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]}`;
  }
  return url.replace(/^file:\/\//, '').replace(ROOT, '').split('/').slice(0, 2).join('/');
}

const args = process.argv.slice(2);
const stacksAt = args.indexOf('--stacks');
const stacksRe = stacksAt >= 0 ? new RegExp(args[stacksAt + 1] ?? '.') : undefined;
if (stacksAt >= 0) args.splice(stacksAt, 2);
const file = profileFile(args[0]);
const top = Number(args[1] ?? 25);
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

const totalUs = profile.endTime - profile.startTime;
let idleUs = 0;
const byCategory = new Map<string, number>();
const byFunction = new Map<string, number>();
const byPackage = new Map<string, number>();
const add = (m: Map<string, number>, k: string, us: number) => m.set(k, (m.get(k) ?? 0) + us);
for (let i = 0; i < profile.samples.length; i++) {
  const us = profile.timeDeltas[i] ?? 0;
  const leaf = byId.get(profile.samples[i] as number) as ProfileNode;
  const f = leaf.callFrame;
  if (f.functionName === '(idle)') {
    idleUs += us;
    continue;
  }
  let cat: string | undefined;
  // Start-up first: anything under the module loader is loading, whatever its leaf.
  for (let id: number | undefined = leaf.id; id !== undefined && cat === undefined; id = parent.get(id)) {
    if (/modules\/(esm|cjs)|\/tsx\/|esbuild/.test((byId.get(id) as ProfileNode).callFrame.url)) cat = 'module loading (start-up)';
  }
  for (let id: number | undefined = leaf.id; id !== undefined && cat === undefined; id = parent.get(id)) {
    cat = category((byId.get(id) as ProfileNode).callFrame, id === leaf.id);
  }
  add(byCategory, cat ?? 'other', us);
  const where = f.url ? `${f.url.replace(/^file:\/\//, '').replace(ROOT, '').replace(/^.*\/node_modules\//, '')}:${f.lineNumber + 1}` : '';
  add(byFunction, `${f.functionName || '(anonymous)'}  ${where}`, us);
  add(byPackage, pkg(f.url, f.functionName), us);
}
const busyUs = totalUs - idleUs;
const pct = (us: number) => `${((100 * us) / busyUs).toFixed(1).padStart(5)} %`;
const ms = (us: number) => `${(us / 1000).toFixed(0).padStart(7)} ms`;
const list = (m: Map<string, number>, n: number) => {
  for (const [k, us] of [...m].sort((a, b) => b[1] - a[1]).slice(0, n)) console.log(`${ms(us)} ${pct(us)}  ${k}`);
};
console.log(`${file}\nprofiled ${(totalUs / 1e6).toFixed(1)} s, main thread busy ${(busyUs / 1e6).toFixed(1)} s (percentages are of busy time)\n`);
console.log('where the time goes (category of the first recognisable frame from the leaf up):');
list(byCategory, 30);
console.log(`\ntop ${top} functions by self time:`);
list(byFunction, top);
console.log('\nself time by package:');
list(byPackage, 15);

if (stacksRe) {
  const frame = (f: CallFrame) => `${f.functionName || '(anonymous)'}@${f.url.split('/').slice(-1)[0]}:${f.lineNumber + 1}`;
  const stacks = new Map<string, number>();
  for (let i = 0; i < profile.samples.length; i++) {
    const leaf = byId.get(profile.samples[i] as number) as ProfileNode;
    if (!stacksRe.test(frame(leaf.callFrame))) continue;
    const chain: string[] = [];
    for (let id: number | undefined = leaf.id; id !== undefined && chain.length < Number(process.env.STACK_DEPTH ?? 9); id = parent.get(id)) chain.push(frame((byId.get(id) as ProfileNode).callFrame));
    add(stacks, chain.join(' <- '), profile.timeDeltas[i] ?? 0);
  }
  console.log(`\nstacks of leaves matching ${stacksRe}:`);
  list(stacks, top);
}
