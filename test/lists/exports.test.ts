import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { appendFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import request from 'supertest';
import type { Clock } from '../../src/core/clock.ts';
import { createGateway } from '../../src/gateway.ts';
import { exportsDir } from '../../src/jobs/list-jobs.ts';
import { runCli } from '../helpers/cli.ts';
import { AS_OF, DEFAULT_PARTNERS, startTestGateway, type TestGateway } from '../helpers/gateway.ts';
import { captureLogger } from '../helpers/log-capture.ts';
import { bearer, createExport, DEPT_79, exportFile, exportStatus, finishedExport, LIST_OVERRIDES, listStream } from './helpers.ts';

const DAY = '2026-11-01';
const QUERY = { referenceDate: DAY, age: { min: 40 } };

/** A clock the test moves forward (to pass a file's retention). */
function movableClock(): Clock & { advance(ms: number): void } {
  const base = Date.parse(`${AS_OF}T08:00:00Z`);
  const started = Date.now();
  let offset = 0;
  return { now: () => base + (Date.now() - started) + offset, advance: (ms) => (offset += ms) };
}

describe('export jobs', function () {
  this.timeout(120_000);
  let t: TestGateway;
  const clock = movableClock();

  before(async () => {
    t = await startTestGateway({ seedCount: 1500, seedProvince: '79', partners: [...DEFAULT_PARTNERS, DEPT_79], overrides: LIST_OVERRIDES, clock });
  });
  after(async () => t?.close());

  it('answers 202 with the job URL, shows progress, and serves a file identical to the NDJSON stream', async () => {
    const created = await createExport(t, { ...QUERY, format: 'ndjson' });
    assert.equal(created.status, 202);
    assert.match(created.body.id, /^exp_[A-Za-z0-9_-]{22}$/);
    assert.equal(created.headers.location, created.body.statusUrl);
    assert.ok(created.body.statusUrl.endsWith(`/v1/exports/${created.body.id}`));
    assert.ok(['queued', 'running'].includes(created.body.state));
    const done = await finishedExport(t, created.body.id);
    assert.equal(done.state, 'ready');
    const progress = done.progress as { rowsDone: number; rowsEstimated: number; percent: number };
    assert.equal(progress.rowsDone, progress.rowsEstimated);
    assert.equal(progress.percent, 100);
    const download = done.download as { url: string; bytes: number; sha256: string; mediaType: string };
    assert.equal(download.url, `${created.body.statusUrl}/file`);
    const file = await exportFile(t, created.body.id);
    assert.equal(file.status, 200);
    assert.equal(file.headers['content-type'], 'application/x-ndjson; charset=utf-8');
    assert.equal(Number(file.headers['content-length']), download.bytes);
    const stream = await listStream(t, QUERY, 'application/x-ndjson');
    assert.equal((file.body as Buffer).toString('utf8'), stream.text);
    assert.equal(stream.text.split('\n').length - 1, progress.rowsDone);
  });

  it('stores a gzipped CSV when asked, and a broken download resumes with Range into a byte-identical file', async () => {
    const created = await createExport(t, { ...QUERY, format: 'csv', gzip: true });
    const done = await finishedExport(t, created.body.id);
    assert.equal(done.state, 'ready');
    const full = (await exportFile(t, created.body.id)).body as Buffer;
    assert.equal(full.length, (done.download as { bytes: number }).bytes);
    const csv = await listStream(t, QUERY, 'text/csv');
    assert.equal(gunzipSync(full).toString('utf8'), csv.text);

    const cut = Math.floor(full.length / 3);
    const first = await exportFile(t, created.body.id, { Range: `bytes=0-${cut - 1}` });
    assert.equal(first.status, 206);
    assert.equal(first.headers['content-range'], `bytes 0-${cut - 1}/${full.length}`);
    const etag = first.headers.etag as string;
    const rest = await exportFile(t, created.body.id, { Range: `bytes=${cut}-`, 'If-Range': etag });
    assert.equal(rest.status, 206);
    assert.equal(rest.headers['content-range'], `bytes ${cut}-${full.length - 1}/${full.length}`);
    assert.ok(Buffer.concat([first.body as Buffer, rest.body as Buffer]).equals(full));

    const tail = await exportFile(t, created.body.id, { Range: 'bytes=-100' });
    assert.equal(tail.status, 206);
    assert.ok((tail.body as Buffer).equals(full.subarray(full.length - 100)));
    const stale = await exportFile(t, created.body.id, { Range: `bytes=${cut}-`, 'If-Range': '"another-version"' });
    assert.equal(stale.status, 200);
    assert.ok((stale.body as Buffer).equals(full));
    const beyond = await exportFile(t, created.body.id, { Range: `bytes=${full.length}-` });
    assert.equal(beyond.status, 416);
    assert.equal(beyond.headers['content-range'], `bytes */${full.length}`);
    assert.equal(JSON.parse((beyond.body as Buffer).toString('utf8')).code, 'export.range_not_satisfiable');
  });

  it('cancels: a ready job loses its file, and cancelling again changes nothing', async () => {
    const created = await createExport(t, { ...QUERY, format: 'csv' });
    await finishedExport(t, created.body.id);
    const path = join(exportsDir(t.config), `${created.body.id}.csv`);
    assert.ok(existsSync(path));
    const cancel = await request(t.app).delete(`/v1/exports/${created.body.id}`).set('Authorization', await bearer(t, DEPT_79.id));
    assert.equal(cancel.status, 200);
    assert.equal(cancel.body.state, 'cancelled');
    assert.equal(cancel.body.download, undefined);
    assert.ok(!existsSync(path));
    const file = await exportFile(t, created.body.id);
    assert.equal(file.status, 409);
    const again = await request(t.app).delete(`/v1/exports/${created.body.id}`).set('Authorization', await bearer(t, DEPT_79.id));
    assert.equal(again.body.state, 'cancelled');
  });

  it('deletes files once their retention has passed (410 afterwards), and only those', async () => {
    const old = await createExport(t, { ...QUERY, format: 'ndjson' });
    await finishedExport(t, old.body.id);
    clock.advance((t.config.exports.retentionHours - 1) * 3600_000);
    const fresh = await createExport(t, { ...QUERY, format: 'ndjson' });
    await finishedExport(t, fresh.body.id);
    clock.advance(2 * 3600_000);
    assert.ok(await t.gateway.lists.exports.sweep() >= 1);
    assert.ok(!existsSync(join(exportsDir(t.config), `${old.body.id}.ndjson`)));
    assert.equal((await exportStatus(t, old.body.id)).body.state, 'expired');
    const gone = await exportFile(t, old.body.id);
    assert.equal(gone.status, 410);
    assert.equal(JSON.parse((gone.body as Buffer).toString('utf8')).code, 'export.expired');
    assert.equal((await exportStatus(t, fresh.body.id)).body.state, 'ready');
    assert.equal((await exportFile(t, fresh.body.id)).status, 200);
  });

  it('lists and cancels jobs from the command line', async () => {
    const created = await createExport(t, { ...QUERY, format: 'ndjson' });
    await finishedExport(t, created.body.id);
    const env = { VSS_DATA_DIR: t.ts.dataDir };
    const list = runCli(['exports', 'list', '--json', '--partner', DEPT_79.id], env);
    assert.equal(list.status, 0, list.stderr);
    const jobs = JSON.parse(list.stdout) as { id: string; state: string }[];
    assert.equal(jobs.find((j) => j.id === created.body.id)?.state, 'ready');
    const table = runCli(['exports', 'list', '--state', 'ready'], env);
    assert.match(table.stdout, new RegExp(created.body.id));
    const cancel = runCli(['exports', 'cancel', created.body.id], env);
    assert.equal(cancel.status, 0, cancel.stderr);
    assert.match(cancel.stdout, /cancelled \(it was ready\)/);
    assert.equal((await exportStatus(t, created.body.id)).body.state, 'cancelled');
    assert.equal(runCli(['exports', 'cancel', 'exp_AAAAAAAAAAAAAAAAAAAAAA'], env).status, 65);
    assert.equal(runCli(['exports', 'cancel', 'nonsense'], env).status, 64);
  });
});

describe('an export job interrupted by a restart', function () {
  this.timeout(180_000);
  // Small batches and segments: many checkpoints, so the job is stopped between two of them.
  const overrides = { ...LIST_OVERRIDES, adapters: { insurance: { use: 'insurance-db', lists: { batchSize: 100 } } }, exports: { segmentBytes: 65_536 } };

  async function interruptedJob(t: TestGateway): Promise<{ id: string; rowsDone: number }> {
    const created = await createExport(t, { referenceDate: DAY, format: 'ndjson' });
    assert.equal(created.status, 202);
    for (let k = 0; k < 100_000; k++) {
      await new Promise((resolve) => setImmediate(resolve)); // let the worker's timers run between two looks
      const job = await t.ts.store.db.selectFrom('export_jobs').select(['state', 'rows_done']).where('id', '=', created.body.id).executeTakeFirstOrThrow();
      assert.equal(job.state === 'ready', false, 'the job ended before it could be interrupted');
      if (job.state === 'running' && Number(job.rows_done) > 0) break;
    }
    await t.gateway.lists.exports.stop(); // the process goes away: the job stays as it was at its last checkpoint
    const job = await t.ts.store.db.selectFrom('export_jobs').selectAll().where('id', '=', created.body.id).executeTakeFirstOrThrow();
    assert.equal(job.state, 'running');
    return { id: created.body.id, rowsDone: Number(job.rows_done) };
  }

  async function restart(t: TestGateway) {
    return createGateway({ config: t.config, store: t.ts.store, log: captureLogger().log, clock: { now: () => t.nowSeconds() * 1000 } });
  }

  it('resumes from its last checkpoint after the restart, into the same file a single run makes', async () => {
    const t = await startTestGateway({ seedCount: 2500, seedProvince: '79', partners: [...DEFAULT_PARTNERS, DEPT_79], overrides });
    try {
      const { id, rowsDone } = await interruptedJob(t);
      const total = (await t.ts.store.db.selectFrom('people').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n;
      assert.ok(rowsDone < Number(total));
      // Bytes written after the last checkpoint, as a crash would leave them: cut away on resume.
      await appendFile(join(exportsDir(t.config), `${id}.ndjson`), '{"half a row');
      const again = await restart(t);
      try {
        const app = again.app;
        let state = '';
        for (let k = 0; k < 5000 && state !== 'ready'; k++) {
          const res = await request(app).get(`/v1/exports/${id}`).set('Authorization', await bearer(t, DEPT_79.id));
          state = res.body.state;
          assert.ok(['queued', 'running', 'ready'].includes(state), JSON.stringify(res.body));
        }
        assert.equal(state, 'ready');
        const file = await request(app).get(`/v1/exports/${id}/file`).set('Authorization', await bearer(t, DEPT_79.id)).buffer(true).responseType('blob');
        const stream = await request(app).post('/v1/lists/query').set('Authorization', await bearer(t, DEPT_79.id)).set('Accept', 'application/x-ndjson').buffer(true).send({ referenceDate: DAY });
        assert.equal((file.body as Buffer).toString('utf8'), stream.text);
        const job = await t.ts.store.db.selectFrom('export_jobs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
        assert.equal(Number(job.rows_done), Number(total));
        const journaled = await t.ts.store.db.selectFrom('disclosure_journal').select((eb) => eb.fn.sum<number>('rows').as('n')).where('audit_seq', '=', job.audit_seq as number).executeTakeFirstOrThrow();
        assert.equal(Number(journaled.n), Number(total), 'every person journaled once, resumed batches included');
      } finally {
        await again.drain();
      }
    } finally {
      await t.close();
    }
  });

  it('is marked failed, with the reason, when its partial file was lost', async () => {
    const t = await startTestGateway({ seedCount: 2500, seedProvince: '79', partners: [...DEFAULT_PARTNERS, DEPT_79], overrides });
    try {
      const { id } = await interruptedJob(t);
      await rm(join(exportsDir(t.config), `${id}.ndjson`));
      const again = await restart(t);
      try {
        const res = await request(again.app).get(`/v1/exports/${id}`).set('Authorization', await bearer(t, DEPT_79.id));
        assert.equal(res.body.state, 'failed');
        assert.match(res.body.failure, /restarted .* partial file was lost/);
      } finally {
        await again.drain();
      }
    } finally {
      await t.close();
    }
  });
});
