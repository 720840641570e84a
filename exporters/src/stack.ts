// Wires the embedded stack: Redis, database, jobs layer, workers, DLQ cleaner and the ops API.
import { AlertmanagerClient } from './alerting/alertmanager-client.ts';
import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Registry, collectDefaultMetrics } from 'prom-client';
import { PROCESS_METRICS_PREFIX } from '@trafi-ops/contracts';
import type { Logger } from 'pino';
import { createOpsApi } from './api/app.ts';
import type { Config } from './config.ts';
import { AuditLog } from './db/audit-log.ts';
import { openDatabase, type Database } from './db/database.ts';
import { migrate } from './db/migrate.ts';
import { EventFlowHealth, type FlowExpectations } from './events/flow-health.ts';
import { diagnosticsFor } from './diagnostics/wiring.ts';
import type { DiagnosticsService } from './diagnostics/diagnostics-service.ts';
import type { RequestErrorLog } from './diagnostics/request-error-log.ts';
import { HealthMetrics, databaseProbe, redisProbe } from './metrics/health-metrics.ts';
import { httpMetrics } from './metrics/http-metrics.ts';
import { StorageUsage } from './metrics/db-metrics.ts';
import { JobMetrics } from './metrics/job-metrics.ts';
import { TenantLabels } from './metrics/tenant-labels.ts';
import { QueueMetrics } from './metrics/queue-metrics.ts';
import { createMetricsApp } from './metrics/server.ts';
import { supportParts, type SupportKeys } from './support/setup.ts';
import { DeadLetterQueue, JobService, JobWorker, RunStore, connectRedis, type JobTypeDefinition } from './jobs/index.ts';
import type { RedisClient } from './redis/client.ts';
import type { DeploymentDriver } from './deployments/driver.ts';
import { driverFromConfig } from './deployments/config.ts';
import { createRollbacks } from './deployments/wiring.ts';

export interface Stack {
  jobs: JobService;
  dlq: DeadLetterQueue;
  runs: RunStore;
  db: Database;
  workers: JobWorker[];
  server: Server;
  apiUrl: string;
  metricsUrl: string;
  registry: Registry;
  /** The process-wide cap on tenant labels. */
  tenants: TenantLabels;
  /** Support mode's keys when it is on (the platform's middleware verifies with `verifyKey`). */
  support?: SupportKeys;
  /** Diagnostic reports, and the request error log the platform's services append to. */
  diagnostics: DiagnosticsService;
  requestErrors: RequestErrorLog;
  /** trafi_tenant_storage_bytes' collector (collect() reads the sizes now, e.g. after seeding data). */
  storage: StorageUsage;
  stop(): Promise<void>;
}

export interface StackOptions {
  types: JobTypeDefinition<any>[];
  logger: Logger;
  tokens: string;
  /** The connection to use (else one from REDIS_CLUSTER_NODES or REDIS_URL, closed by stop). */
  redis?: RedisClient;
  /** Expected event types per store; unset stores learn theirs from their rate. */
  eventFlow?: FlowExpectations;
  /** Where rollbacks move releases (POST /api/v1/rollbacks); unset: the one DEPLOY_DRIVER names, else that route answers 503. */
  deploymentDriver?: DeploymentDriver;
}

