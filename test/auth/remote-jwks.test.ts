import assert from 'node:assert/strict';
import { createPrivateKey, generateKeyPairSync, randomBytes, randomUUID, sign as cryptoSign, constants, type JsonWebKey } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { JWK } from 'jose';
import request from 'supertest';
import { checkJwksUri } from '../../src/auth/remote-jwks.ts';
import { generatePartnerKey, mintPartnerToken } from '../../src/auth/partner-keys.ts';
import type { Clock } from '../../src/core/clock.ts';
import { setPartnerJwksUri, setPartnerStatus } from '../../src/store/partners.ts';
import { runCli } from '../helpers/cli.ts';
import { AS_OF, startTestGateway, TEST_AUDIENCE, type TestGateway } from '../helpers/gateway.ts';
import { findPerson } from '../helpers/people.ts';

const COOLDOWN_MS = 30_000;
const MAX_AGE_S = 300;
const TIMEOUT_MS = 400;
const MAX_BYTES = 8192;

/** A clock on the dataset's date that runs at real speed and can be moved ahead. */
function steppingClock(): Clock & { advance(ms: number): void } {
  const base = Date.parse(`${AS_OF}T08:00:00Z`);
  const started = Date.now();
  let offset = 0;
  return { now: () => base + (Date.now() - started) + offset, advance: (ms) => void (offset += ms) };
}

interface Route { body: string; status?: number; delayMs?: number }

