// Who is calling (from a verified token) and what their grant allows (from the store).
import type { FieldSetName, PartnerKind, PurposeCode, Scope } from './vocabulary.ts';

export interface Agreement {
  readonly ref: string | null;
  readonly validFrom: string | null; // YYYY-MM-DD
  readonly validTo: string | null;
}

export interface Grant {
  readonly partnerId: string;
  readonly kind: PartnerKind;
  readonly province: string | null;
  readonly scopes: readonly Scope[];
  readonly purposes: readonly PurposeCode[];
  readonly fieldSets: readonly FieldSetName[];
  readonly agreement: Agreement;
}

export interface Actor {
  /** The officer's CCCD, only ever stored as a keyed HMAC. */
  readonly citizenId?: string;
  readonly name?: string;
}

export interface Principal {
  readonly partnerId: string;
  readonly kind: PartnerKind;
  /** Scopes asked for in the token. */
  readonly scopes: readonly string[];
  readonly purpose: string;
  readonly tokenId: string;
  readonly tokenExp: number;
  readonly actor?: Actor;
}
