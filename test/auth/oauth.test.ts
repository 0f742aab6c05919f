import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLocalJWKSet, decodeProtectedHeader, importJWK, jwtVerify, SignJWT } from 'jose';
import * as oidc from 'openid-client';
import request from 'supertest';
import { rotateGatewayKey } from '../../src/auth/gateway-keys.ts';
import { JWT_BEARER_ASSERTION } from '../../src/auth/client-credentials.ts';
import { systemClock } from '../../src/core/clock.ts';
import { findPerson } from '../helpers/people.ts';
import { DEFAULT_PARTNERS, startTestGateway, type TestGateway } from '../helpers/gateway.ts';

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as AddressInfo;
  await new Promise((r) => s.close(r));
  return port;
}

describe('OAuth token endpoint, discovery and access tokens', function () {
  this.timeout(60_000);
  let t: TestGateway;
  let server: Server;
  let issuer: string;
  let citizenId: string;

  before(async () => {
    const port = await freePort();
    issuer = `http://127.0.0.1:${port}`;
    t = await startTestGateway({
      clock: systemClock,
      env: { VSS_PUBLIC_URL: issuer },
      partners: [...DEFAULT_PARTNERS, { id: 'hospital-dpop', kind: 'hospital', scopes: ['card.check'], purposes: ['treatment'], fieldSets: ['card'], requireDpop: true }],
    });
    server = createServer(t.app).listen(port, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    citizenId = (await findPerson(t.ts.store, 'valid')).person.citizen_id;
  });
  after(async () => {
    await new Promise((r) => server?.close(r));
    await t?.close();
  });

  async function client(partnerId: string): Promise<oidc.Configuration> {
    const p = t.partners.get(partnerId);
    assert.ok(p);
    const key = (await importJWK(p.privateJwk, 'ES256')) as oidc.CryptoKey;
    return oidc.discovery(new URL(issuer), partnerId, undefined, oidc.PrivateKeyJwt({ key, kid: p.privateJwk.kid as string }), {
      algorithm: 'oauth2',
      execute: [oidc.allowInsecureRequests],
    });
  }

  async function assertion(partnerId: string, claims: Record<string, unknown> = {}, header: Record<string, unknown> = {}): Promise<string> {
    const p = t.partners.get(partnerId);
    assert.ok(p);
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ iss: partnerId, sub: partnerId, aud: issuer, iat: now, exp: now + 60, jti: crypto.randomUUID(), ...claims })
      .setProtectedHeader({ alg: 'ES256', kid: p.privateJwk.kid as string, ...header })
      .sign(await importJWK(p.privateJwk, 'ES256'));
  }

  const tokenRequest = (form: Record<string, string>) => request(t.app).post('/oauth/token').type('form').send(form);

  it('publishes RFC 8414 metadata whose issuer is exactly the public URL', async () => {
    const res = await request(t.app).get('/.well-known/oauth-authorization-server');
    assert.equal(res.status, 200);
    assert.equal(res.body.issuer, issuer);
    assert.equal(res.body.token_endpoint, `${issuer}/oauth/token`);
    assert.equal(res.body.jwks_uri, `${issuer}/.well-known/jwks.json`);
    assert.deepEqual(res.body.token_endpoint_auth_methods_supported, ['private_key_jwt']);
    assert.deepEqual(res.body.grant_types_supported, ['client_credentials']);
  });

  it('publishes the gateway\'s public keys without private parts', async () => {
    const res = await request(t.app).get('/.well-known/jwks.json');
    assert.equal(res.status, 200);
    assert.ok(res.body.keys.length >= 1);
    for (const k of res.body.keys) {
      assert.equal(k.d, undefined);
      assert.equal(k.alg, 'ES256');
    }
  });

  it('lets a real OAuth client (openid-client) discover, get a token with private_key_jwt and call a protected route', async () => {
    const config = await client('hospital-a');
    const tokens = await oidc.clientCredentialsGrant(config, { scope: 'card.check', purpose_of_use: 'treatment' });
    assert.equal(tokens.token_type, 'bearer');
    assert.equal(tokens.expires_in, 300);
    assert.equal(decodeProtectedHeader(tokens.access_token).typ, 'at+jwt');
    for (let i = 0; i < 3; i++) {
      const res = await oidc.fetchProtectedResource(config, tokens.access_token, new URL(`${issuer}/v1/cards/by-citizen/${citizenId}`), 'GET');
      assert.equal(res.status, 200, `call ${i}`);
      assert.match(((await res.json()) as { resultCode: string }).resultCode, /^\d{3}$/);
    }
  });

  it('issues a token carrying client id, granted scopes and purpose, verifiable with the published keys', async () => {
    const res = await tokenRequest({ grant_type: 'client_credentials', client_assertion_type: JWT_BEARER_ASSERTION, client_assertion: await assertion('ministry-labour'), purpose_of_use: 'labour-administration' });
    assert.equal(res.status, 200);
    assert.equal(res.headers['cache-control'], 'no-store');
    const jwks = createLocalJWKSet((await request(t.app).get('/.well-known/jwks.json')).body);
    const { payload, protectedHeader } = await jwtVerify(res.body.access_token, jwks, { issuer, typ: 'at+jwt' });
    assert.equal(protectedHeader.alg, 'ES256');
    assert.equal(payload.client_id, 'ministry-labour');
    assert.equal(payload.sub, 'ministry-labour');
    assert.equal(payload.scope, 'participant.read');
    assert.equal(payload.purpose_of_use, 'labour-administration');
  });

  const refusals: [string, () => Promise<Record<string, string>>, number, string][] = [
    ['a grant type other than client_credentials', async () => ({ grant_type: 'password', username: 'a', password: 'b' }), 400, 'unsupported_grant_type'],
    ['a missing client assertion', async () => ({ grant_type: 'client_credentials', purpose_of_use: 'treatment' }), 401, 'invalid_client'],
    ['a client secret instead of an assertion', async () => ({ grant_type: 'client_credentials', client_id: 'hospital-a', client_secret: 'x' }), 401, 'invalid_client'],
    ['an assertion for another audience', async () => ({ grant_type: 'client_credentials', client_assertion_type: JWT_BEARER_ASSERTION, client_assertion: await assertion('hospital-a', { aud: 'https://elsewhere.example' }), purpose_of_use: 'treatment' }), 401, 'invalid_client'],
    ['an assertion with typ at+jwt', async () => ({ grant_type: 'client_credentials', client_assertion_type: JWT_BEARER_ASSERTION, client_assertion: await assertion('hospital-a', {}, { typ: 'at+jwt' }), purpose_of_use: 'treatment' }), 401, 'invalid_client'],
    ['a scope the client does not hold', async () => ({ grant_type: 'client_credentials', client_assertion_type: JWT_BEARER_ASSERTION, client_assertion: await assertion('hospital-a'), scope: 'card.check participant.read', purpose_of_use: 'treatment' }), 400, 'invalid_scope'],
    ['a missing purpose of use', async () => ({ grant_type: 'client_credentials', client_assertion_type: JWT_BEARER_ASSERTION, client_assertion: await assertion('hospital-a') }), 400, 'invalid_request'],
    ['a purpose outside the agreement', async () => ({ grant_type: 'client_credentials', client_assertion_type: JWT_BEARER_ASSERTION, client_assertion: await assertion('hospital-a'), purpose_of_use: 'investigation' }), 400, 'invalid_grant'],
    ['a client_id that is not the assertion\'s issuer', async () => ({ grant_type: 'client_credentials', client_id: 'ministry-labour', client_assertion_type: JWT_BEARER_ASSERTION, client_assertion: await assertion('hospital-a'), purpose_of_use: 'treatment' }), 401, 'invalid_client'],
  ];
  for (const [what, form, status, error] of refusals) {
    it(`answers ${error} in RFC 6749 JSON for ${what}`, async () => {
      const res = await tokenRequest(await form());
      assert.equal(res.status, status);
      assert.match(res.headers['content-type'] ?? '', /^application\/json/);
      assert.equal(res.body.error, error);
      assert.equal(typeof res.body.error_description, 'string');
      assert.equal(res.headers['cache-control'], 'no-store');
    });
  }

  it('refuses a replayed client assertion', async () => {
    const form = { grant_type: 'client_credentials', client_assertion_type: JWT_BEARER_ASSERTION, client_assertion: await assertion('hospital-a'), purpose_of_use: 'treatment' };
    assert.equal((await tokenRequest(form)).status, 200);
    const again = await tokenRequest(form);
    assert.equal(again.status, 401);
    assert.equal(again.body.error, 'invalid_client');
    assert.match(again.body.error_description, /token\.replayed/);
  });

  it('refuses an access token presented as a client assertion', async () => {
    const issued = await tokenRequest({ grant_type: 'client_credentials', client_assertion_type: JWT_BEARER_ASSERTION, client_assertion: await assertion('hospital-a'), purpose_of_use: 'treatment' });
    const res = await tokenRequest({ grant_type: 'client_credentials', client_assertion_type: JWT_BEARER_ASSERTION, client_assertion: issued.body.access_token, purpose_of_use: 'treatment' });
    assert.equal(res.body.error, 'invalid_client');
    assert.match(res.body.error_description, /token\.type_not_allowed/);
  });

  it('keeps tokens signed before a gateway key rotation valid, and signs new ones with the new key', async () => {
    const issue = async () =>
      (await tokenRequest({ grant_type: 'client_credentials', client_assertion_type: JWT_BEARER_ASSERTION, client_assertion: await assertion('hospital-a'), purpose_of_use: 'treatment' })).body.access_token as string;
    const before = await issue();
    const { kid, retired } = await rotateGatewayKey(t.ts.store);
    assert.ok(retired.includes(decodeProtectedHeader(before).kid as string));
    const after = await issue();
    assert.equal(decodeProtectedHeader(after).kid, kid);
    for (const token of [before, after]) {
      const res = await request(t.app).get(`/v1/cards/by-citizen/${citizenId}`).set('Authorization', `Bearer ${token}`);
      assert.equal(res.status, 200);
    }
    const published = (await request(t.app).get('/.well-known/jwks.json')).body.keys.map((k: { kid: string }) => k.kid);
    assert.ok(published.includes(kid) && retired.every((r) => published.includes(r)));
  });

  it('binds tokens of a require-dpop partner to its DPoP key and refuses their bearer use', async () => {
    const config = await client('hospital-dpop');
    const dpop = oidc.getDPoPHandle(config, await oidc.randomDPoPKeyPair('ES256'));
    const tokens = await oidc.clientCredentialsGrant(config, { scope: 'card.check', purpose_of_use: 'treatment' }, { DPoP: dpop });
    assert.equal(tokens.token_type, 'dpop');
    const url = new URL(`${issuer}/v1/cards/by-citizen/${citizenId}`);
    const ok = await oidc.fetchProtectedResource(config, tokens.access_token, url, 'GET', undefined, undefined, { DPoP: dpop });
    assert.equal(ok.status, 200);
    const asBearer = await request(t.app).get(url.pathname).set('Authorization', `Bearer ${tokens.access_token}`);
    assert.equal(asBearer.status, 401);
    assert.equal(asBearer.body.code, 'token.dpop_required');
    const noProof = await request(t.app).get(url.pathname).set('Authorization', `DPoP ${tokens.access_token}`);
    assert.equal(noProof.status, 401);
    assert.equal(noProof.body.code, 'token.dpop_invalid');
  });

  it('refuses a require-dpop partner at the token endpoint without a DPoP proof', async () => {
    await assert.rejects(
      oidc.clientCredentialsGrant(await client('hospital-dpop'), { scope: 'card.check', purpose_of_use: 'treatment' }),
      (e: unknown) => (e as { error?: string }).error === 'invalid_dpop_proof',
    );
  });

  it('refuses the partner-signed tokens of a require-dpop partner', async () => {
    const res = await request(t.app).get(`/v1/cards/by-citizen/${citizenId}`).set('Authorization', `Bearer ${await t.token('hospital-dpop', { nowSeconds: Math.floor(Date.now() / 1000) })}`);
    assert.equal(res.status, 401);
    assert.equal(res.body.code, 'token.dpop_required');
  });
});
