// Removes personal data from log records: keyed hashes for personal fields, patterns for identifiers in text,
// `[jwt]` for anything token-shaped. Applied to every record, nested objects and error causes included.
import { createHmac, randomBytes } from 'node:crypto';

const PERSONAL_KEYS = new Set(
  [
    'citizenid', 'cccd', 'cccdcb', 'socialinsurancenumber', 'masobhxh', 'cardcode', 'mathe', 'mathemoi', 'mathecu',
    'fullname', 'hoten', 'hotencb', 'birthdate', 'ngaysinh', 'address', 'diachi', 'phone', 'officername', 'name',
  ].map((k) => k.toLowerCase()),
);
const SECRET_KEYS = new Set(['authorization', 'client_assertion', 'token', 'id_token', 'password', 'secret', 'dpop']);

const JWT = /\beyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]*)?/g;
const CARD = /\b[A-Z]{2}[1-5]\d{12}\b/g;
const DIGITS = /\b(?:\d{12}|\d{10}|\d{9})\b/g;
/** Text none of the patterns above can match (no `eyJ`, no run of 9 digits) is left as it is, without a copy. */
const MAYBE_MASKED = /eyJ|\d{9}/;

type KeyKind = 'secret' | 'personal' | 'plain';
/** What each field name is, case-insensitively (field names repeat from record to record: worked out once each). */
const keyKinds = new Map<string, KeyKind>();
const MAX_REMEMBERED_KEYS = 10_000;

function kindOfKey(key: string): KeyKind {
  let kind = keyKinds.get(key);
  if (kind === undefined) {
    const lower = key.toLowerCase();
    kind = SECRET_KEYS.has(lower) ? 'secret' : PERSONAL_KEYS.has(lower) ? 'personal' : 'plain';
    if (keyKinds.size < MAX_REMEMBERED_KEYS) keyKinds.set(key, kind);
  }
  return kind;
}

export class Masker {
  private readonly key: Buffer;
  constructor(key: Buffer = randomBytes(32)) {
    this.key = key;
  }

  hash(value: string): string {
    return `~h:${createHmac('sha256', this.key).update(value).digest('hex').slice(0, 8)}`;
  }

  text(s: string): string {
    if (!MAYBE_MASKED.test(s)) return s;
    return s.replace(JWT, '[jwt]').replace(CARD, (m) => this.hash(m)).replace(DIGITS, (m) => this.hash(m));
  }

  value(v: unknown, key?: string, depth = 0): unknown {
    const kind = key === undefined ? 'plain' : kindOfKey(key);
    if (kind === 'secret') return '[redacted]';
    if (typeof v === 'string') return kind === 'personal' ? this.hash(v) : this.text(v);
    if (typeof v === 'number' && kind === 'personal') return this.hash(String(v));
    if (typeof v === 'bigint') return kind === 'personal' ? this.hash(String(v)) : String(v);
    if (typeof v !== 'object' || v === null) return v;
    if (depth > 6) return '[deep]';
    if (Array.isArray(v)) return v.map((item) => this.value(item, key, depth + 1));
    if (v instanceof Error) return this.error(v, depth + 1);
    const out: Record<string, unknown> = {};
    for (const [ck, cv] of Object.entries(v)) out[ck] = this.value(cv, ck, depth + 1);
    return out;
  }

  error(e: Error, depth = 0): Record<string, unknown> {
    const out: Record<string, unknown> = { name: e.name, message: this.text(e.message) };
    if (e.stack) out.stack = this.text(e.stack);
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') out.code = code;
    if (e.cause !== undefined && depth < 4) out.cause = e.cause instanceof Error ? this.error(e.cause, depth + 1) : this.value(e.cause, 'cause', depth + 1);
    return out;
  }
}
