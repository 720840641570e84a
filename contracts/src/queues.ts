// Queues: one per job type (or shared), with counts per state and the DLQ size.
import { z } from 'zod';
import { itemsOf } from './common.ts';

/** Lower-case letters, digits and `._-`, so a queue name never contains the `:` of a key or a ref. */
export const QUEUE_NAME = /^[a-z0-9][a-z0-9._-]{0,99}$/;
export const QueueNameSchema = z.string().regex(QUEUE_NAME, 'a queue name: a-z, 0-9 and ._- (1..100)');

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

export const QueueListSchema = itemsOf(QueueInfoSchema);

/** `:queue` of the queue control routes. */
export const QueueParamsSchema = z.object({ queue: QueueNameSchema });
/** `POST /queues/:queue/pause|resume` answers with the queue's paused state as Redis now has it. */
export const QueuePausedSchema = z.object({ queue: z.string(), isPaused: z.boolean() });
export type QueuePaused = z.infer<typeof QueuePausedSchema>;
