// buildApp(deps) -> Express app: request context, health, one route per service entry, 404/405, problem errors.
// No listen, no module state.
import express, { type NextFunction, type Request, type Response } from 'express';
import { GatewayError } from '../core/errors.ts';
import type { Logger } from '../core/logger.ts';
import type { ServiceDef } from '../core/service.ts';
import { buildPipeline, checkService } from '../pipeline/build.ts';
import type { PipelineDeps } from '../pipeline/deps.ts';
import { bodyError } from './media.ts';
import { type OAuthDeps, oauthRouter } from './oauth.ts';
import { sendProblem } from './problem.ts';
import { requestContext } from './request-context.ts';
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

export function buildApp(deps: AppDeps): express.Express {
  const mounted = deps.services.map((service) => {
    checkService(service, deps.pipeline);
    return { service, pipeline: buildPipeline(service, deps.pipeline) };
  });
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('query parser', 'simple');
  app.use(requestContext(deps.log, deps.pipeline.clock));
  app.get('/health/live', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/health/ready', async (_req, res) => {
    const probe = await deps.ready().catch(() => ({ ok: false, upstreams: {} }));
    const ok = !deps.isDraining() && probe.ok;
    res.status(ok ? 200 : 503).json({ status: ok ? 'ready' : 'not-ready', upstreams: probe.upstreams });
  });
  app.use(oauthRouter(deps.oauth));
  app.use(serviceRouter(mounted, { bodyLimitBytes: deps.bodyLimitBytes, isDraining: deps.isDraining, log: deps.log }));
  const matchers = deps.services.map((s) => ({ method: s.method, re: pathPattern(s.path) }));
  app.use((req: Request, res: Response) => {
    const path = req.path;
    const methods = [...new Set(matchers.filter((m) => m.re.test(path)).map((m) => m.method))];
    if (methods.length > 0) {
      sendProblem(res, new GatewayError('method.not_allowed', `${req.method} is not allowed here`, { headers: { Allow: methods.join(', ') } }), res.locals.requestId as string);
      return;
    }
    sendProblem(res, new GatewayError('route.not_found', 'no route matches this path'), res.locals.requestId as string);
  });
  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const mapped = err instanceof GatewayError ? err : bodyError(err);
    if (!mapped) deps.log.error('unhandled request error', { requestId: res.locals.requestId, error: err });
    const extensions = res.locals.problemExtensions as ((code: string) => Record<string, unknown> | undefined) | undefined;
    const code = mapped?.code ?? 'internal';
    sendProblem(res, mapped ?? err, res.locals.requestId as string, extensions?.(code));
  });
  return app;
}

function pathPattern(path: string): RegExp {
  const body = path
    .split('/')
    .map((seg) => (seg.startsWith(':') ? '[^/]+' : seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  return new RegExp(`^${body}$`);
}
