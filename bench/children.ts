// The benchmark's server processes: started with node --import tsx, ready once they print `listening <port>`,
// stopped with SIGTERM (SIGKILL after a grace period). Every child started here is killed when the run ends,
// however it ends: `stopAll` in the run's finally, SIGKILL on process exit, and the children themselves exit when
// their stdin (held by this process) closes.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface ServerChild {
  readonly name: string;
  readonly port: number;
  readonly pid: number;
  readonly origin: string;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once the process has exited. */
  stop(graceMs?: number): Promise<void>;
}

const running = new Set<ChildProcess>();

export interface StartOptions {
  readonly name: string;
  /** Script path relative to the repository root. */
  readonly script: string;
  readonly env?: Record<string, string>;
  readonly nodeArgs?: readonly string[];
  readonly startTimeoutMs?: number;
  /** Pin the server to this CPU (taskset, which execs node: same pid). */
  readonly cpu?: number;
}

export function startServer(o: StartOptions): Promise<ServerChild> {
  const nodeArgs = [...(o.nodeArgs ?? []), '--import', 'tsx', o.script];
  const [command, args] = o.cpu === undefined ? [process.execPath, nodeArgs] : ['taskset', ['-c', String(o.cpu), process.execPath, ...nodeArgs]];
  const child = spawn(command, args, {
    cwd: ROOT,
    env: { ...process.env, ...o.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  running.add(child);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.once('exit', () => running.delete(child));
  createInterface({ input: child.stderr! }).on('line', (line) => process.stderr.write(`  [${o.name}] ${line}\n`));
  return new Promise<ServerChild>((resolve, reject) => {
    const timer = setTimeout(() => {
      fail(new Error(`${o.name} did not print "listening <port>" within ${o.startTimeoutMs ?? 120_000} ms`));
    }, o.startTimeoutMs ?? 120_000);
    const fail = (e: Error) => {
      clearTimeout(timer);
      kill(child, 'SIGKILL');
      reject(e);
    };
    child.once('exit', (code, signal) => fail(new Error(`${o.name} exited before listening (code ${code}, signal ${signal}); its stderr is above`)));
    child.once('error', fail);
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      const m = /^listening (\d+)$/.exec(line);
      if (!m) {
        process.stderr.write(`  [${o.name} stdout] ${line}\n`);
        return;
      }
      clearTimeout(timer);
      const port = Number(m[1]);
      resolve({
        name: o.name,
        port,
        pid: child.pid as number,
        origin: `http://127.0.0.1:${port}`,
        async stop(graceMs = 10_000) {
          if (child.exitCode !== null || child.signalCode !== null) return;
          kill(child, 'SIGTERM');
          const t = setTimeout(() => kill(child, 'SIGKILL'), graceMs);
          await exited;
          clearTimeout(t);
        },
      });
    });
  });
}

function kill(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.exitCode === null && child.signalCode === null) child.kill(signal);
}

/** Stops every child still running (SIGTERM, then SIGKILL after `graceMs`). */
export async function stopAll(graceMs = 10_000): Promise<void> {
  await Promise.all(
    [...running].map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once('exit', () => resolve());
          kill(child, 'SIGTERM');
          setTimeout(() => kill(child, 'SIGKILL'), graceMs).unref();
        }),
    ),
  );
}

process.once('exit', () => {
  for (const child of running) kill(child, 'SIGKILL');
});

/** Pins this process (the load generator) to one CPU. */
export function pinSelf(cpu: number): void {
  execFileSync('taskset', ['-p', '-c', String(cpu), String(process.pid)], { stdio: 'ignore' });
}
