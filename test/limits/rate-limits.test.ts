import assert from 'node:assert/strict';
import { importJWK, SignJWT } from 'jose';
import request from 'supertest';
import { generatePartnerKey } from '../../src/auth/partner-keys.ts';
import { JWT_BEARER_ASSERTION } from '../../src/auth/client-credentials.ts';
import { adapterSchemas } from '../../src/adapters/registry.ts';
import { ConfigError } from '../../src/config/config-error.ts';
import { loadConfig } from '../../src/config/load.ts';
import type { Clock } from '../../src/core/clock.ts';
import { createRateLimits } from '../../src/limits/rate-limits.ts';
import { setPartnerLimits } from '../../src/store/partners.ts';
import { runCli } from '../helpers/cli.ts';
import { captureLogger } from '../helpers/log-capture.ts';
import { findPerson } from '../helpers/people.ts';
import { datasetClock, startTestGateway, TEST_AUDIENCE, type TestGateway } from '../helpers/gateway.ts';

/** A clock that moves only when told to. */
function manualClock(iso: string) {
  let now = Date.parse(iso);
  const clock: Clock = { now: () => now };
  return {
    clock,
    set(at: string) {
      const next = Date.parse(at);
      assert.ok(next >= now, 'the test clock only moves forward');
      now = next;
    },
    advance(ms: number) {
      now += ms;
    },
  };
}

// Small limits so windows fill in a few requests: hospitals 2/s with a burst of 4 (averaged over 4 s: 8 per 4 s),
// ministries 2/s without burst, 3 token requests per minute per client id.
const OVERRIDES = {
  rateLimits: {
    averagingWindowSeconds: 4,
    tokenEndpoint: { perMinute: 3 },
    defaults: { hospital: { perSecond: 2, burst: 4, dailyQuota: 1000 }, ministry: { perSecond: 2, burst: 2, dailyQuota: 1000 } },
  },
};