export async function startStack(config: Config, opts: StackOptions): Promise<Stack> {
  const { logger } = opts;
  const redis = opts.redis ?? connectRedis(config);
  const support = supportParts(config, redis); // reads and checks its key files first: a bad one stops start-up here
  const db = await openDatabase(config.DATABASE_URL ? { url: config.DATABASE_URL, dataDir: config.DATA_DIR } : { dataDir: `${config.DATA_DIR}/pglite` });
  await migrate(db);
  const jobs = new JobService({ redis, prefix: config.REDIS_PREFIX, types: [...opts.types, ...(support ? [support.jobType] : [])], logger });
  const dlq = new DeadLetterQueue(jobs, { retentionMs: config.DLQ_RETENTION_DAYS * 86_400_000, groupScanLimit: config.DLQ_GROUP_SCAN_LIMIT });
  const runs = new RunStore(jobs);
  const workers = jobs.queueNames().map((q) => new JobWorker(jobs, q).start());
  dlq.startCleaner(config.DLQ_CLEAN_INTERVAL_SECONDS * 1000);
  const trim = setInterval(() => void runs.trimIndex(config.RUN_INDEX_RETENTION_DAYS * 86_400_000).catch(() => 0), 60_000);

  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: PROCESS_METRICS_PREFIX });
  const queueMetrics = new QueueMetrics(jobs, registry, { cacheMs: config.METRICS_CACHE_MS, tenantCap: config.TENANT_LABEL_CAP, timeoutMs: config.METRICS_SNAPSHOT_TIMEOUT_MS });
  queueMetrics.startDiscovery();
  const jobMetrics = new JobMetrics(registry);
  for (const w of workers) jobMetrics.observe(w);
  const tenants = new TenantLabels(config.TENANT_LABEL_CAP);
  const storage = new StorageUsage(db, registry, { tenants });
  storage.start((err) => logger.warn({ err }, 'storage usage query failed'));
  const eventFlow = new EventFlowHealth(redis, jobs.keys, opts.eventFlow);
  eventFlow.register(registry, (err) => logger.warn({ err }, 'event-flow snapshot failed: event series left out of this scrape'), config.METRICS_SNAPSHOT_TIMEOUT_MS);
  new HealthMetrics(registry, { redis: redisProbe(redis), [db.kind]: databaseProbe(db) }, { heartbeats: { redis, keys: jobs.keys } });

  const alertmanager = config.ALERTMANAGER_URL ? new AlertmanagerClient(config.ALERTMANAGER_URL.split(',').map((u) => u.trim()), { grafanaUrl: config.GRAFANA_URL }) : undefined;
  const { diagnostics, requestErrors } = diagnosticsFor(config, { db, redis, runs, dlq, eventFlow });
  const instrument = httpMetrics({ registry, service: 'ops-api', tenants });
  const audit = new AuditLog(db);
  // A driver given is the caller's to close; one built from DEPLOY_DRIVER is the stack's.
  const ownDriver = opts.deploymentDriver ? undefined : driverFromConfig(config, (instance, line) => logger.info({ instance }, line));
  const driver = opts.deploymentDriver ?? ownDriver;
  const rollbacks = driver ? await createRollbacks({ config, db, audit, logger, driver }) : undefined;
  const server = await listen(createOpsApi({ jobs, dlq, runs, audit, db, logger, tokens: opts.tokens, instrument, eventFlow, alertmanager, diagnostics, bodyTimeoutMs: config.BODY_TIMEOUT_MS, rollbacks, support: support?.connect(jobs, db, (err) => logger.warn({ err }, 'support notice not queued')) }), config.API_PORT, config.API_HOST);
  const metricsServer = await listen(createMetricsApp(registry, logger), config.METRICS_PORT, config.METRICS_HOST);
  const apiUrl = `http://${config.API_HOST}:${(server.address() as AddressInfo).port}`;
  const metricsUrl = `http://${config.METRICS_HOST}:${(metricsServer.address() as AddressInfo).port}/metrics`;

  return {
    jobs, dlq, runs, db, workers, server, apiUrl, metricsUrl, registry, tenants, support: support?.keys, diagnostics, requestErrors, storage,
    async stop() {
      clearInterval(trim);
      dlq.stopCleaner();
      queueMetrics.stop();
      storage.stop();
      for (const s of [server, metricsServer]) {
        s.closeAllConnections();
        await new Promise((resolve) => s.close(resolve));
      }
      await rollbacks?.service.close();
      await ownDriver?.close();
      await Promise.all(workers.map((w) => w.close(config.SHUTDOWN_GRACE_SECONDS * 1000)));
      await jobs.close();
      await db.close();
      // quit() waits through a reconnect while Redis is away: a stopping service must not.
      if (!opts.redis) await (redis.status === 'ready' ? redis.quit().then(() => undefined, () => redis.disconnect()) : redis.disconnect());
    },
  };
}

export async function listen(app: { listen(port: number, host: string): Server }, port: number, host: string): Promise<Server> {
  const server = app.listen(port, host);
  await once(server, 'listening');
  return server;
}
