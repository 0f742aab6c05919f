// Row types of the gateway's store, shared by both dialects. Dates are ISO strings (YYYY-MM-DD), instants ISO
// timestamps, booleans 0/1, lists JSON text: the same bytes on SQLite and PostgreSQL.
import type { Generated } from 'kysely';

export interface MetaTable { key: string; value: string }

export interface HmacKeyTable { id: string; secret: string; created_at: string; active: number }

export interface PartnerTable {
  id: string;
  name: string;
  kind: string;
  province: string | null;
  status: string; // 'active' | 'disabled'
  scopes: string; // JSON array
  purposes: string; // JSON array
  field_sets: string; // JSON array
  agreement_ref: string | null;
  agreement_from: string | null;
  agreement_to: string | null;
  created_at: string;
  updated_at: string;
  /** Remote JWKS of the partner (instead of, or beside, keys registered inline). */
  jwks_uri: string | null;
  require_dpop: number;
  rate_per_second: number | null;
  rate_burst: number | null;
  daily_quota: number | null;
}

export interface GatewayKeyTable {
  kid: string;
  alg: string;
  private_jwk: string;
  public_jwk: string;
  created_at: string;
  /** When it stopped signing; still published until retired_at + retention. */
  retired_at: string | null;
}

export interface PartnerKeyTable { partner_id: string; kid: string; jwk: string; added_at: string }

export interface IndustrialParkTable { id: number; name: string; province: string }

export interface EmployerTable {
  id: number;
  tax_code: string;
  name: string;
  kind: string; // 'enterprise' | 'cooperative' | 'public' | 'foreign' | 'household' | 'other'
  province: string; // new (post-2025) province code
  industrial_park_id: number | null;
}

export interface PersonTable {
  id: number;
  citizen_id: string;
  social_insurance_number: string;
  full_name: string; // NFC
  birth_date: string; // YYYY-MM-DD (YYYY-01-01 when only the year is known)
  birth_date_precision: string; // 'day' | 'year'
  sex: string; // 'male' | 'female'
  birth_province: string; // old code, the CCCD prefix
  residence_province: string; // new code
  residence_province_old: string; // old code of the place of residence
  deceased_on: string | null;
  synthetic: number;
}

export interface CardTable {
  card_code: string;
  person_id: number;
  group_code: string;
  benefit_level: number;
  province_code: string; // card's province (old code; 97/98 for the armed forces' own offices)
  valid_from: string;
  valid_to: string;
  facility_code: string; // maDKBD
  five_year_date: string | null;
  area_code: string | null; // maKV
  status: string; // 'active' | 'withdrawn' | 'reduced' | 'replaced' | 'pending'
  status_code: string | null; // '120'..'124' when reduced
  replaced_by: string | null;
  issued_on: string;
}

export interface CoverageTable {
  person_id: number;
  insurance_type: string; // 'health' | 'social' | 'unemployment'
  since: string;
  status: string; // 'active' | 'suspended' | 'ended'
  months_contributed: number;
  last_contribution_month: string | null; // YYYY-MM
}

export interface EmploymentTable {
  person_id: number;
  seq: number;
  employer_id: number;
  start_date: string;
  end_date: string | null;
  occupation: string;
  salary_basis: number | null; // VND per month
}

export interface AuditTable {
  seq: number;
  at: string;
  request_id: string;
  partner_id: string | null;
  partner_kind: string | null;
  purpose: string | null;
  operation: string;
  outcome: string; // 'ok' | error code
  status: number;
  field_sets: string; // comma separated
  subject_key: string | null;
  officer_key: string | null;
  officer_name: string | null;
  hmac_key_id: string;
  agreement_ref: string | null;
  export_ref: string | null;
  covert_until: string | null;
  token_jti: string | null;
  token_exp: number | null;
  detail: string | null; // JSON, never personal data
}

export interface Database {
  meta: MetaTable;
  hmac_keys: HmacKeyTable;
  partners: PartnerTable;
  partner_keys: PartnerKeyTable;
  gateway_keys: GatewayKeyTable;
  industrial_parks: IndustrialParkTable;
  employers: EmployerTable;
  people: PersonTable;
  cards: CardTable;
  coverage: CoverageTable;
  employments: EmploymentTable;
  audit_log: AuditTable;
}

export type { Generated };
