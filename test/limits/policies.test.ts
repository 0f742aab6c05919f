import assert from 'node:assert/strict';
import { effectiveLimits, partnerPolicies, policyHeader, rateLimitHeader, secondsUntil, windowAt } from '../../src/limits/policies.ts';
import { claimedClientId, UNNAMED_CLIENT } from '../../src/limits/token-client.ts';

const hospital = { perSecond: 20, burst: 40, dailyQuota: 200_000 };

describe('rate-limit policies', () => {
  it('takes a partner\'s own non-null limits over its kind\'s defaults', () => {
    assert.deepEqual(effectiveLimits(hospital, undefined), hospital);
    assert.deepEqual(effectiveLimits(hospital, { perSecond: null, burst: 80, dailyQuota: null }), { perSecond: 20, burst: 80, dailyQuota: 200_000 });
    assert.deepEqual(effectiveLimits(hospital, { dailyQuota: 5 }), { perSecond: 20, burst: 40, dailyQuota: 5 });
  });

  it('raises a burst below the rate to the rate', () => {
    assert.deepEqual(effectiveLimits(hospital, { perSecond: 100 }), { perSecond: 100, burst: 100, dailyQuota: 200_000 });
  });

  it('enforces the rate on average over the averaging window, and the burst per second', () => {
    assert.deepEqual(partnerPolicies(hospital, 10), [
      { name: 'burst', quota: 40, windowSeconds: 1 },
      { name: 'sustained', quota: 200, windowSeconds: 10 },
      { name: 'daily', quota: 200_000, windowSeconds: 86_400 },
    ]);
  });

  it('lengthens the averaging window until a full burst fits in it', () => {
    const sustained = partnerPolicies({ perSecond: 2, burst: 50, dailyQuota: 9 }, 10).find((p) => p.name === 'sustained');
    assert.deepEqual(sustained, { name: 'sustained', quota: 50, windowSeconds: 25 });
  });

  it('has no sustained window when the burst equals the rate', () => {
    assert.deepEqual(partnerPolicies({ perSecond: 5, burst: 5, dailyQuota: 9 }, 10).map((p) => p.name), ['burst', 'daily']);
  });

  it('aligns windows on the clock, the daily one on 00:00 UTC', () => {
    const at = Date.parse('2026-11-01T17:00:00.250Z');
    const day = windowAt(86_400, at);
    assert.equal(new Date(day.endsAtMs).toISOString(), '2026-11-02T00:00:00.000Z');
    assert.equal(secondsUntil(day.endsAtMs, at), 7 * 3600);
    const second = windowAt(1, at);
    assert.equal(second.endsAtMs - at, 750);
    assert.equal(secondsUntil(second.endsAtMs, at), 1);
    assert.equal(secondsUntil(at, at), 1, 'never a Retry-After of 0');
  });

  it('writes RateLimit-Policy and RateLimit as draft-ietf-httpapi-ratelimit-headers lists', () => {
    const policies = partnerPolicies(hospital, 10);
    assert.equal(policyHeader(policies), '"burst";q=40;w=1, "sustained";q=200;w=10, "daily";q=200000;w=86400');
    const [burst] = policies;
    assert.ok(burst);
    assert.equal(rateLimitHeader([{ policy: burst, count: 41, resetSeconds: 1 }]), '"burst";r=0;t=1');
    assert.equal(rateLimitHeader([{ policy: burst, count: 1, resetSeconds: 1 }]), '"burst";r=39;t=1');
  });
});

describe('the client id a token request counts against', () => {
  const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const assertion = (payload: unknown) => `${b64({ alg: 'ES256', kid: 'k' })}.${b64(payload)}.c2ln`;

  it('is the assertion\'s iss, read without verifying the signature', () => {
    assert.equal(claimedClientId({ client_assertion: assertion({ iss: 'hospital-a' }) }), 'hospital-a');
  });

  it('prefers the assertion\'s iss over the client_id parameter', () => {
    assert.equal(claimedClientId({ client_assertion: assertion({ iss: 'hospital-a' }), client_id: 'hospital-b' }), 'hospital-a');
  });

  it('falls back to client_id when the assertion names no plausible client', () => {
    assert.equal(claimedClientId({ client_assertion: assertion({ iss: 'NOT A PARTNER' }), client_id: 'hospital-b' }), 'hospital-b');
    assert.equal(claimedClientId({ client_assertion: 'garbage', client_id: 'hospital-b' }), 'hospital-b');
  });

  it('puts requests that name nobody on one shared counter', () => {
    assert.equal(claimedClientId({}), UNNAMED_CLIENT);
    assert.equal(claimedClientId({ client_assertion: assertion(['iss']) }), UNNAMED_CLIENT);
    assert.equal(claimedClientId({ client_id: ['a', 'b'] }), UNNAMED_CLIENT);
  });
});
