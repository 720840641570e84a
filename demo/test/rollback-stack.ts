// The rollback's whole local stack for demo/test/rollback.test.ts: haproxy in front of storefront
// release instances, worker instances, Prometheus scraping them (file_sd with their `release`
// label), Alertmanager delivering to a local receiver, and the ops API with the local driver,
// the release registry on PostgreSQL (a schema of its own) and the Prometheus analysis.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { freePort, startAlertmanager, startHaproxy, startPrometheus, startReceiver, waitFor, type Alertmanager, type Haproxy, type Prometheus, type Receiver } from '@trafi-ops/devstack';
import {
  AlertmanagerRollbackAlerter, AuditLog, DeadLetterQueue, JobService, LocalDriver, PrometheusAnalysis, ReleaseRegistry, RollbackService, RunStore,
  createLogger, createOpsApi, createRedis, migrate, openDatabase, type Database,
} from '@trafi-ops/exporters';
import { demoJobTypes } from '../src/jobs.ts';
import { writeReleaseDirectories, type DemoRelease } from '../src/release/releases.ts';

export const OPERATOR = 'operator-token-rollback-0123';
export const VIEWER = 'viewer-token-rollback-012345';
export const DEPLOYER = 'deployer-token-rollback-0123';
const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface RollbackStack {
  dir: string;
  api: string;
  haproxy: Haproxy;
  prometheus: Prometheus;
  alertmanager: Alertmanager;
  receiver: Receiver;
  driver: LocalDriver;
  service: RollbackService;
  jobs: JobService;
  runs: RunStore;
  db: Database;
  releases: Record<string, { api: string; workers: string; dashboard?: string }>;
  dashboardLink: string;
  call(method: 'GET' | 'POST', path: string, body?: unknown, token?: string): Promise<{ status: number; body: any }>;
  /** Puts `version` live through the driver, as CI would, then records it with the deployer token. */
  deploy(version: string, migrations?: { name: string; breaksOlderCode?: boolean }[]): Promise<void>;
  stop(): Promise<void>;
}

