// Diagnostic reports (story 11.11): a sanitized report per merchant case, built as a tracked
// operation, kept with a retention and served as JSON and as a PDF.
import { z } from 'zod';
import { CursorSchema, EpochMsSchema, IdSchema, LimitSchema, ReasonSchema, TextSchema } from './common.ts';

export const DiagnosticsQuerySchema = z.object({ tenant: IdSchema.optional(), cursor: CursorSchema.optional(), limit: LimitSchema }).strict();
export type DiagnosticsQuery = z.infer<typeof DiagnosticsQuerySchema>;

/** What an operator asks for; `from`/`to` default to the last 24 h (checked against the configured maximum by the API). */
export const DiagnosticsBodySchema = z
  .object({
    tenant: IdSchema,
    store: IdSchema.optional(),
    from: EpochMsSchema.optional(),
    to: EpochMsSchema.optional(),
    caseId: TextSchema.trim().min(1, 'a support case id is required').max(100),
    reason: ReasonSchema,
  })
  .strict();
export type DiagnosticsBody = z.infer<typeof DiagnosticsBodySchema>;

export const DiagnosticsIdParamsSchema = z.object({ id: z.string().uuid() });

export const DiagnosticStatusSchema = z.enum(['running', 'succeeded', 'failed']);

export const DiagnosticSummarySchema = z.object({
  id: z.string(),
  tenant: z.string(),
  store: z.string().nullable(),
  from: z.number(),
  to: z.number(),
  caseId: z.string(),
  createdAt: z.number(),
  createdBy: z.string(),
  status: DiagnosticStatusSchema,
  /** The tracked operation that builds it (GET /diagnostics/operations/:id). */
  operationId: z.string(),
  pdfBytes: z.number().nullable(),
  buildMs: z.number().nullable(),
  expiresAt: z.number(),
  error: z.string().nullable(),
});
export type DiagnosticSummary = z.infer<typeof DiagnosticSummarySchema>;

export const SeveritySchema = z.enum(['critical', 'warning', 'info']);
export type Severity = z.infer<typeof SeveritySchema>;

export const RecommendationSchema = z.object({ rule: z.string(), severity: SeveritySchema, title: z.string(), text: z.string(), evidence: z.array(z.string()) });
export type Recommendation = z.infer<typeof RecommendationSchema>;

export const ErrorGroupSchema = z.object({
  source: z.enum(['job', 'dlq', 'request']),
  /** Job type or `METHOD route`. */
  where: z.string(),
  message: z.string(),
  count: z.number(),
  firstSeen: z.number(),
  lastSeen: z.number(),
  /** One sanitized example (a payload or the request), for context. */
  sample: z.unknown().optional(),
});
export type ErrorGroup = z.infer<typeof ErrorGroupSchema>;

/** A figure of the period, the tenant's beside the platform's (null: no data). */
export const FigureSchema = z.object({ key: z.string(), label: z.string(), unit: z.enum(['count', 'ratio', 'seconds', 'bytes', 'per_min']), tenant: z.number().nullable(), platform: z.number().nullable() });
export type Figure = z.infer<typeof FigureSchema>;

export const SeriesSchema = z.object({ key: z.string(), label: z.string(), unit: FigureSchema.shape.unit, tenant: z.array(z.tuple([z.number(), z.number()])), platform: z.array(z.tuple([z.number(), z.number()])) });
export type Series = z.infer<typeof SeriesSchema>;

export const JobTypeFigureSchema = z.object({ type: z.string(), tenantRuns: z.number(), tenantFailed: z.number(), tenantDeadLettered: z.number(), platformPerMin: z.number().nullable(), platformFailedPerMin: z.number().nullable() });

export const SyntheticCheckSchema = z.object({ check: z.string(), failingSamples: z.number(), totalSamples: z.number() });

export const StoreFlowVerdictSchema = z.object({
  store: z.string(),
  healthy: z.boolean(),
  /** The Profit Engine gate: open when the flow is healthy. */
  profitEngineGate: z.enum(['open', 'closed']),
  /** Share of the period Prometheus saw the store healthy (null: no data). */
  healthyShare: z.number().nullable(),
  reasons: z.array(z.string()),
  types: z.array(z.object({ eventType: z.string(), total: z.number(), inPeriod: z.number().nullable(), ageSeconds: z.number().nullable(), status: z.string() })),
});
export type StoreFlowVerdict = z.infer<typeof StoreFlowVerdictSchema>;

export const RedactionSummarySchema = z.object({ total: z.number(), byKind: z.record(z.string(), z.number()), distinct: z.record(z.string(), z.number()) });
export type RedactionSummary = z.infer<typeof RedactionSummarySchema>;

/** The report itself, every string in it sanitized. */
export const DiagnosticContentSchema = z.object({
  generatedAt: z.number(),
  operator: z.string(),
  config: z.object({ available: z.boolean(), note: z.string().optional(), values: z.record(z.string(), z.unknown()) }),
  errors: z.object({ groups: z.array(ErrorGroupSchema), jobErrors: z.number(), requestErrors: z.number() }),
  metrics: z.object({ available: z.boolean(), note: z.string().optional(), figures: z.array(FigureSchema), series: z.array(SeriesSchema), jobTypes: z.array(JobTypeFigureSchema), synthetics: z.array(SyntheticCheckSchema) }),
  eventFlow: z.array(StoreFlowVerdictSchema),
  recommendations: z.array(RecommendationSchema),
  redactions: RedactionSummarySchema,
});
export type DiagnosticContent = z.infer<typeof DiagnosticContentSchema>;

export const DiagnosticReportSchema = DiagnosticSummarySchema.extend({ content: DiagnosticContentSchema.nullable() });
export type DiagnosticReport = z.infer<typeof DiagnosticReportSchema>;

/** The PDF route's answer is bytes, not JSON: the contract names its media type. */
export const PdfSchema = z.custom<Uint8Array>((v) => v instanceof Uint8Array, "a PDF document");
export const PDF_MEDIA_TYPE = 'application/pdf';
