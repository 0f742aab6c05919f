// Keyed HMACs for people in the audit log: the subject key of a CCCD and the officer key, never the number.
// The key lives in the store (shared by every instance); its id goes into each audit record.
import { createHmac, randomBytes } from 'node:crypto';
import type { Store } from './open.ts';

export interface SubjectHasher {
  readonly keyId: string;
  hash(identifier: string): string;
}

export async function loadSubjectHasher(store: Store, now: Date = new Date()): Promise<SubjectHasher> {
  let row = await store.db.selectFrom('hmac_keys').selectAll().where('active', '=', 1).orderBy('created_at', 'desc').executeTakeFirst();
  if (!row) {
    const candidate = { id: `k${now.toISOString().slice(0, 10).replace(/-/g, '')}-${randomBytes(3).toString('hex')}`, secret: randomBytes(32).toString('base64url'), created_at: now.toISOString(), active: 1 };
    await store.db.insertInto('hmac_keys').values(candidate).onConflict((oc) => oc.doNothing()).execute();
    row = await store.db.selectFrom('hmac_keys').selectAll().where('active', '=', 1).orderBy('created_at', 'desc').executeTakeFirstOrThrow();
  }
  const secret = Buffer.from(row.secret, 'base64url');
  const keyId = row.id;
  return { keyId, hash: (identifier) => createHmac('sha256', secret).update(identifier).digest('base64url') };
}
