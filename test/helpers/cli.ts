// Runs the real `vss-gateway` command in a child process with its own environment.
import { spawn, spawnSync } from 'node:child_process';

export const BIN = 'bin/vss-gateway.js';

export interface CliResult { status: number | null; stdout: string; stderr: string }

export function runCli(args: string[], env: Record<string, string>): CliResult {
  const r = spawnSync(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Starts a long-running command; resolves once its stdout matches `ready`. */
export function startCli(args: string[], env: Record<string, string>, ready: RegExp) {
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const started = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      if (ready.test(stdout)) resolve(stdout);
    });
    void exited.then((code) => reject(new Error(`exited ${code} before ready: ${stderr.slice(-2000)}`)));
  });
  return { child, started, exited, output: () => ({ stdout, stderr }) };
}
