// One bounded autocannon run against a local server: at most `amount` requests and at most `maxSeconds`.
// Throughput is responses / (last response - start) on process.hrtime; latencies are autocannon's own per-response
// measurements (hrtime, in ms), whose percentiles are taken exactly here: autocannon's histogram keeps whole
// milliseconds only, too coarse for the sub-10 ms figures of the express baselines (its values are kept too).
import autocannon from 'autocannon';
import { cpuProbe, type CpuShare } from './cpu.ts';

export interface RequestPart {
  readonly path?: string;
  readonly headers?: Record<string, string>;
}

export interface LoadOptions {
  readonly title: string;
  /** http://127.0.0.1:<port> */
  readonly origin: string;
  /** Path of every request when `next` is absent. */
  readonly path?: string;
  readonly connections: number;
  /** Upper bound on the number of requests. */
  readonly amount: number;
  /** Upper bound on the run's duration; the run is stopped then. */
  readonly maxSeconds: number;
  /** The i-th request's path and headers (i from 0; called exactly once per request sent). */
  readonly next?: (i: number) => RequestPart;
  /** The server's pid, for the CPU shares of the run. */
  readonly serverPid?: number;
}

export interface LoadResult {
  readonly title: string;
  readonly reqPerSec: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly non2xx: number;
  readonly responses: number;
  readonly seconds: number;
  readonly errors: number;
  readonly timeouts: number;
  /** How many requests were built (tokens used when `next` hands one per request). */
  readonly built: number;
  readonly statusCodes: Record<string, number>;
  /** True when the run hit `maxSeconds` before `amount`. */
  readonly stoppedByTime: boolean;
  /** CPU seconds per second of the server, of this load generator, and of everything else (Linux only). */
  readonly cpu: CpuShare | undefined;
  /** autocannon's own summary: mean of its per-second samples, whole-millisecond percentiles. */
  readonly autocannon: { readonly reqPerSecMean: number; readonly p50Ms: number; readonly p99Ms: number; readonly durationSeconds: number };
}

export function runLoad(o: LoadOptions): Promise<LoadResult> {
  if (o.amount < o.connections) throw new Error(`${o.title}: amount ${o.amount} is below the ${o.connections} connections`);
  const latencies: number[] = [];
  let responses = 0;
  let built = 0;
  let stoppedByTime = false;
  const probe = o.serverPid === undefined ? undefined : cpuProbe(o.serverPid);
  // Ended at the last response or at the time bound (autocannon reports up to a second later).
  let cpu: CpuShare | undefined;
  let cpuEnded = false;
  const endCpu = () => {
    if (cpuEnded) return;
    cpuEnded = true;
    cpu = probe?.end();
  };
  const started = process.hrtime.bigint();
  let lastResponse = started;
  const next = o.next;
  const request: autocannon.Request = next
    ? {
        method: 'GET',
        setupRequest: (req) => {
          const part = next(built++);
          if (part.path !== undefined) req.path = part.path;
          if (part.headers) req.headers = { ...req.headers, ...part.headers };
          return req;
        },
      }
    : { method: 'GET', path: o.path ?? '/' };
  return new Promise<LoadResult>((resolve, reject) => {
    let timer: NodeJS.Timeout | undefined;
    const instance = autocannon(
      { url: o.origin, connections: o.connections, amount: o.amount, timeout: 30, requests: [request] },
      (err, r) => {
        if (timer) clearTimeout(timer);
        endCpu();
        if (err) {
          reject(err);
          return;
        }
        const seconds = Number(lastResponse - started) / 1e9;
        const sorted = Float64Array.from(latencies).sort();
        const statusCodes: Record<string, number> = {};
        for (const [code, s] of Object.entries(r.statusCodeStats)) statusCodes[code] = s.count;
        resolve({
          title: o.title,
          reqPerSec: seconds > 0 ? responses / seconds : 0,
          p50Ms: percentile(sorted, 50),
          p99Ms: percentile(sorted, 99),
          non2xx: r.non2xx,
          responses,
          seconds,
          errors: r.errors,
          timeouts: r.timeouts,
          built: next ? built : responses,
          statusCodes,
          stoppedByTime,
          cpu,
          autocannon: { reqPerSecMean: r.requests.mean, p50Ms: r.latency.p50, p99Ms: r.latency.p99, durationSeconds: r.duration },
        });
      },
    );
    instance.on('response', (_client, _status, _bytes, ms) => {
      latencies.push(ms);
      responses++;
      lastResponse = process.hrtime.bigint();
      if (responses === o.amount) endCpu();
    });
    timer = setTimeout(() => {
      stoppedByTime = true;
      endCpu();
      instance.stop();
    }, o.maxSeconds * 1000);
  });
}

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] as number;
}
