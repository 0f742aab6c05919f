// buildApp(deps) -> the gateway's request listener: request context, the service entries (route table first, the
// Express app for the rest), health, OAuth, 404/405, problem errors. No listen, no module state.
import type { RequestListener } from 'node:http';
import express, { type NextFunction, type Request, type Response } from 'express';
import { GatewayError } from '../core/errors.ts';
import type { Logger } from '../core/logger.ts';
import type { ServiceDef } from '../core/service.ts';
import { buildPipeline, checkService } from '../pipeline/build.ts';
import type { PipelineDeps } from '../pipeline/deps.ts';
import { gatewayListener } from './front.ts';
import { localsOf } from './locals.ts';
import { bodyError } from './media.ts';
import { type OAuthDeps, oauthRouter } from './oauth.ts';
import { sendProblem } from './problem.ts';
import { RouteTable } from './route-table.ts';
import { serviceRouter } from './service-router.ts';

export interface AppDeps {
  readonly pipeline: PipelineDeps;
  readonly services: readonly ServiceDef[];
  readonly log: Logger;
  readonly bodyLimitBytes: number;
  /** True once shutdown has begun: new data requests get 503. */
  readonly isDraining: () => boolean;
  /** Readiness probe (store reachable, adapters healthy). */
  readonly ready: () => Promise<{ ok: boolean; upstreams: Record<string, boolean> }>;
  readonly oauth: OAuthDeps;
}

export function buildApp(deps: AppDeps): RequestListener {
  const mounted = deps.services.map((service) => {
    checkService(service, deps.pipeline);
    return { service, pipeline: buildPipeline(service, deps.pipeline) };
  });
  const serveOpts = { isDraining: deps.isDraining, log: deps.log };
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('query parser', 'simple');
  app.get('/health/live', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/health/ready', async (_req, res) => {
    const probe = await deps.ready().catch(() => ({ ok: false, upstreams: {} }));
    const ok = !deps.isDraining() && probe.ok;
    res.status(ok ? 200 : 503).json({ status: ok ? 'ready' : 'not-ready', upstreams: probe.upstreams });
  });
  app.use(oauthRouter(deps.oauth));
  app.use(serviceRouter(mounted, { ...serveOpts, bodyLimitBytes: deps.bodyLimitBytes }));
  const routes = new RouteTable(mounted);
  app.use((req: Request, res: Response) => {
    const methods = routes.allowedMethods(req.path);
    if (methods.length > 0) {
      sendProblem(res, new GatewayError('method.not_allowed', `${req.method} is not allowed here`, { headers: { Allow: methods.join(', ') } }));
      return;
    }
    sendProblem(res, new GatewayError('route.not_found', 'no route matches this path'));
  });
  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const mapped = err instanceof GatewayError ? err : bodyError(err);
    const locals = localsOf(res);
    if (!mapped) deps.log.error('unhandled request error', { requestId: locals.requestId, error: err });
    const code = mapped?.code ?? 'internal';
    sendProblem(res, mapped ?? err, locals.problemExtensions?.(code));
  });
  return gatewayListener({ ...serveOpts, routes, app, clock: deps.pipeline.clock });
}
