// The metric catalogue, in the spirit of kubernetes-mixin's shared config: every family the
// exporters register (name, type, help, labels, buckets), the recording rules of
// alert-rules/rules, and the outside series we query. The collectors build their metrics from
// it, the dashboards, the SLO generator and the plugin take their names from it, and tests
// check the rule YAML, the dashboards and the registered metrics against it, so a name or label
// that drifts is a compile error or a failing test instead of an empty panel.

/** Every label our series carry; a family or query naming another one does not compile. */
export const METRIC_LABELS = [
  'service', 'route', 'method', 'code', 'tenant', 'queue', 'job_type', 'outcome', 'state', 'operation',
  'dependency', 'worker', 'store', 'event_type', 'expectation',
  // Added by recording rules.
  'reason', 'slo',
] as const;
export type MetricLabel = (typeof METRIC_LABELS)[number];
/** Added by Prometheus to every scraped series (and `le` to histogram buckets); `release`, the
 *  deployment's version, to the instances rollbacks move (file_sd labels locally, pod labels on Kubernetes). */
export const TARGET_LABELS = ['job', 'instance', 'release'] as const;

export type MetricType = 'counter' | 'gauge' | 'histogram';

export interface MetricFamily {
  readonly name: string;
  readonly type: MetricType;
  /** The HELP text; a function where it states a setting of the collector (a timeout, a cap). */
  readonly help: string | ((settings: never) => string);
  readonly labelNames: readonly MetricLabel[];
  /** Part of the contract: quantiles and the latency SLO's threshold (an `le`) depend on them. */
  readonly buckets?: readonly number[];
}

/** The label names of a family, for prom-client's generics. */
export type LabelsOf<F extends MetricFamily> = F['labelNames'][number];

/** Seconds; from a few ms (no-op jobs) to 10 min (reports, exports). */
const JOB_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 600] as const;

