// The audit log: who changed what, why, and with which result.
import { z } from 'zod';
import { CursorSchema, LimitSchema } from './common.ts';

export const RoleSchema = z.enum(['viewer', 'operator']);
export type Role = z.infer<typeof RoleSchema>;

export const AuditQuerySchema = z
  .object({
    cursor: CursorSchema.optional(),
    limit: LimitSchema,
  })
  .strict();
export type AuditQuery = z.infer<typeof AuditQuerySchema>;

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
