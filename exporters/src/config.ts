// The product's configuration from environment variables, validated at start: a bad value stops
// start-up with a message naming the variable. What only `npm start` reads (the demo, the local
// Prometheus and Alertmanager it runs) extends this schema in demo/src/config.ts.
import { z } from 'zod';
import { ConfigError } from './config-error.ts';
import { DeploymentConfigShape } from './deployments/config.ts';
import { SupportConfigShape } from './support/config.ts';

export { ConfigError };

const port = z.coerce.number().int().min(0).max(65535);
const positive = z.coerce.number().positive();

export const ConfigSchema = z.object({
  REDIS_URL: z.string().url().default('redis://127.0.0.1:6379'),
  REDIS_PREFIX: z.string().min(1).max(50).default('trafi'),
  /** Redis Cluster startup nodes `host:port,host:port`; when set it is used instead of REDIS_URL (REDIS_PREFIX must be a hash tag: `{trafi}`). */
  REDIS_CLUSTER_NODES: z.string().optional().refine((v) => !v || v.split(',').every((n) => /^[^\s:,]+:\d{1,5}$/.test(n.trim())), 'comma-separated host:port pairs'),
  DATABASE_URL: z.string().url().optional(),
  DATA_DIR: z.string().min(1).default('.data'),
  API_HOST: z.string().min(1).default('127.0.0.1'),
  API_PORT: port.default(4000),
  OPS_API_TOKENS: z.string().optional(),
  /** Alertmanager base URL(s), comma-separated for an HA pair (GET /api/v1/alerts). */
  ALERTMANAGER_URL: z.string().optional().refine((v) => !v || v.split(',').every((u) => URL.canParse(u.trim())), 'comma-separated URLs'),
  /** Where Grafana lives: alert dashboard links are paths under it. */
  GRAFANA_URL: z.string().url().default('http://localhost:3000'),
  METRICS_HOST: z.string().min(1).default('127.0.0.1'),
  METRICS_PORT: port.default(9464),
  METRICS_CACHE_MS: z.coerce.number().int().min(0).max(60_000).default(1000),
  /** A Redis snapshot slower than this (Redis down or hung) is left out of that scrape; under Prometheus' 10 s scrape timeout. */
  METRICS_SNAPSHOT_TIMEOUT_MS: z.coerce.number().int().min(50).max(9_000).default(5000),
  TENANT_LABEL_CAP: z.coerce.number().int().min(1).max(100_000).default(500),
  DLQ_RETENTION_DAYS: positive.default(14),
  /** Entries "group by error" reads at most, newest first (GET /dlq/error-groups says how many of how many). */
  DLQ_GROUP_SCAN_LIMIT: z.coerce.number().int().min(100).max(1_000_000).default(20_000),
  DLQ_CLEAN_INTERVAL_SECONDS: positive.default(60),
  RUN_INDEX_RETENTION_DAYS: positive.default(7),
  SHUTDOWN_GRACE_SECONDS: positive.default(30),
  LOG_LEVEL: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),

  // The ops API's HTTP edge.
  /** A request body still incomplete after this long (a stalled or slow client) gets a 408 and its connection is closed. */
  BODY_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5000),

  // Support mode (support/setup.ts): keys are PEM files; both unset = support mode off.
  ...SupportConfigShape,
  // Diagnostic reports (story 11.11).
  /** Prometheus the reports read their figures from (query_range); unset: reports have no figures. */
  DIAGNOSTICS_PROMETHEUS_URL: z.string().url().optional(),
  /** The platform's internal config endpoint base (`<url>/tenants/:tenant/config`) and its bearer token. */
  DIAGNOSTICS_PLATFORM_URL: z.string().url().optional(),
  DIAGNOSTICS_PLATFORM_TOKEN: z.string().min(16).optional(),
  DIAGNOSTICS_MAX_PERIOD_HOURS: z.coerce.number().positive().max(24 * 90).default(168),
  DIAGNOSTICS_RETENTION_DAYS: positive.default(30),
  /** Reports one instance builds at once; more requests get 429 with Retry-After. */
  DIAGNOSTICS_MAX_CONCURRENT_BUILDS: z.coerce.number().int().min(1).max(50).default(2),
  /** Recommendation rules to leave out (comma-separated ids). */
  DIAGNOSTICS_DISABLED_RULES: z.string().optional(),
  /** The per-tenant request error log (a capped Redis stream): entries kept per tenant and their age. */
  REQUEST_ERROR_LOG_MAX_LENGTH: z.coerce.number().int().min(100).max(1_000_000).default(10_000),
  REQUEST_ERROR_LOG_MAX_AGE_HOURS: positive.default(168),
  // Where rollbacks move releases (deployments/config.ts): the driver and its settings.
  ...DeploymentConfigShape,
  // Rollback verification (deployments/analysis.ts): Prometheus analysis of the rolled-back service.
  /** Where the analysis queries; unset: verification is the instances' readiness only. */
  ROLLBACK_PROMETHEUS_URL: z.string().url().optional(),
  /** The `service` label of the api component's HTTP metrics. */
  ROLLBACK_API_SERVICE: z.string().min(1).default('storefront'),
  ROLLBACK_WINDOW: z.string().regex(/^\d+[smh]$/, 'a PromQL duration like 30s').default('30s'),
  ROLLBACK_MAX_ERROR_RATIO: z.coerce.number().min(0).max(1).default(0.05),
  ROLLBACK_MAX_P95_SECONDS: positive.default(0.5),
  /** Fewer requests in a window than this make the measurement inconclusive (failed). */
  ROLLBACK_MIN_REQUESTS: z.coerce.number().int().min(1).default(10),
  ROLLBACK_INTERVAL_SECONDS: positive.default(10),
  ROLLBACK_COUNT: z.coerce.number().int().min(1).max(100).default(3),
  ROLLBACK_FAILURE_LIMIT: z.coerce.number().int().min(0).max(100).default(0),
  /** Inconclusive measurements (too little traffic) allowed before the analysis fails. */
  ROLLBACK_INCONCLUSIVE_LIMIT: z.coerce.number().int().min(0).max(100).default(3),
});
export type Config = z.infer<typeof ConfigSchema>;


export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return parseEnv(ConfigSchema, env);
}

/** Validates the environment against a schema (this one or one extending it); a ConfigError
 *  names every bad variable and the value it had. Empty variables count as unset. */
export function parseEnv<S extends z.ZodType>(schema: S, env: NodeJS.ProcessEnv): z.infer<S> {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message} (got ${JSON.stringify(env[String(i.path[0])])})`);
    throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
  }
  return parsed.data;
}
