import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import request from 'supertest';
import { MemoryReplayStore } from '../../src/auth/replay-store.ts';
import type { Clock } from '../../src/core/clock.ts';
import { createGateway, type Gateway } from '../../src/gateway.ts';
import { setPartnerLimits } from '../../src/store/partners.ts';
import { captureLogger } from '../helpers/log-capture.ts';
import { findPerson } from '../helpers/people.ts';
import { startTestGateway, type TestGateway } from '../helpers/gateway.ts';

const REDIS_URL = 'redis://127.0.0.1:6379';

async function deleteKeys(redis: Redis, prefix: string): Promise<number> {
  let deleted = 0;
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
    cursor = next;
    if (keys.length > 0) deleted += await redis.del(...keys);
  } while (cursor !== '0');
  return deleted;
}

describe('rate limits in Redis', function () {
  this.timeout(60_000);
  const prefix = `vss:rl:test:${process.pid}:${randomBytes(4).toString('hex')}`;
  let now = Date.parse('2026-11-01T08:00:00.000Z');
  const clock: Clock = { now: () => now };
  const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  let t: TestGateway;
  let second: Gateway;
  let citizenId: string;

  before(async () => {
    await redis.connect();
    t = await startTestGateway({
      clock,
      env: { VSS_REDIS: REDIS_URL },
      overrides: { rateLimits: { store: 'redis', keyPrefix: prefix, tokenEndpoint: { perMinute: 2 } } },
      partners: [{ id: 'h-shared', kind: 'hospital' }, { id: 'h-other', kind: 'hospital' }],
    });
    await setPartnerLimits(t.ts.store, 'h-shared', { perSecond: 2, burst: 2 });
    // A second gateway instance on the same store and the same Redis.
    second = await createGateway({ config: t.config, store: t.ts.store, log: captureLogger().log, replay: new MemoryReplayStore(), clock });
    citizenId = (await findPerson(t.ts.store, 'valid')).person.citizen_id;
  });
  after(async () => {
    await second?.drain();
    await t?.close();
    await deleteKeys(redis, prefix);
    await redis.quit();
  });

  const lookup = async (app: Gateway['app'], partner: string) =>
    request(app).get(`/v1/cards/by-citizen/${citizenId}`).set('Authorization', `Bearer ${await t.token(partner)}`);

  it('shares the counts between gateway instances through Redis', async () => {
    assert.equal((await lookup(t.app, 'h-shared')).status, 200);
    assert.equal((await lookup(second.app, 'h-shared')).status, 200);
    const refused = await lookup(second.app, 'h-shared');
    assert.equal(refused.status, 429);
    assert.equal(refused.body.code, 'rate.limited');
    assert.equal(refused.headers['retry-after'], '1');
    assert.equal(refused.headers.ratelimit, '"burst";r=0;t=1');
    assert.equal((await lookup(t.app, 'h-other')).status, 200, 'another partner is not affected');
    now += 1000;
    assert.equal((await lookup(t.app, 'h-shared')).status, 200);
  });

  it('keeps its counters under the configured key prefix, with an expiry', async () => {
    const [, keys] = await redis.scan('0', 'MATCH', `${prefix}:p:h-shared:burst:*`, 'COUNT', 1000);
    assert.ok(keys.length >= 1, 'burst counters are in Redis');
    const daily = `${prefix}:p:h-shared:daily:86400:${Math.floor(now / 86_400_000)}`;
    assert.equal(await redis.get(daily), '3', 'three requests admitted; the one refused for its burst is not counted against the day');
    const ttl = await redis.ttl(daily);
    assert.ok(ttl > 0 && ttl <= 16 * 3600 + 2, `daily counter expires by the end of the day (ttl ${ttl})`);
  });

  it('counts token requests per client id in Redis too', async () => {
    const form = { grant_type: 'client_credentials', client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: 'x', client_id: 'h-other' };
    assert.equal((await request(t.app).post('/oauth/token').type('form').send(form)).status, 401);
    assert.equal((await request(second.app).post('/oauth/token').type('form').send(form)).status, 401);
    const refused = await request(t.app).post('/oauth/token').type('form').send(form);
    assert.equal(refused.status, 429);
    assert.equal(refused.body.error, 'invalid_request');
  });
});

describe('rate limits when Redis cannot be reached', function () {
  this.timeout(60_000);
  let t: TestGateway;
  before(async () => {
    t = await startTestGateway({
      clock: { now: () => Date.parse('2026-11-01T08:00:00.000Z') },
      env: { VSS_REDIS: 'redis://127.0.0.1:1' },
      overrides: { rateLimits: { store: 'redis', keyPrefix: 'vss:rl:unreachable', redisTimeoutMs: 100 } },
      partners: [{ id: 'h-fallback', kind: 'hospital' }],
    });
    await setPartnerLimits(t.ts.store, 'h-fallback', { perSecond: 1, burst: 1 });
  });
  after(async () => t?.close());

  it('keeps limiting, counting in process memory, and says so in the log', async () => {
    const citizenId = (await findPerson(t.ts.store, 'valid')).person.citizen_id;
    const lookup = async () => request(t.app).get(`/v1/cards/by-citizen/${citizenId}`).set('Authorization', `Bearer ${await t.token('h-fallback')}`);
    assert.equal((await lookup()).status, 200);
    const refused = await lookup();
    assert.equal(refused.status, 429);
    assert.equal(refused.body.code, 'rate.limited');
    assert.match(t.logs.text(), /rate-limit store unavailable: counting in process memory/);
  });
});
