// Support mode (story 11.10): merchant-consented, read-only, time-limited, revocable access of an
// operator to one tenant. A grant is requested by ops (or granted first by the merchant), approved
// or denied by the merchant owner, activated by an operator (a support session), and ends by
// expiry or revocation. The access log is every request a support session made on the platform.
import { z } from 'zod';
import { CursorSchema, LimitSchema, ReasonSchema, TextSchema } from './common.ts';

/** A tenant or store name as the platform spells it. */
export const SupportTenantSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'lowercase letters, digits and "-", at most 63');
export const SupportGrantIdSchema = z.string().uuid();

/**
 * pending: requested by ops, nothing visible yet; approved: the merchant consented (the clock runs
 * from approval); active: an operator opened a session; expired: its time is over; denied: the
 * merchant refused; revoked: the merchant ended it early.
 */
export const SupportGrantStateSchema = z.enum(['pending', 'approved', 'active', 'expired', 'denied', 'revoked']);
export type SupportGrantState = z.infer<typeof SupportGrantStateSchema>;

export const SupportReasonCodeSchema = z.enum(['customer_initiated_support', 'incident_investigation', 'billing', 'configuration_help', 'data_issue']);
export type SupportReasonCode = z.infer<typeof SupportReasonCodeSchema>;

/** Minutes (fractions allowed, down to one second: 0.5 = 30 s); the upper bound is the configured
 *  maximum (SUPPORT_MAX_DURATION_MINUTES), checked by the API. */
export const SupportDurationSchema = z.number().min(1 / 60, 'at least one second (1/60 minute)').max(7 * 24 * 60);
export const SupportCaseIdSchema = TextSchema.trim().min(1).max(100);

export const SupportGrantSchema = z.object({
  id: SupportGrantIdSchema,
  tenant: z.string(),
  store: z.string().nullable(),
  caseId: z.string(),
  reasonCode: SupportReasonCodeSchema,
  reason: z.string(),
  state: SupportGrantStateSchema,
  /** Who started it: an ops request or a merchant granting first. */
  origin: z.enum(['ops', 'merchant']),
  durationMinutes: z.number(),
  requestedBy: z.string(),
  requestedAt: z.number(),
  decidedBy: z.string().nullable(),
  decidedAt: z.number().nullable(),
  /** Set at approval: approval time + duration; nothing is visible after it. */
  expiresAt: z.number().nullable(),
  activatedBy: z.string().nullable(),
  activatedAt: z.number().nullable(),
  activationReason: z.string().nullable(),
  endedBy: z.string().nullable(),
  endedAt: z.number().nullable(),
  /** The merchant's reason for a deny or a revoke. */
  endReason: z.string().nullable(),
});
export type SupportGrant = z.infer<typeof SupportGrantSchema>;

export const SupportGrantsQuerySchema = z.strictObject({
  state: SupportGrantStateSchema.optional(),
  tenant: SupportTenantSchema.optional(),
  cursor: CursorSchema.optional(),
  limit: LimitSchema,
});
export type SupportGrantsQuery = z.infer<typeof SupportGrantsQuerySchema>;
export const SupportMerchantGrantsQuerySchema = SupportGrantsQuerySchema.omit({ tenant: true });

/** Ops asks a tenant for access. */
export const SupportRequestBodySchema = z.strictObject({
  tenant: SupportTenantSchema,
  store: SupportTenantSchema.optional(),
  caseId: SupportCaseIdSchema,
  reasonCode: SupportReasonCodeSchema,
  reason: ReasonSchema,
  /** Default SUPPORT_DEFAULT_DURATION_MINUTES (60). */
  durationMinutes: SupportDurationSchema.optional(),
});
export type SupportRequestBody = z.infer<typeof SupportRequestBodySchema>;

/** The merchant approves, possibly for less time than asked (never more). */
export const SupportApproveBodySchema = z.strictObject({ durationMinutes: SupportDurationSchema.optional() });
export const SupportEndBodySchema = z.strictObject({ reason: ReasonSchema.optional() });
/** The merchant grants first (from a support ticket); ops then activates it. */
export const SupportMerchantGrantBodySchema = z.strictObject({
  store: SupportTenantSchema.optional(),
  caseId: SupportCaseIdSchema,
  reasonCode: SupportReasonCodeSchema,
  reason: ReasonSchema,
  durationMinutes: SupportDurationSchema,
});
/** An operator opens a session on an approved grant, saying why. */
export const SupportActivateBodySchema = z.strictObject({ reason: ReasonSchema });

/** A one-time code for the merchant view: exchanged once (within a minute) for an HttpOnly session cookie. */
export const SupportSessionSchema = z.object({
  code: z.string(),
  codeExpiresAt: z.number(),
  /** When the session ends (never after the grant). */
  expiresAt: z.number(),
  /** The platform's exchange URL with the code, to open in a new tab; null when no platform URL is configured. */
  viewUrl: z.string().nullable(),
});
export const SupportActivationSchema = z.object({ grant: SupportGrantSchema, session: SupportSessionSchema });
export type SupportActivation = z.infer<typeof SupportActivationSchema>;

export const SupportAccessOutcomeSchema = z.enum(['allowed', 'denied']);
/** One request a support session made (or tried) on the platform. */
export const SupportAccessEntrySchema = z.object({
  id: z.string(),
  at: z.string(),
  grantId: z.string(),
  operator: z.string(),
  tenant: z.string(),
  method: z.string(),
  /** The route template (`/merchant/api/orders/:id`), never the raw path. */
  route: z.string(),
  status: z.number().int(),
  outcome: SupportAccessOutcomeSchema,
  /** Why a request was refused (`read_only`, `other_tenant`, `revoked`, …); null when allowed. */
  reason: z.string().nullable(),
});
export type SupportAccessEntry = z.infer<typeof SupportAccessEntrySchema>;
export const SupportAccessQuerySchema = z.strictObject({ cursor: CursorSchema.optional(), limit: LimitSchema });

export const SupportGrantParamsSchema = z.object({ id: SupportGrantIdSchema });

/** What the platform signs to say which merchant user is acting (the `X-Merchant-Assertion` JWS). */
export const MERCHANT_ASSERTION_HEADER = 'x-merchant-assertion';
export const MerchantClaimsSchema = z.object({ sub: z.string().min(1).max(200), tenant: SupportTenantSchema });
export type MerchantClaims = z.infer<typeof MerchantClaimsSchema>;
