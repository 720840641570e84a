// @trafi-ops/exporters: the explicit public API, product code only. Platform services import job
// declarations and the jobs layer from here; the API's contract lives in @trafi-ops/contracts;
// local services for tests and `npm start` are in @trafi-ops/devstack, the demo in @trafi-ops/demo.
export * from './jobs/index.ts';
export * from '@trafi-ops/contracts';
export { createOpsApi, type OpsApiDeps } from './api/app.ts';
export { ApiError } from './api/errors.ts';
export { parseTokens, type Principal } from './api/auth.ts';
export { AuditLog } from './db/audit-log.ts';
export { openDatabase, type Database } from './db/database.ts';
export { migrate } from './db/migrate.ts';
export { loadConfig, parseEnv, ConfigSchema, ConfigError, type Config } from './config.ts';
export { startStack, type Stack, type StackOptions } from './stack.ts';
export { createLogger, type Logger } from './logger.ts';
export { exitOnStartFailure, stopOnSignals } from './process.ts';
export { httpMetrics, routeTemplate, type HttpMetricsOptions } from './metrics/http-metrics.ts';
export { TenantLabels, OTHER_TENANT } from './metrics/tenant-labels.ts';
export { QueueMetrics, type QueueMetricsOptions, type QueueSnapshot } from './metrics/queue-metrics.ts';
export { JobMetrics } from './metrics/job-metrics.ts';
export { HealthMetrics, redisProbe, databaseProbe } from './metrics/health-metrics.ts';
export { createMetricsApp } from './metrics/server.ts';
export { runProbe, type Probe, type ProbeResult } from './probe.ts';
export { InstrumentedDatabase, StorageUsage, SCHEMA_PER_TENANT_USAGE, sqlVerb, type QueryLabels, type StorageUsageOptions } from './metrics/db-metrics.ts';
export { EventReporter, createReporterRedis, EventNameSchema, type EventReporterOptions } from './events/reporter.ts';
export { EventFlowHealth, type FlowExpectations } from './events/flow-health.ts';
export { AlertmanagerClient, AlertmanagerUnavailableError } from './alerting/alertmanager-client.ts';
export * from './deployments/index.ts';
