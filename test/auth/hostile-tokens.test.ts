import assert from 'node:assert/strict';
import { createPublicKey, generateKeyPairSync, type KeyObject, randomBytes, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { CompactSign, exportJWK, generateKeyPair, importJWK, SignJWT } from 'jose';
import request from 'supertest';
import type { Response } from 'supertest';
import { keysFromJwks } from '../../src/auth/jwk.ts';
import type { Clock } from '../../src/core/clock.ts';
import type { ErrorCode } from '../../src/core/errors.ts';
import { setPartnerStatus } from '../../src/store/partners.ts';
import { datasetClock, startTestGateway, TEST_AUDIENCE, type TestGateway } from '../helpers/gateway.ts';
import {
  b64u,
  compactJws,
  es256Signer,
  hs256Signer,
  partnerClaims,
  privateKeyOf,
  ps256Signer,
  rawEcdsaToDer,
  rs256Signer,
  segment,
  startTrapServer,
  type TrapServer,
} from '../helpers/hostile-tokens.ts';
import { findPerson } from '../helpers/people.ts';

/** What one hostile case sends: an Authorization header (or none), optionally after a request that must succeed. */
interface Attempt {
  /** The Authorization header; undefined sends none. */
  readonly authorization: string | undefined;
  /** An Authorization header sent first, which must get 200. */
  readonly prime?: string;
  /** Runs between the priming request and the hostile one. */
  readonly afterPrime?: () => Promise<void>;
  /** Node itself may refuse an oversized header block with 431 before the gateway sees it. */
  readonly allowHeaderOverflow?: boolean;
}

interface Kit {
  readonly t: TestGateway;
  /** Seconds on the gateway's own clock. */
  now(): number;
  /** hospital-a's well-formed claims with overrides (undefined removes a claim). */
  claims(overrides?: Record<string, unknown>): Record<string, unknown>;
  /** hospital-a's header {alg: ES256, kid} with overrides. */
  header(overrides?: Record<string, unknown>): Record<string, unknown>;
  /** Signs with hospital-a's registered ES256 key. */
  signHospital(header: unknown, payload: unknown): string;
  readonly hospitalKid: string;
  readonly hospitalKey: KeyObject;
  readonly ministryKid: string;
  readonly ministryKey: KeyObject;
  readonly rsa2048: KeyObject;
  readonly rsa1024: KeyObject;
  readonly trapUrl: string;
  /** The gateway as OAuth issuer (the `iss` of its own access tokens). */
  readonly issuer: string;
}

interface HostileCase {
  readonly name: string;
  readonly code: ErrorCode;
  readonly attempt: (k: Kit) => Attempt | Promise<Attempt>;
}

const bearer = (token: string): Attempt => ({ authorization: `Bearer ${token}` });

const HOSTILE: readonly HostileCase[] = [
  // --- alg none, in its spellings, with and without a signature segment
  {
    name: 'rejects alg none with an empty signature segment',
    code: 'token.malformed',
    attempt: (k) => bearer(compactJws(k.header({ alg: 'none' }), k.claims(), null)),
  },
  {
    name: 'rejects alg none with no signature segment at all (two segments)',
    code: 'token.malformed',
    attempt: (k) => bearer(`${segment(k.header({ alg: 'none' }))}.${segment(k.claims())}`),
  },
  {
    name: 'rejects alg none carrying a signature segment',
    code: 'token.alg_not_allowed',
    attempt: (k) => bearer(compactJws(k.header({ alg: 'none' }), k.claims(), es256Signer(k.hospitalKey))),
  },
  {
    name: 'rejects alg None (mixed case) carrying a signature segment',
    code: 'token.alg_not_allowed',
    attempt: (k) => bearer(compactJws(k.header({ alg: 'None' }), k.claims(), () => randomBytes(64))),
  },
  {
    name: 'rejects alg None (mixed case) with an empty signature segment',
    code: 'token.malformed',
    attempt: (k) => bearer(compactJws(k.header({ alg: 'None' }), k.claims(), null)),
  },
  {
    name: 'rejects alg NONE (upper case) carrying a signature segment',
    code: 'token.alg_not_allowed',
    attempt: (k) => bearer(compactJws(k.header({ alg: 'NONE' }), k.claims(), () => randomBytes(64))),
  },
  {
    name: 'rejects alg NONE (upper case) with an empty signature segment',
    code: 'token.malformed',
    attempt: (k) => bearer(compactJws(k.header({ alg: 'NONE' }), k.claims(), null)),
  },
  // --- algorithm confusion
  {
    name: 'rejects HS256 signed with the partner\'s public key as PEM text',
    code: 'token.alg_not_allowed',
    attempt: (k) => {
      const pem = createPublicKey(k.hospitalKey).export({ type: 'spki', format: 'pem' }) as string;
      return bearer(compactJws(k.header({ alg: 'HS256' }), k.claims(), hs256Signer(pem)));
    },
  },
  {
    name: 'rejects HS256 signed with the partner\'s public key as JWK JSON text',
    code: 'token.alg_not_allowed',
    attempt: (k) => {
      const jwkText = JSON.stringify(k.t.partners.get('hospital-a')?.publicJwk);
      return bearer(compactJws(k.header({ alg: 'HS256' }), k.claims(), hs256Signer(jwkText)));
    },
  },
  {
    name: 'rejects HS256 signed with a blank secret',
    code: 'token.alg_not_allowed',
    attempt: (k) => bearer(compactJws(k.header({ alg: 'HS256' }), k.claims(), hs256Signer(''))),
  },
  {
    name: 'rejects HS256 signed with a weak secret',
    code: 'token.alg_not_allowed',
    attempt: (k) => bearer(compactJws(k.header({ alg: 'HS256' }), k.claims(), hs256Signer('secret'))),
  },
  {
    name: 'rejects RS256, an algorithm outside the allowlist, signed with a real RSA key',
    code: 'token.alg_not_allowed',
    attempt: (k) => bearer(compactJws(k.header({ alg: 'RS256' }), k.claims(), rs256Signer(k.rsa2048))),
  },
  {
    name: 'rejects a PS256 header on a key registered as ES256',
    code: 'token.alg_not_allowed',
    attempt: (k) => bearer(compactJws(k.header({ alg: 'PS256' }), k.claims(), ps256Signer(k.rsa2048))),
  },
  // --- header parameters that would let the token choose its own key
  {
    name: 'rejects a header embedding its own jwk (signed with that key)',
    code: 'token.header_not_allowed',
    attempt: async (k) => {
      const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
      const jwk = await exportJWK(publicKey);
      const token = await new CompactSign(Buffer.from(JSON.stringify(k.claims())))
        .setProtectedHeader({ alg: 'ES256', kid: k.hospitalKid, jwk })
        .sign(privateKey);
      return bearer(token);
    },
  },
  {
    name: 'rejects a header with a jku URL, and never fetches it',
    code: 'token.header_not_allowed',
    attempt: (k) => bearer(k.signHospital(k.header({ jku: `${k.trapUrl}/jwks.json` }), k.claims())),
  },
  {
    name: 'rejects a header with an x5u URL, and never fetches it',
    code: 'token.header_not_allowed',
    attempt: (k) => bearer(k.signHospital(k.header({ x5u: `${k.trapUrl}/cert.pem` }), k.claims())),
  },
  {
    name: 'rejects a header with an x5c certificate chain',
    code: 'token.header_not_allowed',
    attempt: (k) => {
      const spki = createPublicKey(k.hospitalKey).export({ type: 'spki', format: 'der' });
      return bearer(k.signHospital(k.header({ x5c: [spki.toString('base64')] }), k.claims()));
    },
  },
  {
    name: 'rejects a header with a crit extension',
    code: 'token.header_not_allowed',
    attempt: (k) => bearer(k.signHospital(k.header({ crit: ['x-trust'], 'x-trust': true }), k.claims())),
  },
  // --- key ids
  {
    name: 'rejects an SQL-injection kid',
    code: 'token.unknown_key',
    attempt: (k) => bearer(k.signHospital(k.header({ kid: '\' OR 1=1 --' }), k.claims())),
  },
  {
    name: 'rejects a path-like kid',
    code: 'token.unknown_key',
    attempt: (k) => bearer(k.signHospital(k.header({ kid: '../../../etc/passwd' }), k.claims())),
  },
  {
    name: 'rejects a well-formed but unknown kid',
    code: 'token.unknown_key',
    attempt: (k) => bearer(k.signHospital(k.header({ kid: 'no-such-key-2026' }), k.claims())),
  },
  {
    name: 'rejects a header without kid',
    code: 'token.unknown_key',
    attempt: (k) => bearer(k.signHospital({ alg: 'ES256' }, k.claims())),
  },
  {
    name: 'rejects a token signed with another partner\'s key under this partner\'s kid',
    code: 'token.bad_signature',
    attempt: (k) => bearer(compactJws(k.header(), k.claims(), es256Signer(k.ministryKey))),
  },
  {
    name: 'rejects a token signed with another partner\'s key and kid but naming this partner as iss',
    code: 'token.unknown_key',
    attempt: (k) => bearer(compactJws(k.header({ kid: k.ministryKid }), k.claims(), es256Signer(k.ministryKey))),
  },
  {
    name: 'rejects a PS256 token from an unregistered RSA-1024 key',
    code: 'token.unknown_key',
    attempt: (k) => bearer(compactJws({ alg: 'PS256', kid: 'rsa-1024-weak' }, k.claims(), ps256Signer(k.rsa1024))),
  },
  // --- time
  {
    name: 'rejects an expired token',
    code: 'token.expired',
    attempt: (k) => bearer(k.signHospital(k.header(), k.claims({ iat: k.now() - 200, exp: k.now() - 80 }))),
  },
  {
    name: 'rejects a token issued one hour in the future',
    code: 'token.not_yet_valid',
    attempt: (k) => bearer(k.signHospital(k.header(), k.claims({ iat: k.now() + 3600, exp: k.now() + 3660 }))),
  },
  {
    name: 'rejects a token whose nbf is in the future',
    code: 'token.not_yet_valid',
    attempt: (k) => bearer(k.signHospital(k.header(), k.claims({ nbf: k.now() + 60 }))),
  },
  {
    name: 'rejects a token with a lifetime of one year',
    code: 'token.lifetime_too_long',
    attempt: (k) => bearer(k.signHospital(k.header(), k.claims({ exp: k.now() + 365 * 24 * 3600 }))),
  },
  {
    name: 'rejects a token with a lifetime of 301 s, one more than allowed',
    code: 'token.lifetime_too_long',
    attempt: (k) => bearer(k.signHospital(k.header(), k.claims({ exp: k.now() + 301 }))),
  },
  {
    name: 'rejects a token without exp',
    code: 'token.invalid_claims',
    attempt: (k) => bearer(k.signHospital(k.header(), k.claims({ exp: undefined }))),
  },
  {
    name: 'rejects a token without jti',
    code: 'token.invalid_claims',
    attempt: (k) => bearer(k.signHospital(k.header(), k.claims({ jti: undefined }))),
  },
  {
    name: 'rejects a token without iat',
    code: 'token.invalid_claims',
    attempt: (k) => bearer(k.signHospital(k.header(), k.claims({ iat: undefined }))),
  },
  {
    name: 'rejects a string-typed exp',
    code: 'token.invalid_claims',
    attempt: (k) => bearer(k.signHospital(k.header(), k.claims({ exp: String(k.now() + 120) }))),
  },
  // --- single use
  {
    name: 'rejects the second presentation of the same token',
    code: 'token.replayed',
    attempt: async (k) => {
      const token = await k.t.token('hospital-a');
      return { prime: `Bearer ${token}`, authorization: `Bearer ${token}` };
    },
  },
  {
    name: 'rejects a re-signed twin (same claims and jti, a new ECDSA signature)',
    code: 'token.replayed',
    attempt: async (k) => {
      const claims = k.claims();
      const key = await importJWK(k.t.partners.get('hospital-a')?.privateJwk ?? {}, 'ES256');
      const first = await new SignJWT(claims).setProtectedHeader({ alg: 'ES256', kid: k.hospitalKid }).sign(key);
      const twin = await new SignJWT(claims).setProtectedHeader({ alg: 'ES256', kid: k.hospitalKid }).sign(key);
      assert.notEqual(twin, first, 'ECDSA signatures are randomized: the twin must differ');
      assert.equal(twin.split('.').slice(0, 2).join('.'), first.split('.').slice(0, 2).join('.'));
      return { prime: `Bearer ${first}`, authorization: `Bearer ${twin}` };
    },
  },
  // --- audience and issuer
  {
    name: 'rejects a token for another audience',
    code: 'token.audience',
    attempt: (k) => bearer(k.signHospital(k.header(), k.claims({ aud: 'https://other-gateway.example' }))),
  },
  {
    name: 'rejects an audience array that also names a foreign audience',
    code: 'token.audience',
    attempt: (k) => bearer(k.signHospital(k.header(), k.claims({ aud: [TEST_AUDIENCE, 'https://other-gateway.example'] }))),
  },
  {
    name: 'rejects a token whose sub differs from iss',
    code: 'token.invalid_claims',
    attempt: (k) => bearer(k.signHospital(k.header(), k.claims({ sub: 'ministry-labour' }))),
  },
  {
    name: 'rejects a token from an unknown issuer',
    code: 'token.unknown_issuer',
    attempt: (k) => bearer(k.signHospital(k.header(), k.claims({ iss: 'hospital-nobody', sub: 'hospital-nobody' }))),
  },
  {
    name: 'refuses the next request of a partner disabled while the gateway runs',
    code: 'partner.disabled',
    attempt: async (k) => {
      const id = 'hospital-soon-disabled';
      await k.t.addPartner({ id, scopes: ['card.check'], purposes: ['treatment'] });
      return {
        prime: `Bearer ${await k.t.token(id)}`,
        afterPrime: async () => {
          assert.equal(await setPartnerStatus(k.t.ts.store, id, 'disabled'), true);
        },
        authorization: `Bearer ${await k.t.token(id)}`,
      };
    },
  },
  {
    name: 'rejects an act claim whose officer CCCD is malformed',
    code: 'token.invalid_claims',
    attempt: (k) => bearer(k.signHospital(k.header(), k.claims({ act: { sub: '12345', name: 'Lê Thị Bình' } }))),
  },
  // --- typ: partner tokens carry none or JWT; at+jwt routes the token to the gateway's own access-token checks
  {
    name: 'rejects typ JOSE on a partner token',
    code: 'token.type_not_allowed',
    attempt: (k) => bearer(k.signHospital(k.header({ typ: 'JOSE' }), k.claims())),
  },
  {
    name: 'rejects typ dpop+jwt (a DPoP proof presented as a partner token)',
    code: 'token.type_not_allowed',
    attempt: (k) => bearer(k.signHospital(k.header({ typ: 'dpop+jwt' }), k.claims())),
  },
  {
    name: 'rejects a partner-signed token with typ at+jwt (the partner is not an access-token issuer)',
    code: 'token.type_not_allowed',
    attempt: (k) => bearer(k.signHospital(k.header({ typ: 'at+jwt' }), k.claims())),
  },
  {
    name: 'rejects a forged gateway access token (typ at+jwt, iss the gateway) under the partner\'s own kid',
    code: 'token.unknown_key',
    attempt: (k) => bearer(k.signHospital(k.header({ typ: 'at+jwt' }), k.claims({ iss: k.issuer, client_id: 'hospital-a' }))),
  },
  {
    name: 'rejects a forged gateway access token under the gateway\'s published kid, signed by a partner key',
    code: 'token.bad_signature',
    attempt: async (k) => {
      const jwks = await request(k.t.app).get('/.well-known/jwks.json');
      const kid = (jwks.body as { keys?: { kid?: string }[] }).keys?.[0]?.kid;
      assert.ok(kid, `the gateway publishes its keys: ${jwks.status} ${jwks.text}`);
      return bearer(k.signHospital({ alg: 'ES256', kid, typ: 'at+jwt' }, k.claims({ iss: k.issuer, client_id: 'hospital-a' })));
    },
  },
  // --- payload and header JSON
  {
    name: 'rejects a payload that is a JSON array',
    code: 'token.malformed',
    attempt: (k) => bearer(k.signHospital(k.header(), JSON.stringify([k.claims()]))),
  },
  {
    name: 'rejects a payload that is a JSON number',
    code: 'token.malformed',
    attempt: (k) => bearer(k.signHospital(k.header(), '42')),
  },
  {
    name: 'rejects a payload that is not JSON',
    code: 'token.malformed',
    attempt: (k) => bearer(k.signHospital(k.header(), `iss=hospital-a&exp=${k.now() + 60}`)),
  },
  {
    name: 'rejects a payload with a duplicate exp member',
    code: 'token.malformed',
    attempt: (k) => {
      const text = JSON.stringify(k.claims({ exp: k.now() - 3600 })).replace(/}$/, `,"exp":${k.now() + 120}}`);
      return bearer(k.signHospital(k.header(), text));
    },
  },
  {
    name: 'rejects a header with a duplicate alg member',
    code: 'token.malformed',
    attempt: (k) => bearer(k.signHospital(`{"alg":"none","kid":${JSON.stringify(k.hospitalKid)},"alg":"ES256"}`, k.claims())),
  },
  // --- signatures
  {
    name: 'rejects a zero-filled signature',
    code: 'token.bad_signature',
    attempt: (k) => bearer(compactJws(k.header(), k.claims(), () => new Uint8Array(64))),
  },
  {
    name: 'rejects a DER-encoded ECDSA signature of the right key',
    code: 'token.bad_signature',
    attempt: (k) => bearer(compactJws(k.header(), k.claims(), (input) => rawEcdsaToDer(es256Signer(k.hospitalKey)(input)))),
  },
  // --- framing of the Authorization header and of the token
  {
    name: 'rejects whitespace inside the token',
    code: 'token.malformed',
    attempt: async (k) => {
      const [h, p, s] = (await k.t.token('hospital-a')).split('.');
      return { authorization: `Bearer ${h}.${p} .${s}` };
    },
  },
  {
    name: 'rejects Bearer followed by two tokens',
    code: 'token.malformed',
    attempt: async (k) => ({ authorization: `Bearer ${await k.t.token('hospital-a')} ${await k.t.token('hospital-a')}` }),
  },
  {
    name: 'rejects a JWE-shaped five-segment token',
    code: 'token.malformed',
    attempt: (k) => bearer([segment({ alg: 'RSA-OAEP-256', enc: 'A256GCM', kid: k.hospitalKid }), b64u(randomBytes(256)), b64u(randomBytes(12)), b64u(randomBytes(64)), b64u(randomBytes(16))].join('.')),
  },
  {
    name: 'rejects the JWS JSON serialization',
    code: 'token.malformed',
    attempt: async (k) => {
      const [h, p, s] = (await k.t.token('hospital-a')).split('.');
      return { authorization: `Bearer ${JSON.stringify({ payload: p, protected: h, signature: s })}` };
    },
  },
  {
    name: 'rejects a 10 KiB token',
    code: 'token.too_large',
    attempt: (k) => {
      const token = k.signHospital(k.header(), k.claims({ pad: 'x'.repeat(7700) }));
      assert.ok(token.length >= 10 * 1024, `token is ${token.length} bytes`);
      return bearer(token);
    },
  },
  {
    name: 'rejects a 20 KiB token (431 from Node or 401 token.too_large)',
    code: 'token.too_large',
    attempt: (k) => ({ ...bearer(k.signHospital(k.header(), k.claims({ pad: 'x'.repeat(15400) }))), allowHeaderOverflow: true }),
  },
  {
    name: 'rejects a request without an Authorization header',
    code: 'token.missing',
    attempt: () => ({ authorization: undefined }),
  },
  {
    name: 'rejects the Basic scheme',
    code: 'token.malformed',
    attempt: () => ({ authorization: `Basic ${Buffer.from('hospital-a:password').toString('base64')}` }),
  },
];

