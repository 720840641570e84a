// Every route of the ops API, described once from the resource schemas: method, path, the
// schemas of its params, query, body and answer, who may call it and whether it streams.
// The express routes validate with these, the plugin's client is typed from them, and a test
// walks them against the registered routes and plugin.json's proxy routes.
import { z } from 'zod';
import { AlertsQuerySchema, AlertsResponseSchema } from './alerts.ts';
import { AuditEntrySchema, AuditQuerySchema, type Role } from './audit.ts';
import { ReasonBodySchema, itemsOf, pageOf } from './common.ts';
import { BulkAnswerSchema, BulkResultSchema, DlqBulkBodySchema, DlqEntryIdSchema, DlqEntrySchema, DlqErrorGroupsSchema, DlqFilterSchema, DlqQuerySchema, OperationEnvelopeSchema } from './dlq.ts';
import { DiagnosticReportSchema, DiagnosticSummarySchema, DiagnosticsBodySchema, DiagnosticsIdParamsSchema, DiagnosticsQuerySchema, PdfSchema } from './diagnostics.ts';
import { DeploymentBodySchema, DeploymentCreatedSchema, DeploymentsQuerySchema, LiveStateSchema, PauseAnswerSchema, PauseBodySchema, ReleaseSchema, RollbackAnswerSchema, RollbackBodySchema, RollbackEnvelopeSchema, RollbackParamsSchema, RollbackSchema, RollbacksQuerySchema } from './deployments.ts';
import { EventNameSchema, StoreFlowHealthSchema } from './event-flow.ts';
import { SupportAccessEntrySchema, SupportAccessQuerySchema, SupportActivateBodySchema, SupportActivationSchema, SupportApproveBodySchema, SupportEndBodySchema, SupportGrantParamsSchema, SupportGrantSchema, SupportGrantsQuerySchema, SupportMerchantGrantBodySchema, SupportMerchantGrantsQuerySchema, SupportRequestBodySchema } from './support.ts';
import { QueueListSchema, QueueParamsSchema, QueuePausedSchema } from './queues.ts';
import { DependencyHealthSchema } from './synthetic.ts';
import { LogEndEventSchema, LogLinesEventSchema, RunCreatedSchema, RunDetailSchema, RunLogsQuerySchema, RunLogsSchema, RunRefParamsSchema, RunSummarySchema, RunsQuerySchema } from './runs.ts';

/** Where the routes of `endpoints` live; the probes are outside it. */
export const API_BASE = '/api/v1';

export type Method = 'GET' | 'POST';
/** The role a bearer token needs, or 'public' (no token: the probes). */
export type Access = Role | 'public';
/** How the answer is wrapped: `{items,nextCursor}`, `{items,…}`, `{run}`, `{operation}`, or not at all. */
export type Envelope = 'page' | 'items' | 'run' | 'operation' | 'none';
/** SSE event names and the schema of each event's data. */
export type SseEvents = Record<string, z.ZodType>;

export interface Endpoint<
  P extends z.ZodType = z.ZodType,
  Q extends z.ZodType = z.ZodType,
  B extends z.ZodType = z.ZodType,
  R extends z.ZodType = z.ZodType,
  S extends SseEvents | undefined = SseEvents | undefined,
> {
  method: Method;
  /** Express-style (`/runs/:queue/:id`), under API_BASE unless the endpoint is a probe. */
  path: string;
  summary: string;
  params: P;
  query: Q;
  /** `NoBody` on a GET. */
  body: B;
  /** The answer on success, envelope included. */
  response: R;
  envelope: Envelope;
  /** The statuses of a handled answer, the usual one first. */
  status: readonly number[];
  role: Access;
  /** Set when the route also streams with `Accept: text/event-stream`. */
  sse: S;
}

export const NoParams = z.object({});
/** One query rule for every route: a field the endpoint does not declare is a 400 naming it,
 *  so a route without a query takes none (a typo or a stale parameter never passes silently). */
export const NoQuery = z.strictObject({});
export const NoBody = z.undefined();

interface Definition<P, Q, B, R, S> {
  method: Method;
  path: string;
  summary: string;
  params?: P;
  query?: Q;
  body?: B;
  response: R;
  envelope: Envelope;
  status?: readonly number[];
  role: Access;
  sse?: S;
}

function endpoint<
  R extends z.ZodType,
  P extends z.ZodType = typeof NoParams,
  Q extends z.ZodType = typeof NoQuery,
  B extends z.ZodType = typeof NoBody,
  S extends SseEvents | undefined = undefined,
