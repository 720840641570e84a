// Builds the rollback side of the ops API from the configuration and a driver: the service with
// its Prometheus analysis (when ROLLBACK_PROMETHEUS_URL is set) and its Alertmanager alert (when
// ALERTMANAGER_URL is), after marking rollbacks a crash interrupted as failed; a driver whose
// instances ended with the last process starts the live releases again (in the background).
import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import type { AuditLog } from '../db/audit-log.ts';
import type { Database } from '../db/database.ts';
import { PrometheusAnalysis } from './analysis.ts';
import type { DeploymentDriver } from './driver.ts';
import { ReleaseRegistry } from './registry.ts';
import { AlertmanagerRollbackAlerter } from './rollback-alert.ts';
import { RollbackService } from './rollback-service.ts';

export async function createRollbacks(opts: { config: Config; db: Database; audit: AuditLog; logger: Logger; driver: DeploymentDriver }): Promise<{ driver: DeploymentDriver; service: RollbackService }> {
  const { config: c, db, audit, logger, driver } = opts;
  const registry = new ReleaseRegistry(db);
  const interrupted = await registry.recoverInterrupted();
  if (interrupted) logger.warn({ interrupted }, 'rollbacks interrupted by a stop were marked failed: check what is live');
  const live = [...(await registry.live())].flatMap(([component, r]) => (r?.components[component] ? [{ component, version: r.version, artifact: r.components[component]! }] : []));
  void driver.resume(live, (t, err) => logger.error({ err, component: t.component, version: t.version }, 'the live release could not be started again'));
  const analysis = c.ROLLBACK_PROMETHEUS_URL
    ? new PrometheusAnalysis({
        prometheusUrl: c.ROLLBACK_PROMETHEUS_URL, services: { api: c.ROLLBACK_API_SERVICE }, window: c.ROLLBACK_WINDOW,
        maxErrorRatio: c.ROLLBACK_MAX_ERROR_RATIO, maxP95Seconds: c.ROLLBACK_MAX_P95_SECONDS, minRequests: c.ROLLBACK_MIN_REQUESTS,
        intervalMs: c.ROLLBACK_INTERVAL_SECONDS * 1000, count: c.ROLLBACK_COUNT, failureLimit: c.ROLLBACK_FAILURE_LIMIT, inconclusiveLimit: c.ROLLBACK_INCONCLUSIVE_LIMIT,
        // The first measurement waits one window, so it sees the new version's traffic only.
        initialDelayMs: windowMs(c.ROLLBACK_WINDOW),
      })
    : undefined;
  const alerter = c.ALERTMANAGER_URL ? new AlertmanagerRollbackAlerter(c.ALERTMANAGER_URL.split(',').map((u) => u.trim())) : undefined;
  return { driver, service: new RollbackService({ registry, driver, audit, logger, analysis, alerter }) };
}

function windowMs(d: string): number {
  const n = Number(d.slice(0, -1));
  return n * { s: 1000, m: 60_000, h: 3600_000 }[d.slice(-1) as 's' | 'm' | 'h'];
}