function assertProblem(res: Response, status: number, code: string, label: string): void {
  assert.equal(res.status, status, `${label}: status (body ${JSON.stringify(res.body)})`);
  assert.match(res.headers['content-type'] ?? '', /^application\/problem\+json/, `${label}: content-type`);
  assert.equal(res.body.code, code, `${label}: code`);
  assert.equal(res.body.status, status, `${label}: problem status`);
  assert.equal(res.body.type, `urn:vss-gateway:problem:${code}`, `${label}: problem type`);
}

function assertUnauthorized(res: Response, code: string, label: string): void {
  assertProblem(res, 401, code, label);
  assert.match(res.headers['www-authenticate'] ?? '', /^Bearer/, `${label}: WWW-Authenticate`);
}

describe('hostile partner tokens on GET /v1/cards/by-citizen/{cccd}', function () {
  this.timeout(60_000);
  let t: TestGateway;
  let clock: Clock;
  let trap: TrapServer;
  let kit: Kit;
  let path: string;

  before(async () => {
    clock = datasetClock();
    t = await startTestGateway({ clock });
    trap = await startTrapServer();
    const { person } = await findPerson(t.ts.store, 'valid');
    path = `/v1/cards/by-citizen/${person.citizen_id}`;
    const hospital = t.partners.get('hospital-a');
    const ministry = t.partners.get('ministry-labour');
    assert.ok(hospital && ministry);
    const hospitalKey = privateKeyOf(hospital.privateJwk);
    const now = () => Math.floor(clock.now() / 1000);
    kit = {
      t,
      now,
      claims: (overrides = {}) => partnerClaims({ partnerId: 'hospital-a', audience: TEST_AUDIENCE, nowSeconds: now() }, overrides),
      header: (overrides = {}) => ({ alg: 'ES256', kid: hospital.privateJwk.kid, ...overrides }),
      signHospital: (header, payload) => compactJws(header, payload, es256Signer(hospitalKey)),
      hospitalKid: hospital.privateJwk.kid as string,
      hospitalKey,
      ministryKid: ministry.privateJwk.kid as string,
      ministryKey: privateKeyOf(ministry.privateJwk),
      rsa2048: generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey,
      rsa1024: generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey,
      trapUrl: trap.url,
      issuer: t.config.runtime.publicUrl,
    };
  });
  after(async () => {
    await trap?.close();
    await t?.close();
  });

  const send = (authorization: string | undefined) => {
    const r = request(t.app).get(path);
    return authorization === undefined ? r : r.set('Authorization', authorization);
  };

  it('has at least 30 distinct hostile tokens, each with its own behaviour', () => {
    assert.ok(HOSTILE.length >= 30, `${HOSTILE.length} cases`);
    assert.equal(new Set(HOSTILE.map((c) => c.name)).size, HOSTILE.length);
  });

  it('accepts a well-formed token built by the same hand-crafting helpers (control)', async () => {
    const res = await send(`Bearer ${kit.signHospital(kit.header(), kit.claims())}`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.resultCode, '000');
  });

  for (const c of HOSTILE) {
    it(`${c.name}${c.name.includes(c.code) ? '' : `: 401 ${c.code}`}`, async () => {
      const a = await c.attempt(kit);
      if (a.prime !== undefined) {
        const first = await send(a.prime);
        assert.equal(first.status, 200, `priming request: ${JSON.stringify(first.body)}`);
      }
      await a.afterPrime?.();
      const res = await send(a.authorization);
      if (a.allowHeaderOverflow && res.status === 431) return;
      assertUnauthorized(res, c.code, c.name);
      if (c.code === 'token.missing') assert.match(res.headers['www-authenticate'] ?? '', /^Bearer realm="[^"]+"/);
      else assert.match(res.headers['www-authenticate'] ?? '', /^Bearer error="invalid_token"/);
    });
  }

  it('answers a 20 KiB token with 401 token.too_large when the HTTP server lets the header block through', async () => {
    const server = createServer({ maxHeaderSize: 64 * 1024 }, t.app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const token = kit.signHospital(kit.header(), kit.claims({ pad: 'x'.repeat(15400) }));
      assert.ok(token.length >= 20 * 1024, `token is ${token.length} bytes`);
      const res = await request(server).get(path).set('Authorization', `Bearer ${token}`);
      assertUnauthorized(res, 'token.too_large', '20 KiB');
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('never fetched anything from the jku or x5u URLs', () => {
    assert.deepEqual(trap.hits, []);
  });

  it('accepts the scheme name in lower case ("bearer"), as RFC 9110 makes it case-insensitive', async () => {
    const res = await send(`bearer ${await t.token('hospital-a')}`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.resultCode, '000');
  });

  it('refuses to register an RSA-1024 public key, with a reason', () => {
    const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
    const jwk = { ...publicKey.export({ format: 'jwk' }), kid: 'rsa-1024-weak', use: 'sig' };
    const { keys, refused } = keysFromJwks({ keys: [jwk] });
    assert.deepEqual(keys, []);
    assert.equal(refused.length, 1);
    assert.match(refused[0] ?? '', /1024 bits/);
    assert.match(refused[0] ?? '', /2048/);
  });

  describe('valid tokens that ask for what the partner may not have', () => {
    it('answers 403 scope.missing to a token whose scope lacks card.check', async () => {
      const res = await send(`Bearer ${await t.token('hospital-a', { scope: 'participant.read' })}`);
      assertProblem(res, 403, 'scope.missing', 'scope');
      assert.match(res.headers['www-authenticate'] ?? '', /^Bearer error="insufficient_scope"/);
    });

    it('answers 403 purpose.denied to a purpose the route serves but the partner\'s agreement lacks', async () => {
      const res = await send(`Bearer ${await t.token('hospital-card-only', { purpose: 'claims' })}`);
      assertProblem(res, 403, 'purpose.denied', 'partner purpose');
    });

    it('answers 403 purpose.denied to a known purpose the route does not serve', async () => {
      const res = await send(`Bearer ${await t.token('hospital-a', { purpose: 'benefit-eligibility' })}`);
      assertProblem(res, 403, 'purpose.denied', 'route purpose');
    });

    it('answers 403 purpose.denied to an unknown purpose code', async () => {
      const res = await send(`Bearer ${await t.token('hospital-a', { purpose: 'marketing' })}`);
      assertProblem(res, 403, 'purpose.denied', 'unknown purpose');
    });

    it('answers 403 grant.expired once the data-sharing agreement has ended', async () => {
      const id = 'hospital-lapsed';
      await t.addPartner({ id, scopes: ['card.check'], purposes: ['treatment'], agreementFrom: '2024-01-01', agreementTo: '2026-06-30' });
      const res = await send(`Bearer ${await t.token(id, { jti: randomUUID() })}`);
      assertProblem(res, 403, 'grant.expired', 'agreement');
    });
  });
});
