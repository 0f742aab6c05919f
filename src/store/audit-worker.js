// The audit log's commits on a SQLite store, in a worker thread so that waiting for the disk never blocks the
// event loop (started by audit-writer.ts; plain JavaScript because worker threads do not get tsx's loader).
// It has its own connection to the store's file (WAL, synchronous=FULL). Each message is one batch of rows (arrays
// of values in the order of `columns`), committed in one BEGIN IMMEDIATE transaction that reads max(seq) and numbers
// the rows from there, so sequence numbers stay gap-free across connections and processes. Batches are answered in
// order: { first } (the first row's sequence number) once durable, or { error } after a rollback that wrote none.
// The message 'close' closes the connection and ends the thread.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

const { path, columns } = workerData;
const db = new Database(path);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = FULL');
db.pragma('busy_timeout = 5000');
// Checkpoint after 10,000 WAL pages (about 40 MB) instead of SQLite's 1,000: the audit log's subject index takes one
// page per row at a random place, and a page written again before the checkpoint is copied back to the file once.
db.pragma('wal_autocheckpoint = 10000');
let commit; // prepared on the first batch (the store may still be migrating when the thread starts)

function prepareCommit() {
  const head = db.prepare('select max(seq) from audit_log').pluck();
  const insert = db.prepare(`insert into audit_log (seq, ${columns.join(', ')}) values (?${', ?'.repeat(columns.length)})`);
  return db.transaction((rows) => {
    const first = (head.get() ?? 0) + 1;
    rows.forEach((values, i) => insert.run(first + i, ...values));
    return first;
  }).immediate;
}

parentPort.on('message', (batch) => {
  if (batch === 'close') {
    db.close();
    parentPort.close();
    return;
  }
  try {
    commit ??= prepareCommit();
    parentPort.postMessage({ first: commit(batch) });
  } catch (e) {
    parentPort.postMessage({ error: e instanceof Error ? e.message : String(e) });
  }
});
