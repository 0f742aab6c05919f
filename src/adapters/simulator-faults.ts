// Fault injection shared by every upstream simulator: wraps a node:http request handler with latency, an error rate
// (503), connection resets, slow bodies, malformed and oversized bodies, drawn from a seeded stream. A small control
// plane under /_sim/ (never faulted) lets tests and demos change the faults while running and read what arrived:
//   GET  /_sim/stats        { requests, byRoute: { "POST /v1/...": n }, inFlight, maxInFlight, arrivals: [ms...] }
//   POST /_sim/stats/reset  zeroes the counters
//   PUT  /_sim/faults       { latencyMs?, errorRate?, errorStatus?, retryAfterSeconds?, resetRate?, slowBodyMs?,
//                             malformedRate?, oversizedRate? } -> the settings now in force
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hashString, keyOf, mix32, Stream } from '../dataset/random.ts';
import type { RunningSimulator, SimulatorFaults, SimulatorOptions } from './simulators.ts';

export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

export interface FaultSettings extends SimulatorFaults {
  readonly latencyMs: number;
  readonly errorRate: number;
  /** Status of injected errors (503 unless changed through /_sim/faults, e.g. 429 or 500). */
  readonly errorStatus: number;
  /** Retry-After sent with injected errors, when set. */
  readonly retryAfterSeconds: number | undefined;
}

/** Largest request body the simulators read. */
export const MAX_SIMULATOR_BODY_BYTES = 8 * 1024 * 1024;
const OVERSIZED_BYTES = 16 * 1024 * 1024;
const MAX_ARRIVALS = 1000;
const RATE_KEYS = ['errorRate', 'resetRate', 'malformedRate', 'oversizedRate'] as const;
const MS_KEYS = ['latencyMs', 'slowBodyMs'] as const;

function initialFaults(opts: SimulatorOptions): FaultSettings {
  return {
    latencyMs: opts.latencyMs,
    errorRate: opts.errorRate,
    errorStatus: 503,
    retryAfterSeconds: undefined,
    resetRate: opts.faults?.resetRate ?? 0,
    slowBodyMs: opts.faults?.slowBodyMs ?? 0,
    malformedRate: opts.faults?.malformedRate ?? 0,
    oversizedRate: opts.faults?.oversizedRate ?? 0,
  };
}

