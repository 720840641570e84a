// The ops API's contract: zod schemas (and their inferred types) shared by the
// API and the Grafana plugin. Change a shape here and both sides follow.
import { z } from 'zod';

const id = z.string().min(1).max(200);

/** Who and what a job runs for; carried in every job and validated on read-back. */
export const TenantContextSchema = z.object({
  tenantId: z.string().min(1).max(100),
  storeId: z.string().min(1).max(100).optional(),
  actor: z.string().min(1).max(200),
  requestId: z.string().min(1).max(200),
  /** W3C trace context carriers (traceparent/tracestate), injected at enqueue. */
  trace: z.record(z.string(), z.string()).optional(),
});
export type TenantContext = z.infer<typeof TenantContextSchema>;

export const RunStateSchema = z.enum([
  'waiting',
  'active',
  'delayed',
  'completed',
  'failed',
  'dead_lettered',
]);
export type RunState = z.infer<typeof RunStateSchema>;

export const AttemptSchema = z.object({
  attempt: z.number().int().positive(),
  startedAt: z.number(),
  finishedAt: z.number().optional(),
  error: z.string().optional(),
  stack: z.string().optional(),
});
export type Attempt = z.infer<typeof AttemptSchema>;

export const RunSummarySchema = z.object({
  queue: z.string(),
  id: z.string(),
  type: z.string(),
  state: RunStateSchema,
  tenantId: z.string().optional(),
  createdAt: z.number(),
  startedAt: z.number().optional(),
  finishedAt: z.number().optional(),
  attemptsMade: z.number(),
  maxAttempts: z.number(),
  error: z.string().optional(),
  /** Set when this run was created by replaying another. */
  origin: z.object({ kind: z.literal('replay'), queue: z.string(), id: z.string() }).optional(),
  /** Set while the run is in the DLQ (the entry's id). */
  dlqEntryId: z.string().optional(),
  /** How many times ops retried this run out of the DLQ (each time with fresh attempts). */
  dlqRetries: z.number().int().nonnegative(),
});
export type RunSummary = z.infer<typeof RunSummarySchema>;

export const RunDetailSchema = RunSummarySchema.extend({
  payload: z.unknown(),
  context: TenantContextSchema.optional(),
  result: z.unknown().optional(),
  attempts: z.array(AttemptSchema),
  /** The attempts of each earlier life that ended in the DLQ, oldest first. */
  deadLetterHistory: z.array(z.object({ retry: z.number().int().positive(), retriedAt: z.number().optional(), attempts: z.array(AttemptSchema) })),
});
export type RunDetail = z.infer<typeof RunDetailSchema>;

export const QueueCountsSchema = z.object({
  waiting: z.number(),
  active: z.number(),
  delayed: z.number(),
  prioritized: z.number(),
  completed: z.number(),
  failed: z.number(),
  paused: z.number(),
  dlq: z.number(),
});
export type QueueCounts = z.infer<typeof QueueCountsSchema>;

export const QueueInfoSchema = z.object({
  name: z.string(),
  jobTypes: z.array(z.string()),
  isolated: z.boolean(),
  concurrency: z.number(),
  isPaused: z.boolean(),
  counts: QueueCountsSchema,
});
export type QueueInfo = z.infer<typeof QueueInfoSchema>;

export const DlqEntrySchema = z.object({
  id: z.string(),
  queue: z.string(),
  jobId: z.string(),
  type: z.string(),
  tenantId: z.string().optional(),
  payload: z.unknown(),
  context: z.unknown(),
  options: z.record(z.string(), z.unknown()),
  attempts: z.array(AttemptSchema),
  error: z.string(),
  createdAt: z.number(),
  failedAt: z.number(),
  deadLetteredAt: z.number(),
});
export type DlqEntry = z.infer<typeof DlqEntrySchema>;

// ---- a run's log over SSE (GET /runs/:queue/:id/logs with Accept: text/event-stream) ----

/** Most lines in one `lines` event: a finished run's long log comes in a few events, not one per line. */
export const LOG_LINES_PER_EVENT = 1000;
/** Event `lines`: consecutive lines, the first at index `start`. */
export const LogLinesEventSchema = z.object({ start: z.number().int().nonnegative(), lines: z.array(z.string()).max(LOG_LINES_PER_EVENT) });
export type LogLinesEvent = z.infer<typeof LogLinesEventSchema>;
/** Event `end`, the last one: the run finished (or is gone) and every line was sent. */
export const LogEndEventSchema = z.object({ state: z.string() });
export type LogEndEvent = z.infer<typeof LogEndEventSchema>;

// ---- query and body schemas (the API validates with these; the plugin builds them) ----

const epochMs = z.coerce.number().int().nonnegative();
export const LimitSchema = z.coerce.number().int().min(1).max(500).default(50);

export const RunsQuerySchema = z.object({
  queue: id.optional(),
  type: id.optional(),
  state: RunStateSchema.optional(),
  tenant: id.optional(),
  from: epochMs.optional(),
  to: epochMs.optional(),
  cursor: z.string().max(500).optional(),
  limit: LimitSchema,
}).strict();
export type RunsQuery = z.infer<typeof RunsQuerySchema>;

