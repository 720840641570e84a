// Queues: one per job type (or shared), with counts per state and the DLQ size.
import { z } from 'zod';
import { itemsOf } from './common.ts';

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
