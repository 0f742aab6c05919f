import assert from 'node:assert/strict';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import type { ErrorCode } from '../../src/core/errors.ts';
import type { PersonTable } from '../../src/store/schema.ts';
import { startTestGateway, type TestGateway } from '../helpers/gateway.ts';
import { findPerson } from '../helpers/people.ts';

/** The parts of an HTTP answer these tests look at (supertest's Response has them too). */
interface Reply {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly text: string;
}

interface BadRequest {
  readonly name: string;
  readonly status: number;
  readonly code: ErrorCode;
  /** JSON pointer one of `errors[]` must carry. */
  readonly pointer?: string;
  /** Values the request carried that must never come back. */
  readonly personal?: (p: PersonTable) => string[];
  readonly send: (k: Kit) => Promise<Reply>;
  readonly extra?: (res: Reply, body: Record<string, unknown>) => void;
}

interface Kit {
  readonly t: TestGateway;
  readonly server: Server;
  readonly person: PersonTable;
  readonly cardCode: string;
  auth(partner?: string): Promise<string>;
  raw(o: RawRequest): Promise<Reply>;
}

interface RawRequest {
  readonly method: string;
  readonly path: string;
  readonly headers?: Record<string, string>;
  readonly body?: Buffer;
}

/** A request with exactly the bytes and headers given (supertest would add or rewrite some). */
function rawRequest(server: Server, o: RawRequest): Promise<Reply> {
  const { port } = server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        method: o.method,
        path: o.path,
        headers: { ...(o.body ? { 'Content-Length': String(o.body.length) } : {}), ...o.headers },
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(o.body);
  });
}

