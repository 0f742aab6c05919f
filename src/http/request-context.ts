// Request id, arrival time on the gateway's clock and timing for every request; one log line when the response has gone.
import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { Clock } from '../core/clock.ts';
import type { Logger } from '../core/logger.ts';

export function requestContext(log: Logger, clock: Clock) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const requestId = randomUUID();
    const started = performance.now();
    res.locals.requestId = requestId;
    res.locals.receivedAt = clock.now();
    res.setHeader('X-Request-Id', requestId);
    res.on('finish', () => {
      const meta: Record<string, unknown> = {
        requestId,
        method: req.method,
        route: (res.locals.routeTemplate as string | undefined) ?? 'unmatched',
        status: res.statusCode,
        durationMs: Math.round((performance.now() - started) * 100) / 100,
      };
      if (res.locals.service) meta.service = res.locals.service;
      if (res.locals.partner) meta.partner = res.locals.partner;
      if (res.locals.purpose) meta.purpose = res.locals.purpose;
      if (res.locals.errorCode) meta.code = res.locals.errorCode;
      if (typeof res.locals.upstreamMs === 'number') meta.upstreamMs = Math.round(res.locals.upstreamMs * 100) / 100;
      log.info('request', meta);
    });
    next();
  };
}