describe('rate limits and quotas per partner', function () {
  this.timeout(60_000);
  const time = manualClock('2026-11-01T08:00:00.000Z');
  let t: TestGateway;
  let citizenId: string;
  before(async () => {
    t = await startTestGateway({ clock: time.clock, overrides: OVERRIDES, partners: [] });
    citizenId = (await findPerson(t.ts.store, 'valid')).person.citizen_id;
  });
  after(async () => t?.close());

  const lookup = async (partner: string) =>
    request(t.app).get(`/v1/cards/by-citizen/${citizenId}`).set('Authorization', `Bearer ${await t.token(partner)}`);
  const statuses = async (partner: string, n: number) => {
    const out: number[] = [];
    for (let i = 0; i < n; i++) out.push((await lookup(partner)).status);
    return out;
  };

  it('answers 429 rate.limited past the burst, with Retry-After and RateLimit headers, and accepts again the next second', async () => {
    time.set('2026-11-01T08:00:00.000Z');
    await t.addPartner({ id: 'h-burst', kind: 'hospital' });
    const first = await lookup('h-burst');
    assert.equal(first.status, 200);
    assert.equal(first.headers['ratelimit-policy'], '"burst";q=4;w=1, "sustained";q=8;w=4, "daily";q=1000;w=86400');
    assert.equal(first.headers.ratelimit, '"burst";r=3;t=1, "sustained";r=7;t=4, "daily";r=999;t=57600');
    assert.equal(first.headers['retry-after'], undefined);
    assert.deepEqual(await statuses('h-burst', 3), [200, 200, 200]);
    const refused = await lookup('h-burst');
    assert.equal(refused.status, 429);
    assert.match(refused.headers['content-type'] ?? '', /application\/problem\+json/);
    assert.equal(refused.body.code, 'rate.limited');
    assert.equal(refused.body.status, 429);
    assert.match(refused.body.detail, /more than 4 requests in one second/);
    assert.equal(refused.headers['retry-after'], '1');
    assert.equal(refused.headers['ratelimit-policy'], '"burst";q=4;w=1, "sustained";q=8;w=4, "daily";q=1000;w=86400');
    assert.equal(refused.headers.ratelimit, '"burst";r=0;t=1');
    time.advance(1000);
    const again = await lookup('h-burst');
    assert.equal(again.status, 200);
    assert.equal(again.headers.ratelimit, '"burst";r=3;t=1, "sustained";r=3;t=3, "daily";r=995;t=57599');
  });

  it('audits a refused request with the partner and the outcome rate.limited', async () => {
    time.set('2026-11-01T08:10:00.000Z');
    await t.addPartner({ id: 'h-audited', kind: 'ministry' });
    assert.deepEqual(await statuses('h-audited', 2), [200, 200]);
    const refused = await lookup('h-audited');
    assert.equal(refused.status, 429);
    const row = await t.ts.store.db.selectFrom('audit_log').select(['partner_id', 'outcome', 'status']).where('request_id', '=', refused.headers['x-request-id'] as string).executeTakeFirst();
    assert.deepEqual(row, { partner_id: 'h-audited', outcome: 'rate.limited', status: 429 });
  });

  it('counts requests that authorization refuses, since the limit comes first', async () => {
    time.set('2026-11-01T08:20:00.000Z');
    await t.addPartner({ id: 'h-no-scope', kind: 'ministry', scopes: ['participant.read'] });
    const forbidden = await lookup('h-no-scope');
    assert.equal(forbidden.status, 403);
    assert.equal(forbidden.headers.ratelimit, '"burst";r=1;t=1, "daily";r=999;t=56400');
    assert.equal((await lookup('h-no-scope')).status, 403);
    assert.equal((await lookup('h-no-scope')).status, 429);
  });

  it('holds the average to the rate per second over the averaging window', async () => {
    time.set('2026-11-01T09:00:00.000Z');
    await t.addPartner({ id: 'h-sustained', kind: 'hospital' });
    assert.deepEqual(await statuses('h-sustained', 4), [200, 200, 200, 200]);
    time.advance(1000);
    assert.deepEqual(await statuses('h-sustained', 4), [200, 200, 200, 200]);
    time.advance(1000);
    const refused = await lookup('h-sustained');
    assert.equal(refused.status, 429);
    assert.match(refused.body.detail, /more than 8 requests in 4 s \(2 per second on average\)/);
    assert.equal(refused.headers['retry-after'], '2');
    assert.equal(refused.headers.ratelimit, '"sustained";r=0;t=2');
    time.advance(2000);
    assert.equal((await lookup('h-sustained')).status, 200);
  });

  it('refuses a partner whose daily quota is used up until 00:00 UTC, with a Retry-After up to then', async () => {
    time.set('2026-11-01T20:00:00.000Z');
    await t.addPartner({ id: 'h-daily', kind: 'hospital' });
    assert.equal(await setPartnerLimits(t.ts.store, 'h-daily', { dailyQuota: 3 }), true);
    assert.deepEqual(await statuses('h-daily', 3), [200, 200, 200]);
    time.advance(1000);
    const refused = await lookup('h-daily');
    assert.equal(refused.status, 429);
    assert.equal(refused.body.code, 'rate.limited');
    assert.match(refused.body.detail, /daily quota of 3 requests is used up; it renews at 00:00 UTC/);
    assert.equal(refused.headers['retry-after'], String(4 * 3600 - 1));
    assert.equal(refused.headers.ratelimit, `"daily";r=0;t=${4 * 3600 - 1}`);
    assert.match(refused.headers['ratelimit-policy'] ?? '', /"daily";q=3;w=86400/);
    time.set('2026-11-01T23:59:59.000Z');
    assert.equal((await lookup('h-daily')).status, 429);
    time.set('2026-11-02T00:00:00.000Z');
    const nextDay = await lookup('h-daily');
    assert.equal(nextDay.status, 200);
    assert.match(nextDay.headers.ratelimit ?? '', /"daily";r=2;t=86400$/);
  });

  it('counts each partner on its own: one over its limit leaves another untouched', async () => {
    time.set('2026-11-02T01:00:00.000Z');
    await t.addPartner({ id: 'h-noisy', kind: 'hospital' });
    await t.addPartner({ id: 'h-quiet', kind: 'hospital' });
    assert.deepEqual(await statuses('h-noisy', 6), [200, 200, 200, 200, 429, 429]);
    const quiet = await lookup('h-quiet');
    assert.equal(quiet.status, 200);
    assert.match(quiet.headers.ratelimit ?? '', /^"burst";r=3;t=1/);
  });

  it('lets a partner\'s own limits beat the defaults of its kind, either way', async () => {
    time.set('2026-11-02T02:00:00.000Z');
    await t.addPartner({ id: 'h-strict', kind: 'hospital' });
    await t.addPartner({ id: 'h-generous', kind: 'hospital' });
    await setPartnerLimits(t.ts.store, 'h-strict', { perSecond: 1, burst: 1 });
    await setPartnerLimits(t.ts.store, 'h-generous', { perSecond: 10, burst: 10 });
    const strict = await statuses('h-strict', 2);
    assert.deepEqual(strict, [200, 429]);
    assert.deepEqual(await statuses('h-generous', 11), [...Array(10).fill(200), 429]);
    const policy = (await lookup('h-strict')).headers['ratelimit-policy'];
    assert.equal(policy, '"burst";q=1;w=1, "daily";q=1000;w=86400');
  });

  it('applies a limit change made with the CLI on the next request, and --clear brings back the kind\'s defaults', async () => {
    // The daily window: the gateway's clock stands still here while each CLI run takes real seconds.
    time.set('2026-11-02T03:00:00.000Z');
    await t.addPartner({ id: 'h-cli', kind: 'hospital' });
    const env = { VSS_DATA_DIR: t.ts.dataDir, VSS_PUBLIC_URL: TEST_AUDIENCE };
    const cli = (...args: string[]) => {
      const r = runCli(['partners', 'set-limits', 'h-cli', ...args], env);
      assert.equal(r.status, 0, r.stderr);
      return r.stdout;
    };
    assert.deepEqual(await statuses('h-cli', 2), [200, 200]);
    assert.match(cli('--daily-quota', '2'), /partner h-cli limits: 20\/s, burst 40, 2\/day \(own: 2\/day; otherwise the hospital defaults\)/);
    // Each phase in its own second of the gateway's clock, so per-second windows never carry over between phases.
    time.advance(1000);
    const lowered = await lookup('h-cli');
    assert.equal(lowered.status, 429);
    assert.equal(lowered.headers.ratelimit, '"daily";r=0;t=75599');
    cli('--daily-quota', '10');
    time.advance(1000);
    const raised = await lookup('h-cli');
    assert.equal(raised.status, 200);
    assert.match(raised.headers['ratelimit-policy'] ?? '', /"daily";q=10;w=86400$/);
    cli('--clear');
    time.advance(1000);
    const back = await lookup('h-cli');
    assert.equal(back.status, 200);
    assert.match(back.headers['ratelimit-policy'] ?? '', /"daily";q=1000;w=86400$/);
    // 5 counted today: 4 admitted, and the one the lowered quota refused (a refusal counts in the window that refused it).
    assert.match(back.headers.ratelimit ?? '', /"daily";r=995;t=75597$/);
  });

  describe('at the token endpoint', () => {
    const issuer = () => t.config.runtime.publicUrl;
    async function assertion(partnerId: string, privateJwk = t.partners.get(partnerId)?.privateJwk): Promise<string> {
      assert.ok(privateJwk);
      const now = Math.floor(time.clock.now() / 1000);
      return new SignJWT({ iss: partnerId, sub: partnerId, aud: issuer(), iat: now, exp: now + 60, jti: crypto.randomUUID() })
        .setProtectedHeader({ alg: 'ES256', kid: privateJwk.kid as string })
        .sign(await importJWK(privateJwk, 'ES256'));
    }
    const tokenRequest = (clientAssertion: string) =>
      request(t.app).post('/oauth/token').type('form').send({
        grant_type: 'client_credentials', client_assertion_type: JWT_BEARER_ASSERTION, client_assertion: clientAssertion, purpose_of_use: 'treatment',
      });

    it('throttles token requests per client id, failed attempts included, answering 429 in OAuth JSON', async () => {
      time.set('2026-11-02T04:00:30.000Z');
      await t.addPartner({ id: 'h-token', kind: 'hospital' });
      await t.addPartner({ id: 'h-token-other', kind: 'hospital' });
      const ok = await tokenRequest(await assertion('h-token'));
      assert.equal(ok.status, 200, JSON.stringify(ok.body));
      assert.equal(ok.headers['ratelimit-policy'], '"token";q=3;w=60');
      assert.equal(ok.headers.ratelimit, '"token";r=2;t=30');
      const stranger = await generatePartnerKey('ES256');
      for (let i = 0; i < 2; i++) {
        const forged = await tokenRequest(await assertion('h-token', stranger.privateJwk));
        assert.equal(forged.status, 401);
        assert.equal(forged.body.error, 'invalid_client');
      }
      const refused = await tokenRequest(await assertion('h-token'));
      assert.equal(refused.status, 429);
      assert.match(refused.headers['content-type'] ?? '', /application\/json/);
      assert.deepEqual(refused.body, { error: 'invalid_request', error_description: 'too many token requests' });
      assert.equal(refused.headers['retry-after'], '30');
      assert.equal(refused.headers['cache-control'], 'no-store');
      assert.equal(refused.headers.ratelimit, '"token";r=0;t=30');
      assert.equal((await tokenRequest(await assertion('h-token-other'))).status, 200);
      time.advance(30_000);
      assert.equal((await tokenRequest(await assertion('h-token'))).status, 200);
    });

    it('counts an assertion that is not even a JWT against the client_id it names', async () => {
      time.set('2026-11-02T04:10:00.000Z');
      const garbage = () =>
        request(t.app).post('/oauth/token').type('form').send({
          grant_type: 'client_credentials', client_assertion_type: JWT_BEARER_ASSERTION, client_assertion: 'not-a-jwt', client_id: 'guessed-client',
        });
      assert.deepEqual([(await garbage()).status, (await garbage()).status, (await garbage()).status], [401, 401, 401]);
      const refused = await garbage();
      assert.equal(refused.status, 429);
      assert.equal(refused.body.error, 'invalid_request');
    });
  });
});

