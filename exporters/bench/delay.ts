// Benchmarks over a network delay (BENCH_ONLY=delay): loopback hides round trips, so the
// scrape (one Lua call vs BullMQ's exportPrometheusMetrics per queue) and the DLQ bulk retry
// (one call per batch vs one per job) are measured twice, straight to Redis and through a TCP
// proxy adding BENCH_RTT_MS (default 1 ms, a same-region network). The DLQ retry is also
// compared with BullMQ's own bulk `queue.retryJobs({ state: 'failed' })` on its failed set, and
// the Redis server time each side spends per requeued entry is read from INFO commandstats.
// It runs on a redis-server of its own, so those counters hold this benchmark's commands only.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Registry } from 'prom-client';
import { z } from 'zod';
import { freePort, spawnRedisServer, startDelayProxy } from '@trafi-ops/devstack';
import { DeadLetterQueue, JobService, createRedis, defineJobType } from '../src/jobs/index.ts';
import { QueueMetrics } from '../src/metrics/queue-metrics.ts';
import { CountingRedis } from '../test/helpers.ts';
import { ctxFor, expectEqual, fmtMs, logger, percentile, progress, scaled, timed, type Row } from './common.ts';
import { DOOMED_QUEUE, PLAIN_QUEUE, doomedType, fillDlq, fillFailedSet } from './dlq-filler.ts';
import { compareScrape } from './scrape.ts';

export const RTT_MS = (() => {
  const n = Number(process.env.BENCH_RTT_MS ?? '1');
  if (!Number.isFinite(n) || n < 0 || n > 100) throw new Error(`BENCH_RTT_MS must be 0..100, got "${process.env.BENCH_RTT_MS}"`);
  return n;
})();

interface Link { label: string; url: string }

/** Total Redis server time (µs) over every command but INFO itself. */
async function serverMicros(redis: CountingRedis): Promise<number> {
  const info = await redis.info('commandstats');
  let usec = 0;
  for (const m of info.matchAll(/^cmdstat_([^:]+):calls=\d+,usec=(\d+)/gm)) if (m[1] !== 'info') usec += Number(m[2]);
  return usec;
}

async function pingRtt(url: string): Promise<number> {
  const r = createRedis(url);
  const ms: number[] = [];
  for (let i = 0; i < 50; i++) { const t = performance.now(); await r.ping(); ms.push(performance.now() - t); }
  r.disconnect();
  return percentile(ms, 50);
}

async function scrape(admin: CountingRedis, links: Link[]): Promise<Row[]> {
  const queues = scaled(100, 5);
  const tenants = scaled(100, 10);
  const prefix = 'bench-delay-scrape';
  const types = Array.from({ length: queues }, (_, i) => defineJobType({ name: `q${i}`, payload: z.object({}), handler: async () => undefined }));
  const filler = new JobService({ redis: admin, prefix, logger, types });
  for (const t of types) await filler.enqueueBulk(Array.from({ length: tenants }, (_, n) => ({ type: t.name, payload: {}, context: { ...ctxFor(n), tenantId: `tenant-${n}` } })));
  await filler.close();
  const rows: Row[] = [];
  for (const link of links) {
    progress(`[delay] scrape of ${queues} queues (${tenants} jobs each) over ${link.label}`);
    const redis = new CountingRedis(link.url, { maxRetriesPerRequest: null });
    const jobs = new JobService({ redis, prefix, logger, types });
    const registry = new Registry();
    new QueueMetrics(jobs, registry, { cacheMs: 0 });
    const { ours, bull, ratio } = await compareScrape(redis, prefix, jobs, registry, types);
    console.log(`scrape over ${link.label}: ours ${fmtMs(ours.p50)} / ${ours.trips} round trip(s); BullMQ per queue ${fmtMs(bull.p50)} / ${bull.trips}; ${ratio.toFixed(1)}x`);
    rows.push({
      benchmark: `scrape ${queues} queues over ${link.label} (p50)`,
      ours: `${fmtMs(ours.p50)}, ${ours.trips} round trip(s)`,
      baseline: `${fmtMs(bull.p50)}, ${bull.trips} round trips (exportPrometheusMetrics per queue)`,
      ratio: `${ratio.toFixed(1)}x`, target: '>= 5x', meets: ratio >= 5 && ours.trips === 1,
    });
  }
  await admin.flushall();
  return rows;
}