export async function startRollbackStack(releases: DemoRelease[]): Promise<RollbackStack> {
  const dir = mkdtempSync(join(tmpdir(), 'trafi-rollback-'));
  const prefix = `t-rb-${randomUUID().slice(0, 8)}`;
  const schema = `rb_${randomUUID().slice(0, 8)}`;
  const logger = createLogger('silent');
  const stops: (() => Promise<unknown>)[] = [];
  try {
    const receiver = await startReceiver();
    stops.push(() => receiver.close());
    const amConfig = join(dir, 'alertmanager.yml');
    writeFileSync(amConfig, [
      'route: { receiver: hook, group_by: [alertname], group_wait: 0s, group_interval: 1s, repeat_interval: 1h }',
      `receivers: [ { name: hook, webhook_configs: [ { url: '${receiver.url}/rollback-alert', send_resolved: true } ] } ]`,
      '',
    ].join('\n'));
    const alertmanager = await startAlertmanager({ configFile: amConfig, dir: join(dir, 'am'), port: await freePort() });
    stops.push(() => alertmanager.proc.stop());

    const targets = join(dir, 'targets.json');
    writeFileSync(targets, '[]');
    const promConfig = [
      'global: { scrape_interval: 500ms, evaluation_interval: 1s }',
      'scrape_configs:',
      `  - { job_name: releases, file_sd_configs: [ { files: ['${targets}'], refresh_interval: 1s } ] }`,
      '',
    ].join('\n');
    const prometheus = await startPrometheus({ config: promConfig, dir: join(dir, 'prom'), port: await freePort() });
    stops.push(() => prometheus.proc.stop());

    const haproxy = await startHaproxy({ dir: join(dir, 'haproxy'), port: await freePort() });
    stops.push(() => haproxy.stop());

    const db = await openDatabase({ url: TEST_DATABASE_URL, dataDir: dir, schema });
    stops.push(async () => {
      await db.exec(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await db.close();
    });
    await migrate(db);
    const redis = createRedis(REDIS_URL);
    const jobs = new JobService({ redis, prefix, types: demoJobTypes, logger });
    stops.push(async () => {
      await jobs.close();
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length) await redis.del(...keys);
      redis.disconnect();
    });

    const dashboardLink = join(dir, 'dashboard-current');
    const driver = new LocalDriver({
      haproxy: { socket: haproxy.socket, backend: haproxy.backend },
      env: { REDIS_URL, REDIS_PREFIX: prefix, DATABASE_URL: TEST_DATABASE_URL, DATABASE_SCHEMA: schema, LOG_LEVEL: 'warn', SHUTDOWN_GRACE_SECONDS: '20' },
      scrapeTargetsFile: targets,
      dashboardLink,
      readyTimeoutMs: 45_000,
    });
    stops.push(() => driver.close());
    const audit = new AuditLog(db);
    const registry = new ReleaseRegistry(db);
    const analysis = new PrometheusAnalysis({
      prometheusUrl: prometheus.url, services: { api: 'storefront' }, window: '5s',
      maxErrorRatio: 0.05, maxP95Seconds: 1, minRequests: 10, intervalMs: 1000, count: 3, failureLimit: 0, inconclusiveLimit: 3, initialDelayMs: 3000,
    });
    const service = new RollbackService({ registry, driver, audit, logger, analysis, alerter: new AlertmanagerRollbackAlerter([alertmanager.url], 60_000) });
    stops.push(() => service.close());
    const app = createOpsApi({
      jobs, dlq: new DeadLetterQueue(jobs), runs: new RunStore(jobs), audit, db, logger,
      tokens: `alice@operator:${OPERATOR},bob@viewer:${VIEWER},ci@deployer:${DEPLOYER}`,
      rollbacks: { driver, service },
    });
    const server: Server = app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    stops.push(() => new Promise((r) => (server.closeAllConnections(), server.close(r))));
    const api = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1`;

    const dirs = writeReleaseDirectories(join(dir, 'releases'), releases, JSON.stringify({ id: 'trafi-ops-app', type: 'app', info: { version: '0' } }, null, 2));
    const call: RollbackStack['call'] = async (method, path, body, token = OPERATOR) => {
      const res = await fetch(`${api}${path}`, { method, headers: { authorization: `Bearer ${token}`, ...(body !== undefined && { 'content-type': 'application/json' }) }, body: body === undefined ? undefined : JSON.stringify(body) });
      return { status: res.status, body: await res.json() };
    };
    const stack: RollbackStack = {
      dir, api, haproxy, prometheus, alertmanager, receiver, driver, service, jobs, runs: new RunStore(jobs), db, releases: dirs, dashboardLink, call,
      async deploy(version, migrations = []) {
        const d = dirs[version]!;
        const components = { api: { directory: d.api }, workers: { directory: d.workers }, dashboard: { directory: d.dashboard! } };
        for (const [component, artifact] of Object.entries(components)) await driver.rollout({ component: component as 'api', version, artifact }, () => undefined);
        const res = await call('POST', '/deployments', { version, components, commit: `${version.replace(/\D/g, '')}abcdef0`.padEnd(7, '0').slice(0, 40), migrations, reason: `deploy ${version}` }, DEPLOYER);
        if (res.status !== 201) throw new Error(`recording ${version}: ${res.status} ${JSON.stringify(res.body)}`);
      },
      async stop() {
        for (const s of stops.reverse()) await s().catch(() => undefined);
        rmSync(dir, { recursive: true, force: true });
      },
    };
    return stack;
  } catch (err) {
    for (const s of stops.reverse()) await s().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

/** Polls a rollback until it has ended. */
export async function settled(stack: RollbackStack, id: string, timeoutMs = 90_000): Promise<any> {
  return waitFor(`rollback ${id} to end`, async () => {
    const { body } = await stack.call('GET', `/rollbacks/${id}`);
    return ['succeeded', 'aborted', 'failed'].includes(body.rollback?.status) ? body.rollback : undefined;
  }, timeoutMs, 200);
}
