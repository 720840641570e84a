// Event flow (NFR-REL-6): a store's flow health gates the Profit Engine.
import { z } from 'zod';

/** Store ids and event types: what the reporter accepts and the API's `:store` parameter. */
export const EVENT_NAME = /^[A-Za-z0-9_.:-]{1,100}$/;
export const EventNameSchema = z.string().regex(EVENT_NAME, 'letters, digits and _.:- only (1..100)');

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