export const DlqFilterSchema = z
  .object({
    queue: id.optional(),
    type: id.optional(),
    tenant: id.optional(),
    from: epochMs.optional(),
    to: epochMs.optional(),
    error: z.string().min(1).max(200).optional(),
  })
  .strict();
export type DlqFilter = z.infer<typeof DlqFilterSchema>;

export const DlqQuerySchema = DlqFilterSchema.extend({
  cursor: z.string().max(500).optional(),
  limit: LimitSchema,
}).strict();
export type DlqQuery = z.infer<typeof DlqQuerySchema>;

export const ReasonSchema = z.string().trim().min(3, 'a reason of at least 3 characters is required').max(500);

export const ReasonBodySchema = z.object({ reason: ReasonSchema }).strict();

export const DlqBulkBodySchema = z
  .object({
    ids: z.array(id).min(1).max(10_000).optional(),
    filter: DlqFilterSchema.optional(),
    reason: ReasonSchema,
  })
  .strict()
  .refine((b) => (b.ids === undefined) !== (b.filter === undefined), {
    message: 'give exactly one of ids or filter',
    path: ['ids'],
  });
export type DlqBulkBody = z.infer<typeof DlqBulkBodySchema>;

export const BulkResultSchema = z.object({
  done: z.number(),
  skipped: z.number(),
  total: z.number(),
});
export type BulkResult = z.infer<typeof BulkResultSchema>;

export const OperationSchema = z.object({
  id: z.string(),
  kind: z.enum(['dlq_retry', 'dlq_delete']),
  status: z.enum(['running', 'succeeded', 'failed']),
  done: z.number(),
  skipped: z.number(),
  total: z.number(),
  startedAt: z.number(),
  finishedAt: z.number().optional(),
  error: z.string().optional(),
});
export type Operation = z.infer<typeof OperationSchema>;

export const AuditQuerySchema = z
  .object({
    cursor: z.string().max(500).optional(),
    limit: LimitSchema,
  })
  .strict();

export const AuditEntrySchema = z.object({
  id: z.string(),
  at: z.string(),
  user: z.string(),
  role: z.string(),
  action: z.string(),
  target: z.string(),
  reason: z.string(),
  result: z.string(),
  /** What exactly the action covered (e.g. the DLQ entry ids of a bulk action). */
  details: z.unknown().optional(),
});
export type AuditEntry = z.infer<typeof AuditEntrySchema>;

export const RoleSchema = z.enum(['viewer', 'operator']);
export type Role = z.infer<typeof RoleSchema>;

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface ApiErrorBody {
  error: { code: string; message: string; field?: string };
}

// ---- event flow (NFR-REL-6: a store's flow health gates the Profit Engine) ----

export const EventTypeHealthSchema = z.object({
  eventType: z.string(),
  total: z.number(),
  firstReceivedAt: z.number(),
  lastReceivedAt: z.number(),
  /** Seconds since the last event; null when none ever arrived. */
  ageSeconds: z.number().nullable(),
  expectedWithinSeconds: z.number().nullable(),
  expectation: z.enum(['configured', 'learned', 'none']),
  status: z.enum(['ok', 'gap', 'unknown']),
  reason: z.string().optional(),
});
export type EventTypeHealth = z.infer<typeof EventTypeHealthSchema>;

export const StoreFlowHealthSchema = z.object({
  store: z.string(),
  healthy: z.boolean(),
  checkedAt: z.number(),
  reasons: z.array(z.string()),
  types: z.array(EventTypeHealthSchema),
});
export type StoreFlowHealth = z.infer<typeof StoreFlowHealthSchema>;

// ---- alerts (story 11.8: the dashboard banner shows what Alertmanager is notifying about) ----

export const AlertSeveritySchema = z.enum(['critical', 'warning', 'info']);
export const AlertsQuerySchema = z.strictObject({ severity: AlertSeveritySchema.optional() });
export type AlertsQuery = z.infer<typeof AlertsQuerySchema>;

export const ActiveAlertSchema = z.object({
  fingerprint: z.string(),
  name: z.string(),
  /** critical / warning / info (an alert without a known severity counts as info). */
  severity: AlertSeveritySchema,
  summary: z.string(),
  description: z.string(),
  /** Scope labels where the alert has them (service, tenant, queue, store, slo, dependency). */
  service: z.string().optional(),
  tenant: z.string().optional(),
  queue: z.string().optional(),
  store: z.string().optional(),
  slo: z.string().optional(),
  dependency: z.string().optional(),
  labels: z.record(z.string(), z.string()),
  startsAt: z.string(),
  runbookUrl: z.string().optional(),
  /** Absolute Grafana link (GRAFANA_URL + the alert's dashboard path). */
  dashboardUrl: z.string().optional(),
});
export type ActiveAlert = z.infer<typeof ActiveAlertSchema>;

export const AlertsResponseSchema = z.object({
  /** Firing, neither silenced nor inhibited; critical first, then newest first. */
  alerts: z.array(ActiveAlertSchema),
  counts: z.object({ critical: z.number(), warning: z.number(), info: z.number() }),
  /** The Alertmanager that answered; null when ALERTMANAGER_URL is not configured. */
  source: z.string().nullable(),
});
export type AlertsResponse = z.infer<typeof AlertsResponseSchema>;
