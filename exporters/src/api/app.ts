// The ops HTTP API behind the Grafana plugin: /api/v1 (authenticated), /healthz, /readyz.
// Every route is one of @trafi-ops/contracts' endpoints (see handle.ts).
import express, { type Express, type RequestHandler } from 'express';
import { API_BASE, probes, type Readiness } from '@trafi-ops/contracts';
import { databaseProbe, redisProbe } from '../metrics/health-metrics.ts';
import { runProbe } from '../probe.ts';
import { authenticate, parseTokens, recordDenied } from './auth.ts';
import { apiContext, type OpsApiDeps } from './context.ts';
import { errorHandler, routeNotFound } from './errors.ts';
import { handle, resourceRouter, type ResourceRouter } from './handle.ts';
import { alertRoutes } from './routes/alerts.ts';
import { auditRoutes } from './routes/audit.ts';
import { dlqRoutes } from './routes/dlq.ts';
import { eventFlowRoutes } from './routes/event-flow.ts';
import { queueRoutes } from './routes/queues.ts';
import { runRoutes } from './routes/runs.ts';

export type { OpsApiDeps } from './context.ts';

export function createOpsApi(deps: OpsApiDeps): Express {
  const ctx = apiContext(deps);
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  if (deps.instrument) app.use(deps.instrument);

  const open = probeRoutes(deps);
  app.use(open.mount, open.router);

  const api = express.Router();
  api.use(answerWithin(deps.requestTimeoutMs ?? 15_000));
  api.use(authenticate(parseTokens(deps.tokens)));
  api.use(express.json({ limit: '100kb', strict: true }));
  for (const r of [queueRoutes(ctx), runRoutes(ctx), dlqRoutes(ctx), eventFlowRoutes(ctx), alertRoutes(ctx), auditRoutes(ctx)]) api.use(r.mount, r.router);
  api.use(recordDenied(deps.audit));
  app.use(API_BASE, api);

  app.use(routeNotFound);
  app.use(errorHandler(deps.logger));
  return app;
}

/** Liveness and readiness: open, outside /api/v1. */
function probeRoutes({ jobs, db }: OpsApiDeps): ResourceRouter {
  const at = resourceRouter('/');
  handle(at, probes.health, async () => ({ status: 'ok' as const }));
  handle(at, probes.ready, async (_input, _req, res): Promise<Readiness> => {
    const checks = await Promise.all(
      Object.entries({ redis: redisProbe(jobs.redis), database: databaseProbe(db) }).map(async ([name, check]) => {
        const r = await runProbe(check, 1000);
        return r.up ? { name, ok: true } : { name, ok: false, error: r.error };
      }),
    );
    const ok = checks.every((c) => c.ok);
    res.status(ok ? 200 : 503);
    return { status: ok ? 'ready' : 'not_ready', checks };
  });
  return at;
}

/** Commands wait through a Redis reconnect; the caller gets a clear 503 instead of a hang. */
function answerWithin(ms: number): RequestHandler {
  return (req, res, next) => {
    if (req.get('accept')?.includes('text/event-stream')) return next();
    const timer = setTimeout(() => {
      if (!res.headersSent) res.status(503).json({ error: { code: 'dependency_timeout', message: `no answer within ${ms} ms: Redis or the database is not responding` } });
    }, ms);
    res.on('close', () => clearTimeout(timer));
    res.on('finish', () => clearTimeout(timer));
    next();
  };
}
