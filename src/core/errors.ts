// The one catalogue of gateway error codes: status, title, and whether the detail may reach the client.
export const ERRORS = {
  'request.invalid_json': { status: 400, title: 'Malformed JSON body' },
  'request.unsupported_media_type': { status: 415, title: 'Unsupported media type' },
  'request.too_large': { status: 413, title: 'Request body too large' },
  'request.not_acceptable': { status: 406, title: 'Not acceptable' },
  'route.not_found': { status: 404, title: 'No such route' },
  'method.not_allowed': { status: 405, title: 'Method not allowed' },
  'contract.request_invalid': { status: 400, title: 'Request violates contract' },
  'contract.response_invalid': { status: 500, title: 'Internal error', expose: false },
  'token.missing': { status: 401, title: 'Bearer token required' },
  'token.malformed': { status: 401, title: 'Token is not a compact JWS' },
  'token.too_large': { status: 401, title: 'Token too large' },
  'token.alg_not_allowed': { status: 401, title: 'Token algorithm not allowed' },
  'token.header_not_allowed': { status: 401, title: 'Token header parameter not allowed' },
  'token.type_not_allowed': { status: 401, title: 'Token type not allowed here' },
  'token.unknown_key': { status: 401, title: 'Unknown signing key' },
  'token.unknown_issuer': { status: 401, title: 'Unknown token issuer' },
  'token.bad_signature': { status: 401, title: 'Token signature invalid' },
  'token.invalid_claims': { status: 401, title: 'Token claims invalid' },
  'token.audience': { status: 401, title: 'Token audience invalid' },
  'token.expired': { status: 401, title: 'Token expired' },
  'token.not_yet_valid': { status: 401, title: 'Token not yet valid' },
  'token.lifetime_too_long': { status: 401, title: 'Token lifetime too long' },
  'token.replayed': { status: 401, title: 'Token already used' },
  'token.dpop_required': { status: 401, title: 'DPoP-bound access token and proof required' },
  'token.dpop_invalid': { status: 401, title: 'DPoP proof invalid' },
  'partner.disabled': { status: 401, title: 'Partner disabled' },
  'scope.missing': { status: 403, title: 'Token lacks the scope this route requires' },
  'purpose.denied': { status: 403, title: 'Purpose of use not allowed' },
  'jurisdiction.denied': { status: 403, title: 'Outside granted provinces' },
  'fieldset.denied': { status: 403, title: 'Filter on data of a field set not granted for this purpose' },
  'partner.kind_denied': { status: 403, title: 'This route is not open to partners of this kind' },
  'grant.expired': { status: 403, title: 'Data-sharing agreement not in force' },
  'subject.not_found': { status: 404, title: 'No such person' },
  'healthcheck.conflict': { status: 409, title: 'Health-check id already used for a different result' },
  'event.id_reused': { status: 409, title: 'Event id already used for a different event' },
  'event.conflict': { status: 409, title: 'Event conflicts with the insurance record' },
  'event.rejected': { status: 422, title: 'Event cannot be acted on' },
  'list.cursor_invalid': { status: 400, title: 'List cursor invalid for this query' },
  'export.not_found': { status: 404, title: 'No such export' },
  'export.not_ready': { status: 409, title: 'Export file not ready' },
  'export.expired': { status: 410, title: 'Export file expired and deleted' },
  'export.range_not_satisfiable': { status: 416, title: 'Range not satisfiable' },
  'rate.limited': { status: 429, title: 'Too many requests' },
  'upstream.timeout': { status: 504, title: 'Upstream timed out' },
  'upstream.unavailable': { status: 503, title: 'Upstream unavailable' },
  'upstream.bad_response': { status: 502, title: 'Upstream answered badly' },
  'audit.unavailable': { status: 503, title: 'Audit log unavailable' },
  'service.unavailable': { status: 503, title: 'Gateway shutting down' },
  internal: { status: 500, title: 'Internal error', expose: false },
} as const satisfies Record<string, { status: number; title: string; expose?: boolean }>;

export type ErrorCode = keyof typeof ERRORS;

export interface Issue {
  /** JSON pointer into the request (never the offending value). */
  readonly pointer: string;
  readonly message: string;
}

export interface GatewayErrorOptions {
  readonly cause?: unknown;
  readonly issues?: readonly Issue[];
  /** Extra response headers (Allow, Retry-After, WWW-Authenticate...). */
  readonly headers?: Readonly<Record<string, string>>;
  /** Extension members added to the problem document (for compatibility routes). */
  readonly extensions?: Readonly<Record<string, unknown>>;
}

export class GatewayError extends Error {
  readonly code: ErrorCode;
  readonly issues: readonly Issue[];
  readonly headers: Readonly<Record<string, string>>;
  readonly extensions: Readonly<Record<string, unknown>>;

  constructor(code: ErrorCode, detail?: string, opts: GatewayErrorOptions = {}) {
    super(detail ?? ERRORS[code].title, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'GatewayError';
    this.code = code;
    this.issues = opts.issues ?? [];
    this.headers = opts.headers ?? {};
    this.extensions = opts.extensions ?? {};
  }

  get status(): number {
    return ERRORS[this.code].status;
  }
}

export function isExposed(code: ErrorCode): boolean {
  const entry: { readonly status: number; readonly expose?: boolean } = ERRORS[code];
  return entry.expose !== false;
}

export function isGatewayError(e: unknown): e is GatewayError {
  return e instanceof GatewayError;
}
