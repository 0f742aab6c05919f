// The disclosure journal: for every batch of people a list request or export discloses, one row naming them (their
// store ids, delta-encoded) and the audit record that covers them, committed before the batch leaves. One insert
// per batch keeps a million-row export fast; the disclosure indexer (src/jobs/disclosure-indexer.ts) turns each
// journal row into per-person index rows (subject key -> audit seq) in the background.
import type { Store } from './open.ts';

export interface DisclosureJournal {
  /** Records durably that `subjects` are disclosed under audit record `seq`; resolves once committed. */
  record(seq: number, subjects: readonly number[]): Promise<void>;
}

/** Person ids as comma-separated base-36 differences from the previous id (the first from 0). */
export function encodeSubjects(ids: readonly number[]): string {
  let previous = 0;
  const parts: string[] = new Array(ids.length);
  for (let k = 0; k < ids.length; k++) {
    const id = ids[k] as number;
    parts[k] = (id - previous).toString(36);
    previous = id;
  }
  return parts.join(',');
}

export function decodeSubjects(text: string): number[] {
  if (text === '') return [];
  let previous = 0;
  return text.split(',').map((d) => (previous += parseInt(d, 36)));
}

export class StoreDisclosureJournal implements DisclosureJournal {
  private readonly store: Store;
  private readonly onRecord: () => void;

  /** `onRecord` is told after each commit (it wakes the indexer). */
  constructor(store: Store, onRecord: () => void = () => undefined) {
    this.store = store;
    this.onRecord = onRecord;
  }

  async record(seq: number, subjects: readonly number[]): Promise<void> {
    if (subjects.length === 0) return;
    await this.store.db
      .insertInto('disclosure_journal')
      .values({
        audit_seq: seq, first_person_id: subjects[0] as number, rows: subjects.length, person_ids: encodeSubjects(subjects), indexed: 0,
        created_at: new Date().toISOString(),
      })
      // A resumed export journals its last batches again: the first journaling stands.
      .onConflict((oc) => oc.columns(['audit_seq', 'first_person_id']).doNothing())
      .execute();
    this.onRecord();
  }
}

/** How many people audit record `seq` disclosed (a stream's or an export's row count). */
export async function disclosedCount(store: Store, seq: number): Promise<number> {
  const row = await store.db.selectFrom('disclosure_journal').select((eb) => eb.fn.sum<number | string | null>('rows').as('n')).where('audit_seq', '=', seq).executeTakeFirst();
  return Number(row?.n ?? 0);
}
