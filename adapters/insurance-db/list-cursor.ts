// Opaque, signed list cursors: where the next page starts (a person id) and the reference date of the list, bound to
// the partner, the province and a hash of the query, under an HMAC key kept in the store. A cursor that was altered,
// or is replayed by another partner, for another province or with other filters, is refused (400).
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { GatewayError } from '../../src/core/errors.ts';
import type { Store } from '../../src/store/open.ts';

const KEY_NAME = 'lists.cursor-key';
const MAC_BYTES = 32;

export interface CursorPosition {
  /** Every person up to this id has been listed. */
  readonly after: number;
  readonly referenceDate: string;
}

export interface CursorBinding {
  readonly partner: string;
  readonly province: string;
  readonly queryHash: string;
}

interface Payload { v: 1; p: string; r: string; q: string; a: number; d: string }

/** SHA-256 of the query in a canonical form (object keys sorted), without the paging members. */
export function queryHash(request: Readonly<Record<string, unknown>>): string {
  const { cursor: _cursor, limit: _limit, ...query } = request;
  return createHash('sha256').update(canonicalJson(query)).digest('base64url');
}

function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${canonicalJson(x)}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

/** The cursor key: created once per store (the first instance to start wins), shared by every gateway instance. */
export async function loadCursorKey(store: Store): Promise<Buffer> {
  await store.db
    .insertInto('meta')
    .values({ key: KEY_NAME, value: randomBytes(32).toString('base64url') })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  const row = await store.db.selectFrom('meta').select('value').where('key', '=', KEY_NAME).executeTakeFirstOrThrow();
  return Buffer.from(row.value, 'base64url');
}

export class ListCursors {
  private readonly key: Buffer;
  constructor(key: Buffer) {
    this.key = key;
  }

  sign(position: CursorPosition, binding: CursorBinding): string {
    const payload: Payload = { v: 1, p: binding.partner, r: binding.province, q: binding.queryHash, a: position.after, d: position.referenceDate };
    const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
    return `${body}.${this.mac(body).toString('base64url')}`;
  }

  /** The position a cursor names, once its signature and binding are checked. */
  open(cursor: string, binding: CursorBinding): CursorPosition {
    const [body = '', mac = ''] = cursor.split('.');
    const given = Buffer.from(mac, 'base64url');
    if (given.length !== MAC_BYTES || !timingSafeEqual(given, this.mac(body))) throw invalid('the cursor was not issued by this gateway or was altered');
    let payload: Partial<Payload>;
    try {
      payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Partial<Payload>;
    } catch {
      throw invalid('the cursor is malformed');
    }
    if (payload.v !== 1 || typeof payload.a !== 'number' || !Number.isSafeInteger(payload.a) || typeof payload.d !== 'string') throw invalid('the cursor is malformed');
    if (payload.p !== binding.partner || payload.r !== binding.province || payload.q !== binding.queryHash) {
      throw invalid('the cursor belongs to another query: send the same filters, field sets and province as the first page');
    }
    return { after: payload.a, referenceDate: payload.d };
  }

  private mac(body: string): Buffer {
    return createHmac('sha256', this.key).update(`list-cursor.v1.${body}`).digest();
  }
}

function invalid(detail: string): GatewayError {
  return new GatewayError('list.cursor_invalid', detail, { issues: [{ pointer: '/cursor', message: detail }] });
}