>(d: Definition<P, Q, B, R, S>): Endpoint<P, Q, B, R, S> {
  return {
    ...d,
    params: d.params ?? (NoParams as z.ZodType as P),
    query: d.query ?? (NoQuery as z.ZodType as Q),
    body: d.body ?? (NoBody as z.ZodType as B),
    status: d.status ?? [200],
    sse: d.sse as S,
  };
}

const DlqEntryParamsSchema = z.object({ id: DlqEntryIdSchema });
const OperationParamsSchema = z.object({ id: z.string().uuid() });
const StoreParamsSchema = z.object({ store: EventNameSchema });

export const ReadinessSchema = z.object({
  status: z.enum(['ready', 'not_ready']),
  checks: z.array(z.object({ name: z.string(), ok: z.boolean(), error: z.string().optional() })),
});
export type Readiness = z.infer<typeof ReadinessSchema>;

/** Liveness and readiness, unversioned and open (for the orchestrator, not for people). */
export const probes = {
  health: endpoint({ method: 'GET', path: '/healthz', summary: 'the process answers', response: z.object({ status: z.literal('ok') }), envelope: 'none', role: 'public' }),
  ready: endpoint({ method: 'GET', path: '/readyz', summary: 'Redis and the database answer within a second', response: ReadinessSchema, envelope: 'none', status: [200, 503], role: 'public' }),
  // Synthetic monitoring (issue 15): deep health for external probes, one dependency each.
  readyDatabase: endpoint({ method: 'GET', path: '/readyz/db', summary: 'the database answers within a second (status and latency)', response: DependencyHealthSchema, envelope: 'none', status: [200, 503], role: 'public' }),
  readyRedis: endpoint({ method: 'GET', path: '/readyz/redis', summary: 'Redis answers within a second (status and latency)', response: DependencyHealthSchema, envelope: 'none', status: [200, 503], role: 'public' }),
};

