import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { adapterSchemas } from '../../src/adapters/registry.ts';
import { ConfigError } from '../../src/config/config-error.ts';
import { loadConfig } from '../../src/config/load.ts';

const dir = mkdtempSync(join(tmpdir(), 'vss-config-'));
function overlay(name: string, content: unknown): string {
  const p = join(dir, name);
  writeFileSync(p, typeof content === 'string' ? content : JSON.stringify(content));
  return p;
}
function load(env: Record<string, string>) {
  return loadConfig({ env, adapterSchemas: adapterSchemas() });
}

describe('configuration', () => {
  it('loads the default file with defaults applied and the environment table', () => {
    const c = load({ PORT: '9090', HOST: '127.0.0.2', VSS_DATA_DIR: '/tmp/x' });
    assert.equal(c.runtime.port, 9090);
    assert.equal(c.runtime.host, '127.0.0.2');
    assert.equal(c.runtime.publicUrl, 'http://127.0.0.2:9090');
    assert.equal(c.runtime.dataDir, '/tmp/x');
    assert.equal(c.runtime.db, undefined);
    assert.equal(c.auth.maxLifetimeSeconds, 300);
    assert.ok(Object.isFrozen(c.auth));
  });

  it('uses VSS_PUBLIC_URL as the public URL without its trailing slash', () => {
    assert.equal(load({ VSS_PUBLIC_URL: 'https://gw.example.vn/' }).runtime.publicUrl, 'https://gw.example.vn');
  });

  it('defaults to 127.0.0.1:8080 and ./data', () => {
    const c = load({});
    assert.equal(c.runtime.port, 8080);
    assert.equal(c.runtime.host, '127.0.0.1');
    assert.equal(c.runtime.dataDir, './data');
  });

  const bad: [string, Record<string, string>, RegExp][] = [
    ['a negative batch size', { VSS_CONFIG: overlay('a.json', { audit: { batchSize: -1 } }) }, /\/audit\/batchSize must be >= 1/],
    ['an unknown setting', { VSS_CONFIG: overlay('b.json', { server: { colour: 'blue' } }) }, /\/server\/colour is not a known setting/],
    ['a string where a number belongs (no coercion)', { VSS_CONFIG: overlay('c.json', { server: { bodyLimitBytes: '1000' } }) }, /\/server\/bodyLimitBytes must be integer/],
    ['an unknown adapter', { VSS_CONFIG: overlay('d.json', { adapters: { x: { use: 'nope' } } }) }, /\/adapters\/x\/use names an unknown adapter/],
    ['a bad adapter block', { VSS_CONFIG: overlay('e.json', { adapters: { insurance: { use: 'insurance-db', timeoutMs: 0 } } }) }, /\/adapters\/insurance\/timeoutMs must be >= 10/],
    ['an unknown field set', { VSS_CONFIG: overlay('f.json', { fieldSets: { salary: ['x'] } }) }, /\/fieldSets\/salary is not a field set name/],
    ['a file that is not JSON', { VSS_CONFIG: overlay('g.json', '{nope') }, /is not valid JSON/],
    ['a missing file', { VSS_CONFIG: join(dir, 'missing.json') }, /cannot be read/],
    ['a bad PORT', { PORT: '80a' }, /PORT must be an integer/],
    ['a non-PostgreSQL VSS_DB', { VSS_DB: 'mysql://x' }, /VSS_DB must be a postgres:\/\/ URL/],
    ['a public URL with a query', { VSS_PUBLIC_URL: 'https://gw.example.vn/?a=1' }, /VSS_PUBLIC_URL must not carry a query/],
  ];
  for (const [what, env, message] of bad) {
    it(`refuses ${what}, naming the field`, () => {
      assert.throws(() => load(env), (e: unknown) => e instanceof ConfigError && message.test(e.message) && e.exitCode === 78);
    });
  }

  it('stops the process with exit code 78 and one message on a bad file', () => {
    const r = spawnSync(process.execPath, ['bin/vss-gateway.js', 'db', 'migrate'], {
      env: { ...process.env, VSS_CONFIG: overlay('h.json', { audit: { flushMs: 'soon' } }), VSS_DATA_DIR: dir },
      encoding: 'utf8',
    });
    assert.equal(r.status, 78);
    assert.match(r.stderr.trim(), /^config: \/audit\/flushMs must be integer \(from config\/default\.json \+ .*h\.json\)$/);
  });
});
