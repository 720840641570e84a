// The audit log: who changed what, why, and with which result.
import { z } from 'zod';
import { CursorSchema, EpochMsSchema, LimitSchema, TextSchema } from './common.ts';

/** `platform`: the platform's service identity (support mode's merchant side), never a person;
 *  `deployer`: CI/CD, which records releases (POST /deployments) and reads. */
export const RoleSchema = z.enum(['viewer', 'operator', 'platform', 'deployer']);
export type Role = z.infer<typeof RoleSchema>;

export const AuditQuerySchema = z
  .object({
    /** Case-insensitive substring of the user. */
    actor: TextSchema.min(1).max(200).optional(),
    /** The action exactly (e.g. `dlq.bulk_retry`, `queue.pause`). */
    action: TextSchema.min(1).max(100).optional(),
    /** Case-insensitive substring of the target. */
    target: TextSchema.min(1).max(200).optional(),
    /** Rows at or after / at or before (epoch ms). */
    from: EpochMsSchema.optional(),
    to: EpochMsSchema.optional(),
    cursor: CursorSchema.optional(),
    limit: LimitSchema,
  })
  .strict();
export type AuditQuery = z.infer<typeof AuditQuerySchema>;

/**
 * A row is written `pending` before its action runs and completed after it (a tracked operation's
 * when its background work ends), so no action is ever without its row; a row left pending means
 * the action was interrupted (or is still running). `denied`: a caller without the role tried it.
 */
export const AuditOutcomeSchema = z.enum(['pending', 'succeeded', 'failed', 'denied']);
export type AuditOutcome = z.infer<typeof AuditOutcomeSchema>;

export const AuditEntrySchema = z.object({
  id: z.string(),
  at: z.string(),
  user: z.string(),
  role: z.string(),
  action: z.string(),
  target: z.string(),
  reason: z.string(),
  outcome: AuditOutcomeSchema,
  /** 'pending', the action's result (`error: …` when it failed) or `denied: needs <role>`. */
  result: z.string(),
  /** What exactly the action covered (e.g. the DLQ entry ids of a bulk action). */
  details: z.unknown().optional(),
});
export type AuditEntry = z.infer<typeof AuditEntrySchema>;
