// The diagnostics of a stack from its configuration.
import type { RedisClient } from '../redis/client.ts';
import type { Config } from '../config.ts';
import type { Database } from '../db/database.ts';
import type { EventFlowHealth } from '../events/flow-health.ts';
import type { DeadLetterQueue } from '../jobs/dlq.ts';
import type { RunStore } from '../jobs/runs.ts';
import { PlatformConfigClient } from './collectors/platform-config.ts';
import { DiagnosticsService } from './diagnostics-service.ts';
import { PrometheusApi } from './prometheus-api.ts';
import { RecommendationEngine } from './recommendations.ts';
import { ReportStore } from './report-store.ts';
import { RequestErrorLog } from './request-error-log.ts';

export function diagnosticsFor(config: Config, deps: { db: Database; redis: RedisClient; runs: RunStore; dlq: DeadLetterQueue; eventFlow?: EventFlowHealth }) {
  const requestErrors = new RequestErrorLog(deps.redis, config.REDIS_PREFIX, { maxLength: config.REQUEST_ERROR_LOG_MAX_LENGTH, maxAgeMs: config.REQUEST_ERROR_LOG_MAX_AGE_HOURS * 3_600_000 });
  const diagnostics = new DiagnosticsService({
    store: new ReportStore(deps.db),
    runs: deps.runs,
    dlq: deps.dlq,
    eventFlow: deps.eventFlow,
    requestErrors,
    prometheus: config.DIAGNOSTICS_PROMETHEUS_URL ? new PrometheusApi(config.DIAGNOSTICS_PROMETHEUS_URL) : undefined,
    platform: config.DIAGNOSTICS_PLATFORM_URL ? new PlatformConfigClient(config.DIAGNOSTICS_PLATFORM_URL, config.DIAGNOSTICS_PLATFORM_TOKEN ?? '') : undefined,
    recommendations: new RecommendationEngine({ disabled: config.DIAGNOSTICS_DISABLED_RULES?.split(',').map((r) => r.trim()).filter(Boolean) }),
    maxPeriodMs: config.DIAGNOSTICS_MAX_PERIOD_HOURS * 3_600_000,
    retentionMs: config.DIAGNOSTICS_RETENTION_DAYS * 86_400_000,
    maxConcurrentBuilds: config.DIAGNOSTICS_MAX_CONCURRENT_BUILDS,
  });
  return { diagnostics, requestErrors };
}
