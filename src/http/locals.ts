// What the gateway knows of one HTTP request while it is served, kept on the response (as `res.locals`, where Express
// keeps it too): its id, arrival time, and what the request log line reports once the response has gone.
import type { ServerResponse } from 'node:http';

export interface RequestLocals {
  readonly requestId: string;
  /** Arrival on the gateway's clock (epoch ms). */
  readonly receivedAt: number;
  /** `METHOD /path/template` of the matched route. */
  routeTemplate?: string;
  service?: string;
  partner?: string;
  purpose?: string;
  /** The problem code of a refused request. */
  errorCode?: string;
  upstreamMs?: number;
  /** Extra members a route adds to its problem documents. */
  problemExtensions?: (code: string) => Record<string, unknown> | undefined;
}

type WithLocals = ServerResponse & { locals?: RequestLocals };

export function attachLocals(res: ServerResponse, locals: RequestLocals): RequestLocals {
  (res as WithLocals).locals = locals;
  return locals;
}

/** The request's locals (every request gets them on arrival, before any route runs). */
export function localsOf(res: ServerResponse): RequestLocals {
  const locals = (res as WithLocals).locals;
  if (!locals) throw new Error('request has no context: the gateway listener attaches it on arrival');
  return locals;
}
