// The gateway's own ES256 signing keys, kept in the store so every instance signs and verifies alike. Rotation adds
// a key and retires the old one from signing; a retired key stays published for the retention period.
import { importJWK, type JWK } from 'jose';
import type { Clock } from '../core/clock.ts';
import type { Store } from '../store/open.ts';
import { bumpVersion } from '../store/partners.ts';
import type { PublicKey } from './jwk.ts';
import { generatePartnerKey } from './partner-keys.ts';

export interface SigningKey { readonly kid: string; readonly key: Awaited<ReturnType<typeof importJWK>> }

interface LoadedKeys {
  readonly signing: SigningKey;
  readonly published: readonly JWK[];
  readonly verifying: ReadonlyMap<string, PublicKey>;
}

export class GatewayKeyRing {
  private readonly store: Store;
  private readonly clock: Clock;
  private readonly retentionMs: number;
  private loaded: Promise<LoadedKeys> | undefined;

  constructor(store: Store, opts: { clock: Clock; retentionDays: number }) {
    this.store = store;
    this.clock = opts.clock;
    this.retentionMs = opts.retentionDays * 86_400_000;
  }

  /** Drops what was loaded (after a rotation by another process). */
  reset(): void {
    this.loaded = undefined;
  }

  async signingKey(): Promise<SigningKey> {
    return (await this.keys()).signing;
  }

  /** Public keys of every key that is signing or still within its retention: the JWKS document's keys. */
  async published(): Promise<readonly JWK[]> {
    return (await this.keys()).published;
  }

  async verifyingKey(kid: string): Promise<PublicKey | undefined> {
    return (await this.keys()).verifying.get(kid);
  }

  private keys(): Promise<LoadedKeys> {
    if (!this.loaded) {
      this.loaded = this.load();
      this.loaded.catch(() => (this.loaded = undefined));
    }
    return this.loaded;
  }

  private async load(): Promise<LoadedKeys> {
    await ensureGatewayKey(this.store, new Date(this.clock.now()));
    const rows = await this.store.db.selectFrom('gateway_keys').selectAll().orderBy('created_at', 'desc').execute();
    const now = this.clock.now();
    const live = rows.filter((r) => r.retired_at === null || Date.parse(r.retired_at) + this.retentionMs > now);
    const active = live.find((r) => r.retired_at === null);
    if (!active) throw new Error('no active gateway signing key');
    const verifying = new Map<string, PublicKey>();
    for (const r of live) verifying.set(r.kid, (await importJWK(JSON.parse(r.public_jwk) as JWK, 'ES256')) as PublicKey);
    return {
      signing: { kid: active.kid, key: await importJWK(JSON.parse(active.private_jwk) as JWK, 'ES256') },
      published: live.map((r) => JSON.parse(r.public_jwk) as JWK),
      verifying,
    };
  }
}

/** Creates the first signing key when the store has none. */
export async function ensureGatewayKey(store: Store, now: Date): Promise<void> {
  const any = await store.db.selectFrom('gateway_keys').select('kid').where('retired_at', 'is', null).executeTakeFirst();
  if (!any) await insertKey(store.db, now);
}

/** Adds a new signing key and retires the current one(s); returns the kids. */
export async function rotateGatewayKey(store: Store, now: Date = new Date()): Promise<{ kid: string; retired: string[] }> {
  const current = await store.db.selectFrom('gateway_keys').select('kid').where('retired_at', 'is', null).execute();
  const kid = await store.db.transaction().execute(async (tx) => {
    await tx.updateTable('gateway_keys').set({ retired_at: now.toISOString() }).where('retired_at', 'is', null).execute();
    const k = await insertKey(tx, now);
    await bumpVersion(tx);
    return k;
  });
  return { kid, retired: current.map((c) => c.kid) };
}

async function insertKey(db: Store['db'], now: Date): Promise<string> {
  const k = await generatePartnerKey('ES256');
  await db
    .insertInto('gateway_keys')
    .values({ kid: k.kid, alg: 'ES256', private_jwk: JSON.stringify(k.privateJwk), public_jwk: JSON.stringify(k.publicJwk), created_at: now.toISOString(), retired_at: null })
    .onConflict((oc) => oc.doNothing())
    .execute();
  return k.kid;
}
