// Event flow (NFR-REL-6): a store's flow health gates the Profit Engine.
import { z } from 'zod';

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
