// Every service entry as an Express route too: the requests the route table leaves to Express (bodies, which go
// through the entry's body parsers first; HEAD; paths it cannot read with certainty) are served by the same
// `serveCall`.
import express, { type Request, type Response } from 'express';
import { bodyParsers } from './media.ts';
import { type MountedService, type ServeOptions, serveCall, tagRoute } from './service-call.ts';
import { localsOf } from './locals.ts';

export function serviceRouter(mounted: readonly MountedService[], opts: ServeOptions & { bodyLimitBytes: number }) {
  const router = express.Router({ caseSensitive: true, strict: true });
  for (const m of mounted) {
    const { service } = m;
    const parsers = service.method === 'POST' ? bodyParsers(service.accepts ?? ['json'], opts.bodyLimitBytes) : [];
    // Named before the body parsers run, so that their refusals are logged and answered as this route's.
    const tag = (_req: Request, res: Response, next: () => void) => {
      tagRoute(localsOf(res), service);
      next();
    };
    const handler = (req: Request, res: Response) =>
      serveCall(m, { method: req.method, path: req.path, params: req.params as Record<string, string>, query: req.query as Record<string, unknown>, body: req.body, headers: req.headers }, res, opts);
    if (service.method === 'GET') router.get(service.path, tag, handler);
    else if (service.method === 'DELETE') router.delete(service.path, tag, handler);
    else router.post(service.path, tag, ...parsers, handler);
  }
  return router;
}