describe('rate limits on a real clock', function () {
  this.timeout(60_000);
  const clock = datasetClock();
  let t: TestGateway;
  before(async () => {
    t = await startTestGateway({ clock, partners: [{ id: 'h-real', kind: 'hospital' }] });
    await setPartnerLimits(t.ts.store, 'h-real', { perSecond: 2, burst: 2 });
  });
  after(async () => t?.close());

  /** One timer to just after the gateway clock's next whole second. */
  const nextSecond = () => new Promise((resolve) => setTimeout(resolve, 1000 - (clock.now() % 1000) + 20));

  it('refuses a third request within a second at 2 per second, and accepts one once the next second begins', async () => {
    const citizenId = (await findPerson(t.ts.store, 'valid')).person.citizen_id;
    const tokens = await Promise.all([1, 2, 3, 4].map(() => t.token('h-real')));
    const lookup = (token: string | undefined) => request(t.app).get(`/v1/cards/by-citizen/${citizenId}`).set('Authorization', `Bearer ${token}`);
    await nextSecond();
    assert.equal((await lookup(tokens[0])).status, 200);
    assert.equal((await lookup(tokens[1])).status, 200);
    const refused = await lookup(tokens[2]);
    assert.equal(refused.status, 429);
    assert.equal(refused.headers['retry-after'], '1');
    await nextSecond();
    assert.equal((await lookup(tokens[3])).status, 200);
  });
});

