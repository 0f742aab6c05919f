import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.ts';

describe('the vss-gateway command', function () {
  this.timeout(120_000);
  const dataDir = mkdtempSync(join(tmpdir(), 'vss-cli-'));
  const env = { VSS_DATA_DIR: dataDir, VSS_PUBLIC_URL: 'http://gateway.test' };
  const keyDir = join(dataDir, 'keys', 'hospital-b');

  it('has --help on every command', () => {
    for (const args of [[], ['start'], ['db'], ['db', 'migrate'], ['seed'], ['keys', 'generate'], ['partners'], ['partners', 'add'], ['partners', 'list'], ['partners', 'show'], ['partners', 'disable'], ['partners', 'rotate-key'], ['token']]) {
      const r = runCli([...args, '--help'], env);
      assert.equal(r.status, 0, `${args.join(' ')} --help`);
      assert.match(r.stdout, /Usage: vss-gateway/);
    }
  });

  it('migrates the store on demand', () => {
    const r = runCli(['db', 'migrate'], env);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /latest schema/);
  });

  it('generates a key pair with the private JWK readable only by its owner', () => {
    const r = runCli(['keys', 'generate', '--alg', 'ES256', '--out', keyDir], env);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(statSync(join(keyDir, 'private.jwk.json')).mode & 0o777, 0o600);
    const jwks = JSON.parse(readFileSync(join(keyDir, 'jwks.json'), 'utf8')) as { keys: { d?: string; kid: string }[] };
    assert.equal(jwks.keys.length, 1);
    assert.equal(jwks.keys[0]?.d, undefined);
  });

  it('refuses to overwrite an existing private key', () => {
    const r = runCli(['keys', 'generate', '--alg', 'EdDSA', '--out', keyDir], env);
    assert.equal(r.status, 73);
  });

  it('adds, lists, shows and disables a partner', () => {
    const add = runCli(['partners', 'add', '--id', 'hospital-b', '--name', 'Bệnh viện B', '--kind', 'hospital', '--province', '01',
      '--scopes', 'card.check', '--purposes', 'treatment,claims', '--field-sets', 'identity,card', '--jwks', join(keyDir, 'jwks.json')], env);
    assert.equal(add.status, 0, add.stderr);
    const list = runCli(['partners', 'list'], env);
    assert.match(list.stdout, /hospital-b\s+hospital\s+01\s+active\s+card\.check\s+1/);
    const show = JSON.parse(runCli(['partners', 'show', 'hospital-b'], env).stdout) as { name: string; purposes: string[] };
    assert.equal(show.name, 'Bệnh viện B');
    assert.deepEqual(show.purposes, ['treatment', 'claims']);
    assert.equal(runCli(['partners', 'disable', 'hospital-b'], env).status, 0);
    assert.match(runCli(['partners', 'list'], env).stdout, /hospital-b.*disabled/);
  });

  const bad: [string, string[], number, RegExp][] = [
    ['an unknown kind', ['--kind', 'bank'], 64, /--kind must be one of/],
    ['an unknown scope', ['--scopes', 'card.write'], 64, /"card.write" is not one of/],
    ['an unknown purpose', ['--purposes', 'marketing'], 64, /"marketing" is not one of/],
    ['an unknown field set', ['--field-sets', 'salary'], 64, /"salary" is not one of/],
    ['a health department without a province', ['--kind', 'health-department'], 64, /--province is required/],
    ['a JWKS file that is not JSON', ['--jwks', 'package-lock.json.nope'], 66, /cannot read/],
  ];
  for (const [what, override, code, message] of bad) {
    it(`refuses a partner with ${what}`, () => {
      const args: Record<string, string> = {
        '--id': 'x-1', '--name': 'X', '--kind': 'hospital', '--scopes': 'card.check', '--purposes': 'treatment', '--field-sets': 'card', '--jwks': join(keyDir, 'jwks.json'),
      };
      for (let i = 0; i < override.length; i += 2) args[override[i] as string] = override[i + 1] as string;
      const r = runCli(['partners', 'add', ...Object.entries(args).flat()], env);
      assert.equal(r.status, code, r.stderr);
      assert.match(r.stderr, message);
    });
  }

  it('mints a token with the partner key, refusing a lifetime over the maximum', () => {
    const ok = runCli(['token', '--partner', 'hospital-b', '--key', join(keyDir, 'private.jwk.json'), '--scope', 'card.check', '--purpose', 'treatment'], env);
    assert.equal(ok.status, 0, ok.stderr);
    const [h, p] = ok.stdout.trim().split('.');
    assert.deepEqual(Object.keys(JSON.parse(Buffer.from(h ?? '', 'base64url').toString())).sort(), ['alg', 'kid']);
    const claims = JSON.parse(Buffer.from(p ?? '', 'base64url').toString()) as Record<string, unknown>;
    assert.equal(claims.iss, 'hospital-b');
    assert.equal(claims.aud, 'http://gateway.test');
    assert.equal(claims.purpose_of_use, 'treatment');
    const tooLong = runCli(['token', '--partner', 'hospital-b', '--key', join(keyDir, 'private.jwk.json'), '--scope', 'card.check', '--purpose', 'treatment', '--ttl', '3600'], env);
    assert.equal(tooLong.status, 64);
  });
});
