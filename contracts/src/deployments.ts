// Releases and rollbacks: what CI/CD records (a release per deployment), what is live per
// component, and the rollbacks operators run (preflight, tracked steps, verification figures).
import { z } from 'zod';
import { CursorSchema, IdSchema, LimitSchema, ReasonSchema, TextSchema } from './common.ts';

/** The parts of the platform a release carries; `dashboard` is the Grafana plugin. */
export const ComponentSchema = z.enum(['api', 'workers', 'dashboard']);
export type Component = z.infer<typeof ComponentSchema>;
export const COMPONENTS = ComponentSchema.options;

/** What a rollback covers: one component, or every component of the target (`full`). */
export const ScopeSchema = z.enum(['api', 'workers', 'dashboard', 'full']);
export type Scope = z.infer<typeof ScopeSchema>;

/** The components a scope moves. */
export const componentsOf = (scope: Scope): Component[] => (scope === 'full' ? [...COMPONENTS] : [scope]);

/** A version name: letters, digits and `.-_+`, like a tag. */
export const VersionSchema = TextSchema.regex(/^[A-Za-z0-9][A-Za-z0-9._+-]{0,63}$/, 'a version is 1-64 letters, digits or . _ + - (starting with a letter or digit)');

/** One component's artifact: an image digest (Kubernetes) or a release directory (local). */
export const ArtifactSchema = z
  .object({
    image: TextSchema.regex(/^[^\s@]+@sha256:[a-f0-9]{64}$/, 'an image is <repository>@sha256:<64 hex digits>').optional(),
    directory: TextSchema.min(1).max(500).optional(),
  })
  .strict()
  .refine((a) => a.image !== undefined || a.directory !== undefined, { message: 'give an image digest or a release directory', path: ['image'] });
export type Artifact = z.infer<typeof ArtifactSchema>;

/** A database migration the release expects applied, in order; `breaksOlderCode` forbids rolling back past it. */
export const MigrationSchema = z
  .object({
    name: TextSchema.min(1).max(200),
    breaksOlderCode: z.boolean().default(false),
  })
  .strict();
export type Migration = z.infer<typeof MigrationSchema>;

/** What CI/CD posts when it has deployed a version (POST /deployments, deployer token). */
export const DeploymentBodySchema = z
  .object({
    version: VersionSchema,
    components: z
      .object({ api: ArtifactSchema.optional(), workers: ArtifactSchema.optional(), dashboard: ArtifactSchema.optional() })
      .strict()
      .refine((c) => Object.keys(c).length > 0, { message: 'a release carries at least one component', path: ['api'] }),
    commit: TextSchema.regex(/^[a-f0-9]{7,40}$/, 'a git commit is 7-40 hex digits'),
    migrations: z.array(MigrationSchema).max(1000).default([]),
    /** When it was deployed (epoch ms); default now. */
    deployedAt: z.number().int().nonnegative().optional(),
    reason: ReasonSchema.optional(),
  })
  .strict();
export type DeploymentBody = z.input<typeof DeploymentBodySchema>;

export const ReleaseSchema = z.object({
  /** Release number, increasing: a rollback is a new release pointing at an earlier version. */
  id: z.number(),
  version: z.string(),
  components: z.record(z.string(), ArtifactSchema),
  commit: z.string(),
  migrations: z.array(MigrationSchema),
  createdAt: z.number(),
  actor: z.string(),
  /** Set when this release is a rollback: the rollback's id. */
  rollbackId: z.string().nullable(),
  /** The components this release is live for. */
  live: z.array(ComponentSchema),
});
export type Release = z.infer<typeof ReleaseSchema>;

export const DeploymentsQuerySchema = z
  .object({
    /** Only releases carrying this component. */
    scope: ScopeSchema.optional(),
    cursor: CursorSchema.optional(),
    limit: LimitSchema,
  })
  .strict();
export type DeploymentsQuery = z.infer<typeof DeploymentsQuerySchema>;

/** What is live per component, and whether automatic deploys are paused for it. */
export const LiveStateSchema = z.object({
  component: ComponentSchema,
  version: z.string().nullable(),
  releaseId: z.number().nullable(),
  paused: z.boolean(),
  pausedReason: z.string().nullable(),
});
export type LiveState = z.infer<typeof LiveStateSchema>;

export const DeploymentsPageSchema = z.object({
  items: z.array(ReleaseSchema),
  nextCursor: z.string().nullable(),
  live: z.array(LiveStateSchema),
});

export const DeploymentCreatedSchema = z.object({ release: ReleaseSchema });

export const PauseBodySchema = z.object({ scope: ScopeSchema, reason: ReasonSchema }).strict();
export const PauseAnswerSchema = z.object({ live: z.array(LiveStateSchema) });