describe('rate-limit configuration', () => {
  const config = (overrides: Record<string, unknown>, env: Record<string, string> = {}) =>
    loadConfig({ env: { VSS_DATA_DIR: '/nonexistent', ...env }, adapterSchemas: adapterSchemas(), overrides });
  const deps = () => ({ clock: datasetClock(), log: captureLogger().log, redis: () => assert.fail('no Redis client may be made') });

  it('refuses to start with the Redis store when VSS_REDIS is not set', () => {
    assert.throws(() => createRateLimits(config({ rateLimits: { store: 'redis' } }), deps()), (e: unknown) => {
      assert.ok(e instanceof ConfigError);
      assert.match(e.message, /^config: \/rateLimits\/store is "redis" but VSS_REDIS is not set/);
      return true;
    });
  });

  it('refuses a kind default whose burst is below its rate', () => {
    assert.throws(() => createRateLimits(config({ rateLimits: { defaults: { platform: { perSecond: 100, burst: 50, dailyQuota: 10 } } } }), deps()), /\/rateLimits\/defaults\/platform\/burst must be at least perSecond \(100\)/);
  });

  it('refuses an unknown partner kind and a rate of zero in the file', () => {
    assert.throws(() => config({ rateLimits: { defaults: { bank: { perSecond: 1, burst: 1, dailyQuota: 1 } } } }), /\/rateLimits\/defaults\/bank is not a known setting/);
    assert.throws(() => config({ rateLimits: { defaults: { hospital: { perSecond: 0 } } } }), /\/rateLimits\/defaults\/hospital\/perSecond must be >= 1/);
  });

  it('counts in process memory by default, with realistic defaults for every kind', () => {
    const c = config({});
    assert.equal(c.rateLimits.store, 'memory');
    assert.deepEqual(c.rateLimits.defaults.hospital, { perSecond: 20, burst: 40, dailyQuota: 200_000 });
    assert.equal(c.rateLimits.tokenEndpoint.perMinute, 60);
    assert.equal(createRateLimits(c, deps()).store, 'memory');
  });
});
