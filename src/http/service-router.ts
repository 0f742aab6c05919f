// Mounts every service entry as a route: HTTP request -> Exchange -> pipeline -> JSON or problem+json.
import express, { type Request, type Response } from 'express';
import { GatewayError, isExposed, isGatewayError } from '../core/errors.ts';
import type { Exchange } from '../core/exchange.ts';
import type { Logger } from '../core/logger.ts';
import type { ServiceDef } from '../core/service.ts';
import type { Pipeline } from '../pipeline/build.ts';
import { bodyParsers } from './media.ts';
import { sendProblem } from './problem.ts';

export interface MountedService { readonly service: ServiceDef; readonly pipeline: Pipeline }

export function serviceRouter(mounted: readonly MountedService[], opts: { bodyLimitBytes: number; isDraining: () => boolean; log: Logger }) {
  const router = express.Router({ caseSensitive: true, strict: true });
  for (const { service, pipeline } of mounted) {
    const parsers = service.method === 'POST' ? bodyParsers(service.accepts ?? ['json'], opts.bodyLimitBytes) : [];
    const handler = (req: Request, res: Response) => handle(service, pipeline, req, res, opts);
    const tag = (_req: Request, res: Response, next: () => void) => {
      res.locals.routeTemplate = `${service.method} ${service.path}`;
      res.locals.service = service.id;
      res.locals.problemExtensions = service.problemExtensions;
      next();
    };
    if (service.method === 'GET') router.get(service.path, tag, handler);
    else router.post(service.path, tag, ...parsers, handler);
  }
  return router;
}

async function handle(service: ServiceDef, pipeline: Pipeline, req: Request, res: Response, opts: { isDraining: () => boolean; log: Logger }): Promise<void> {
  const requestId = res.locals.requestId as string;
  const aborter = new AbortController();
  res.on('close', () => {
    if (!res.writableFinished) aborter.abort();
  });
  const x: Exchange = {
    requestId,
    service,
    signal: aborter.signal,
    receivedAt: res.locals.receivedAt as number,
    method: req.method,
    path: req.path,
    headers: { authorization: req.headers.authorization, dpop: typeof req.headers.dpop === 'string' ? req.headers.dpop : undefined },
    input: undefined,
  };
  try {
    if (opts.isDraining()) {
      throw new GatewayError('service.unavailable', 'the gateway is shutting down', { headers: { 'Retry-After': '5' } });
    }
    x.input = service.input({ params: req.params as Record<string, string>, query: req.query as Record<string, unknown>, body: req.body });
    await pipeline.run(x);
    res.locals.partner = x.principal?.partnerId;
    res.locals.purpose = x.principal?.purpose;
    res.locals.upstreamMs = x.upstreamMs;
    res.setHeader('Cache-Control', 'no-store');
    res.status(x.status ?? 200).type('application/json').send(JSON.stringify(x.output));
  } catch (e) {
    res.locals.partner = x.principal?.partnerId;
    res.locals.upstreamMs = x.upstreamMs;
    if (!isGatewayError(e) || !isExposed(e.code)) opts.log.error('request failed', { requestId, service: service.id, error: e });
    const code = isGatewayError(e) && isExposed(e.code) ? e.code : 'internal';
    sendProblem(res, e, requestId, service.problemExtensions?.(code));
  }
}