function vnDate(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${d}/${m}/${y}`;
}

const checkBody = (p: PersonTable, extra: Record<string, unknown> = {}) => ({ citizenId: p.citizen_id, fullName: p.full_name, birthDate: vnDate(p.birth_date), ...extra });

const BAD: readonly BadRequest[] = [
  // --- path and query of GET routes
  {
    name: 'refuses a CCCD that is too short',
    status: 400,
    code: 'contract.request_invalid',
    pointer: '/citizenId',
    personal: (p) => [p.citizen_id.slice(0, 9)],
    send: async (k) => request(k.server).get(`/v1/cards/by-citizen/${k.person.citizen_id.slice(0, 9)}`).set('Authorization', await k.auth()),
  },
  {
    name: 'refuses a CCCD with letters',
    status: 400,
    code: 'contract.request_invalid',
    pointer: '/citizenId',
    personal: (p) => [`${p.citizen_id.slice(0, 8)}ABCD`],
    send: async (k) => request(k.server).get(`/v1/cards/by-citizen/${k.person.citizen_id.slice(0, 8)}ABCD`).set('Authorization', await k.auth()),
  },
  {
    name: 'refuses a CCCD with an unknown province prefix (003)',
    status: 400,
    code: 'contract.request_invalid',
    pointer: '/citizenId',
    personal: (p) => [`003${p.citizen_id.slice(3)}`],
    send: async (k) => request(k.server).get(`/v1/cards/by-citizen/003${k.person.citizen_id.slice(3)}`).set('Authorization', await k.auth()),
  },
  {
    name: 'refuses an unknown query parameter on a GET route',
    status: 400,
    code: 'contract.request_invalid',
    pointer: '/include',
    personal: (p) => [p.citizen_id],
    send: async (k) => request(k.server).get(`/v1/cards/by-citizen/${k.person.citizen_id}?include=everything`).set('Authorization', await k.auth()),
  },
  {
    name: 'refuses GET /v1/participants without citizenId',
    status: 400,
    code: 'contract.request_invalid',
    pointer: '/citizenId',
    send: async (k) => request(k.server).get('/v1/participants').set('Authorization', await k.auth('ministry-labour')),
  },
  {
    name: 'refuses a BHXH number of 9 digits',
    status: 400,
    code: 'contract.request_invalid',
    pointer: '/socialInsuranceNumber',
    personal: (p) => [p.social_insurance_number.slice(0, 9)],
    send: async (k) => request(k.server).get(`/v1/participants/${k.person.social_insurance_number.slice(0, 9)}`).set('Authorization', await k.auth('ministry-labour')),
  },
  {
    name: 'refuses a path parameter whose percent-encoding is not UTF-8',
    status: 400,
    code: 'contract.request_invalid',
    send: async (k) => request(k.server).get('/v1/cards/by-citizen/0790%E0%A4%A').set('Authorization', await k.auth()),
  },
  // --- media types, JSON and size of POST bodies (checked before the token)
  {
    name: 'refuses a text/plain body',
    status: 415,
    code: 'request.unsupported_media_type',
    personal: (p) => [p.full_name],
    send: async (k) => request(k.server).post('/v1/cards/check').set('Authorization', await k.auth()).set('Content-Type', 'text/plain').send(JSON.stringify(checkBody(k.person))),
  },
  {
    name: 'refuses a body without a content type',
    status: 415,
    code: 'request.unsupported_media_type',
    personal: (p) => [p.full_name],
    send: async (k) =>
      k.raw({ method: 'POST', path: '/v1/cards/check', headers: { Authorization: await k.auth() }, body: Buffer.from(JSON.stringify(checkBody(k.person))) }),
  },
  {
    name: 'refuses a JSON body in a charset other than UTF-8',
    status: 415,
    code: 'request.unsupported_media_type',
    send: async (k) => request(k.server).post('/v1/cards/check').set('Authorization', await k.auth()).set('Content-Type', 'application/json; charset=latin1').send(JSON.stringify(checkBody(k.person))),
  },
  {
    name: 'refuses malformed JSON',
    status: 400,
    code: 'request.invalid_json',
    personal: (p) => [p.full_name, p.citizen_id],
    send: async (k) => request(k.server).post('/v1/cards/check').set('Authorization', await k.auth()).set('Content-Type', 'application/json').send(`{"citizenId":"${k.person.citizen_id}","fullName":"${k.person.full_name}",`),
  },
  {
    name: 'refuses a JSON string where an object is expected',
    status: 400,
    code: 'request.invalid_json',
    send: async (k) => request(k.server).post('/v1/cards/check').set('Authorization', await k.auth()).set('Content-Type', 'application/json').send('"check this card"'),
  },
  {
    name: 'refuses a JSON array body',
    status: 400,
    code: 'contract.request_invalid',
    pointer: '/',
    personal: (p) => [p.full_name, p.citizen_id],
    send: async (k) => request(k.server).post('/v1/cards/check').set('Authorization', await k.auth()).send([checkBody(k.person)]),
  },
  {
    name: 'refuses a body over the 64 KiB limit',
    status: 413,
    code: 'request.too_large',
    send: async (k) => request(k.server).post('/v1/cards/check').set('Authorization', await k.auth()).send(checkBody(k.person, { note: 'x'.repeat(70_000) })),
  },
  // --- the card-check contract
  {
    name: 'refuses a card check without fullName',
    status: 400,
    code: 'contract.request_invalid',
    pointer: '/fullName',
    personal: (p) => [p.citizen_id],
    send: async (k) => request(k.server).post('/v1/cards/check').set('Authorization', await k.auth()).send({ citizenId: k.person.citizen_id, birthDate: vnDate(k.person.birth_date) }),
  },
  {
    name: 'refuses a card check naming two keys (CCCD and card code)',
    status: 400,
    code: 'contract.request_invalid',
    pointer: '/',
    personal: (p) => [p.citizen_id, p.full_name],
    send: async (k) => request(k.server).post('/v1/cards/check').set('Authorization', await k.auth()).send(checkBody(k.person, { cardCode: k.cardCode })),
  },
  {
    name: 'refuses birth date 31/02/1990',
    status: 400,
    code: 'contract.request_invalid',
    pointer: '/birthDate',
    personal: (p) => [p.full_name, '31/02/1990'],
    send: async (k) => request(k.server).post('/v1/cards/check').set('Authorization', await k.auth()).send(checkBody(k.person, { birthDate: '31/02/1990' })),
  },
  {
    name: 'refuses a birth date in ISO format',
    status: 400,
    code: 'contract.request_invalid',
    pointer: '/birthDate',
    personal: (p) => [p.full_name, p.birth_date],
    send: async (k) => request(k.server).post('/v1/cards/check').set('Authorization', await k.auth()).send(checkBody(k.person, { birthDate: k.person.birth_date })),
  },
  {
    name: 'refuses a property the contract does not define',
    status: 400,
    code: 'contract.request_invalid',
    pointer: '/nickname',
    personal: (p) => [p.full_name, 'Bé Bi'],
    send: async (k) => request(k.server).post('/v1/cards/check').set('Authorization', await k.auth()).send(checkBody(k.person, { nickname: 'Bé Bi' })),
  },
  // --- the compatibility route answers with the card-check service's own code
  {
    name: 'refuses a 17-character card key on the compatibility route with maKetQua 205',
    status: 400,
    code: 'contract.request_invalid',
    pointer: '/maThe',
    personal: (p) => [`${p.citizen_id}12345`, p.full_name],
    send: async (k) =>
      request(k.server)
        .post('/compat/egw/card-check')
        .set('Authorization', await k.auth())
        .type('form')
        .send({ maThe: `${k.person.citizen_id}12345`, hoTen: k.person.full_name, ngaySinh: k.person.birth_date.slice(0, 4) }),
    extra: (_res, body) => assert.equal(body.maKetQua, '205'),
  },
  {
    name: 'refuses an XML body on the compatibility route with maKetQua 205',
    status: 415,
    code: 'request.unsupported_media_type',
    send: async (k) => request(k.server).post('/compat/egw/card-check').set('Authorization', await k.auth()).set('Content-Type', 'text/xml').send('<maThe>1</maThe>'),
    extra: (_res, body) => assert.equal(body.maKetQua, '205'),
  },
  // --- routing
  {
    name: 'answers 404 to an unknown route',
    status: 404,
    code: 'route.not_found',
    send: async (k) => request(k.server).get('/v1/cards/lost-and-found').set('Authorization', await k.auth()),
  },
  {
    name: 'answers 405 with Allow: POST to DELETE /v1/cards/check',
    status: 405,
    code: 'method.not_allowed',
    send: async (k) => request(k.server).delete('/v1/cards/check').set('Authorization', await k.auth()),
    extra: (res) => assert.equal(res.headers.allow, 'POST'),
  },
  {
    name: 'answers 405 with Allow: GET to POST /v1/cards/by-citizen/x',
    status: 405,
    code: 'method.not_allowed',
    send: async (k) => request(k.server).post('/v1/cards/by-citizen/x').set('Authorization', await k.auth()).send({ citizenId: 'x' }),
    extra: (res) => assert.equal(res.headers.allow, 'GET'),
  },
];

const STACK = /at .*\.ts:\d+/;

/** Every problem document has the same members; `requestId` is the X-Request-Id header. */
function assertProblemDocument(res: Reply, status: number, code: string, label: string): Record<string, unknown> {
  assert.equal(res.status, status, `${label}: status (body ${res.text})`);
  assert.match(String(res.headers['content-type'] ?? ''), /^application\/problem\+json/, `${label}: content-type`);
  const body = JSON.parse(res.text) as Record<string, unknown>;
  const requestId = res.headers['x-request-id'];
  assert.equal(typeof requestId, 'string', `${label}: X-Request-Id`);
  assert.match(requestId as string, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  assert.equal(body.type, `urn:vss-gateway:problem:${code}`, `${label}: type`);
  assert.equal(typeof body.title, 'string', `${label}: title`);
  assert.ok((body.title as string).length > 0);
  assert.equal(body.status, status, `${label}: problem status`);
  assert.equal(typeof body.detail, 'string', `${label}: detail`);
  assert.equal(body.instance, `urn:uuid:${requestId as string}`, `${label}: instance`);
  assert.equal(body.code, code, `${label}: code`);
  assert.equal(body.requestId, requestId, `${label}: requestId`);
  assert.doesNotMatch(res.text, STACK, `${label}: stack trace in the body`);
  return body;
}

/** Deterministic pseudo-random numbers (mulberry32), so a failing garbage request can be replayed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

describe('bad requests', function () {
  this.timeout(60_000);
  let t: TestGateway;
  let server: Server;
  let kit: Kit;

  before(async () => {
    t = await startTestGateway();
    server = createServer(t.app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { person, card } = await findPerson(t.ts.store, 'valid');
    assert.ok(card);
    kit = {
      t,
      server,
      person,
      cardCode: card.card_code,
      auth: async (partner = 'hospital-a') => `Bearer ${await t.token(partner)}`,
      raw: (o) => rawRequest(server, o),
    };
  });
  after(async () => {
    server?.closeAllConnections();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    await t?.close();
  });

  it('has at least 20 distinct bad requests', () => {
    assert.ok(BAD.length >= 20, `${BAD.length} cases`);
    assert.equal(new Set(BAD.map((c) => c.name)).size, BAD.length);
  });

  for (const c of BAD) {
    it(`${c.name}: ${c.status} ${c.code}`, async () => {
      const res = await c.send(kit);
      const body = assertProblemDocument(res, c.status, c.code, c.name);
      if (c.pointer !== undefined) {
        const errors = body.errors as { pointer: string; message: string }[] | undefined;
        assert.ok(Array.isArray(errors), `${c.name}: errors[] (body ${res.text})`);
        assert.ok(
          errors.some((e) => e.pointer === c.pointer),
          `${c.name}: pointer ${c.pointer} in ${JSON.stringify(errors)}`,
        );
      }
      // The request id is random hex: take it out before looking for echoed digits.
      const text = res.text.replaceAll(String(body.requestId), '');
      for (const value of c.personal?.(kit.person) ?? []) {
        assert.ok(!text.includes(value), `${c.name}: the answer echoes ${JSON.stringify(value)}`);
        assert.ok(!text.includes(JSON.stringify(value).slice(1, -1)), `${c.name}: the answer echoes ${JSON.stringify(value)} (escaped)`);
      }
      c.extra?.(res, body);
    });
  }

  it('gives a wrong-method and an unknown-route answer an X-Request-Id, even without a token', async () => {
    for (const res of [await request(server).delete('/v1/cards/check'), await request(server).get('/nowhere/at/all')]) {
      const body = assertProblemDocument(res, res.status, res.status === 405 ? 'method.not_allowed' : 'route.not_found', 'no token');
      assert.ok([404, 405].includes(res.status));
      assert.equal(body.requestId, res.headers['x-request-id']);
    }
  });

  it('survives 200 garbage requests, answering each with a 4xx, and still serves a valid request afterwards', async () => {
    const seed = 20261101;
    const rnd = prng(seed);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
    const bytes = (n: number) => Buffer.from(Array.from({ length: n }, () => Math.floor(rnd() * 256)));
    const methods = ['GET', 'GET', 'POST', 'POST', 'POST', 'PUT', 'PATCH', 'DELETE'];
    // Real routes (exact, or with a garbage parameter) as often as made-up paths, so garbage reaches every layer.
    const exactRoutes = ['/v1/cards/check', '/compat/egw/card-check', '/v1/participants', '/v1/cards/check', '/compat/egw/card-check'];
    const paramRoutes = ['/v1/cards/by-citizen/', '/v1/participants/'];
    const otherPrefixes = ['/', '/v1/', '/health/', '/%2e%2e/', '/v1/cards/'];
    const contentTypes = [
      'application/json', 'application/json; charset=utf-8', 'application/json; charset=utf-16', 'application/x-www-form-urlencoded', 'text/plain',
      'multipart/form-data; boundary=xyz', 'application/octet-stream', 'application/merge-patch+json', 'application/jwt', ';;;', 'application/json; charset=klingon',
      '', 'x/y; a="unterminated', 'application/xml',
    ];
    const segment = () => {
      const kind = rnd();
      if (kind < 0.4) return [...bytes(1 + Math.floor(rnd() * 20))].map((b) => `%${b.toString(16).padStart(2, '0').toUpperCase()}`).join('');
      if (kind < 0.7) return Array.from({ length: 1 + Math.floor(rnd() * 14) }, () => pick([...'0123456789ABCDEFabcxyz-_.~'])).join('');
      return pick(['..', '.', '0790', '012345678901', '%00', 'x'.repeat(300), '?a=1&a=2', '?citizenId=', '?__proto__=1']);
    };
    const problems: string[] = [];
    const statuses = new Map<number, number>();
    for (let i = 0; i < 200; i++) {
      const method = pick(methods);
      const shape = rnd();
      const path =
        shape < 0.4 ? `${pick(exactRoutes)}${rnd() < 0.2 ? `?${segment()}=${segment()}` : ''}`
        : shape < 0.7 ? `${pick(paramRoutes)}${segment()}`
        : `${pick(otherPrefixes)}${segment()}${rnd() < 0.3 ? `/${segment()}` : ''}`;
      const withBody = method !== 'GET' && rnd() < 0.9;
      const body = withBody ? bytes(Math.floor(rnd() * 2048)) : undefined;
      const type = pick(contentTypes);
      const headers: Record<string, string> = type === '' ? {} : { 'Content-Type': type };
      if (rnd() < 0.3) headers.Authorization = pick(['Bearer ', 'Bearer x.y.z', `Bearer ${bytes(40).toString('base64url')}`, 'Basic Og==', 'Bearer a.b.c.d.e']);
      let res: Reply;
      try {
        res = await rawRequest(server, { method, path, headers, ...(body ? { body } : {}) });
      } catch (e) {
        problems.push(`#${i} ${method} ${path} [${type}]: ${(e as Error).message}`);
        continue;
      }
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      const label = `#${i} ${method} ${path} [${type}] -> ${res.status} ${res.text.slice(0, 160)}`;
      if (res.status < 400 || res.status >= 500) problems.push(label);
      else if (STACK.test(res.text)) problems.push(`${label} (stack trace)`);
      else if (!/^application\/problem\+json/.test(String(res.headers['content-type'] ?? ''))) problems.push(`${label} (not problem+json)`);
    }
    assert.deepEqual(problems, [], `seed ${seed}: ${problems.length} garbage requests not answered with a 4xx problem`);
    assert.ok(statuses.size >= 4, `the garbage reached too few layers: ${JSON.stringify([...statuses])}`);
    const live = await request(server).get('/health/live');
    assert.equal(live.status, 200);
    const ok = await request(server).get(`/v1/cards/by-citizen/${kit.person.citizen_id}`).set('Authorization', await kit.auth());
    assert.equal(ok.status, 200, ok.text);
    assert.equal(ok.body.resultCode, '000');
  });
});
