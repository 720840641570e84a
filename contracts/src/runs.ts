// Runs: every job the jobs layer enqueued, its state, attempts, logs and replay.
import { z } from 'zod';
import { CursorSchema, EpochMsSchema, IdSchema, LimitSchema, TextSchema } from './common.ts';
import { QueueNameSchema } from './queues.ts';
import { TenantContextSchema } from './tenant.ts';

/**
 * The names BullMQ 6 gives its own keys of a queue (`<prefix>:<queue>:<name>`, beside the job
 * hashes `<prefix>:<queue>:<jobId>`): a job id equal to one names a list, zset or stream, not a job.
 */
export const BULLMQ_QUEUE_KEYS: readonly string[] = [
  'active', 'wait', 'waiting', 'waiting-children', 'paused', 'id', 'delayed', 'prioritized', 'priority',
  'stalled-check', 'completed', 'failed', 'stalled', 'repeat', 'limiter', 'meta', 'events', 'pc', 'marker', 'de', 'metrics',
];

/**
 * A job id as BullMQ stores it: its counter (digits) or a producer's custom id. Never a `:`
 * (BullMQ refuses one in a custom id; `<id>:logs`, `<id>:lock`, `metrics:…` name other keys), never
 * one of BULLMQ_QUEUE_KEYS, no control characters, storable text (the id goes into logs and the audit log).
 */
export const JobIdSchema = TextSchema
  .min(1)
  .max(200)
  .regex(/^[^:\u0000-\u001f\u007f]+$/, 'no ":" and no control characters')
  .refine((id) => !BULLMQ_QUEUE_KEYS.includes(id), 'names one of BullMQ\'s own keys, not a job');

/** Where a run lives: its queue and its job id (`/runs/:queue/:id`). */
export const RunRefParamsSchema = z.object({ queue: QueueNameSchema, id: JobIdSchema });

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

export const RunsQuerySchema = z.object({
  queue: IdSchema.optional(),
  type: IdSchema.optional(),
  state: RunStateSchema.optional(),
  tenant: IdSchema.optional(),
  from: EpochMsSchema.optional(),
  to: EpochMsSchema.optional(),
  /** Case-insensitive substring of the run's last error (as the DLQ's `error`). */
  error: TextSchema.min(1).max(200).optional(),
  cursor: CursorSchema.optional(),
  limit: LimitSchema,
}).strict();
export type RunsQuery = z.infer<typeof RunsQuerySchema>;

/** `POST /runs/:queue/:id/replay` answers with the new run. */
export const RunRefSchema = z.object({ queue: z.string(), id: z.string() });
export const RunCreatedSchema = z.object({ run: RunRefSchema });
export type RunCreated = z.infer<typeof RunCreatedSchema>;

// ---- a run's log: JSON pages, or SSE with Accept: text/event-stream ----

export const RunLogsQuerySchema = z.object({ start: z.coerce.number().int().nonnegative().default(0) }).strict();
export const RunLogsSchema = z.object({ items: z.array(z.string()), count: z.number() });
export type RunLogs = z.infer<typeof RunLogsSchema>;

/** Most lines in one `lines` event: a finished run's long log comes in a few events, not one per line. */
export const LOG_LINES_PER_EVENT = 1000;
/** Event `lines`: consecutive lines, the first at index `start`. */
export const LogLinesEventSchema = z.object({ start: z.number().int().nonnegative(), lines: z.array(z.string()).max(LOG_LINES_PER_EVENT) });
export type LogLinesEvent = z.infer<typeof LogLinesEventSchema>;
/** Event `end`, the last one: the run finished (or is gone) and every line was sent. */
export const LogEndEventSchema = z.object({ state: z.string() });
export type LogEndEvent = z.infer<typeof LogEndEventSchema>;