/** Partners' JWKS endpoints on 127.0.0.1: one route per path, every request counted. */
async function startJwksServer() {
  const routes = new Map<string, Route>();
  const hits = new Map<string, number>();
  let total = 0;
  const timers = new Set<NodeJS.Timeout>();
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    total++;
    hits.set(path, (hits.get(path) ?? 0) + 1);
    const route = routes.get(path);
    if (!route) return void res.writeHead(404).end();
    const send = () => res.writeHead(route.status ?? 200, { 'content-type': 'application/json' }).end(route.body);
    if (!route.delayMs) return send();
    const timer = setTimeout(() => {
      timers.delete(timer);
      send();
    }, route.delayMs);
    timers.add(timer);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    /** Serves a JWKS (or any body) at a path; returns the path's URL. */
    serve(path: string, doc: unknown, opts: Omit<Route, 'body'> = {}): string {
      routes.set(path, { body: typeof doc === 'string' ? doc : JSON.stringify(doc), ...opts });
      return `${url}${path}`;
    },
    hits: (path: string) => hits.get(path) ?? 0,
    total: () => total,
    close: () => new Promise<void>((resolve) => {
      for (const t of timers) clearTimeout(t);
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

/** A compact JWS made by hand (any header, any key size), ES256 or PS256. */
function signCompact(header: Record<string, unknown>, claims: Record<string, unknown>, privateJwk: JWK): string {
  const input = `${Buffer.from(JSON.stringify(header)).toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
  const { kty, crv, x, y, d, n, e, p, q, dp, dq, qi } = privateJwk;
  const clean = Object.fromEntries(Object.entries({ kty, crv, x, y, d, n, e, p, q, dp, dq, qi }).filter(([, v]) => v !== undefined));
  const key = createPrivateKey({ key: clean as JsonWebKey, format: 'jwk' });
  const sig = header.alg === 'PS256'
    ? cryptoSign('sha256', Buffer.from(input), { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 })
    : cryptoSign('sha256', Buffer.from(input), { key, dsaEncoding: 'ieee-p1363' });
  return `${input}.${sig.toString('base64url')}`;
}

describe('partner keys at a registered jwks_uri, fetched with a cooldown', function () {
  this.timeout(120_000);
  const clock = steppingClock();
  let t: TestGateway;
  let jwks: Awaited<ReturnType<typeof startJwksServer>>;
  let citizenId: string;

  before(async () => {
    jwks = await startJwksServer();
    t = await startTestGateway({
      clock,
      seedCount: 200,
      partners: [],
      overrides: { auth: { audience: TEST_AUDIENCE, jwksTimeoutMs: TIMEOUT_MS, jwksMaxBytes: MAX_BYTES, jwksMaxAgeSeconds: MAX_AGE_S } },
    });
    citizenId = (await findPerson(t.ts.store, 'valid')).person.citizen_id;
  });
  after(async () => {
    await t?.close();
    await jwks?.close();
  });

  const lookup = (token: string) => request(t.app).get(`/v1/cards/by-citizen/${citizenId}`).set('Authorization', `Bearer ${token}`);
  const tokenWith = (partnerId: string, privateJwk: JWK) =>
    mintPartnerToken({ partnerId, privateJwk, audience: TEST_AUDIENCE, scope: 'card.check', purpose: 'treatment', nowSeconds: t.nowSeconds() });
  const claims = (partnerId: string) => {
    const now = t.nowSeconds();
    return { iss: partnerId, sub: partnerId, aud: TEST_AUDIENCE, iat: now, exp: now + 120, jti: randomUUID(), scope: 'card.check', purpose_of_use: 'treatment' };
  };
  const assertRefused = (res: request.Response, code: string) => {
    assert.equal(res.status, 401, JSON.stringify(res.body));
    assert.equal(res.body.code, code);
  };
  const pastCooldown = () => clock.advance(COOLDOWN_MS + 1000);
  const env = () => ({ VSS_DATA_DIR: t.ts.dataDir, VSS_PUBLIC_URL: TEST_AUDIENCE });

  it('accepts a partner registered with only a jwks_uri, with a token signed by a key served there', async () => {
    const uri = `${jwks.url}/only-uri.json`;
    const p = await t.addPartner({ id: 'remote-only', jwksUri: uri });
    jwks.serve('/only-uri.json', { keys: [p.publicJwk] });
    assert.equal((await lookup(await t.token('remote-only'))).status, 200);
    assert.equal(jwks.hits('/only-uri.json'), 1);
    assert.equal((await lookup(await t.token('remote-only'))).status, 200);
    assert.equal(jwks.hits('/only-uri.json'), 1, 'a known kid is served from the cache');
  });

  it('uses the registered keys first, without fetching, when a partner has both', async () => {
    const p = await t.addPartner({ id: 'remote-both', jwksUri: `${jwks.url}/both.json`, inlineKey: true });
    jwks.serve('/both.json', { keys: [p.publicJwk] });
    assert.equal((await lookup(await t.token('remote-both'))).status, 200);
    assert.equal(jwks.hits('/both.json'), 0);
  });

  it('accepts a key the partner adds to its served JWKS later, after one refetch', async () => {
    const p = await t.addPartner({ id: 'remote-rotates', jwksUri: `${jwks.url}/rotates.json` });
    jwks.serve('/rotates.json', { keys: [p.publicJwk] });
    assert.equal((await lookup(await t.token('remote-rotates'))).status, 200);
    const fresh = await generatePartnerKey('EdDSA');
    jwks.serve('/rotates.json', { keys: [p.publicJwk, fresh.publicJwk] });
    pastCooldown();
    assert.equal((await lookup(await tokenWith('remote-rotates', fresh.privateJwk))).status, 200);
    assert.equal(jwks.hits('/rotates.json'), 2);
    assert.equal((await lookup(await tokenWith('remote-rotates', fresh.privateJwk))).status, 200);
    assert.equal((await lookup(await t.token('remote-rotates'))).status, 200);
    assert.equal(jwks.hits('/rotates.json'), 2);
  });

  it('fetches again for an unknown kid only once the cooldown has passed', async () => {
    const p = await t.addPartner({ id: 'remote-cooldown', jwksUri: `${jwks.url}/cooldown.json` });
    jwks.serve('/cooldown.json', { keys: [p.publicJwk] });
    assert.equal((await lookup(await t.token('remote-cooldown'))).status, 200);
    assert.equal(jwks.hits('/cooldown.json'), 1);
    const stranger = await generatePartnerKey('ES256');
    const other = await generatePartnerKey('ES256');
    assertRefused(await lookup(await tokenWith('remote-cooldown', stranger.privateJwk)), 'token.unknown_key');
    assert.equal(jwks.hits('/cooldown.json'), 1, 'within the cooldown of the first fetch');
    pastCooldown();
    assertRefused(await lookup(await tokenWith('remote-cooldown', stranger.privateJwk)), 'token.unknown_key');
    assert.equal(jwks.hits('/cooldown.json'), 2);
    assertRefused(await lookup(await tokenWith('remote-cooldown', other.privateJwk)), 'token.unknown_key');
    assert.equal(jwks.hits('/cooldown.json'), 2, 'a second unknown kid within the cooldown');
    clock.advance(COOLDOWN_MS / 2);
    assertRefused(await lookup(await tokenWith('remote-cooldown', other.privateJwk)), 'token.unknown_key');
    assert.equal(jwks.hits('/cooldown.json'), 2);
    clock.advance(COOLDOWN_MS / 2 + 1000);
    assertRefused(await lookup(await tokenWith('remote-cooldown', other.privateJwk)), 'token.unknown_key');
    assert.equal(jwks.hits('/cooldown.json'), 3);
    assert.equal((await lookup(await t.token('remote-cooldown'))).status, 200);
  });

  it('lets 50 concurrent requests with random unknown kids cause at most one fetch per cooldown', async () => {
    const p = await t.addPartner({ id: 'remote-storm', jwksUri: `${jwks.url}/storm.json` });
    jwks.serve('/storm.json', { keys: [p.publicJwk] }, { delayMs: 100 });
    const storm = async () => {
      const tokens = await Promise.all(Array.from({ length: 50 }, () => tokenWith('remote-storm', { ...p.privateJwk, kid: `k-${randomUUID()}` })));
      const answers = await Promise.all(tokens.map((tok) => lookup(tok)));
      for (const a of answers) assertRefused(a, 'token.unknown_key');
    };
    await storm();
    assert.equal(jwks.hits('/storm.json'), 1, 'the first fetch, shared by all 50');
    await storm();
    assert.equal(jwks.hits('/storm.json'), 1, 'within the cooldown');
    pastCooldown();
    await storm();
    assert.equal(jwks.hits('/storm.json'), 2);
    assert.equal((await lookup(await t.token('remote-storm'))).status, 200);
    assert.equal(jwks.hits('/storm.json'), 2);
  });

  it('lets concurrent requests signed with a newly rotated key all wait for the one fetch that brings it', async () => {
    const p = await t.addPartner({ id: 'remote-rush', jwksUri: `${jwks.url}/rush.json` });
    jwks.serve('/rush.json', { keys: [p.publicJwk] });
    assert.equal((await lookup(await t.token('remote-rush'))).status, 200);
    const fresh = await generatePartnerKey('ES256');
    jwks.serve('/rush.json', { keys: [p.publicJwk, fresh.publicJwk] }, { delayMs: 150 });
    pastCooldown();
    const tokens = await Promise.all(Array.from({ length: 20 }, () => tokenWith('remote-rush', fresh.privateJwk)));
    const answers = await Promise.all(tokens.map((tok) => lookup(tok)));
    assert.deepEqual(answers.map((a) => a.status), answers.map(() => 200));
    assert.equal(jwks.hits('/rush.json'), 2);
  });

  it('ignores served keys for encryption, RSA under 2048 bits, with private parts or symmetric, and logs why without key material', async () => {
    const p = await t.addPartner({ id: 'remote-bad-keys', jwksUri: `${jwks.url}/bad-keys.json` });
    const enc = await generatePartnerKey('ES256');
    const leaked = await generatePartnerKey('ES256');
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 });
    const rsaPrivate = { ...(rsa.privateKey.export({ format: 'jwk' }) as JWK), kid: 'rsa-1024', alg: 'PS256' };
    const rsaPublic = { ...(rsa.publicKey.export({ format: 'jwk' }) as JWK), kid: 'rsa-1024', use: 'sig' };
    const secret = randomBytes(32).toString('base64url');
    jwks.serve('/bad-keys.json', {
      keys: [
        p.publicJwk,
        { ...enc.publicJwk, kid: 'enc-key', use: 'enc' },
        rsaPublic,
        { ...leaked.privateJwk, kid: 'leaked-private' },
        { kty: 'oct', k: secret, kid: 'shared-secret', alg: 'HS256' },
      ],
    });
    assert.equal((await lookup(await t.token('remote-bad-keys'))).status, 200);
    assertRefused(await lookup(signCompact({ alg: 'ES256', kid: 'enc-key' }, claims('remote-bad-keys'), enc.privateJwk)), 'token.unknown_key');
    assertRefused(await lookup(signCompact({ alg: 'PS256', kid: 'rsa-1024' }, claims('remote-bad-keys'), rsaPrivate)), 'token.unknown_key');
    assertRefused(await lookup(signCompact({ alg: 'ES256', kid: 'leaked-private' }, claims('remote-bad-keys'), leaked.privateJwk)), 'token.unknown_key');
    assertRefused(await lookup(signCompact({ alg: 'ES256', kid: 'shared-secret' }, claims('remote-bad-keys'), enc.privateJwk)), 'token.unknown_key');

    const warnings = t.logs.lines
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .filter((l) => l.message === 'partner key ignored' && l.partner === 'remote-bad-keys');
    assert.deepEqual(warnings.map((w) => w.kid).sort(), ['enc-key', 'leaked-private', 'rsa-1024', 'shared-secret']);
    for (const w of warnings) {
      assert.equal(w.level, 'warn');
      assert.equal(typeof w.reason, 'string');
    }
    const text = t.logs.text();
    for (const material of [secret, leaked.privateJwk.d, leaked.privateJwk.x, enc.publicJwk.x, rsaPublic.n, rsaPrivate.d]) {
      assert.ok(!text.includes(material as string), 'key material in the log');
    }
  });

  it('keeps the keys it had and refuses cleanly when the JWKS grows past the size limit', async () => {
    const p = await t.addPartner({ id: 'remote-oversized', jwksUri: `${jwks.url}/oversized.json` });
    jwks.serve('/oversized.json', { keys: [p.publicJwk] });
    assert.equal((await lookup(await t.token('remote-oversized'))).status, 200);
    const fresh = await generatePartnerKey('ES256');
    jwks.serve('/oversized.json', { keys: [p.publicJwk, fresh.publicJwk], padding: 'x'.repeat(MAX_BYTES) });
    pastCooldown();
    assertRefused(await lookup(await tokenWith('remote-oversized', fresh.privateJwk)), 'token.unknown_key');
    assert.equal(jwks.hits('/oversized.json'), 2);
    assert.equal((await lookup(await t.token('remote-oversized'))).status, 200, 'the key held before still works');
    assert.match(t.logs.text(), /"failure":"too_large"[^\n]*"partner":"remote-oversized"|"partner":"remote-oversized"[^\n]*"failure":"too_large"/);
  });

  it('keeps the keys it had and refuses cleanly, within the timeout, when the JWKS server is too slow', async () => {
    const p = await t.addPartner({ id: 'remote-slow', jwksUri: `${jwks.url}/slow.json` });
    jwks.serve('/slow.json', { keys: [p.publicJwk] });
    assert.equal((await lookup(await t.token('remote-slow'))).status, 200);
    const fresh = await generatePartnerKey('ES256');
    jwks.serve('/slow.json', { keys: [p.publicJwk, fresh.publicJwk] }, { delayMs: 5000 });
    pastCooldown();
    const started = Date.now();
    assertRefused(await lookup(await tokenWith('remote-slow', fresh.privateJwk)), 'token.unknown_key');
    assert.ok(Date.now() - started < TIMEOUT_MS + 1500, `answered after ${Date.now() - started} ms`);
    assert.equal(jwks.hits('/slow.json'), 2);
    assert.equal((await lookup(await t.token('remote-slow'))).status, 200, 'the key held before still works');
    assertRefused(await lookup(await tokenWith('remote-slow', fresh.privateJwk)), 'token.unknown_key');
    assert.equal(jwks.hits('/slow.json'), 2, 'a failed fetch counts for the cooldown');
  });

  it('refuses with 401, not 500, a partner whose JWKS cannot be had at all', async () => {
    const broken: [string, () => string][] = [
      ['remote-500', () => jwks.serve('/500.json', '{"error":"boom"}', { status: 500 })],
      ['remote-not-json', () => jwks.serve('/not-json.json', '<html>keys</html>')],
      ['remote-no-keys', () => jwks.serve('/no-keys.json', { keys: 'none' })],
      ['remote-duplicate-member', () => jwks.serve('/dup.json', '{"keys":[],"keys":[]}')],
      ['remote-closed-port', () => 'http://127.0.0.1:1/jwks.json'],
    ];
    for (const [id, serve] of broken) {
      await t.addPartner({ id, jwksUri: serve() });
      assertRefused(await lookup(await t.token(id)), 'token.unknown_key');
    }
  });

  it('ignores an http jwks_uri to a host that is not loopback, and the CLI refuses one', async () => {
    await t.addPartner({ id: 'remote-plain-http', jwksUri: 'http://jwks.example.com/keys.json' });
    assertRefused(await lookup(await t.token('remote-plain-http')), 'token.unknown_key');
    assert.match(t.logs.text(), /partner jwks_uri ignored[^\n]*remote-plain-http|remote-plain-http[^\n]*partner jwks_uri ignored/);

    const add = runCli(['partners', 'add', '--id', 'cli-plain-http', '--name', 'X', '--kind', 'hospital', '--scopes', 'card.check', '--purposes', 'treatment',
      '--field-sets', 'card', '--jwks-uri', 'http://jwks.example.com/keys.json'], env());
    assert.equal(add.status, 64, add.stderr);
    assert.match(add.stderr, /loopback/);
    const set = runCli(['partners', 'set-jwks-uri', 'remote-only', 'http://10.1.2.3/keys.json'], env());
    assert.equal(set.status, 64, set.stderr);
    const none = runCli(['partners', 'add', '--id', 'cli-no-keys', '--name', 'X', '--kind', 'hospital', '--scopes', 'card.check', '--purposes', 'treatment', '--field-sets', 'card'], env());
    assert.equal(none.status, 64);
    assert.match(none.stderr, /--jwks <file> or --jwks-uri <url>/);
  });

  it('holds to the URL policy: https anywhere, http only to loopback', () => {
    for (const ok of ['https://keys.example.vn/jwks.json', 'http://127.0.0.1:8080/jwks', 'http://127.9.9.9/j', 'http://localhost/j', 'http://[::1]:9/j', 'http://0x7f.1/j']) {
      assert.equal(checkJwksUri(ok).ok, true, ok);
    }
    for (const bad of ['http://example.com/j', 'http://10.0.0.1/j', 'http://[::ffff:10.0.0.1]/j', 'http://localhost.example.com/j', 'ftp://127.0.0.1/j',
      'file:///etc/passwd', 'data:application/json,{}', 'https://user:pw@keys.example.vn/j', 'https://keys.example.vn/j#frag', 'not a url']) {
      assert.equal(checkJwksUri(bad).ok, false, bad);
    }
  });

  it('registers a partner with only a jwks_uri from the CLI and accepts its served key', async () => {
    const key = await generatePartnerKey('ES256');
    const uri = jwks.serve('/cli.json', { keys: [key.publicJwk] });
    const add = runCli(['partners', 'add', '--id', 'cli-remote', '--name', 'Remote', '--kind', 'hospital', '--scopes', 'card.check', '--purposes', 'treatment',
      '--field-sets', 'identity,card', '--jwks-uri', uri], env());
    assert.equal(add.status, 0, add.stderr);
    const show = JSON.parse(runCli(['partners', 'show', 'cli-remote'], env()).stdout) as { jwksUri: string; keys: unknown[] };
    assert.equal(show.jwksUri, uri);
    assert.deepEqual(show.keys, []);
    assert.equal((await lookup(await tokenWith('cli-remote', key.privateJwk))).status, 200);
    assert.equal(jwks.hits('/cli.json'), 1);
  });

  it('refuses a token whose jku or x5u header points at the key server, and never fetches it', async () => {
    const p = await t.addPartner({ id: 'remote-jku', jwksUri: `${jwks.url}/jku-partner.json` });
    jwks.serve('/jku-partner.json', { keys: [p.publicJwk] });
    const trap = jwks.serve('/trap.json', { keys: [p.publicJwk] });
    const before = jwks.total();
    for (const extra of [{ jku: trap }, { x5u: trap }]) {
      const token = signCompact({ alg: 'ES256', kid: p.publicJwk.kid, ...extra }, claims('remote-jku'), p.privateJwk);
      assertRefused(await lookup(token), 'token.header_not_allowed');
    }
    assert.equal(jwks.hits('/trap.json'), 0);
    assert.equal(jwks.total(), before, 'no request at all, not even to the registered jwks_uri');
  });

  it('keeps fetched keys and the cooldown across unrelated partner changes', async () => {
    const p = await t.addPartner({ id: 'remote-steady', jwksUri: `${jwks.url}/steady.json` });
    jwks.serve('/steady.json', { keys: [p.publicJwk] });
    assert.equal((await lookup(await t.token('remote-steady'))).status, 200);
    await setPartnerStatus(t.ts.store, 'remote-both', 'disabled');
    await t.addPartner({ id: 'remote-unrelated', jwksUri: `${jwks.url}/unrelated.json` });
    assert.equal((await lookup(await t.token('remote-steady'))).status, 200);
    assertRefused(await lookup(await tokenWith('remote-steady', { ...p.privateJwk, kid: 'not-served' })), 'token.unknown_key');
    assert.equal(jwks.hits('/steady.json'), 1, 'neither the change counter nor an unknown kid within the cooldown refetched');
  });

  it('applies a jwks_uri changed with the CLI or the store on the next request', async () => {
    const p = await t.addPartner({ id: 'remote-moves', jwksUri: `${jwks.url}/moves-a.json` });
    jwks.serve('/moves-a.json', { keys: [p.publicJwk] });
    assert.equal((await lookup(await t.token('remote-moves'))).status, 200);

    const second = await generatePartnerKey('ES256');
    const uriB = jwks.serve('/moves-b.json', { keys: [second.publicJwk] });
    const set = runCli(['partners', 'set-jwks-uri', 'remote-moves', uriB], env());
    assert.equal(set.status, 0, set.stderr);
    assert.equal((await lookup(await tokenWith('remote-moves', second.privateJwk))).status, 200, 'no cooldown carried over from the old URL');
    assertRefused(await lookup(await t.token('remote-moves')), 'token.unknown_key');
    assert.deepEqual([jwks.hits('/moves-a.json'), jwks.hits('/moves-b.json')], [1, 1]);

    const third = await generatePartnerKey('PS256');
    jwks.serve('/moves-c.json', { keys: [third.publicJwk] });
    assert.equal(await setPartnerJwksUri(t.ts.store, 'remote-moves', `${jwks.url}/moves-c.json`), true);
    assert.equal((await lookup(await tokenWith('remote-moves', third.privateJwk))).status, 200);
    assertRefused(await lookup(await tokenWith('remote-moves', second.privateJwk)), 'token.unknown_key');
    assert.equal(jwks.hits('/moves-c.json'), 1);

    const clear = runCli(['partners', 'set-jwks-uri', 'remote-moves', '--clear'], env());
    assert.equal(clear.status, 65, 'a partner with no registered keys keeps its URL');
    assert.equal(runCli(['partners', 'set-jwks-uri', 'remote-moves'], env()).status, 64);
  });

  it('stops accepting a key the partner withdrew once the fetched set is older than the max age', async () => {
    const p = await t.addPartner({ id: 'remote-withdraws', jwksUri: `${jwks.url}/withdraws.json` });
    jwks.serve('/withdraws.json', { keys: [p.publicJwk] });
    assert.equal((await lookup(await t.token('remote-withdraws'))).status, 200);
    const next = await generatePartnerKey('ES256');
    jwks.serve('/withdraws.json', { keys: [next.publicJwk] });
    pastCooldown();
    assert.equal((await lookup(await t.token('remote-withdraws'))).status, 200, 'a known kid younger than the max age is not refetched');
    assert.equal(jwks.hits('/withdraws.json'), 1);
    clock.advance(MAX_AGE_S * 1000);
    assertRefused(await lookup(await t.token('remote-withdraws')), 'token.unknown_key');
    assert.equal(jwks.hits('/withdraws.json'), 2);
    assert.equal((await lookup(await tokenWith('remote-withdraws', next.privateJwk))).status, 200);
    assert.equal(jwks.hits('/withdraws.json'), 2);
  });
});
