import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.ts';

describe('partner rate limits from the vss-gateway command', function () {
  this.timeout(120_000);
  const dataDir = mkdtempSync(join(tmpdir(), 'vss-limits-cli-'));
  const env = { VSS_DATA_DIR: dataDir, VSS_PUBLIC_URL: 'http://gateway.test' };
  const jwks = join(dataDir, 'keys', 'jwks.json');
  const addArgs = (id: string, extra: string[] = []) => [
    'partners', 'add', '--id', id, '--name', `Partner ${id}`, '--kind', 'hospital', '--scopes', 'card.check', '--purposes', 'treatment',
    '--field-sets', 'card', '--jwks', jwks, ...extra,
  ];
  const show = (id: string) => JSON.parse(runCli(['partners', 'show', id], env).stdout) as { limits: unknown; effectiveLimits: unknown };

  before(() => {
    const keys = runCli(['keys', 'generate', '--alg', 'ES256', '--out', join(dataDir, 'keys')], env);
    assert.equal(keys.status, 0, keys.stderr);
  });
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  it('describes the limit options in --help', () => {
    const setLimits = runCli(['partners', 'set-limits', '--help'], env);
    assert.equal(setLimits.status, 0);
    assert.match(setLimits.stdout, /Usage: vss-gateway partners set-limits \[options\] <id>/);
    for (const flag of ['--rate-per-second <n>', '--burst <n>', '--daily-quota <n>', '--clear']) assert.ok(setLimits.stdout.includes(flag), flag);
    assert.match(setLimits.stdout.replace(/\s+/g, ' '), /overrides the default of the partner's kind/);
    const add = runCli(['partners', 'add', '--help'], env);
    for (const flag of ['--rate-per-second <n>', '--burst <n>', '--daily-quota <n>']) assert.ok(add.stdout.includes(flag), flag);
  });

  it('adds a partner with its own limits and shows them with the limits in force', () => {
    const r = runCli(addArgs('h-limited', ['--rate-per-second', '5', '--burst', '10', '--daily-quota', '5000']), env);
    assert.equal(r.status, 0, r.stderr);
    const p = show('h-limited');
    assert.deepEqual(p.limits, { perSecond: 5, burst: 10, dailyQuota: 5000 });
    assert.deepEqual(p.effectiveLimits, { perSecond: 5, burst: 10, dailyQuota: 5000 });
  });

  it('shows the defaults of the kind for a partner without its own limits', () => {
    assert.equal(runCli(addArgs('h-default'), env).status, 0);
    const p = show('h-default');
    assert.deepEqual(p.limits, { perSecond: null, burst: null, dailyQuota: null });
    assert.deepEqual(p.effectiveLimits, { perSecond: 20, burst: 40, dailyQuota: 200000 });
  });

  it('changes only the limits given, and --clear removes them all', () => {
    const r = runCli(['partners', 'set-limits', 'h-limited', '--daily-quota', '9000'], env);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /partner h-limited limits: 5\/s, burst 10, 9000\/day \(own: 5\/s, burst 10, 9000\/day/);
    assert.deepEqual(show('h-limited').limits, { perSecond: 5, burst: 10, dailyQuota: 9000 });
    const clear = runCli(['partners', 'set-limits', 'h-limited', '--clear', '--burst', '60'], env);
    assert.equal(clear.status, 0, clear.stderr);
    assert.deepEqual(show('h-limited').limits, { perSecond: null, burst: 60, dailyQuota: null });
    assert.deepEqual(show('h-limited').effectiveLimits, { perSecond: 20, burst: 60, dailyQuota: 200000 });
  });

  const bad: [string, string[], number, RegExp][] = [
    ['a burst of zero', ['h-default', '--burst', '0'], 64, /--burst must be an integer from 1 to 1000000/],
    ['a rate that is not an integer', ['h-default', '--rate-per-second', '2.5'], 64, /--rate-per-second must be an integer from 1 to 100000/],
    ['a burst below the rate', ['h-default', '--rate-per-second', '50', '--burst', '10'], 64, /--burst \(10\) must be at least --rate-per-second \(50\)/],
    ['a burst below the kind\'s default rate', ['h-default', '--burst', '10'], 64, /--burst \(10\) must be at least the kind's default rate \(20\/s\)/],
    ['no option at all', ['h-default'], 64, /give at least one of/],
    ['an unknown partner', ['nobody', '--burst', '50'], 65, /no partner nobody/],
  ];
  for (const [what, args, code, message] of bad) {
    it(`refuses ${what}`, () => {
      const r = runCli(['partners', 'set-limits', ...args], env);
      assert.equal(r.status, code, r.stderr);
      assert.match(r.stderr, message);
    });
  }

  it('refuses to add a partner whose burst is below its rate', () => {
    const r = runCli(addArgs('h-bad', ['--rate-per-second', '30', '--burst', '20']), env);
    assert.equal(r.status, 64);
    assert.match(r.stderr, /--burst \(20\) must be at least --rate-per-second \(30\)/);
  });
});
