// Partners, their grants and public keys, in the store. Every change bumps `partners.version`, which running
// gateways compare on each request to drop their caches: CLI changes apply without a restart.
import { sql } from 'kysely';
import type { Grant } from '../core/principal.ts';
import type { FieldSetName, PartnerKind, PurposeCode, Scope } from '../core/vocabulary.ts';
import type { Store } from './open.ts';
import type { PartnerTable } from './schema.ts';

export interface PartnerInput {
  readonly id: string;
  readonly name: string;
  readonly kind: PartnerKind;
  readonly province: string | null;
  readonly scopes: readonly Scope[];
  readonly purposes: readonly PurposeCode[];
  readonly fieldSets: readonly FieldSetName[];
  readonly agreementRef?: string | null;
  readonly agreementFrom?: string | null;
  readonly agreementTo?: string | null;
  /** Remote JWKS (HTTPS; loopback HTTP only for tests), fetched and cached by the gateway. */
  readonly jwksUri?: string | null;
  readonly requireDpop?: boolean;
  readonly limits?: PartnerLimits;
}

/** Per-partner overrides of the configured rate limits (absent: the defaults of the partner's kind). */
export interface PartnerLimits {
  readonly perSecond?: number | null;
  readonly burst?: number | null;
  readonly dailyQuota?: number | null;
}

export interface StoredKey { readonly kid: string; readonly jwk: Record<string, unknown>; readonly addedAt: string }

export interface PartnerRecord {
  readonly grant: Grant;
  readonly jwksUri: string | null;
  readonly requireDpop: boolean;
  readonly limits: PartnerLimits;
  readonly name: string;
  readonly status: 'active' | 'disabled';
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly keys: readonly StoredKey[];
}

export class PartnerExistsError extends Error {}

export async function addPartner(store: Store, p: PartnerInput, keys: readonly StoredKey[], now: Date = new Date()): Promise<void> {
  const at = now.toISOString();
  await store.db.transaction().execute(async (tx) => {
    const existing = await tx.selectFrom('partners').select('id').where('id', '=', p.id).executeTakeFirst();
    if (existing) throw new PartnerExistsError(`partner ${p.id} already exists`);
    await tx
      .insertInto('partners')
      .values({
        id: p.id,
        name: p.name,
        kind: p.kind,
        province: p.province,
        status: 'active',
        scopes: JSON.stringify(p.scopes),
        purposes: JSON.stringify(p.purposes),
        field_sets: JSON.stringify(p.fieldSets),
        agreement_ref: p.agreementRef ?? null,
        agreement_from: p.agreementFrom ?? null,
        agreement_to: p.agreementTo ?? null,
        created_at: at,
        updated_at: at,
        jwks_uri: p.jwksUri ?? null,
        require_dpop: p.requireDpop ? 1 : 0,
        rate_per_second: p.limits?.perSecond ?? null,
        rate_burst: p.limits?.burst ?? null,
        daily_quota: p.limits?.dailyQuota ?? null,
      })
      .execute();
    for (const k of keys) {
      await tx.insertInto('partner_keys').values({ partner_id: p.id, kid: k.kid, jwk: JSON.stringify(k.jwk), added_at: k.addedAt }).execute();
    }
    await bumpVersion(tx);
  });
}

export async function setPartnerStatus(store: Store, id: string, status: 'active' | 'disabled', now: Date = new Date()): Promise<boolean> {
  return store.db.transaction().execute(async (tx) => {
    const r = await tx.updateTable('partners').set({ status, updated_at: now.toISOString() }).where('id', '=', id).executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0) return false;
    await bumpVersion(tx);
    return true;
  });
}

/**
 * Sets a partner's own rate limits: a number overrides its kind's default, null clears the override, an absent field
 * is left as it is. In force from the next request.
 */
