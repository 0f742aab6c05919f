// Turns the disclosure journal into the per-person disclosure index (subject key -> audit seq), in the background
// of the gateway process: one journal row (one disclosed batch) per transaction, its people's CCCDs hashed with the
// audit log's subject key, inserted in key order. It is low priority: it waits while lists are being written (the
// journal grew in the last QUIET_MS) and then works at most about half the time (it sleeps as long as it worked),
// so indexing a large export never slows the lists and requests being served. Idempotent: a journal row indexed
// twice (a crash between the two) adds nothing the second time.
import type { Logger } from '../core/logger.ts';
import { decodeSubjects } from '../store/disclosure-journal.ts';
import type { Store } from '../store/open.ts';
import type { SubjectHasher } from '../store/subject-keys.ts';

const LOOKUP_CHUNK = 1000;
const INSERT_CHUNK = 500;
const IDLE_POLL_MS = 5000;
/** Indexing waits until the journal has been quiet this long. */
const QUIET_MS = 300;

export class DisclosureIndexer {
  private readonly store: Store;
  private readonly subjects: SubjectHasher;
  private readonly log: Logger;
  private running = false;
  private loop: Promise<void> | undefined;
  private wakeUp: (() => void) | undefined;
  private endPause: (() => void) | undefined;
  private timer: NodeJS.Timeout | undefined;
  private lastRecordAt = -Infinity;

  constructor(store: Store, subjects: SubjectHasher, log: Logger) {
    this.store = store;
    this.subjects = subjects;
    this.log = log;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** New journal rows: index them once the journal is quiet, rather than at the next poll. */
  wake(): void {
    this.lastRecordAt = performance.now();
    this.wakeUp?.();
  }

  /** Finishes the journal row in hand, then stops. */
  async stop(): Promise<void> {
    this.running = false;
    this.endPause?.();
    await this.loop;
  }

  /** Indexes every journal row pending now (tests and the operator's CLI); resolves with the people indexed. */
  async indexPending(): Promise<number> {
    let total = 0;
    for (let n = await this.indexOne(); n > 0; n = await this.indexOne()) total += n;
    return total;
  }

  private async run(): Promise<void> {
    while (this.running) {
      const quietFor = performance.now() - this.lastRecordAt;
      if (quietFor < QUIET_MS) {
        await this.pause(QUIET_MS - quietFor, false);
        continue;
      }
      const started = performance.now();
      let done = 0;
      try {
        done = await this.indexOne();
      } catch (e) {
        this.log.error('disclosure indexing failed; retrying later', { error: e });
      }
      const worked = performance.now() - started;
      await this.pause(done > 0 ? Math.max(1, worked) : IDLE_POLL_MS);
    }
  }

  /** Sleeps `ms`, or until woken when `wakeable`. */
  private pause(ms: number, wakeable = true): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(this.timer);
        this.wakeUp = undefined;
        this.endPause = undefined;
        resolve();
      };
      this.endPause = done;
      this.wakeUp = wakeable ? done : undefined;
      this.timer = setTimeout(done, ms);
      this.timer.unref();
      if (!this.running) done();
    });
  }

  /** Indexes the oldest pending journal row; resolves with its number of people (0: nothing pending). */
  private async indexOne(): Promise<number> {
    const entry = await this.store.db
      .selectFrom('disclosure_journal')
      .select(['audit_seq', 'first_person_id', 'person_ids'])
      .where('indexed', '=', 0)
      .orderBy('audit_seq')
      .orderBy('first_person_id')
      .limit(1)
      .executeTakeFirst();
    if (!entry) return 0;
    const ids = decodeSubjects(entry.person_ids);
    const keys: string[] = [];
    for (let k = 0; k < ids.length; k += LOOKUP_CHUNK) {
      const people = await this.store.db.selectFrom('people').select('citizen_id').where('id', 'in', ids.slice(k, k + LOOKUP_CHUNK)).execute();
      for (const p of people) keys.push(this.subjects.hash(p.citizen_id));
    }
    keys.sort();
    const seq = Number(entry.audit_seq);
    await this.store.db.transaction().execute(async (tx) => {
      for (let k = 0; k < keys.length; k += INSERT_CHUNK) {
        await tx
          .insertInto('disclosure_index')
          .values(keys.slice(k, k + INSERT_CHUNK).map((subject_key) => ({ subject_key, audit_seq: seq })))
          .onConflict((oc) => oc.columns(['subject_key', 'audit_seq']).doNothing())
          .execute();
      }
      await tx
        .updateTable('disclosure_journal')
        .set({ indexed: 1, person_ids: '' })
        .where('audit_seq', '=', entry.audit_seq)
        .where('first_person_id', '=', entry.first_person_id)
        .execute();
    });
    return ids.length;
  }
}
