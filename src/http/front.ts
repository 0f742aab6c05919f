// The gateway's request listener. Every request first gets its context (id, arrival time, log line). A service
// entry without a request body (GET, DELETE: the card lookups, most of the traffic) is then served straight from
// the compiled route table, without Express's per-request router and prototype work; everything else (bodies and
// their parsers, OAuth, health, HEAD, 404/405, unreadable paths) goes to the Express app.
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { parse as parseQuery } from 'node:querystring';
import type { Clock } from '../core/clock.ts';
import { beginRequest } from './request-context.ts';
import type { RouteTable } from './route-table.ts';
import { type ServeOptions, serveCall } from './service-call.ts';

export interface FrontDeps extends ServeOptions {
  readonly routes: RouteTable;
  readonly app: RequestListener;
  readonly clock: Clock;
}

export function gatewayListener(deps: FrontDeps): RequestListener {
  const { routes, app, clock, log } = deps;
  return (req: IncomingMessage, res: ServerResponse) => {
    const locals = beginRequest(req, res, log, clock);
    const match = req.method === 'POST' ? undefined : routes.match(req.method, req.url);
    if (!match) {
      app(req, res);
      return;
    }
    const call = { method: req.method as string, path: match.path, params: match.params, query: parseQuery(match.search), body: undefined, headers: req.headers };
    serveCall(match.mounted, call, res, deps).catch((e: unknown) => {
      log.error('request failed', { requestId: locals.requestId, error: e });
      if (!res.headersSent) {
        res.statusCode = 500;
        res.end();
      } else res.destroy();
    });
  };
}