/** What the exporters register (the prom-client default metrics aside, see PROCESS_METRICS_PREFIX). */
export const METRICS = {
  // HTTP (exporters/src/metrics/http-metrics.ts)
  httpRequests: {
    name: 'trafi_http_requests_total', type: 'counter', help: 'HTTP requests by service, route template, method, status code and tenant.',
    labelNames: ['service', 'route', 'method', 'code', 'tenant'],
  },
  httpRequestDuration: {
    name: 'trafi_http_request_duration_seconds', type: 'histogram', help: 'HTTP request duration by service, route template and tenant.',
    labelNames: ['service', 'route', 'tenant'], buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  },
  // Jobs (exporters/src/metrics/job-metrics.ts)
  jobsProcessed: {
    name: 'trafi_jobs_processed_total', type: 'counter',
    help: 'Finished attempts by outcome: completed, retried (failed, will retry) or dead_lettered (failed for good). Jobs/minute: rate()*60.',
    labelNames: ['queue', 'job_type', 'outcome'],
  },
  jobDuration: { name: 'trafi_job_duration_seconds', type: 'histogram', help: 'Run time of an attempt.', labelNames: ['queue', 'job_type'], buckets: JOB_BUCKETS },
  jobWait: {
    name: 'trafi_job_wait_seconds', type: 'histogram', help: 'Time from enqueue (plus any requested delay) to the start of the first attempt.',
    labelNames: ['queue', 'job_type'], buckets: JOB_BUCKETS,
  },
  // Queues (exporters/src/metrics/queue-metrics.ts)
  queueJobs: { name: 'trafi_queue_jobs', type: 'gauge', help: 'Jobs per queue and state (completed: recent ones kept by retention).', labelNames: ['queue', 'state'] },
  queueDlqJobs: { name: 'trafi_queue_dlq_jobs', type: 'gauge', help: 'Entries in the dead-letter queue per original queue.', labelNames: ['queue'] },
  queuePaused: { name: 'trafi_queue_paused', type: 'gauge', help: '1 when the queue is paused.', labelNames: ['queue'] },
  queueOldestWaitingAge: {
    name: 'trafi_queue_oldest_waiting_age_seconds', type: 'gauge', help: 'Age of the job that has waited longest (0 when none waits).', labelNames: ['queue'],
  },
  queueTenantJobs: {
    name: 'trafi_queue_tenant_jobs', type: 'gauge',
    help: (s: { tenantCap: number; otherTenant: string }) =>
      `Jobs per tenant: active (every queue), pending (isolated queues) (top ${s.tenantCap} tenants, the rest as "${s.otherTenant}").`,
    labelNames: ['queue', 'tenant', 'state'],
  },
  // Database (exporters/src/metrics/db-metrics.ts)
  dbQueryDuration: {
    name: 'trafi_db_query_duration_seconds', type: 'histogram', help: 'Database query duration by tenant and operation (failed queries included).',
    labelNames: ['tenant', 'operation'], buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  },
  tenantStorage: { name: 'trafi_tenant_storage_bytes', type: 'gauge', help: 'Storage used per tenant (collected periodically).', labelNames: ['tenant'] },
  // Dependencies and workers (exporters/src/metrics/health-metrics.ts)
  dependencyUp: {
    name: 'trafi_dependency_up', type: 'gauge', help: (s: { timeoutMs: number }) => `1 when the dependency answered a probe within ${s.timeoutMs} ms.`,
    labelNames: ['dependency'],
  },
  dependencyLatency: {
    name: 'trafi_dependency_latency_seconds', type: 'gauge', help: 'Round-trip time of the last probe (the timeout when it failed).', labelNames: ['dependency'],
  },
  workerLastSeen: {
    name: 'trafi_worker_last_seen_timestamp_seconds', type: 'gauge',
    help: (s: { forgetAfterSeconds: number }) => `Last heartbeat of each worker (unix seconds); gone when it stopped cleanly or was silent for ${s.forgetAfterSeconds} s.`,
    labelNames: ['queue', 'worker'],
  },
  // Event flow (exporters/src/events/flow-health.ts)
  eventsReceived: { name: 'trafi_events_received_total', type: 'counter', help: 'Storefront events received per store and type.', labelNames: ['store', 'event_type'] },
  eventsLastReceived: {
    name: 'trafi_events_last_received_timestamp_seconds', type: 'gauge', help: 'When the last event of a type arrived for a store (freshness).', labelNames: ['store', 'event_type'],
  },
  eventFlowHealthy: {
    name: 'trafi_event_flow_healthy', type: 'gauge', help: '0 when an expected event type of the store is silent for longer than expected (see trafi_event_flow_gap).',
    labelNames: ['store'],
  },
  eventFlowGap: {
    name: 'trafi_event_flow_gap', type: 'gauge', help: '1 for each store and event type that is overdue (the reason of an unhealthy store).',
    labelNames: ['store', 'event_type', 'expectation'],
  },
} as const satisfies Record<string, MetricFamily>;
export type MetricKey = keyof typeof METRICS;

/** prom-client's default process metrics, registered under this prefix (no rule or panel uses them). */
export const PROCESS_METRICS_PREFIX = 'trafi_process_';

