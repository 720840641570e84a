// Scrape cost at 100 queues × 1,000 tenants: our one-call snapshot vs BullMQ's own
// exportPrometheusMetrics() called per queue. Round trips are counted on the connection.
import { Queue } from 'bullmq';
import { Registry } from 'prom-client';
import { z } from 'zod';
import { JobService, defineJobType } from '../src/jobs/index.ts';
import { QueueMetrics } from '../src/metrics/queue-metrics.ts';
import { REDIS_URL, ctxFor, fmtMs, logger, percentile, progress, scaled, withPrefix, type Row } from './common.ts';
import { CountingRedis } from '../test/helpers.ts';


export async function measure(redis: CountingRedis, scrape: () => Promise<string>) {
  const ms: number[] = [];
  let trips = 0;
  let bytes = 0;
  for (let i = 0; i < 20; i++) {
    const before = redis.sent;
    const t0 = performance.now();
    const body = await scrape();
    ms.push(performance.now() - t0);
    trips = redis.sent - before;
    bytes = body.length;
    if (bytes === 0) throw new Error('empty scrape');
  }
  return { p50: percentile(ms, 50), trips, bytes };
}

/** Ours (one registry scrape) against BullMQ's exportPrometheusMetrics() per queue on the same
 *  connection; closes the jobs and the connection after. */
export async function compareScrape(redis: CountingRedis, prefix: string, jobs: JobService, registry: Registry, types: { name: string }[]) {
  const bullQueues = types.map((t) => new Queue(t.name, { connection: redis, prefix }));
  const ours = await measure(redis, () => registry.metrics());
  const bull = await measure(redis, async () => (await Promise.all(bullQueues.map((q) => q.exportPrometheusMetrics()))).join('\n'));
  await Promise.all(bullQueues.map((q) => q.close()));
  await jobs.close();
  redis.disconnect();
  return { ours, bull, ratio: bull.p50 / ours.p50 };
}

/** `queues` queues holding jobs of `tenants` tenants; isolated ones also keep per-tenant depth. */
async function setup(redis: CountingRedis, prefix: string, queues: number, tenants: number, isolated: boolean) {
  const types = Array.from({ length: queues }, (_, i) => defineJobType({ name: `q${i}`, isolation: isolated ? 'tenant' : 'none', payload: z.object({}), handler: async () => undefined }));
  const jobs = new JobService({ redis, prefix, logger, types });
  for (const t of types) {
    await jobs.enqueueBulk(Array.from({ length: tenants }, (_, n) => ({ type: t.name, payload: {}, context: { ...ctxFor(n), tenantId: `tenant-${n}` } })));
  }
  const registry = new Registry();
  new QueueMetrics(jobs, registry, { cacheMs: 0, tenantCap: 500 });
  return { jobs, registry, types };
}

export async function scrapeBench(): Promise<Row[]> {
  const queues = scaled(100, 5);
  const tenants = scaled(1000, 20);
  const rows: Row[] = [];
  await withPrefix('scrape', async (_admin, prefix) => {
    progress(`[scrape] ${queues} queues with jobs of ${tenants} tenants: ours vs exportPrometheusMetrics per queue`);
    const redis = new CountingRedis(REDIS_URL, { maxRetriesPerRequest: null });
    const { jobs, registry, types } = await setup(redis, prefix, queues, tenants, false);
    const { ours, bull, ratio } = await compareScrape(redis, prefix, jobs, registry, types);
    console.log(`scrape: ours ${fmtMs(ours.p50)} / ${ours.trips} round trip(s); BullMQ per queue ${fmtMs(bull.p50)} / ${bull.trips} round trips`);
    rows.push({
      benchmark: `scrape ${queues} queues, jobs of ${tenants} tenants (p50)`,
      ours: `${fmtMs(ours.p50)}, ${ours.trips} round trip(s)`,
      baseline: `${fmtMs(bull.p50)}, ${bull.trips} round trips (exportPrometheusMetrics per queue)`,
      ratio: `${ratio.toFixed(1)}x`, target: '>= 5x, constant round trips', meets: ratio >= 5 && ours.trips === 1,
    });
  });
  await withPrefix('scrape-tenants', async (_admin, prefix) => {
    progress(`[scrape] the same queues isolated: per-tenant depth of ${tenants} tenants on each (cap 500)`);
    const redis = new CountingRedis(REDIS_URL, { maxRetriesPerRequest: null });
    const { jobs, registry } = await setup(redis, prefix, queues, tenants, true);
    const ours = await measure(redis, () => registry.metrics());
    await jobs.close();
    redis.disconnect();
    console.log(`scrape with per-tenant depth: ${fmtMs(ours.p50)}, ${ours.trips} round trip(s), ${(ours.bytes / 1024).toFixed(0)} KiB`);
    rows.push({
      benchmark: `scrape ${queues} isolated queues × ${tenants} tenants (p50)`,
      ours: `${fmtMs(ours.p50)}, ${ours.trips} round trip(s), ${(ours.bytes / 1024).toFixed(0)} KiB`,
      baseline: 'none (BullMQ has no per-tenant view)',
      ratio: '-', target: 'constant round trips', meets: ours.trips === 1,
    });
  });
  return rows;
}
