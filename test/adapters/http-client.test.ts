import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { closeHttpClient, createHttpClient, type HttpClient, type HttpFailure, httpFailure } from '../../src/adapters/http-client.ts';

interface LocalServer {
  readonly url: string;
  readonly hits: Map<string, number>;
  readonly connections: () => number;
  close(): Promise<void>;
}

/** A real HTTP server on 127.0.0.1 whose routes misbehave on demand; counts hits per path and connections. */
async function startServer(routes: Record<string, (req: IncomingMessage, res: ServerResponse) => void>): Promise<LocalServer> {
  const hits = new Map<string, number>();
  let connections = 0;
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    hits.set(path, (hits.get(path) ?? 0) + 1);
    const route = routes[path];
    if (route) route(req, res);
    else res.writeHead(404).end();
  });
  server.on('connection', () => connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    hits,
    connections: () => connections,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

async function failure(p: Promise<unknown>): Promise<HttpFailure> {
  try {
    await p;
  } catch (e) {
    return httpFailure(e);
  }
  assert.fail('the request succeeded');
}

describe('the HTTP client factory', function () {
  let server: LocalServer;
  let client: HttpClient;
  const timers: NodeJS.Timeout[] = [];
  before(async () => {
    server = await startServer({
      '/json': (_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"a":1}'),
      '/never': () => undefined,
      '/trickle': (_req, res) => {
        // Headers at once, then a byte every 50 ms: never idle long enough for a socket timeout.
        res.writeHead(200, { 'content-type': 'text/plain' });
        const t = setInterval(() => res.write('x'), 50);
        timers.push(t);
        res.on('close', () => clearInterval(t));
      },
      '/big': (_req, res) => res.writeHead(200).end('y'.repeat(5000)),
      '/bomb': (_req, res) => res.writeHead(200, { 'content-encoding': 'gzip' }).end(gzipSync(Buffer.alloc(1_000_000, 0x20))),
      '/redirect': (_req, res) => res.writeHead(302, { location: '/json' }).end(),
      '/teapot': (_req, res) => res.writeHead(418).end('no'),
    });
    client = createHttpClient({ timeoutMs: 400, maxBodyBytes: 1024 });
  });
  after(async () => {
    for (const t of timers) clearInterval(t);
    closeHttpClient(client);
    await server.close();
  });

  it('returns the body as text, unparsed', async () => {
    const res = await client.get<string>(`${server.url}/json`);
    assert.equal(res.status, 200);
    assert.equal(res.data, '{"a":1}');
  });

  it('gives up on an upstream that never answers, as a timeout', async () => {
    const started = Date.now();
    const f = await failure(client.get(`${server.url}/never`));
    assert.equal(f.kind, 'timeout');
    assert.ok(Date.now() - started < 2000);
  });

  it('gives up on a body that trickles in past the total timeout, though the socket is never idle', async () => {
    const started = Date.now();
    const f = await failure(client.get(`${server.url}/trickle`));
    assert.equal(f.kind, 'timeout');
    assert.ok(Date.now() - started < 2000, `took ${Date.now() - started} ms`);
  });

  it('honours a shorter per-request timeout', async () => {
    const started = Date.now();
    const f = await failure(client.get(`${server.url}/never`, { timeout: 100 }));
    assert.equal(f.kind, 'timeout');
    assert.ok(Date.now() - started < 350, `took ${Date.now() - started} ms`);
  });

  it('gives up on a connection that cannot be established within the connect timeout', async () => {
    const c = createHttpClient({ timeoutMs: 5000, connectTimeoutMs: 150, maxBodyBytes: 1024 });
    try {
      const started = Date.now();
      // A name whose lookup never completes: the socket stays in its connecting phase.
      const f = await failure(c.get('http://stuck.invalid/', { lookup: () => new Promise<never>(() => undefined) }));
      assert.equal(f.kind, 'timeout');
      assert.ok(Date.now() - started < 2000, `took ${Date.now() - started} ms`);
    } finally {
      closeHttpClient(c);
    }
  });

  it('refuses a body larger than the size limit', async () => {
    const f = await failure(client.get(`${server.url}/big`));
    assert.equal(f.kind, 'too_large');
  });

  it('refuses a small compressed body that inflates past the size limit', async () => {
    const f = await failure(client.get(`${server.url}/bomb`));
    assert.equal(f.kind, 'too_large');
  });

  it('refuses to send a body larger than the size limit', async () => {
    const f = await failure(client.post(`${server.url}/json`, 'z'.repeat(2000)));
    assert.equal(f.kind, 'too_large');
  });

  it('does not follow redirects', async () => {
    const before = server.hits.get('/json') ?? 0;
    const f = await failure(client.get(`${server.url}/redirect`));
    assert.equal(f.kind, 'status');
    assert.equal(f.status, 302);
    assert.equal(server.hits.get('/json') ?? 0, before);
  });

  it('reports a non-2xx answer with its status', async () => {
    const f = await failure(client.get(`${server.url}/teapot`));
    assert.deepEqual([f.kind, f.status], ['status', 418]);
  });

  it('reports a refused connection as unreachable', async () => {
    const closed = await startServer({});
    const url = closed.url;
    await closed.close();
    const f = await failure(client.get(`${url}/json`));
    assert.equal(f.kind, 'unreachable');
  });

  it('speaks only http and https', async () => {
    for (const url of ['data:application/json,{"a":1}', 'file:///etc/hostname']) {
      const f = await failure(client.get(url));
      assert.equal(f.kind, 'bad_request', url);
    }
  });

  it('ignores proxy settings from the environment', async () => {
    const proxy = await startServer({});
    const saved = { http_proxy: process.env.http_proxy, HTTP_PROXY: process.env.HTTP_PROXY, NO_PROXY: process.env.NO_PROXY, no_proxy: process.env.no_proxy };
    process.env.http_proxy = proxy.url;
    process.env.HTTP_PROXY = proxy.url;
    delete process.env.NO_PROXY;
    delete process.env.no_proxy;
    try {
      const res = await client.get<string>(`${server.url}/json`);
      assert.equal(res.data, '{"a":1}');
      assert.equal(proxy.connections(), 0);
    } finally {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
      await proxy.close();
    }
  });

  it('reuses a kept-alive connection for sequential requests', async () => {
    const s = await startServer({ '/json': (_req, res) => res.writeHead(200).end('{}') });
    const c = createHttpClient({ timeoutMs: 1000, maxBodyBytes: 1024 });
    try {
      for (let i = 0; i < 3; i++) await c.get(`${s.url}/json`);
      assert.equal(s.hits.get('/json'), 3);
      assert.equal(s.connections(), 1);
    } finally {
      closeHttpClient(c);
      await s.close();
    }
  });
});
