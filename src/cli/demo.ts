// What `npm start` sets up on a fresh data dir: a demo hospital partner with its own key, and a person to look up.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { JWK } from 'jose';
import { generatePartnerKey } from '../auth/partner-keys.ts';
import { isoDate } from '../core/clock.ts';
import type { Store } from '../store/open.ts';
import { addPartner, getPartner, replacePartnerKeys } from '../store/partners.ts';

export const DEMO_PARTNER = 'demo-hospital';

export interface DemoPartner { readonly partnerId: string; readonly keyPath: string; readonly privateJwk: JWK }

/** Registers the demo hospital (or re-keys it when its private key file is gone). */
export async function ensureDemoPartner(store: Store, dataDir: string): Promise<DemoPartner> {
  const dir = join(dataDir, 'demo');
  const keyPath = join(dir, `${DEMO_PARTNER}.private.jwk.json`);
  const existing = await getPartner(store, DEMO_PARTNER);
  let privateJwk: JWK | undefined;
  if (existsSync(keyPath)) privateJwk = JSON.parse(readFileSync(keyPath, 'utf8')) as JWK;
  const registered = existing?.keys.some((k) => k.kid === privateJwk?.kid) ?? false;
  if (privateJwk && registered) return { partnerId: DEMO_PARTNER, keyPath, privateJwk };
  const key = await generatePartnerKey('ES256');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  writeFileSync(keyPath, `${JSON.stringify(key.privateJwk, null, 2)}\n`, { mode: 0o600 });
  writeFileSync(join(dir, `${DEMO_PARTNER}.jwks.json`), `${JSON.stringify({ keys: [key.publicJwk] }, null, 2)}\n`);
  const stored = [{ kid: key.kid, jwk: key.publicJwk as Record<string, unknown>, addedAt: new Date().toISOString() }];
  if (existing) await replacePartnerKeys(store, DEMO_PARTNER, stored);
  else {
    await addPartner(
      store,
      {
        id: DEMO_PARTNER, name: 'Bệnh viện Demo (demo hospital)', kind: 'hospital', province: '79',
        scopes: ['card.check'], purposes: ['treatment', 'claims'], fieldSets: ['identity', 'card'], agreementRef: 'DEMO-001',
      },
      stored,
    );
  }
  return { partnerId: DEMO_PARTNER, keyPath, privateJwk: key.privateJwk };
}

/** A seeded person whose card check answers 000 today: alive, an active card in force, not an armed-forces card. */
export async function demoCitizenId(store: Store, nowMs: number): Promise<string | undefined> {
  const today = isoDate(nowMs);
  const row = await store.db
    .selectFrom('people')
    .innerJoin('cards', 'cards.person_id', 'people.id')
    .select('people.citizen_id')
    .where('cards.status', '=', 'active')
    .where('cards.valid_from', '<=', today)
    .where('cards.valid_to', '>=', today)
    .where('cards.province_code', 'not in', ['97', '98'])
    .where('people.deceased_on', 'is', null)
    .orderBy('people.id')
    .limit(1)
    .executeTakeFirst();
  return row?.citizen_id;
}
