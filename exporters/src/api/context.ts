// What the route modules get: the API's dependencies and the tracked operations. A module of
// its own so app.ts (which mounts the routes) and routes/*.ts do not import each other.
import type { RequestHandler } from 'express';
import type { Logger } from 'pino';
import type { AlertmanagerClient } from '../alerting/alertmanager-client.ts';
import type { AuditLog } from '../db/audit-log.ts';
import type { Database } from '../db/database.ts';
import type { DiagnosticsService } from '../diagnostics/diagnostics-service.ts';
import type { EventFlowHealth } from '../events/flow-health.ts';
import type { DeadLetterQueue } from '../jobs/dlq.ts';
import type { JobService } from '../jobs/job-service.ts';
import { OperationTracker } from '../jobs/operations.ts';
import type { RunStore } from '../jobs/runs.ts';
import type { SupportApi } from '../support/setup.ts';
import type { DeploymentDriver } from '../deployments/driver.ts';
import { ReleaseRegistry } from '../deployments/registry.ts';
import type { RollbackService } from '../deployments/rollback-service.ts';

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
  /** Diagnostic reports (GET/POST /diagnostics); unset: those routes answer 503. */
  diagnostics?: DiagnosticsService;
  /** Request metrics middleware (see metrics/http-metrics.ts), mounted first. */
  instrument?: RequestHandler;
  /** A request still unanswered after this long once its body has arrived (Redis or the database hanging) gets a 503. */
  requestTimeoutMs?: number;
  /** A request body still incomplete after this long (the client stalling) gets a 408 (BODY_TIMEOUT_MS; default 5 s). */
  bodyTimeoutMs?: number;
  /** Support mode (routes under /support); unset: they answer 503 support_unconfigured. */
  support?: SupportApi;
  /** Rollbacks (POST /rollbacks): the driver that moves releases and the service running them; unset: 503. */
  rollbacks?: { driver: DeploymentDriver; service: RollbackService };
}

export type ApiContext = OpsApiDeps & { operations: OperationTracker; releases: ReleaseRegistry };

export function apiContext(deps: OpsApiDeps): ApiContext {
  return { ...deps, operations: new OperationTracker(deps.jobs.redis, deps.jobs.keys), releases: new ReleaseRegistry(deps.db) };
}
