// Scenario (c): the full gateway as `vss-gateway start` runs it (createGateway with the real configuration:
// config/default.json + the environment table; the default replay cache; real group-committed audit writes;
// the real winston 'info' request log, written synchronously to /dev/null as it is to stdout redirected to a file or
// a pipe), on a seeded SQLite store.
// Env: BENCH_DATA_DIR (the data dir holding the SQLite file), BENCH_AUDIENCE (the public URL = token audience),
// BENCH_SQLITE_FILE (optional: the file name in the data dir when it is not gateway.db), BENCH_AUDIT_STATS=1 (diagnosis
// only: time every audit batch commit and print batch count, sizes and blocked time to stderr at shutdown).
import { openSync, writeSync } from 'node:fs';
import { Writable } from 'node:stream';
import { adapterSchemas } from '../../src/adapters/registry.ts';
import { loadConfig } from '../../src/config/load.ts';
import { createGateway } from '../../src/gateway.ts';
import { createLogger } from '../../src/log/create.ts';
import { AuditWriter } from '../../src/store/audit-writer.ts';
import { openStore } from '../../src/store/open.ts';
import { requiredEnv, serve } from './child.ts';

const dataDir = requiredEnv('BENCH_DATA_DIR');
const audience = requiredEnv('BENCH_AUDIENCE');
const sqliteFile = process.env.BENCH_SQLITE_FILE || undefined;

const auditStats = process.env.BENCH_AUDIT_STATS === '1' ? instrumentAuditCommits() : undefined;

const config = loadConfig({
  env: { VSS_DATA_DIR: dataDir, HOST: '127.0.0.1', PORT: '0', VSS_PUBLIC_URL: audience },
  adapterSchemas: adapterSchemas(),
});
const store = openStore({ url: config.runtime.db, dataDir: config.runtime.dataDir, sqliteFile });
const logSink = syncSink('/dev/null');
const log = createLogger({ level: config.log.level, stream: logSink });
const gateway = await createGateway({ config, store, log });
if (gateway.audience !== audience) throw new Error(`gateway audience ${gateway.audience} is not ${audience}`);

const server = await serve(gateway.app, async (s) => {
  await gateway.drain(s, 2000);
  await store.close();
  log.close();
  auditStats?.report();
});
server.requestTimeout = config.server.requestTimeoutMs;

/** A stream that writes each chunk with one write call before it returns, as Node writes stdout when it is a file or a
 * pipe (a file stream would hand every line to libuv's thread pool instead). */
function syncSink(path: string): Writable {
  const fd = openSync(path, 'a');
  return new Writable({
    write(chunk: Buffer, _encoding, done) {
      writeSync(fd, chunk);
      done();
    },
  });
}

/** Wraps AuditWriter's (private) batch commit to time it (on SQLite the commit itself runs in the audit worker thread). */
function instrumentAuditCommits() {
  const proto = AuditWriter.prototype as unknown as { commit(batch: unknown[]): Promise<void> };
  const original = proto.commit;
  const sizes: number[] = [];
  const micros: number[] = [];
  proto.commit = async function (this: unknown, batch: unknown[]) {
    const t = process.hrtime.bigint();
    try {
      return await original.call(this, batch);
    } finally {
      sizes.push(batch.length);
      micros.push(Number(process.hrtime.bigint() - t) / 1e3);
    }
  };
  return {
    report() {
      const n = sizes.length;
      const rows = sizes.reduce((a, b) => a + b, 0);
      const total = micros.reduce((a, b) => a + b, 0);
      const sorted = [...micros].sort((a, b) => a - b);
      const q = (p: number) => (sorted[Math.min(n - 1, Math.floor((p / 100) * n))] ?? 0).toFixed(0);
      process.stderr.write(
        `audit commits: ${n} batches, ${rows} rows (mean ${(rows / Math.max(1, n)).toFixed(1)} rows/batch), ` +
          `${(total / 1e3).toFixed(0)} ms in commits (mean ${(total / Math.max(1, n)).toFixed(0)} us, p50 ${q(50)} us, p99 ${q(99)} us per batch)\n`,
      );
    },
  };
}
