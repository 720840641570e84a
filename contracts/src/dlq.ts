// The dead-letter queue: entries, filters, bulk actions and the tracked operations of large ones.
import { z } from 'zod';
import { CursorSchema, EpochMsSchema, IdSchema, LimitSchema, ReasonSchema, TextSchema } from './common.ts';
import { QUEUE_NAME } from './queues.ts';
import { AttemptSchema, JobIdSchema } from './runs.ts';

/** A DLQ entry id is `<queue>:<jobId>` (the run it holds); queue names never contain `:`. */
export const DlqEntryIdSchema = TextSchema.superRefine((id, ctx) => {
  const at = id.indexOf(':');
  const queue = id.slice(0, Math.max(at, 0));
  const jobId = JobIdSchema.safeParse(id.slice(at + 1));
  if (at < 0 || !QUEUE_NAME.test(queue)) ctx.addIssue({ code: 'custom', message: 'a DLQ entry id is <queue>:<jobId>' });
  else if (!jobId.success) ctx.addIssue({ code: 'custom', message: `job id: ${jobId.error.issues[0]!.message}` });
});

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

export const DlqFilterSchema = z
  .object({
    queue: IdSchema.optional(),
    type: IdSchema.optional(),
    tenant: IdSchema.optional(),
    from: EpochMsSchema.optional(),
    to: EpochMsSchema.optional(),
    error: TextSchema.min(1).max(200).optional(),
  })
  .strict();
export type DlqFilter = z.infer<typeof DlqFilterSchema>;

/** What entries that fail the same way share: the error with its numbers folded to "N" ("invoice 9001" and "invoice 9002" are one group). */
export const errorPattern = (error: string): string => error.replace(/\d+/g, 'N').slice(0, 300);

/** The longest run of a pattern without a folded number, trimmed, at most 200 chars: what the DLQ's error filter is set to for a group. */
export const patternFilter = (pattern: string): string =>
  pattern.split('N').map((p) => p.trim()).reduce((a, b) => (b.length > a.length ? b : a), '').slice(0, 200) || pattern.slice(0, 200);

export const DlqErrorGroupSchema = z.object({
  pattern: z.string(),
  /** The text the error filter is set to when the group is picked (patternFilter). */
  filter: z.string(),
  count: z.number(),
  queues: z.array(z.string()),
  latest: z.number(),
  /** One entry's error as it was. */
  example: z.string(),
});
export type DlqErrorGroup = z.infer<typeof DlqErrorGroupSchema>;

/** The entries matching a filter grouped by error, most frequent first: counted over every entry, or the newest `scanned` of `total`. */
export const DlqErrorGroupsSchema = z.object({
  groups: z.array(DlqErrorGroupSchema),
  scanned: z.number(),
  total: z.number(),
});
export type DlqErrorGroups = z.infer<typeof DlqErrorGroupsSchema>;

export const DlqQuerySchema = DlqFilterSchema.extend({
  cursor: CursorSchema.optional(),
  limit: LimitSchema,
}).strict();
export type DlqQuery = z.infer<typeof DlqQuerySchema>;

export const DlqBulkBodySchema = z
  .object({
    ids: z.array(DlqEntryIdSchema).min(1).max(10_000).optional(),
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
  kind: z.enum(['dlq_retry', 'dlq_delete', 'diagnostic_report']),
  status: z.enum(['running', 'succeeded', 'failed']),
  done: z.number(),
  skipped: z.number(),
  total: z.number(),
  startedAt: z.number(),
  finishedAt: z.number().optional(),
  error: z.string().optional(),
});
export type Operation = z.infer<typeof OperationSchema>;

/** `{operation}`: a tracked operation (202 on start, 200 on a poll). */
export const OperationEnvelopeSchema = z.object({ operation: OperationSchema });
/** A bulk action answers with its counts, or with a tracked operation when it is large. */
export const BulkAnswerSchema = z.union([BulkResultSchema, OperationEnvelopeSchema]);
export type BulkAnswer = z.infer<typeof BulkAnswerSchema>;
