import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCli } from '../helpers/cli.ts';

describe('npm start', function () {
  this.timeout(180_000);

  it('seeds an empty store, registers the demo hospital, prints a working curl and stops cleanly on SIGINT', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'vss-start-'));
    const overlay = join(dataDir, 'small.json');
    writeFileSync(overlay, JSON.stringify({ dataset: { demoCount: 2000 } }));
    const run = startCli(['start'], { VSS_DATA_DIR: dataDir, PORT: '0', VSS_CONFIG: overlay }, /curl -s .*\n/);
    const out = await run.started;
    const m = /curl -s -H "Authorization: Bearer ([^"]+)" (http:\/\/\S+)/.exec(out);
    assert.ok(m, out);
    const res = await fetch(m[2] as string, { headers: { Authorization: `Bearer ${m[1]}` } });
    assert.equal(res.status, 200);
    const body = (await res.json()) as { resultCode: string; cardCode: string };
    assert.equal(body.resultCode, '000');
    assert.match(body.cardCode, /^[A-Z]{2}[1-5]\d{12}$/);
    assert.match(out, /npx vss-gateway token --partner demo-hospital --key /);
    run.child.kill('SIGINT');
    assert.equal(await run.exited, 0);
    assert.match(run.output().stderr, /stopped cleanly/);
  });
});
