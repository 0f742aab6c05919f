import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Migrator } from 'kysely';
import { migrations } from '../../src/store/migrations/index.ts';
import { openStore, type Store } from '../../src/store/open.ts';
import type { AuditEntry } from '../../src/store/audit-writer.ts';

function entry(i: number): AuditEntry {
  return {
    at: `2026-11-01T08:00:0${i}.000Z`, request_id: `req-${i}`, partner_id: 'hospital-a', partner_kind: 'hospital', purpose: 'treatment',
    operation: 'cards.by-citizen', outcome: 'ok', status: 200, field_sets: 'card', subject_key: `subject-${i % 2}`, officer_key: null,
    officer_name: null, hmac_key_id: 'k1', agreement_ref: 'agr-1', export_ref: i === 3 ? 'exp-1' : null, covert_until: null,
    token_jti: `jti-${i}`, token_exp: 1_790_000_000 + i, detail: null,
  };
}

describe('migration 007 (SQLite): the audit log keyed by its sequence number as rowid', () => {
  let dir: string;
  let store: Store;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'vss-audit-rowid-'));
    store = openStore({ dataDir: dir });
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const migrator = () => new Migrator({ db: store.db, provider: { getMigrations: async () => migrations } });

  it('keeps every record with its number and its indexes, and makes seq the rowid', async () => {
    const r = await migrator().migrateTo('006-lists');
    assert.equal(r.error, undefined);
    const before = [1, 2, 3, 5, 8].map((seq, i) => ({ seq, ...entry(i) }));
    await store.db.insertInto('audit_log').values(before).execute();

    const up = await migrator().migrateToLatest();
    assert.equal(up.error, undefined);
    assert.ok(up.results?.some((m) => m.migrationName === '007-audit-rowid' && m.status === 'Success'));

    const after = await store.db.selectFrom('audit_log').selectAll().orderBy('seq').execute();
    assert.deepEqual(after, before);
    const sqlite = store.sqlite as NonNullable<Store['sqlite']>;
    const seqColumn = (sqlite.pragma('table_info(audit_log)') as { name: string; type: string; pk: number }[]).find((c) => c.name === 'seq');
    assert.deepEqual([seqColumn?.type, seqColumn?.pk], ['INTEGER', 1]);
    assert.deepEqual(sqlite.prepare('select count(*) from audit_log where rowid = seq').pluck().get(), before.length);
    const indexes = (sqlite.prepare("select name from sqlite_master where type = 'index' and tbl_name = 'audit_log' order by name").pluck().all() as string[]);
    assert.deepEqual(indexes, ['audit_export_ref', 'audit_subject', 'audit_token_exp'], 'no separate index on seq any more');
  });

  it('goes back to the bigint key with the same records', async () => {
    await migrator().migrateToLatest();
    const rows = [1, 2, 3].map((seq, i) => ({ seq, ...entry(i) }));
    await store.db.insertInto('audit_log').values(rows).execute();
    const down = await migrator().migrateTo('006-lists');
    assert.equal(down.error, undefined);
    assert.deepEqual(await store.db.selectFrom('audit_log').selectAll().orderBy('seq').execute(), rows);
    const sqlite = store.sqlite as NonNullable<Store['sqlite']>;
    const seqColumn = (sqlite.pragma('table_info(audit_log)') as { name: string; type: string }[]).find((c) => c.name === 'seq');
    assert.equal(seqColumn?.type, 'bigint');
  });
});
