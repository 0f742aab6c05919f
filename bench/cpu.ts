// CPU accounting of a run from /proc (Linux; absent elsewhere): how busy the server child was, how much the load
// generator (this process) used, and how much every other process on the machine took meanwhile: other work
// on a 2-core machine makes the figures noisy, so each run reports it.
import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

export interface CpuShare {
  /** CPU seconds per wall second. */
  readonly server: number;
  readonly loadGenerator: number;
  /** Everything else on the machine (other processes, kernel work not charged to either). */
  readonly others: number;
  /** The server's CPU seconds per wall second by thread: `main` (the event loop) and the others by thread name
   * (worker threads, libuv's thread pool, V8's helpers). */
  readonly serverThreads: Record<string, number>;
}

function machineBusyTicks(): number {
  const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0] as string;
  const f = line.trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal
  return (f[0] ?? 0) + (f[1] ?? 0) + (f[2] ?? 0) + (f[5] ?? 0) + (f[6] ?? 0) + (f[7] ?? 0);
}

function processTicks(pid: number | string): number {
  const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
  // fields after the comm start at field 3 (state): utime is field 14, stime field 15
  return Number(f[11]) + Number(f[12]);
}

/** CPU ticks of each thread of a process, summed by thread name (the main thread as `main`). */
function threadTicks(pid: number): Map<string, number> {
  const byName = new Map<string, number>();
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      const name = Number(tid) === pid ? 'main' : readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').trim();
      byName.set(name, (byName.get(name) ?? 0) + processTicks(`${pid}/task/${tid}`));
    } catch {
      // the thread ended meanwhile
    }
  }
  return byName;
}

/** Starts measuring; `end()` gives the shares over the elapsed wall time, or undefined without /proc. */
export function cpuProbe(serverPid: number): { end(): CpuShare | undefined } {
  let start: { wall: bigint; machine: number; server: number; self: number; threads: Map<string, number> } | undefined;
  try {
    start = { wall: process.hrtime.bigint(), machine: machineBusyTicks(), server: processTicks(serverPid), self: processTicks('self'), threads: threadTicks(serverPid) };
  } catch {
    start = undefined;
  }
  return {
    end() {
      if (!start) return undefined;
      try {
        const wall = Number(process.hrtime.bigint() - start.wall) / 1e9;
        const machine = (machineBusyTicks() - start.machine) / TICKS_PER_SECOND;
        const server = (processTicks(serverPid) - start.server) / TICKS_PER_SECOND;
        const self = (processTicks('self') - start.self) / TICKS_PER_SECOND;
        const r = (v: number) => Math.round((v / wall) * 100) / 100;
        const serverThreads: Record<string, number> = {};
        for (const [name, ticks] of threadTicks(serverPid)) {
          const share = r((ticks - (start.threads.get(name) ?? 0)) / TICKS_PER_SECOND);
          if (share > 0) serverThreads[name] = share;
        }
        return { server: r(server), loadGenerator: r(self), others: r(Math.max(0, machine - server - self)), serverThreads };
      } catch {
        return undefined;
      }
    },
  };
}

/** Cores kept busy by other processes over `ms` while this one idles (undefined without /proc). */
export async function backgroundLoad(ms: number): Promise<number | undefined> {
  try {
    const wall = process.hrtime.bigint();
    const machine = machineBusyTicks();
    const self = processTicks('self');
    await new Promise((r) => setTimeout(r, ms));
    const seconds = Number(process.hrtime.bigint() - wall) / 1e9;
    const busy = (machineBusyTicks() - machine - (processTicks('self') - self)) / TICKS_PER_SECOND;
    return Math.round((Math.max(0, busy) / seconds) * 100) / 100;
  } catch {
    return undefined;
  }
}
