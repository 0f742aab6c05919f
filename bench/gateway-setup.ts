// Parent-side preparation of scenario (c) on the seeded store: the bench hospital partner with a fresh ES256 key,
// and the CCCDs of seeded people whose card check answers 000 today (like src/cli/demo.ts demoCitizenId, but many,
// spread over the whole table rather than its first rows).
import { sql } from 'kysely';
import type { JWK } from 'jose';
import { isoDate } from '../src/core/clock.ts';
import type { Store } from '../src/store/open.ts';
import { addPartner, getPartner, type PartnerLimits, replacePartnerKeys, setPartnerLimits } from '../src/store/partners.ts';

export const BENCH_PARTNER = 'bench-hospital';

/**
 * The bench partner's own rate limits: the highest the gateway accepts (src/limits/policies.ts LIMIT_BOUNDS), so the
 * rate-limit step runs on every request (its cost is measured) but never refuses one. A hospital's configured default
 * (20/s, burst 40) would turn nearly every benchmark request into a 429.
 */
export const BENCH_LIMITS: PartnerLimits = { perSecond: 100_000, burst: 1_000_000, dailyQuota: 1_000_000_000 };

/** Registers (or re-keys) the bench hospital: card.check for treatment and claims, identity + card fields. */
export async function registerBenchPartner(store: Store, publicJwk: JWK): Promise<void> {
  const kid = publicJwk.kid;
  if (typeof kid !== 'string') throw new Error('the public key must carry its kid');
  const keys = [{ kid, jwk: publicJwk as Record<string, unknown>, addedAt: new Date().toISOString() }];
  if (await getPartner(store, BENCH_PARTNER)) {
    await replacePartnerKeys(store, BENCH_PARTNER, keys);
    await setPartnerLimits(store, BENCH_PARTNER, BENCH_LIMITS);
    return;
  }
  await addPartner(
    store,
    {
      id: BENCH_PARTNER, name: 'Bệnh viện Benchmark', kind: 'hospital', province: '79',
      scopes: ['card.check'], purposes: ['treatment', 'claims'], fieldSets: ['identity', 'card'], agreementRef: 'BENCH-001',
      limits: BENCH_LIMITS,
    },
    keys,
  );
}

/** Up to `count` distinct CCCDs of living people holding an active card in force today (not armed forces). */
export async function pickCitizenIds(store: Store, count: number, nowMs: number): Promise<string[]> {
  const today = isoDate(nowMs);
  const total = Number((await store.db.selectFrom('people').select((eb) => eb.fn.countAll().as('n')).executeTakeFirst())?.n ?? 0);
  const query = (step: number) =>
    store.db
      .selectFrom('people')
      .innerJoin('cards', 'cards.person_id', 'people.id')
      .select(['people.id', 'people.citizen_id'])
      .distinct()
      .where('cards.status', '=', 'active')
      .where('cards.valid_from', '<=', today)
      .where('cards.valid_to', '>=', today)
      .where('cards.province_code', 'not in', ['97', '98'])
      .where('people.deceased_on', 'is', null)
      .where(sql<boolean>`people.id % ${step} = 0`)
      .orderBy('people.id')
      .limit(count)
      .execute();
  // Every step-th person: spread over the table; fall back to every person when too few qualify.
  const step = Math.max(1, Math.floor(total / (count * 4)));
  let rows = await query(step);
  if (rows.length < count && step > 1) rows = await query(1);
  return rows.map((r) => r.citizen_id);
}
