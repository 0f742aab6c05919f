import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { generatePartnerKey, mintPartnerToken } from '../../src/auth/partner-keys.ts';
import { runCli } from '../helpers/cli.ts';
import { findPerson } from '../helpers/people.ts';
import { startTestGateway, TEST_AUDIENCE, type TestGateway } from '../helpers/gateway.ts';

describe('partner changes made with the CLI reach a running gateway on the next request', function () {
  this.timeout(120_000);
  let t: TestGateway;
  let citizenId: string;
  before(async () => {
    t = await startTestGateway({ seedCount: 400 });
    citizenId = (await findPerson(t.ts.store, 'valid')).person.citizen_id;
  });
  after(async () => t?.close());

  const env = () => ({ VSS_DATA_DIR: t.ts.dataDir, VSS_PUBLIC_URL: TEST_AUDIENCE });
  const lookup = (token: string) => request(t.app).get(`/v1/cards/by-citizen/${citizenId}`).set('Authorization', `Bearer ${token}`);

  it('refuses a partner disabled from another process, and accepts it again once re-enabled', async () => {
    assert.equal((await lookup(await t.token('hospital-a'))).status, 200);
    assert.equal(runCli(['partners', 'disable', 'hospital-a'], env()).status, 0);
    const refused = await lookup(await t.token('hospital-a'));
    assert.equal(refused.status, 401);
    assert.equal(refused.body.code, 'partner.disabled');
    assert.equal(runCli(['partners', 'enable', 'hospital-a'], env()).status, 0);
    assert.equal((await lookup(await t.token('hospital-a'))).status, 200);
  });

  it('accepts a rotated key and refuses the old one from the next request', async () => {
    const fresh = await generatePartnerKey('EdDSA');
    const dir = join(t.ts.dataDir, 'rotation');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'jwks.json'), JSON.stringify({ keys: [fresh.publicJwk] }));
    const oldToken = await t.token('hospital-a');
    assert.equal(runCli(['partners', 'rotate-key', 'hospital-a', '--jwks', join(dir, 'jwks.json')], env()).status, 0);
    const old = await lookup(oldToken);
    assert.equal(old.status, 401);
    assert.equal(old.body.code, 'token.unknown_key');
    const token = await mintPartnerToken({ partnerId: 'hospital-a', privateJwk: fresh.privateJwk, audience: TEST_AUDIENCE, scope: 'card.check', purpose: 'treatment', nowSeconds: t.nowSeconds() });
    assert.equal((await lookup(token)).status, 200);
  });
});
