// The only writer of application/problem+json (RFC 9457). Unexposed and unknown errors become a bare 500.
import type { ServerResponse } from 'node:http';
import { ERRORS, type ErrorCode, GatewayError, isExposed, isGatewayError } from '../core/errors.ts';
import { localsOf } from './locals.ts';
import { reply } from './reply.ts';

export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  code: ErrorCode;
  requestId: string;
  source: 'gateway' | 'upstream';
  errors?: { pointer: string; message: string }[];
  [extension: string]: unknown;
}

export function toProblem(err: unknown, requestId: string, extensions: Record<string, unknown> = {}): { doc: ProblemDocument; headers: Record<string, string> } {
  const ge = isGatewayError(err) && isExposed(err.code) ? err : new GatewayError(isGatewayError(err) ? err.code : 'internal');
  const entry = ERRORS[ge.code];
  const doc: ProblemDocument = {
    ...extensions,
    ...ge.extensions,
    type: `urn:vss-gateway:problem:${ge.code}`,
    title: entry.title,
    status: entry.status,
    detail: isExposed(ge.code) ? ge.message : entry.title,
    instance: `urn:uuid:${requestId}`,
    code: ge.code,
    requestId,
    source: ge.code.startsWith('upstream.') ? 'upstream' : 'gateway',
  };
  if (ge.issues.length > 0) doc.errors = ge.issues.map((i) => ({ pointer: i.pointer, message: i.message }));
  return { doc, headers: { ...ge.headers } };
}

export function sendProblem(res: ServerResponse, err: unknown, extensions?: Record<string, unknown>): void {
  const locals = localsOf(res);
  const { doc, headers } = toProblem(err, locals.requestId, extensions);
  locals.errorCode = doc.code;
  for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
  res.setHeader('Cache-Control', 'no-store');
  reply(res, doc.status, 'application/problem+json', JSON.stringify(doc));
}