/** The routes under API_BASE; order matters where paths overlap (`/dlq/operations/:id` before `/dlq/:id`). */
export const endpoints = {
  listQueues: endpoint({ method: 'GET', path: '/queues', summary: 'queues with counts per state and DLQ size', response: QueueListSchema, envelope: 'items', role: 'viewer' }),

  listRuns: endpoint({ method: 'GET', path: '/runs', summary: 'runs, newest first, filtered', query: RunsQuerySchema, response: pageOf(RunSummarySchema), envelope: 'page', role: 'viewer' }),
  getRun: endpoint({ method: 'GET', path: '/runs/:queue/:id', summary: 'a run with its payload, attempts and history', params: RunRefParamsSchema, response: RunDetailSchema, envelope: 'none', role: 'viewer' }),
  getRunLogs: endpoint({
    method: 'GET', path: '/runs/:queue/:id/logs', summary: "a run's log lines from `start`; live with Accept: text/event-stream",
    params: RunRefParamsSchema, query: RunLogsQuerySchema, response: RunLogsSchema, envelope: 'items', role: 'viewer',
    sse: { lines: LogLinesEventSchema, end: LogEndEventSchema },
  }),
  replayRun: endpoint({
    method: 'POST', path: '/runs/:queue/:id/replay', summary: 'enqueue a copy of a run (audited)',
    params: RunRefParamsSchema, body: ReasonBodySchema, response: RunCreatedSchema, envelope: 'run', status: [201], role: 'operator',
  }),

  listDlq: endpoint({ method: 'GET', path: '/dlq', summary: 'DLQ entries, newest first, filtered', query: DlqQuerySchema, response: pageOf(DlqEntrySchema), envelope: 'page', role: 'viewer' }),
  dlqErrorGroups: endpoint({ method: 'GET', path: '/dlq/error-groups', summary: 'the entries matching a filter grouped by error, over every entry up to the scan cap', query: DlqFilterSchema, response: DlqErrorGroupsSchema, envelope: 'none', role: 'viewer' }),
  getDlqOperation: endpoint({ method: 'GET', path: '/dlq/operations/:id', summary: 'progress of a tracked bulk action', params: OperationParamsSchema, response: OperationEnvelopeSchema, envelope: 'operation', role: 'viewer' }),
  getDlqEntry: endpoint({ method: 'GET', path: '/dlq/:id', summary: 'a DLQ entry', params: DlqEntryParamsSchema, response: DlqEntrySchema, envelope: 'none', role: 'viewer' }),
  retryDlqEntry: endpoint({
    method: 'POST', path: '/dlq/:id/retry', summary: 'requeue one entry with fresh attempts (audited)',
    params: DlqEntryParamsSchema, body: ReasonBodySchema, response: BulkResultSchema, envelope: 'none', role: 'operator',
  }),
  retryDlq: endpoint({
    method: 'POST', path: '/dlq/retry', summary: 'requeue entries by ids or filter; a large action answers 202 with a tracked operation',
    body: DlqBulkBodySchema, response: BulkAnswerSchema, envelope: 'none', status: [200, 202], role: 'operator',
  }),
  deleteDlq: endpoint({
    method: 'POST', path: '/dlq/delete', summary: 'delete entries by ids or filter; a large action answers 202 with a tracked operation',
    body: DlqBulkBodySchema, response: BulkAnswerSchema, envelope: 'none', status: [200, 202], role: 'operator',
  }),

  listEventFlowStores: endpoint({ method: 'GET', path: '/event-flow/stores', summary: 'event flow health of every known store', response: itemsOf(StoreFlowHealthSchema), envelope: 'items', role: 'viewer' }),
  getEventFlowStore: endpoint({ method: 'GET', path: '/event-flow/stores/:store', summary: "a store's event flow health (the Profit Engine gate)", params: StoreParamsSchema, response: StoreFlowHealthSchema, envelope: 'none', role: 'viewer' }),

  listAlerts: endpoint({ method: 'GET', path: '/alerts', summary: 'alerts Alertmanager is notifying about', query: AlertsQuerySchema, response: AlertsResponseSchema, envelope: 'none', role: 'viewer' }),

  listAudit: endpoint({ method: 'GET', path: '/audit', summary: 'the audit log, newest first, filtered', query: AuditQuerySchema, response: pageOf(AuditEntrySchema), envelope: 'page', role: 'viewer' }),

  // Support mode (story 11.10): ops request and activate; the platform (role `platform`, with the
  // merchant's identity in a JWS it signed) approves, denies, grants first and revokes.
  ...supportEndpoints(),

  // Diagnostic reports (story 11.11): built as tracked operations, kept with a retention.
  listDiagnostics: endpoint({ method: 'GET', path: '/diagnostics', summary: 'diagnostic reports, newest first, per tenant', query: DiagnosticsQuerySchema, response: pageOf(DiagnosticSummarySchema), envelope: 'page', role: 'viewer' }),
  createDiagnostic: endpoint({
    method: 'POST', path: '/diagnostics', summary: 'build a sanitized diagnostic report for a support case (audited); its report.operationId tracks the build',
    body: DiagnosticsBodySchema, response: z.object({ report: DiagnosticSummarySchema }), envelope: 'none', status: [202], role: 'operator',
  }),
  getDiagnosticOperation: endpoint({ method: 'GET', path: '/diagnostics/operations/:id', summary: 'progress of a report being built', params: OperationParamsSchema, response: OperationEnvelopeSchema, envelope: 'operation', role: 'viewer' }),
  getDiagnostic: endpoint({ method: 'GET', path: '/diagnostics/:id', summary: 'a diagnostic report as JSON', params: DiagnosticsIdParamsSchema, response: DiagnosticReportSchema, envelope: 'none', role: 'viewer' }),
  getDiagnosticPdf: endpoint({ method: 'GET', path: '/diagnostics/:id/pdf', summary: 'a diagnostic report as application/pdf', params: DiagnosticsIdParamsSchema, response: PdfSchema, envelope: 'none', role: 'viewer' }),

  // ---- queue controls (issue 16, story 11.4): the Queues page's pause/resume ----
  pauseQueue: endpoint({
    method: 'POST', path: '/queues/:queue/pause', summary: 'pause a queue: workers take no new job (audited)',
    params: QueueParamsSchema, body: ReasonBodySchema, response: QueuePausedSchema, envelope: 'none', role: 'operator',
  }),
  resumeQueue: endpoint({
    method: 'POST', path: '/queues/:queue/resume', summary: 'resume a paused queue (audited)',
    params: QueueParamsSchema, body: ReasonBodySchema, response: QueuePausedSchema, envelope: 'none', role: 'operator',
  }),

  // Releases and rollbacks (story 11.12): CI/CD records releases with a deployer token; operators roll back.
  listDeployments: endpoint({ method: 'GET', path: '/deployments', summary: 'releases, newest first, each with the components it is live for', query: DeploymentsQuerySchema, response: pageOf(ReleaseSchema), envelope: 'page', role: 'viewer' }),
  getLiveDeployments: endpoint({ method: 'GET', path: '/deployments/live', summary: 'the live version per component and whether its automatic deploys are paused', response: itemsOf(LiveStateSchema), envelope: 'items', role: 'viewer' }),
  recordDeployment: endpoint({ method: 'POST', path: '/deployments', summary: 'record a deployed release (CI/CD; 409 while its components are paused)', body: DeploymentBodySchema, response: DeploymentCreatedSchema, envelope: 'none', status: [201], role: 'deployer' }),
  pauseDeployments: endpoint({ method: 'POST', path: '/deployments/pause', summary: 'pause automatic deploys for a scope (audited)', body: PauseBodySchema, response: PauseAnswerSchema, envelope: 'none', role: 'operator' }),
  resumeDeployments: endpoint({ method: 'POST', path: '/deployments/resume', summary: 'resume automatic deploys for a scope (audited)', body: PauseBodySchema, response: PauseAnswerSchema, envelope: 'none', role: 'operator' }),
  listRollbacks: endpoint({ method: 'GET', path: '/rollbacks', summary: 'rollbacks, newest first', query: RollbacksQuerySchema, response: pageOf(RollbackSchema), envelope: 'page', role: 'viewer' }),
  getRollback: endpoint({ method: 'GET', path: '/rollbacks/:id', summary: 'a rollback with its steps, progress and verification figures', params: RollbackParamsSchema, response: RollbackEnvelopeSchema, envelope: 'none', role: 'viewer' }),
  startRollback: endpoint({
    method: 'POST', path: '/rollbacks', summary: 'preflight, then roll a scope back to a version as a tracked operation (202); a dry run answers the plan (200); 409 while one runs for the scope',
    body: RollbackBodySchema, response: RollbackAnswerSchema, envelope: 'none', status: [202, 200], role: 'operator',
  }),
};
export type Endpoints = typeof endpoints;

