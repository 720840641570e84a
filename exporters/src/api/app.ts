// The ops HTTP API behind the Grafana plugin: /api/v1 (authenticated), /healthz, /readyz.
import express, { type Express, type RequestHandler } from 'express';
import type { Logger } from 'pino';
import type { AuditLog } from '../db/audit-log.ts';
import type { Database } from '../db/database.ts';
import type { EventFlowHealth } from '../events/flow-health.ts';
import type { DeadLetterQueue } from '../jobs/dlq.ts';
import type { JobService } from '../jobs/job-service.ts';
import type { RunStore } from '../jobs/runs.ts';
import { databaseProbe, redisProbe } from '../metrics/health-metrics.ts';
import { runProbe } from '../probe.ts';
import { authenticate, parseTokens } from './auth.ts';
import { errorHandler, routeNotFound } from './errors.ts';
import { OperationTracker } from './operations.ts';
import { auditRoutes } from './routes/audit.ts';
import { dlqRoutes } from './routes/dlq.ts';
import type { AlertmanagerClient } from '../alerting/alertmanager-client.ts';
import { eventFlowRoutes } from './routes/event-flow.ts';
import { alertRoutes } from './routes/alerts.ts';
import { queueRoutes } from './routes/queues.ts';
import { runRoutes } from './routes/runs.ts';

export interface OpsApiDeps {
  jobs: JobService;
  dlq: DeadLetterQueue;
  runs: RunStore;
  audit: AuditLog;
  db: Database;
  logger: Logger;
  /** OPS_API_TOKENS format: "[name@]role:token,...". */
  tokens: string;
  /** Bulk actions on more entries than this run as tracked operations (202). */
  syncBulkLimit?: number;
  /** How often the SSE log stream polls for new lines. */
  logPollMs?: number;
  /** Event flow health (GET /event-flow/stores/:store). */
  eventFlow?: EventFlowHealth;
  /** Active alerts (GET /alerts); unset: the API answers with none and source null. */
  alertmanager?: AlertmanagerClient;
  /** Request metrics middleware (see metrics/http-metrics.ts), mounted first. */
  instrument?: RequestHandler;
  /** A request still unanswered after this long (Redis or the database hanging) gets a 503. */
  requestTimeoutMs?: number;
}

export type ApiContext = OpsApiDeps & { operations: OperationTracker };

export function createOpsApi(deps: OpsApiDeps): Express {
  const ctx: ApiContext = { ...deps, operations: new OperationTracker(deps.jobs.redis, deps.jobs.keys) };
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  if (deps.instrument) app.use(deps.instrument);

  app.get('/healthz', (_req, res) => void res.json({ status: 'ok' }));
  app.get('/readyz', async (_req, res) => {
    const checks = await Promise.all(
      Object.entries({ redis: redisProbe(deps.jobs.redis), database: databaseProbe(deps.db) }).map(async ([name, check]) => {
        const r = await runProbe(check, 1000);
        return r.up ? { name, ok: true } : { name, ok: false, error: r.error };
      }),
    );
    const ok = checks.every((c) => c.ok);
    res.status(ok ? 200 : 503).json({ status: ok ? 'ready' : 'not_ready', checks });
  });

  const api = express.Router();
  api.use(answerWithin(deps.requestTimeoutMs ?? 15_000));
  api.use(authenticate(parseTokens(deps.tokens)));
  api.use(express.json({ limit: '100kb', strict: true }));
  api.use('/queues', queueRoutes(ctx));
  api.use('/runs', runRoutes(ctx));
  api.use('/dlq', dlqRoutes(ctx));
  api.use('/event-flow', eventFlowRoutes(ctx));
  api.use('/alerts', alertRoutes(ctx));
  api.use('/', auditRoutes(ctx));
  app.use('/api/v1', api);

  app.use(routeNotFound);
  app.use(errorHandler(deps.logger));
  return app;
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
