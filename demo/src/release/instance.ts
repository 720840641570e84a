// One instance of a demo release, started by the rollback's local driver from a release
// directory (see releases.ts): RELEASE_COMPONENT `api` serves the storefront with an
// `x-trafi-release` header, `workers` runs the demo job types. Both answer /healthz and /metrics
// on $PORT and stop gracefully on SIGTERM: the storefront finishes the requests it has, the
// workers their active jobs.
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import { Registry } from 'prom-client';
import { EventReporter, InstrumentedDatabase, JobMetrics, JobService, JobWorker, TenantLabels, createLogger, createRedis, createReporterRedis, openDatabase, stopOnSignals } from '@trafi-ops/exporters';
import { demoJobTypes } from '../jobs.ts';
import { createDemoPlatform } from '../platform.ts';

const env = process.env;
const version = env.RELEASE_VERSION ?? 'dev';
const component = env.RELEASE_COMPONENT ?? 'api';
const logger = createLogger((env.LOG_LEVEL as 'info') ?? 'warn');
const redisUrl = env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefix = env.REDIS_PREFIX ?? 'trafi';

async function main() {
  const registry = new Registry();
  const redis = createRedis(redisUrl);
  const jobs = new JobService({ redis, prefix, types: demoJobTypes, logger });
  const app = express();
  app.disable('x-powered-by');
  app.use((_req, res, next) => (res.set('x-trafi-release', version), next()));
  app.get('/healthz', (_req, res) => void res.json({ status: 'ok', version, component }));
  app.get('/metrics', async (_req, res) => void res.type(registry.contentType).send(await registry.metrics()));

  const closers: (() => Promise<unknown>)[] = [];
  if (component === 'workers') {
    const metrics = new JobMetrics(registry);
    const workers = jobs.queueNames().map((q) => new JobWorker(jobs, q).start());
    for (const w of workers) metrics.observe(w);
    closers.push(() => Promise.all(workers.map((w) => w.close(Number(env.SHUTDOWN_GRACE_SECONDS ?? 30) * 1000))));
  } else {
    // A database of its own when none is given (the demo only runs `SELECT 1` in it).
    const dataDir = env.DATABASE_URL ? '' : mkdtempSync(join(tmpdir(), `trafi-release-${version}-`));
    const db = await openDatabase(env.DATABASE_URL ? { url: env.DATABASE_URL, dataDir, schema: env.DATABASE_SCHEMA } : { dataDir });
    const tenants = new TenantLabels();
    const eventsRedis = createReporterRedis(redisUrl);
    const events = new EventReporter({ redis: eventsRedis, prefix, onError: () => undefined });
    app.use(createDemoPlatform({ registry, tenants, jobs, events, db: new InstrumentedDatabase(db, registry, tenants), checkoutFailureRate: Number(env.CHECKOUT_FAILURE_RATE ?? 0) }));
    closers.push(async () => {
      await events.close().catch(() => undefined);
      eventsRedis.disconnect();
      await db.close();
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    });
  }
  const server = app.listen(Number(env.PORT ?? 0), env.HOST ?? '127.0.0.1');
  await once(server, 'listening');
  // The driver that started this instance died without stopping it (kill -9): stop as on SIGTERM.
  const parent = process.ppid;
  setInterval(() => process.ppid !== parent && process.kill(process.pid, 'SIGTERM'), 1000).unref();
  stopOnSignals(logger, async () => {
    // Stop accepting, finish the requests under way (idle keep-alive connections are closed).
    await new Promise((r) => server.close(r));
    for (const close of closers) await close();
    await jobs.close();
    redis.disconnect();
  });
}

main().catch((err) => {
  process.stderr.write(`release instance failed: ${(err as Error).stack}\n`);
  process.exit(1);
});
