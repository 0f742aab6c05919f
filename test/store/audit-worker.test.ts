import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { AuditWriter, type AuditEntry } from '../../src/store/audit-writer.ts';
import { openStore } from '../../src/store/open.ts';
import { openTestStore, type TestStore } from '../helpers/stores.ts';

function entry(i: number): AuditEntry {
  return {
    at: new Date(0).toISOString(), request_id: `r${i}`, partner_id: 'p', partner_kind: 'hospital', purpose: 'treatment', operation: 'op',
    outcome: 'ok', status: 200, field_sets: 'card', subject_key: null, officer_key: null, officer_name: null, hmac_key_id: 'k',
    agreement_ref: null, export_ref: null, covert_until: null, token_jti: `j${i}`, token_exp: 1_900_000_000, detail: null,
  };
}

describe('audit writer on a SQLite file (worker thread commits)', function () {
  this.timeout(30_000);
  let ts: TestStore;
  beforeEach(async () => {
    ts = await openTestStore('sqlite');
  });
  afterEach(async () => ts?.dispose());

  it('keeps sequence numbers gap-free and unique when two writers on two connections commit to one file at once', async () => {
    const other = openStore({ dataDir: ts.dataDir });
    try {
      const a = new AuditWriter(ts.store, { batchSize: 7, flushMs: 1 });
      const b = new AuditWriter(other, { batchSize: 5, flushMs: 1 });
      const seqs = await Promise.all(Array.from({ length: 300 }, (_, i) => (i % 2 === 0 ? a : b).append(entry(i))));
      await Promise.all([a.close(), b.close()]);
      assert.deepEqual([...seqs].sort((x, y) => x - y), Array.from({ length: 300 }, (_, i) => i + 1));
      const rows = await ts.store.db.selectFrom('audit_log').select(['seq', 'request_id']).orderBy('seq').execute();
      assert.deepEqual(rows.map((r) => r.seq), Array.from({ length: 300 }, (_, i) => i + 1));
      const bySeq = new Map(rows.map((r) => [r.seq, r.request_id]));
      seqs.forEach((seq, i) => assert.equal(bySeq.get(seq), `r${i}`, `append ${i} resolved with the sequence number of its own row`));
    } finally {
      await other.close();
    }
  });

  it('writes every column of the entry as given', async () => {
    const w = new AuditWriter(ts.store, { batchSize: 10, flushMs: 1 });
    const given: AuditEntry = {
      ...entry(1), partner_id: null, subject_key: 'subj', officer_key: 'off', officer_name: 'Lê Thị Bình', agreement_ref: 'AGR-1',
      export_ref: 'exp-1', covert_until: '2027-01-01', detail: '{"resultCode":"000"}',
    };
    const seq = await w.append(given);
    await w.close();
    const row = await ts.store.db.selectFrom('audit_log').selectAll().where('seq', '=', seq).executeTakeFirstOrThrow();
    assert.deepEqual(row, { seq, ...given });
  });

  it('does not keep the process alive: a writer that committed and closed lets a script end by itself', async () => {
    const script = `
      const { openStore } = await import(${JSON.stringify(new URL('../../src/store/open.ts', import.meta.url).href)});
      const { AuditWriter } = await import(${JSON.stringify(new URL('../../src/store/audit-writer.ts', import.meta.url).href)});
      const store = openStore({ dataDir: process.argv[1] });
      const w = new AuditWriter(store, { batchSize: 10, flushMs: 1 });
      const entry = ${JSON.stringify(entry(7))};
      console.log('seq', await w.append(entry));
      await w.close();
      await store.close();
    `;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script, ts.dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    assert.equal(code, 0, out);
    assert.match(out, /^seq 1$/m);
  });
});