export const RollbackBodySchema = z
  .object({
    scope: ScopeSchema,
    targetVersion: VersionSchema,
    reason: ReasonSchema,
    dryRun: z.boolean().default(false),
    /** Names the forward-only warning's migrations are accepted for (or true for all of them). */
    acknowledgeMigrations: z.union([z.literal(true), z.array(TextSchema.min(1).max(200)).max(1000)]).optional(),
  })
  .strict();
export type RollbackBody = z.input<typeof RollbackBodySchema>;

/** One step of a rollback's plan or run. */
export const RollbackStepSchema = z.object({
  name: z.string(),
  component: ComponentSchema.nullable(),
  status: z.enum(['pending', 'running', 'succeeded', 'failed', 'skipped']),
  startedAt: z.number().nullable(),
  finishedAt: z.number().nullable(),
  detail: z.string().nullable(),
});
export type RollbackStep = z.infer<typeof RollbackStepSchema>;

/** One measurement of the verification analysis (Argo-style: every `interval`, `count` times). */
export const AnalysisMeasurementSchema = z.object({
  at: z.number(),
  errorRatio: z.number().nullable(),
  p95Seconds: z.number().nullable(),
  /** Requests the new version served in the window (null: Prometheus did not answer). */
  requests: z.number().nullable().default(null),
  /** Fewer requests than the minimum: the figures prove nothing, neither pass nor failure. */
  inconclusive: z.boolean().default(false),
  ok: z.boolean(),
});
export const VerificationSchema = z.object({
  status: z.enum(['running', 'passed', 'failed', 'skipped']),
  /** The success condition, in words: `at least 10 requests, error ratio <= 0.05 and p95 <= 0.5 s over 30s`. */
  condition: z.string(),
  intervalMs: z.number(),
  count: z.number(),
  failureLimit: z.number(),
  failures: z.number(),
  /** More inconclusive measurements than this fail the analysis: no traffic is not a pass. */
  inconclusiveLimit: z.number().default(0),
  inconclusive: z.number().default(0),
  measurements: z.array(AnalysisMeasurementSchema),
  readiness: z.array(z.object({ component: ComponentSchema, instance: z.string(), ready: z.boolean() })),
});
export type Verification = z.infer<typeof VerificationSchema>;

export const PreflightSchema = z.object({
  ok: z.boolean(),
  /** Migrations applied after the target (forward-only: the schema stays, the old code must tolerate it). */
  forwardOnly: z.array(MigrationSchema),
  /** True when the forward-only migrations still need the caller's acknowledgement. */
  needsAcknowledgement: z.boolean(),
  /** Why the rollback is refused (incompatible migrations, missing artifacts...). */
  refusals: z.array(z.object({ code: z.string(), message: z.string(), field: z.string() })),
  /** What would change, per component: from the live version to the target's artifact. */
  plan: z.array(z.object({ component: ComponentSchema, from: z.string().nullable(), to: z.string(), artifact: ArtifactSchema })),
});
export type Preflight = z.infer<typeof PreflightSchema>;

export const RollbackStatusSchema = z.enum(['running', 'verifying', 'succeeded', 'aborted', 'failed']);
export const RollbackSchema = z.object({
  id: z.string(),
  scope: ScopeSchema,
  fromVersions: z.record(z.string(), z.string().nullable()),
  targetVersion: z.string(),
  reason: z.string(),
  actor: z.string(),
  status: RollbackStatusSchema,
  steps: z.array(RollbackStepSchema),
  /** Steps done of all steps: 0..1. */
  progress: z.number(),
  preflight: PreflightSchema,
  verification: VerificationSchema.nullable(),
  /** The release recording this rollback (history only moves forward). */
  releaseId: z.number().nullable(),
  startedAt: z.number(),
  finishedAt: z.number().nullable(),
  /** From request to verified (or aborted), ms. */
  durationMs: z.number().nullable(),
  error: z.string().nullable(),
});
export type Rollback = z.infer<typeof RollbackSchema>;

/** A dry run answers with the preflight and the plan, nothing done; a real one with the rollback (202). */
export const RollbackAnswerSchema = z.union([z.object({ dryRun: z.literal(true), preflight: PreflightSchema }), z.object({ rollback: RollbackSchema })]);
export type RollbackAnswer = z.infer<typeof RollbackAnswerSchema>;

export const RollbacksQuerySchema = z.object({ cursor: CursorSchema.optional(), limit: LimitSchema }).strict();
export const RollbackParamsSchema = z.object({ id: IdSchema });
export const RollbackEnvelopeSchema = z.object({ rollback: RollbackSchema });