/** One timed retry of n entries over `link`, its server time per entry; the data is filled over loopback first. */
async function retryOnce(admin: CountingRedis, link: Link, n: number, kind: 'ours' | 'per-job' | 'retryJobs') {
  const prefix = `bench-delay-${kind}`;
  const redis = new CountingRedis(link.url, { maxRetriesPerRequest: null });
  try {
    if (kind === 'ours') {
      const filled = await fillDlq(admin, prefix, n);
      await filled.jobs.close();
      const jobs = new JobService({ redis, prefix, logger, types: [doomedType()] });
      const dlq = new DeadLetterQueue(jobs);
      await redis.ping();
      // the server time of the listing (idsMatching) and of the requeue script are read apart
      let listed = 0;
      const usec0 = await serverMicros(admin);
      const r = await timed(async () => {
        const ids = await dlq.idsMatching({ queue: DOOMED_QUEUE });
        listed = await serverMicros(admin);
        return dlq.retry(ids);
      });
      const usec = (await serverMicros(admin)) - usec0;
      expectEqual('ours: entries requeued', r.value.done, n);
      expectEqual('ours: jobs waiting after retry', await jobs.queue(DOOMED_QUEUE).getWaitingCount(), n);
      await jobs.close();
      return { ms: r.ms, usecPerEntry: usec / n, requeueUsecPerEntry: (usec0 + usec - listed) / n };
    }
    const filled = await fillFailedSet(admin, prefix, n);
    await filled.queue.close();
    const queue = new Queue(PLAIN_QUEUE, { connection: redis, prefix });
    await queue.getFailedCount();
    const usec0 = await serverMicros(admin);
    const r = await timed(async () => {
      if (kind === 'retryJobs') return queue.retryJobs({ state: 'failed', count: 1000 });
      for (;;) {
        const page = await queue.getJobs(['failed'], 0, 999);
        if (page.length === 0) return;
        for (const job of page) await job.retry();
      }
    });
    const usec = (await serverMicros(admin)) - usec0;
    expectEqual(`${kind}: failed set after retry`, await queue.getFailedCount(), 0);
    expectEqual(`${kind}: jobs waiting after retry`, await queue.getWaitingCount(), n);
    await queue.close();
    return { ms: r.ms, usecPerEntry: usec / n };
  } finally {
    redis.disconnect();
    await admin.flushall();
  }
}

async function retry(admin: CountingRedis, links: Link[]): Promise<Row[]> {
  const n = scaled(10_000, 300);
  const rows: Row[] = [];
  for (const link of links) {
    progress(`[delay] DLQ bulk retry of ${n} entries over ${link.label}: ours, per-job job.retry(), BullMQ retryJobs()`);
    const ours = await retryOnce(admin, link, n, 'ours');
    const perJob = await retryOnce(admin, link, n, 'per-job');
    const bulk = await retryOnce(admin, link, n, 'retryJobs');
    const us = (x: { usecPerEntry: number; requeueUsecPerEntry?: number }) =>
      `${x.usecPerEntry.toFixed(1)} µs/entry in Redis${x.requeueUsecPerEntry === undefined ? '' : ` (requeue script ${x.requeueUsecPerEntry.toFixed(1)})`}`;
    console.log(`DLQ retry of ${n} over ${link.label}: ours ${fmtMs(ours.ms)} (${us(ours)}), per-job ${fmtMs(perJob.ms)} (${us(perJob)}), retryJobs ${fmtMs(bulk.ms)} (${us(bulk)})`);
    rows.push({
      benchmark: `DLQ retry ${n.toLocaleString('en-US')} over ${link.label} vs per job`,
      ours: `${fmtMs(ours.ms)}, ${us(ours)}`,
      baseline: `${fmtMs(perJob.ms)}, ${us(perJob)} (getJobs + job.retry())`,
      ratio: `${(perJob.ms / ours.ms).toFixed(1)}x`, target: '>= 10x', meets: perJob.ms / ours.ms >= 10,
    }, {
      benchmark: `DLQ retry ${n.toLocaleString('en-US')} over ${link.label} vs retryJobs`,
      ours: `${fmtMs(ours.ms)}`,
      baseline: `${fmtMs(bulk.ms)}, ${us(bulk)} (BullMQ queue.retryJobs, failed set only)`,
      ratio: `${(bulk.ms / ours.ms).toFixed(2)}x`, target: 'report (no target)', meets: true,
    });
  }
  return rows;
}

export async function delayBench(): Promise<Row[]> {
  const dir = await mkdtemp(join(tmpdir(), 'trafi-bench-delay-'));
  const port = await freePort();
  const server = await spawnRedisServer(port, dir);
  const proxy = await startDelayProxy({ host: '127.0.0.1', port }, RTT_MS);
  const admin = new CountingRedis(server.url, { maxRetriesPerRequest: null });
  try {
    const links: Link[] = [
      { label: 'loopback', url: server.url },
      { label: `+${RTT_MS} ms RTT`, url: `redis://${proxy.host}:${proxy.port}` },
    ];
    const [direct, delayed] = [await pingRtt(links[0]!.url), await pingRtt(links[1]!.url)];
    progress(`[delay] own redis-server :${port}; PING p50 loopback ${fmtMs(direct)}, through the proxy ${fmtMs(delayed)}`);
    const rows: Row[] = [{
      benchmark: 'PING round trip (p50)', ours: `${fmtMs(delayed)} through the proxy`, baseline: `${fmtMs(direct)} loopback`,
      ratio: '-', target: `+${RTT_MS} ms`, meets: delayed - direct >= RTT_MS * 0.9,
    }];
    rows.push(...(await scrape(admin, links)));
    rows.push(...(await retry(admin, links)));
    return rows;
  } finally {
    admin.disconnect();
    await proxy.close();
    server.child.kill('SIGTERM');
    await new Promise((r) => server.child.once('exit', r));
    await rm(dir, { recursive: true, force: true });
  }
}