/** The recording rules of alert-rules/rules/recording.yml and the fixed ones of slo.generated.yml. */
export const RECORDING_RULES = {
  serviceErrorRatio5m: 'service:trafi_http_requests:error_ratio_rate5m',
  serviceErrorRatio1h: 'service:trafi_http_requests:error_ratio_rate1h',
  serviceRequestRate5m: 'service:trafi_http_requests:rate5m',
  tenantErrorRatio5m: 'tenant:trafi_http_requests:error_ratio_rate5m',
  tenantRequestRate5m: 'tenant:trafi_http_requests:rate5m',
  serviceTenantErrorRatio5m: 'service_tenant:trafi_http_requests:error_ratio_rate5m',
  serviceTenantRequestRate5m: 'service_tenant:trafi_http_requests:rate5m',
  serviceLatencyP50: 'service:trafi_http_request_duration_seconds:p50_5m',
  serviceLatencyP95: 'service:trafi_http_request_duration_seconds:p95_5m',
  serviceLatencyP99: 'service:trafi_http_request_duration_seconds:p99_5m',
  tenantLatencyP95: 'tenant:trafi_http_request_duration_seconds:p95_5m',
  queueOutcomeJobsPerMinute: 'queue_outcome:trafi_jobs_processed:per_minute_rate5m',
  queueJobsPerMinute: 'queue:trafi_jobs_processed:per_minute_rate5m',
  queueBacklog: 'queue:trafi_queue_backlog:sum',
  /** 1 per queue and `reason` while the queue is unhealthy. */
  queueUnhealthy: 'queue:trafi_queue_unhealthy',
  storeEventTypeEvents1h: 'store_event_type:trafi_events_received:increase1h',
  storeEventTypeEvents1d: 'store_event_type:trafi_events_received:increase1d',
  storeEventsFreshness: 'store:trafi_events_freshness_seconds',
  // Per SLO (label `slo`), generated from alert-rules/slos/*.yml.
  sloErrors5m: 'slo:sli_errors:rate5m',
  sloTotal5m: 'slo:sli_total:rate5m',
  sloObjective: 'slo:objective:ratio',
  sloErrorBudgetRemaining: 'slo:error_budget_remaining:ratio',
  // Synthetic monitoring (alert-rules/rules/synthetics.yml), per check and location.
  syntheticSuccess1h: 'check_location:synthetic_success:ratio_1h',
  syntheticSuccess1d: 'check_location:synthetic_success:ratio_1d',
  syntheticSuccess7d: 'check_location:synthetic_success:ratio_7d',
  syntheticDurationP95: 'check_location:synthetic_duration_seconds:p95_1h',
} as const;

/** The windows of the SLO error ratios and burn rates. */
export const SLO_WINDOWS = ['5m', '30m', '1h', '2h', '6h', '1d', '3d', '30d'] as const;
export type SloWindow = (typeof SLO_WINDOWS)[number];
export const sloErrorRatio = <W extends SloWindow>(w: W) => `slo:sli_error:ratio_rate${w}` as const;
export const sloBurnRate = <W extends SloWindow>(w: W) => `slo:burn_rate:rate${w}` as const;

/** Series from elsewhere that rules, dashboards and the plugin rely on. */
export const EXTERNAL_SERIES = {
  /** Prometheus: 1 per target whose last scrape succeeded. */
  up: 'up',
  /** Prometheus: the pending and firing alerts. */
  alerts: 'ALERTS',
  /** k6's remote-write output (prefix k6_) from the synthetic checkout runners. */
  checkoutRuns: 'k6_trafi_checkout_runs_total',
  checkoutFailures: 'k6_trafi_checkout_failures_total',
  /** k6 runs (synthetic monitoring): tags synthetic, check, group, location. */
  k6Checks: 'k6_checks_rate',
  k6HttpReqFailed: 'k6_http_req_failed_rate',
  k6HttpReqDurationP95: 'k6_http_req_duration_p95',
  k6Iterations: 'k6_iterations_total',
  /** The blackbox exporter's probes (job synthetics-blackbox). */
  probeSuccess: 'probe_success',
  probeDuration: 'probe_duration_seconds',
} as const;

/** The series names a family exposes (a histogram: _bucket, _count and _sum). */
export function seriesOf(family: MetricFamily): string[] {
  return family.type === 'histogram' ? ['_bucket', '_count', '_sum'].map((s) => family.name + s) : [family.name];
}

/**
 * Every series name a query may select, with the labels it may match on (undefined: not
 * recorded here, as for recording rules and outside series).
 */
export function selectableSeries(): Map<string, readonly string[] | undefined> {
  const out = new Map<string, readonly string[] | undefined>();
  for (const f of Object.values(METRICS) as MetricFamily[]) {
    for (const series of seriesOf(f)) out.set(series, [...f.labelNames, ...TARGET_LABELS, ...(series.endsWith('_bucket') ? ['le'] : [])]);
  }
  for (const name of [...recordingRuleNames(), ...Object.values(EXTERNAL_SERIES)]) out.set(name, undefined);
  return out;
}

/** Every recording rule name the rule files define. */
export function recordingRuleNames(): string[] {
  return [...Object.values(RECORDING_RULES), ...SLO_WINDOWS.flatMap((w) => [sloErrorRatio(w), sloBurnRate(w)])];
}
