// The ops HTTP API behind the Grafana plugin: /api/v1 (authenticated), /healthz, /readyz.
// Every route is one of @trafi-ops/contracts' endpoints (see handle.ts).
import express, { type Express, type RequestHandler } from 'express';
import helmet from 'helmet';
import { API_BASE, probes, type Readiness } from '@trafi-ops/contracts';
import { databaseProbe, redisProbe } from '../metrics/health-metrics.ts';
import { runProbe } from '../probe.ts';
import { deepHealthRoutes } from './deep-health.ts';
import { authenticate, parseTokens, recordDenied } from './auth.ts';
import { apiContext, type OpsApiDeps } from './context.ts';
import { errorHandler, routeNotFound } from './errors.ts';
import { handle, resourceRouter, type ResourceRouter } from './handle.ts';
import { answerWithin, bodyWithin } from './timeouts.ts';
import { alertRoutes } from './routes/alerts.ts';
import { auditRoutes } from './routes/audit.ts';
import { diagnosticsRoutes } from './routes/diagnostics.ts';
import { dlqRoutes } from './routes/dlq.ts';
import { deploymentRoutes, rollbackRoutes } from './routes/deployments.ts';
import { eventFlowRoutes } from './routes/event-flow.ts';
import { queueRoutes } from './routes/queues.ts';
import { runRoutes } from './routes/runs.ts';
import { supportRoutes } from './routes/support.ts';

export type { OpsApiDeps } from './context.ts';

export function createOpsApi(deps: OpsApiDeps): Express {
  const ctx = apiContext(deps);
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  if (deps.instrument) app.use(deps.instrument);
  app.use(securityHeaders, noStore);

  const open = probeRoutes(deps);
  app.use(open.mount, open.router);

  const api = express.Router();
  api.use(bodyWithin(deps.bodyTimeoutMs ?? 5_000));
  api.use(authenticate(parseTokens(deps.tokens)));
  api.use(express.json({ limit: '100kb', strict: true }));
  api.use(answerWithin(deps.requestTimeoutMs ?? 15_000));
  for (const r of [queueRoutes(ctx), runRoutes(ctx), dlqRoutes(ctx), eventFlowRoutes(ctx), alertRoutes(ctx), auditRoutes(ctx), supportRoutes(ctx), diagnosticsRoutes(ctx), deploymentRoutes(ctx), rollbackRoutes(ctx)]) api.use(r.mount, r.router);
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
  deepHealthRoutes(at, { jobs, db });
  return at;
}

/**
 * The API answers JSON (and SSE) only: nothing it sends may be sniffed, framed, run as a page
 * or leak the URL onward, whatever a browser makes of it.
 */
const securityHeaders = helmet({
  contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"], baseUri: ["'none'"], formAction: ["'none'"] } },
  xFrameOptions: { action: 'deny' },
  referrerPolicy: { policy: 'no-referrer' },
});

/** Every answer is about live state (and most are someone's data): no cache or proxy keeps one. helmet has no such header. */
const noStore: RequestHandler = (_req, res, next) => {
  res.set('cache-control', 'no-store');
  next();
};