export async function setPartnerLimits(store: Store, id: string, limits: PartnerLimits, now: Date = new Date()): Promise<boolean> {
  return store.db.transaction().execute(async (tx) => {
    const r = await tx
      .updateTable('partners')
      .set({
        ...(limits.perSecond !== undefined ? { rate_per_second: limits.perSecond } : {}),
        ...(limits.burst !== undefined ? { rate_burst: limits.burst } : {}),
        ...(limits.dailyQuota !== undefined ? { daily_quota: limits.dailyQuota } : {}),
        updated_at: now.toISOString(),
      })
      .where('id', '=', id)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0) return false;
    await bumpVersion(tx);
    return true;
  });
}

/** Sets or clears (null) a partner's remote JWKS URL; the new URL is in force from the next request. */
export async function setPartnerJwksUri(store: Store, id: string, jwksUri: string | null, now: Date = new Date()): Promise<boolean> {
  return store.db.transaction().execute(async (tx) => {
    const r = await tx.updateTable('partners').set({ jwks_uri: jwksUri, updated_at: now.toISOString() }).where('id', '=', id).executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0) return false;
    await bumpVersion(tx);
    return true;
  });
}

/** Replaces a partner's registered keys (rotation: the new set is in force from the next request). */
export async function replacePartnerKeys(store: Store, id: string, keys: readonly StoredKey[], now: Date = new Date()): Promise<boolean> {
  return store.db.transaction().execute(async (tx) => {
    const r = await tx.updateTable('partners').set({ updated_at: now.toISOString() }).where('id', '=', id).executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0) return false;
    await tx.deleteFrom('partner_keys').where('partner_id', '=', id).execute();
    for (const k of keys) {
      await tx.insertInto('partner_keys').values({ partner_id: id, kid: k.kid, jwk: JSON.stringify(k.jwk), added_at: k.addedAt }).execute();
    }
    await bumpVersion(tx);
    return true;
  });
}

export async function getPartner(store: Store, id: string): Promise<PartnerRecord | undefined> {
  const row = await store.db.selectFrom('partners').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  const keys = await store.db.selectFrom('partner_keys').selectAll().where('partner_id', '=', id).orderBy('kid').execute();
  return toRecord(row, keys.map((k) => ({ kid: k.kid, jwk: JSON.parse(k.jwk) as Record<string, unknown>, addedAt: k.added_at })));
}

export async function listPartners(store: Store): Promise<PartnerRecord[]> {
  const rows = await store.db.selectFrom('partners').selectAll().orderBy('id').execute();
  const keys = await store.db.selectFrom('partner_keys').selectAll().orderBy('kid').execute();
  return rows.map((row) =>
    toRecord(
      row,
      keys.filter((k) => k.partner_id === row.id).map((k) => ({ kid: k.kid, jwk: JSON.parse(k.jwk) as Record<string, unknown>, addedAt: k.added_at })),
    ),
  );
}

export async function partnersVersion(store: Store): Promise<string> {
  const row = await store.db.selectFrom('meta').select('value').where('key', '=', 'partners.version').executeTakeFirst();
  return row?.value ?? '0';
}

/** Every change to partners, keys or grants (and gateway key rotation) moves this counter; gateways watch it. */
export async function bumpVersion(tx: Store['db']): Promise<void> {
  await tx
    .updateTable('meta')
    .set({ value: sql<string>`cast(cast(value as integer) + 1 as text)` })
    .where('key', '=', 'partners.version')
    .execute();
}

function toRecord(row: PartnerTable, keys: StoredKey[]): PartnerRecord {
  return {
    jwksUri: row.jwks_uri,
    requireDpop: row.require_dpop === 1,
    limits: { perSecond: row.rate_per_second, burst: row.rate_burst, dailyQuota: row.daily_quota },
    name: row.name,
    status: row.status === 'active' ? 'active' : 'disabled',
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    keys,
    grant: {
      partnerId: row.id,
      kind: row.kind as PartnerKind,
      province: row.province,
      scopes: JSON.parse(row.scopes) as Scope[],
      purposes: JSON.parse(row.purposes) as PurposeCode[],
      fieldSets: JSON.parse(row.field_sets) as FieldSetName[],
      agreement: { ref: row.agreement_ref, validFrom: row.agreement_from, validTo: row.agreement_to },
    },
  };
}
