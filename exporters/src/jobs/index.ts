// The jobs layer's public API: everything a service needs to declare, produce,
// run and operate jobs. Classes expose `protected` methods to override.
export { defineJobType, resolveJobType, PermanentJobError, JobValidationError, JOB_DEFAULTS } from './job-type.ts';
export type { JobTypeDefinition, ResolvedJobType, JobRunContext, BackoffPolicy, RetentionPolicy, FailureLogLevel } from './job-type.ts';
export { JobService, concurrencyEnvName } from './job-service.ts';
export type { JobServiceOptions, EnqueueOptions, EnqueueRequest, QueueSettings, JobData, RunOrigin } from './job-service.ts';
export { JobWorker } from './job-worker.ts';
export type { JobWorkerOptions } from './job-worker.ts';
export { DeadLetterQueue, DLQ_DEFAULT_RETENTION_MS } from './dlq.ts';
export type { DeadLetterQueueOptions, BulkProgress } from './dlq.ts';
export { RunStore } from './runs.ts';
export { InvalidCursorError } from './cursor.ts';
export { connectRedis, createRedis } from './connections.ts';
export { withTrace, runInTrace, parseTenantContext, TenantContextSchema } from './context.ts';
export type { TenantContext, TenantContextInput } from './context.ts';
export { UnrecoverableError } from 'bullmq';