/** Serves `handler` behind the fault layer on opts.host:opts.port; resolves once listening. */
export async function serveWithFaults(name: string, handler: RequestHandler, opts: SimulatorOptions): Promise<RunningSimulator> {
  let faults = initialFaults(opts);
  const draws = new Stream(keyOf(mix32(opts.seed), 0, hashString(`${name}/faults`)));
  const stats = { requests: 0, byRoute: {} as Record<string, number>, inFlight: 0, maxInFlight: 0, arrivals: [] as number[] };
  const timers = new Set<NodeJS.Timeout>();
  const later = (ms: number, fn: () => void, res: ServerResponse) => {
    const t = setTimeout(() => {
      timers.delete(t);
      fn();
    }, ms);
    timers.add(t);
    res.once('close', () => {
      clearTimeout(t);
      timers.delete(t);
    });
  };

  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (path.startsWith('/_sim/')) {
      void control(req, res, path);
      return;
    }
    const route = `${req.method ?? 'GET'} ${path.replace(/\/\d{6,}(?=\/|$)/g, '/{id}')}`;
    stats.requests += 1;
    stats.byRoute[route] = (stats.byRoute[route] ?? 0) + 1;
    stats.inFlight += 1;
    stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
    if (stats.arrivals.length < MAX_ARRIVALS) stats.arrivals.push(Date.now());
    res.once('close', () => (stats.inFlight -= 1));
    const f = faults;
    const act = () => inject(req, res, f);
    if (f.latencyMs > 0) later(f.latencyMs, act, res);
    else act();
  });

  function inject(req: IncomingMessage, res: ServerResponse, f: FaultSettings): void {
    if (draws.chance(f.resetRate)) {
      req.socket.destroy();
      return;
    }
    if (draws.chance(f.errorRate)) {
      const headers: Record<string, string> = { 'Content-Type': 'application/json' };
      if (f.retryAfterSeconds !== undefined) headers['Retry-After'] = String(f.retryAfterSeconds);
      sendText(res, f.errorStatus, headers, JSON.stringify({ error: 'simulated failure' }), f);
      return;
    }
    if (draws.chance(f.malformedRate)) {
      sendText(res, 200, { 'Content-Type': 'application/json' }, '{"answer": [{"status": "trunc', f);
      return;
    }
    if (draws.chance(f.oversizedRate)) {
      sendText(res, 200, { 'Content-Type': 'application/json' }, `{"padding": "${'x'.repeat(OVERSIZED_BYTES)}"}`, f);
      return;
    }
    if (f.slowBodyMs > 0) slowBodies(res, f.slowBodyMs);
    Promise.resolve(handler(req, res)).catch(() => {
      if (!res.headersSent) sendText(res, 500, { 'Content-Type': 'application/json' }, '{"error":"simulator failure"}', f);
      else res.destroy();
    });
  }

  /** Makes the handler's answer arrive in two halves, `ms` apart. */
  function slowBodies(res: ServerResponse, ms: number): void {
    const end = res.end.bind(res) as (chunk?: unknown) => ServerResponse;
    res.end = ((chunk?: unknown) => {
      if (chunk === undefined || typeof chunk === 'function') return end();
      const body = Buffer.from(chunk as string | Uint8Array);
      const half = Math.floor(body.length / 2);
      res.write(body.subarray(0, half));
      later(ms, () => end(body.subarray(half)), res);
      return res;
    }) as typeof res.end;
  }

  function sendText(res: ServerResponse, status: number, headers: Record<string, string>, body: string, f: FaultSettings): void {
    if (f.slowBodyMs > 0) slowBodies(res, f.slowBodyMs);
    res.writeHead(status, { ...headers, 'Content-Length': String(Buffer.byteLength(body)) });
    res.end(body);
  }

  async function control(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    const reply = (status: number, value: unknown) => {
      const body = JSON.stringify(value);
      res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(body)) });
      res.end(body);
    };
    if (req.method === 'GET' && path === '/_sim/stats') return reply(200, stats);
    if (req.method === 'POST' && path === '/_sim/stats/reset') {
      Object.assign(stats, { requests: 0, byRoute: {}, maxInFlight: stats.inFlight, arrivals: [] });
      return reply(200, stats);
    }
    if (req.method === 'PUT' && path === '/_sim/faults') {
      const body = await readJsonBody(req).catch(() => undefined);
      const next = body === undefined ? undefined : changedFaults(faults, body);
      if (!next) return reply(400, { error: 'faults must be a JSON object of known settings with rates in [0, 1] and non-negative times' });
      faults = next;
      return reply(200, faults);
    }
    return reply(404, { error: 'no such control route' });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  let closed: Promise<void> | undefined;
  return {
    url: `http://${host}:${address.port}`,
    close() {
      closed ??= new Promise<void>((resolve) => {
        for (const t of timers) clearTimeout(t);
        timers.clear();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closed;
    },
  };
}

function changedFaults(current: FaultSettings, body: unknown): FaultSettings | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  const next: Record<string, unknown> = { ...current };
  for (const [k, v] of Object.entries(body)) {
    if ((RATE_KEYS as readonly string[]).includes(k)) {
      if (typeof v !== 'number' || !(v >= 0 && v <= 1)) return undefined;
    } else if ((MS_KEYS as readonly string[]).includes(k)) {
      if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) return undefined;
    } else if (k === 'errorStatus') {
      if (typeof v !== 'number' || !Number.isInteger(v) || v < 400 || v > 599) return undefined;
    } else if (k === 'retryAfterSeconds') {
      if (v !== null && (typeof v !== 'number' || !Number.isInteger(v) || v < 0)) return undefined;
    } else {
      return undefined;
    }
    next[k] = v === null ? undefined : v;
  }
  return next as unknown as FaultSettings;
}

/** Reads a request body as text, at most MAX_SIMULATOR_BODY_BYTES; rejects when larger. */
export function readRawBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_SIMULATOR_BODY_BYTES) {
        reject(new Error('body too large'));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Reads a JSON request body of at most MAX_SIMULATOR_BODY_BYTES; rejects when larger or not JSON. */
export async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  return JSON.parse(await readRawBody(req));
}

/** Sends a JSON answer with its length. */
export function sendJson(res: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': String(Buffer.byteLength(body)) });
  res.end(body);
}
