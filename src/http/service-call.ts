// Serves one call of a service entry, whichever way it arrived (the route table, or Express for requests with a
// body): HTTP request -> Exchange -> pipeline -> JSON or problem+json; row streams as a JSON page, NDJSON or CSV
// (by Accept), stored files with Range.
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import { GatewayError, isExposed, isGatewayError } from '../core/errors.ts';
import type { Exchange } from '../core/exchange.ts';
import { isFileAnswer } from '../core/file-answer.ts';
import type { Logger } from '../core/logger.ts';
import type { ServiceDef } from '../core/service.ts';
import { isRowStream } from '../core/row-stream.ts';
import type { Pipeline } from '../pipeline/build.ts';
import { sendFile } from './file-sender.ts';
import { localsOf, type RequestLocals } from './locals.ts';
import { sendProblem } from './problem.ts';
import { reply } from './reply.ts';
import { deliveryOf, negotiateRows, type RowAnswerFormat, writeRows } from './row-writer.ts';

export interface MountedService { readonly service: ServiceDef; readonly pipeline: Pipeline }

/** The request as the service entry's `input` mapping sees it. */
export interface ServiceCall {
  readonly method: string;
  /** The path without its query string. */
  readonly path: string;
  readonly params: Record<string, string>;
  readonly query: Record<string, unknown>;
  readonly body: unknown;
  readonly headers: IncomingHttpHeaders;
}

export interface ServeOptions { readonly isDraining: () => boolean; readonly log: Logger }

/** Names the matched route in the request's context (log line, problem extensions); done before anything can fail. */
export function tagRoute(locals: RequestLocals, service: ServiceDef): void {
  locals.routeTemplate = `${service.method} ${service.path}`;
  locals.service = service.id;
  locals.problemExtensions = service.problemExtensions;
}

export async function serveCall({ service, pipeline }: MountedService, call: ServiceCall, res: ServerResponse, opts: ServeOptions): Promise<void> {
  const locals = localsOf(res);
  tagRoute(locals, service);
  let signal: AbortSignal | undefined;
  const x: Exchange = {
    requestId: locals.requestId,
    service,
    get signal() {
      return (signal ??= disconnectSignal(res));
    },
    receivedAt: locals.receivedAt,
    method: call.method,
    path: call.path,
    headers: { authorization: call.headers.authorization, dpop: single(call.headers.dpop) },
    input: undefined,
  };
  try {
    if (opts.isDraining()) {
      throw new GatewayError('service.unavailable', 'the gateway is shutting down', { headers: { 'Retry-After': '5' } });
    }
    let rowFormat: RowAnswerFormat | undefined;
    if (service.answer === 'rows') {
      rowFormat = negotiateRows(call.headers.accept);
      x.delivery = deliveryOf(rowFormat);
    }
    x.input = service.input({
      params: call.params, query: call.query, body: call.body,
      headers: { range: call.headers.range, 'if-range': single(call.headers['if-range']) },
    });
    if (service.accepted) x.status = 202;
    await pipeline.run(x);
    locals.partner = x.principal?.partnerId;
    locals.purpose = x.principal?.purpose;
    locals.upstreamMs = x.upstreamMs;
    setHeaders(res, x.responseHeaders);
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
    reply(res, x.status ?? 200, 'application/json', JSON.stringify(x.output));
  } catch (e) {
    if (res.headersSent) {
      // A stream that failed after its first bytes: the connection has been cut; only the log can tell.
      opts.log.error('response failed after it started', { requestId: locals.requestId, service: service.id, error: e });
      if (!res.destroyed) res.destroy();
      return;
    }
    locals.partner = x.principal?.partnerId;
    locals.upstreamMs = x.upstreamMs;
    if (!isGatewayError(e) || !isExposed(e.code)) opts.log.error('request failed', { requestId: locals.requestId, service: service.id, error: e });
    const code = isGatewayError(e) && isExposed(e.code) ? e.code : 'internal';
    setHeaders(res, x.responseHeaders);
    sendProblem(res, e, service.problemExtensions?.(code));
  }
}

/**
 * Aborts when the client goes away before its response has been sent. Made on first use only: most exchanges (a
 * card lookup answered from the store) never look at it.
 */
function disconnectSignal(res: ServerResponse): AbortSignal {
  const aborter = new AbortController();
  if (res.closed) {
    if (!res.writableFinished) aborter.abort();
  } else {
    res.once('close', () => {
      if (!res.writableFinished) aborter.abort();
    });
  }
  return aborter.signal;
}

/** The exchange's response headers (rate-limit state...), whatever its outcome. */
function setHeaders(res: ServerResponse, headers: Readonly<Record<string, string>> | undefined): void {
  if (headers) for (const k in headers) res.setHeader(k, headers[k] as string);
}

function single(v: string | string[] | undefined): string | undefined {
  return typeof v === 'string' ? v : undefined;
}
