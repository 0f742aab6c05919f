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
  // Since generator v2 (migration 006); absent from rows written without them (v1 datasets, birth registrations):
  // the store then holds null, null and 0.
  /** Post-2025 commune of residence (5 digits, province-prefixed). */
  residence_commune?: string | null;
  /** One of OCCUPATION_CATEGORIES (src/domain/priority-groups.ts). */
  occupation_category?: string | null;
  /** Stored priority groups as a bit set (src/domain/priority-groups.ts). */
  priority_group_bits?: number;
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

/** A vaccination record synced from the health authority; one per person, vaccine (CVX code) and dose. */
export interface VaccinationTable {
  person_id: number;
  vaccine: string;
  vaccine_name: string;
  dose: number;
  date: string;
  place: string; // facility code
  source: string; // adapter instance the record came from
  synced_at: string;
}

/** One `sync vaccinations` run and its resumable cursor: people up to last_person_id are done and counted. */
export interface VaccinationSyncTable {
  id: string;
  scope: string; // 'all' or a post-2025 province code
  source: string;
  status: string; // 'running' (or interrupted) | 'done'
  last_person_id: number;
  total: number;
  people_done: number;
  people_with_records: number;
  not_found: number;
  records_stored: number;
  started_at: string;
  updated_at: string;
  finished_at: string | null;
}

/** A driver health-check result pushed by the health authority. */
export interface HealthCheckTable {
  check_id: string;
  person_id: number;
  check_date: string;
  facility: string;
  licence_class: string;
  result: string; // 'fit' | 'unfit' | 'conditional'
  conditions: string | null;
  submitted_by: string; // partner id
  received_at: string;
}

/** A platform event, once per event id: the answer given (body or problem) is replayed to any repeat. */
export interface EventTable {
  event_id: string;
  type: string; // 'birth-registration' | 'death-registration' | 'unemployment-application'
  partner: string;
  request_digest: string; // SHA-256 of the canonical request: a reused id with another body is refused
  received_at: string;
  status: string; // 'accepted' | 'rejected'
  http_status: number;
  answer: string; // JSON: the response body, or { code, detail } of the problem
}

/** A result waiting to go (or gone) to a destination adapter's deliverResult operation. */
export interface OutboxTable {
  id: string; // UUID: also the message id and idempotency key of the delivery
  event_id: string;
  destination: string; // adapter kind
  payload: string; // JSON, only what the destination needs
  attempts: number;
  next_attempt_at: string;
  state: string; // 'pending' | 'delivered' | 'dead'
  last_error: string | null; // error class, code and status: never personal data
  created_at: string;
  delivered_at: string | null;
  lease_owner: string | null;
  lease_until: string | null;
}

/** A funeral allowance opened by a death registration, with the next of kin as the event gave them. */
export interface FuneralAllowanceCaseTable {
  id: string;
  event_id: string;
  person_id: number;
  date_of_death: string;
  next_of_kin_name: string;
  next_of_kin_relationship: string;
  next_of_kin_citizen_id: string;
  opened_at: string;
  state: string; // 'open'
}

export interface ReconciliationRunTable {
  id: string;
  kind: string; // 'population'
  province: string | null; // post-2025 code of the residence filter, or null for everyone
  status: string; // 'running' | 'completed'
  cursor: number; // the last person id whose result is committed
  processed: number;
  started_at: string;
  updated_at: string;
  completed_at: string | null;
}

export interface ReconciliationResultTable {
  run_id: string;
  person_id: number;
  outcome: string; // 'matched' | 'mismatch' | 'not-found'
  fields: string; // fields that differ, comma separated ('citizenId', 'fullName', 'birthDate'); '' otherwise
  province: string; // residence province (post-2025 code)
}

/** A commune or ward of the two-level local administration (synthetic list, src/dataset/communes.ts). */
export interface CommuneTable {
  code: string; // 5 digits: post-2025 province code + 3
  name: string; // NFC
  province: string; // post-2025 code
  province_old: string; // the former province it lies in
}

/** A chronic condition recorded in a person's past claims (sensitive: field set health-priority). */
export interface ChronicConditionTable {
  person_id: number;
  condition_group: string; // src/domain/chronic-conditions.ts
  icd10: string; // ICD-10 category recorded in claims, e.g. 'E11'
  first_claimed_on: string;
  last_claimed_on: string;
}

/** An asynchronous list export: the request, its progress (a resumable checkpoint) and its file. */
export interface ExportJobTable {
  id: string;
  partner_id: string;
  purpose: string;
  province: string;
  field_sets: string; // JSON array
  request: string; // JSON: the list request as validated
  reference_date: string; // YYYY-MM-DD, fixed at creation
  format: string; // 'ndjson' | 'csv'
  gzip: number;
  state: string; // 'queued' | 'running' | 'ready' | 'failed' | 'cancelled' | 'expired'
  rows_done: number;
  rows_estimated: number | null;
  /** Checkpoint: the rows before this list cursor are in the first `bytes` bytes of the file (null: none yet). */
  resume_cursor: string | null;
  bytes: number;
  file_sha256: string | null;
  audit_seq: number | null;
  request_id: string;
  failure: string | null;
  created_at: string;
  updated_at: string;
  finished_at: string | null;
  expires_at: string | null;
}

/** People disclosed by one list request or export, journaled before the rows leave (ids delta-encoded). */
export interface DisclosureJournalTable {
  audit_seq: number;
  first_person_id: number;
  rows: number;
  person_ids: string; // '' once indexed
  indexed: number;
  created_at: string;
}

/** Subject key (keyed HMAC of the CCCD, as in audit_log) -> the audit record that disclosed the person. */
export interface DisclosureIndexTable {
  subject_key: string;
  audit_seq: number;
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
  reconciliation_runs: ReconciliationRunTable;
  reconciliation_results: ReconciliationResultTable;
  vaccinations: VaccinationTable;
  vaccination_sync: VaccinationSyncTable;
  health_checks: HealthCheckTable;
  events: EventTable;
  outbox: OutboxTable;
  funeral_allowance_cases: FuneralAllowanceCaseTable;
  communes: CommuneTable;
  chronic_conditions: ChronicConditionTable;
  export_jobs: ExportJobTable;
  disclosure_journal: DisclosureJournalTable;
  disclosure_index: DisclosureIndexTable;
}

export type { Generated };
