// Every request's context, attached on arrival: a request id (also sent back as X-Request-Id), the arrival time on
// the gateway's clock, and one log line when the response has gone.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Clock } from '../core/clock.ts';
import type { Logger } from '../core/logger.ts';
import { attachLocals, type RequestLocals } from './locals.ts';

export function beginRequest(req: IncomingMessage, res: ServerResponse, log: Logger, clock: Clock): RequestLocals {
  const started = performance.now();
  const locals = attachLocals(res, { requestId: randomUUID(), receivedAt: clock.now() });
  res.setHeader('X-Request-Id', locals.requestId);
  res.once('finish', () => log.info('request', requestLine(req, res, locals, started)));
  return locals;
}

function requestLine(req: IncomingMessage, res: ServerResponse, locals: RequestLocals, started: number): Record<string, unknown> {
  const meta: Record<string, unknown> = {
    requestId: locals.requestId,
    method: req.method,
    route: locals.routeTemplate ?? 'unmatched',
    status: res.statusCode,
    durationMs: Math.round((performance.now() - started) * 100) / 100,
  };
  if (locals.service) meta.service = locals.service;
  if (locals.partner) meta.partner = locals.partner;
  if (locals.purpose) meta.purpose = locals.purpose;
  if (locals.errorCode) meta.code = locals.errorCode;
  if (typeof locals.upstreamMs === 'number') meta.upstreamMs = Math.round(locals.upstreamMs * 100) / 100;
  return meta;
}