function supportEndpoints() {
  const grant = { params: SupportGrantParamsSchema };
  return {
    listSupportGrants: endpoint({ method: 'GET', path: '/support/grants', summary: 'support grants, newest first, by state and tenant', query: SupportGrantsQuerySchema, response: pageOf(SupportGrantSchema), envelope: 'page', role: 'viewer' }),
    requestSupportGrant: endpoint({ method: 'POST', path: '/support/grants', summary: "ask a tenant's consent for read-only access (audited)", body: SupportRequestBodySchema, response: SupportGrantSchema, envelope: 'none', status: [201], role: 'operator' }),
    getSupportGrant: endpoint({ method: 'GET', path: '/support/grants/:id', summary: 'a support grant', ...grant, response: SupportGrantSchema, envelope: 'none', role: 'viewer' }),
    activateSupportGrant: endpoint({ method: 'POST', path: '/support/grants/:id/activate', summary: 'open a read-only support session on an approved grant: a one-time code (audited)', ...grant, body: SupportActivateBodySchema, response: SupportActivationSchema, envelope: 'none', status: [201], role: 'operator' }),
    listSupportAccess: endpoint({ method: 'GET', path: '/support/grants/:id/access', summary: 'every request a support session of the grant made on the platform', ...grant, query: SupportAccessQuerySchema, response: pageOf(SupportAccessEntrySchema), envelope: 'page', role: 'viewer' }),

    listMerchantGrants: endpoint({ method: 'GET', path: '/support/merchant/grants', summary: "the merchant's grants (pending first to decide)", query: SupportMerchantGrantsQuerySchema, response: pageOf(SupportGrantSchema), envelope: 'page', role: 'platform' }),
    grantMerchantSupport: endpoint({ method: 'POST', path: '/support/merchant/grants', summary: 'the merchant grants access first (audited)', body: SupportMerchantGrantBodySchema, response: SupportGrantSchema, envelope: 'none', status: [201], role: 'platform' }),
    approveMerchantGrant: endpoint({ method: 'POST', path: '/support/merchant/grants/:id/approve', summary: 'the merchant consents, possibly for less time (audited)', ...grant, body: SupportApproveBodySchema, response: SupportGrantSchema, envelope: 'none', role: 'platform' }),
    denyMerchantGrant: endpoint({ method: 'POST', path: '/support/merchant/grants/:id/deny', summary: 'the merchant refuses (audited)', ...grant, body: SupportEndBodySchema, response: SupportGrantSchema, envelope: 'none', role: 'platform' }),
    revokeMerchantGrant: endpoint({ method: 'POST', path: '/support/merchant/grants/:id/revoke', summary: 'the merchant ends access now; the next request of its session fails (audited)', ...grant, body: SupportEndBodySchema, response: SupportGrantSchema, envelope: 'none', role: 'platform' }),
    listMerchantAccess: endpoint({ method: 'GET', path: '/support/merchant/grants/:id/access', summary: 'what support accessed under a grant of the merchant', ...grant, query: SupportAccessQuerySchema, response: pageOf(SupportAccessEntrySchema), envelope: 'page', role: 'platform' }),
  };
}

/** The path with its `:params` filled in, each encoded as one URL segment. */
export function endpointPath(path: string, params: Record<string, unknown> = {}): string {
  return path.replace(/:(\w+)/g, (_, name: string) => {
    if (params[name] === undefined) throw new Error(`${path}: missing path parameter "${name}"`);
    return encodeURIComponent(String(params[name]));
  });
}
