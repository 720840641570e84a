// Who and what a job runs for: carried in every job and validated on read-back.
import { z } from 'zod';

export const TenantContextSchema = z.object({
  tenantId: z.string().min(1).max(100),
  storeId: z.string().min(1).max(100).optional(),
  actor: z.string().min(1).max(200),
  requestId: z.string().min(1).max(200),
  /** W3C trace context carriers (traceparent/tracestate), injected at enqueue. */
  trace: z.record(z.string(), z.string()).optional(),
});
export type TenantContext = z.infer<typeof TenantContextSchema>;
