// A job type is declared once: its name, queue, payload schema, handler and policies.
import { UnrecoverableError } from 'bullmq';
import type { Level } from 'pino';
import type { z } from 'zod';
import type { TenantContext } from './context.ts';
import { QUEUE_NAME } from '../redis/keys.ts';

/** What a handler gets besides its payload. */
export interface JobRunContext {
  tenant: TenantContext;
  job: { id: string; queue: string; type: string; attempt: number; maxAttempts: number };
  /** Appends a line to the job's log (shown live in the Runs page). */
  log(line: string): Promise<void>;
  /** Aborted when the worker is shutting down past its grace period. */
  signal: AbortSignal;
}

export interface BackoffPolicy {
  /** First retry delay; each retry doubles it (1s, 2s, 4s, 8s… by default). */
  baseMs: number;
  /** 0..1: each delay is drawn uniformly from [d·(1−jitter), d]. */
  jitter: number;
}

export interface RetentionPolicy {
  /** Completed runs are kept this long (seconds) and at most this many per queue. */
  completedAgeSec: number;
  completedCount: number;
}

export interface JobTypeDefinition<S extends z.ZodType = z.ZodType> {
  name: string;
  /** Defaults to the type's name: one named queue per job type. */
  queue?: string;
  payload: S;
  handler: (payload: z.infer<S>, ctx: JobRunContext) => Promise<unknown>;
  /** Per-queue worker concurrency; `QUEUE_CONCURRENCY_<QUEUE>` overrides it. */
  concurrency?: number;
  attempts?: number;
  backoff?: Partial<BackoffPolicy>;
  retention?: Partial<RetentionPolicy>;
  /** `tenant`: one tenant's backlog cannot starve the others on this queue. */
  isolation?: 'none' | 'tenant';
  /** Level of the "job attempt failed" log line (default `warn`), or one chosen per error: a type
   *  that fails on purpose (a demo, a probe) logs those failures lower and the surprises at warn. */
  failureLogLevel?: FailureLogLevel;
}

export type FailureLogLevel = Level | ((err: Error) => Level);

/** A definition with every default filled in. */
export interface ResolvedJobType<S extends z.ZodType = z.ZodType> extends Required<Omit<JobTypeDefinition<S>, 'backoff' | 'retention' | 'failureLogLevel'>> {
  backoff: BackoffPolicy;
  retention: RetentionPolicy;
  failureLogLevel: (err: Error) => Level;
}

export const JOB_DEFAULTS = {
  concurrency: 5,
  attempts: 5,
  backoff: { baseMs: 1000, jitter: 0.5 } satisfies BackoffPolicy,
  retention: { completedAgeSec: 24 * 3600, completedCount: 10_000 } satisfies RetentionPolicy,
} as const;

/** Typed helper so handlers see their payload's inferred type. */
export function defineJobType<S extends z.ZodType>(def: JobTypeDefinition<S>): JobTypeDefinition<S> {
  return def;
}

export function resolveJobType<S extends z.ZodType>(def: JobTypeDefinition<S>): ResolvedJobType<S> {
  const queue = def.queue ?? def.name;
  if (!QUEUE_NAME.test(queue)) {
    throw new Error(`job type "${def.name}": queue name "${queue}" must match ${QUEUE_NAME}`);
  }
  const attempts = def.attempts ?? JOB_DEFAULTS.attempts;
  if (!Number.isInteger(attempts) || attempts < 1) throw new Error(`job type "${def.name}": attempts must be an integer >= 1`);
  const backoff = { ...JOB_DEFAULTS.backoff, ...def.backoff };
  if (backoff.jitter < 0 || backoff.jitter > 1) throw new Error(`job type "${def.name}": backoff.jitter must be within 0..1`);
  return {
    name: def.name,
    queue,
    payload: def.payload,
    handler: def.handler,
    concurrency: def.concurrency ?? JOB_DEFAULTS.concurrency,
    attempts,
    backoff,
    retention: { ...JOB_DEFAULTS.retention, ...def.retention },
    isolation: def.isolation ?? 'none',
    failureLogLevel: typeof def.failureLogLevel === 'function' ? def.failureLogLevel : constant(def.failureLogLevel ?? 'warn'),
  };
}

const constant = (level: Level) => () => level;

/** Throw this (or BullMQ's UnrecoverableError) to send a job to the DLQ without retrying. */
export class PermanentJobError extends UnrecoverableError {
  constructor(message: string) {
    super(message);
    this.name = 'PermanentJobError';
  }
}

/** Raised at enqueue for an unknown type or a payload that fails its schema. */
export class JobValidationError extends Error {
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message);
    this.name = 'JobValidationError';
  }
}
