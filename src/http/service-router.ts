// Mounts every service entry as a route: HTTP request -> Exchange -> pipeline -> JSON or problem+json; row streams
// as a JSON page, NDJSON or CSV (by Accept), stored files with Range.
import express, { type Request, type Response } from 'express';
import { GatewayError, isExposed, isGatewayError } from '../core/errors.ts';
import type { Exchange } from '../core/exchange.ts';
import { isFileAnswer } from '../core/file-answer.ts';
import type { Logger } from '../core/logger.ts';
import type { ServiceDef } from '../core/service.ts';
import { isRowStream } from '../core/row-stream.ts';
import type { Pipeline } from '../pipeline/build.ts';
import { sendFile } from './file-sender.ts';
import { bodyParsers } from './media.ts';
import { sendProblem } from './problem.ts';
import { deliveryOf, negotiateRows, type RowAnswerFormat, writeRows } from './row-writer.ts';

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
    else if (service.method === 'DELETE') router.delete(service.path, tag, handler);
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
    let rowFormat: RowAnswerFormat | undefined;
    if (service.answer === 'rows') {
      rowFormat = negotiateRows(req.headers.accept);
      x.delivery = deliveryOf(rowFormat);
    }
    x.input = service.input({
      params: req.params as Record<string, string>, query: req.query as Record<string, unknown>, body: req.body,
      headers: { range: req.headers.range, 'if-range': typeof req.headers['if-range'] === 'string' ? req.headers['if-range'] : undefined },
    });
    if (service.accepted) x.status = 202;
    await pipeline.run(x);
    res.locals.partner = x.principal?.partnerId;
    res.locals.purpose = x.principal?.purpose;
    res.locals.upstreamMs = x.upstreamMs;
    for (const [k, v] of Object.entries(x.responseHeaders ?? {})) res.setHeader(k, v);
    res.setHeader('Cache-Control', 'no-store');
    if (rowFormat !== undefined && isRowStream(x.output)) {
      await writeRows(res, x.output, rowFormat, service.csv?.(x.fieldSets ?? []) ?? [], x.signal);
      return;
    }
    if (service.answer === 'file' && isFileAnswer(x.output)) {
      await sendFile(res, x.output);
      return;
    }
    if (service.accepted) res.setHeader('Location', service.accepted(x.output));
    res.status(x.status ?? 200).type('application/json').send(JSON.stringify(x.output));
  } catch (e) {
    if (res.headersSent) {
      // A stream that failed after its first bytes: the connection has been cut; only the log can tell.
      opts.log.error('response failed after it started', { requestId, service: service.id, error: e });
      if (!res.destroyed) res.destroy();
      return;
    }
    res.locals.partner = x.principal?.partnerId;
    res.locals.upstreamMs = x.upstreamMs;
    if (!isGatewayError(e) || !isExposed(e.code)) opts.log.error('request failed', { requestId, service: service.id, error: e });
    const code = isGatewayError(e) && isExposed(e.code) ? e.code : 'internal';
    for (const [k, v] of Object.entries(x.responseHeaders ?? {})) res.setHeader(k, v);
    sendProblem(res, e, requestId, service.problemExtensions?.(code));
  }
}
