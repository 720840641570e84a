import type { AddressInfo } from 'node:net';
import { Queue } from 'bullmq';
import { Registry } from 'prom-client';
import { afterAll, expect, test } from 'vitest';
import { z } from 'zod';
import { JobService, JobWorker, defineJobType } from '../src/jobs/index.ts';
import { JobMetrics } from '../src/metrics/job-metrics.ts';
import { QueueMetrics, capTenants } from '../src/metrics/queue-metrics.ts';
import { createMetricsApp } from '../src/metrics/server.ts';
import { waitFor } from '@trafi-ops/devstack';
import { ctx, dropPrefix, logger, redisFor, uniquePrefix, countingRedis } from './helpers.ts';


const admin = redisFor();
const prefixes: string[] = [];
afterAll(async () => {
  for (const p of prefixes) await dropPrefix(admin, p);
  admin.disconnect();
});

/** `name{labels} value` lines of a Prometheus text body, as a lookup. */
function parse(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    const m = /^(\w+(?:\{[^}]*\})?) (\S+)$/.exec(line);
    if (m) out.set(m[1]!, Number(m[2]));
  }
  return out;
}

test('queue gauges and worker counters, scraped over HTTP, match a known state', async () => {
  const prefix = uniquePrefix();
  prefixes.push(prefix);
  const redis = redisFor();
  let failing = true;
  const jobs = new JobService({
    redis, prefix, logger,
    types: [
      defineJobType({ name: 'ship', payload: z.object({}), attempts: 2, backoff: { baseMs: 5 }, handler: async () => { if (failing) throw new Error('carrier down'); } }),
      defineJobType({ name: 'sync', isolation: 'tenant', payload: z.object({}), handler: async () => undefined }),
    ],
  });
  const registry = new Registry();
  new QueueMetrics(jobs, registry, { cacheMs: 0 });
  const jobMetrics = new JobMetrics(registry);
  const worker = new JobWorker(jobs, 'ship').start();
  jobMetrics.observe(worker);
  await jobs.enqueueBulk([1, 2, 3].map(() => ({ type: 'ship', payload: {}, context: ctx() })));
  await waitFor('3 ship jobs in the DLQ, none completed', async () => (await jobs.queue('ship').getJobCounts('completed')).completed === 0 && (await admin.zcard(jobs.keys.dlqByQueue('ship'))) === 3);
  failing = false;
  await jobs.enqueueBulk([1, 2].map(() => ({ type: 'ship', payload: {}, context: ctx() })));
  await waitFor('2 completed ship jobs', async () => (await jobs.queue('ship').getCompletedCount()) === 2);
  // An isolated queue with no worker: pending per tenant, and a delayed job.
  await jobs.enqueueBulk([...Array(4).fill('acme'), 'globex'].map((t) => ({ type: 'sync', payload: {}, context: ctx(t) })));
  await jobs.enqueue('sync', {}, ctx('acme'), { delayMs: 60_000 });
  await jobs.queue('sync').pause();

  const server = createMetricsApp(registry, logger).listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`);
  const m = parse(await res.text());
  expect(res.headers.get('content-type')).toContain('text/plain');
  expect(m.get('trafi_queue_jobs{queue="ship",state="completed"}')).toBe(2);
  expect(m.get('trafi_queue_jobs{queue="ship",state="failed"}')).toBe(0);
  expect(m.get('trafi_queue_dlq_jobs{queue="ship"}')).toBe(3);
  expect(m.get('trafi_queue_jobs{queue="sync",state="prioritized"}')).toBe(5);
  expect(m.get('trafi_queue_jobs{queue="sync",state="delayed"}')).toBe(1);
  expect(m.get('trafi_queue_paused{queue="sync"}')).toBe(1);
  expect(m.get('trafi_queue_paused{queue="ship"}')).toBe(0);
  expect(m.get('trafi_queue_oldest_waiting_age_seconds{queue="sync"}')).toBeGreaterThan(0);
  expect(m.get('trafi_queue_oldest_waiting_age_seconds{queue="ship"}')).toBe(0);
  expect(m.get('trafi_queue_tenant_jobs{queue="sync",tenant="acme",state="pending"}')).toBe(5);
  expect(m.get('trafi_queue_tenant_jobs{queue="sync",tenant="globex",state="pending"}')).toBe(1);
  expect(m.get('trafi_jobs_processed_total{queue="ship",job_type="ship",outcome="retried"}')).toBe(3);
  expect(m.get('trafi_jobs_processed_total{queue="ship",job_type="ship",outcome="dead_lettered"}')).toBe(3);
  expect(m.get('trafi_jobs_processed_total{queue="ship",job_type="ship",outcome="completed"}')).toBe(2);
  expect(m.get('trafi_job_duration_seconds_count{queue="ship",job_type="ship"}')).toBe(8);
  expect(m.get('trafi_job_wait_seconds_count{queue="ship",job_type="ship"}')).toBe(5);

  server.close();
  await worker.close();
  await jobs.close();
  redis.disconnect();
});

test('a scrape costs one round trip for 3 or 30 queues, and concurrent scrapes share it', async () => {
  const prefix = uniquePrefix();
  prefixes.push(prefix);
  const perScrape: number[] = [];
  for (const n of [3, 30]) {
    const redis = countingRedis({ maxRetriesPerRequest: null });
    const types = Array.from({ length: n }, (_, i) => defineJobType({ name: `q${i}`, payload: z.object({}), handler: async () => undefined }));
    const jobs = new JobService({ redis, prefix, logger, types });
    await jobs.enqueueBulk(types.map((t) => ({ type: t.name, payload: {}, context: ctx() })));
    const registry = new Registry();
    new QueueMetrics(jobs, registry, { cacheMs: 5000 });
    await redis.ping();
    const before = redis.sent;
    const bodies = await Promise.all([registry.metrics(), registry.metrics(), registry.metrics()]);
    perScrape.push(redis.sent - before);
    expect(parse(bodies[0]!).get(`trafi_queue_jobs{queue="q${n - 1}",state="waiting"}`)).toBe(1);
    await jobs.close();
    redis.disconnect();
  }
  expect(perScrape).toEqual([1, 1]);
});

test('BullMQ queues under the prefix that the layer did not declare are found and measured', async () => {
  const prefix = uniquePrefix();
  prefixes.push(prefix);
  const redis = redisFor();
  const legacy = new Queue('legacy-mailer', { connection: redis, prefix });
  await legacy.addBulk([{ name: 'a', data: {} }, { name: 'b', data: {} }]);
  const jobs = new JobService({ redis, prefix, logger, types: [defineJobType({ name: 'mine', payload: z.object({}), handler: async () => undefined })] });
  const registry = new Registry();
  const qm = new QueueMetrics(jobs, registry, { cacheMs: 0 });
  expect(await qm.discover()).toEqual(['legacy-mailer']);
  const m = parse(await registry.metrics());
  expect(m.get('trafi_queue_jobs{queue="legacy-mailer",state="waiting"}')).toBe(2);
  expect(m.get('trafi_queue_jobs{queue="mine",state="waiting"}')).toBe(0);
  await legacy.close();
  await jobs.close();
  redis.disconnect();
});

test('tenant labels are capped: the largest tenants by pending jobs, the rest as _other', () => {
  const values = new Map(Array.from({ length: 10 }, (_, i) => [`t${i}`, i + 1] as [string, number]));
  const capped = capTenants(values, 3);
  expect([...capped]).toEqual([['t9', 10], ['t8', 9], ['t7', 8], ['_other', 28]]);
  expect(capTenants(values, 10)).toBe(values);
});

test('active jobs per tenant on every queue', async () => {
  const prefix = uniquePrefix();
  prefixes.push(prefix);
  const redis = redisFor();
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const jobs = new JobService({ redis, prefix, logger, types: [defineJobType({ name: 'slow', concurrency: 3, payload: z.object({}), handler: () => gate })] });
  const registry = new Registry();
  new QueueMetrics(jobs, registry, { cacheMs: 0 });
  const worker = new JobWorker(jobs, 'slow').start();
  await jobs.enqueueBulk(['acme', 'acme', 'globex', 'globex'].map((t) => ({ type: 'slow', payload: {}, context: ctx(t) })));
  await waitFor('3 active slow jobs', async () => (await jobs.queue('slow').getActiveCount()) === 3);
  const m = parse(await registry.metrics());
  const acme = m.get('trafi_queue_tenant_jobs{queue="slow",tenant="acme",state="active"}') ?? 0;
  const globex = m.get('trafi_queue_tenant_jobs{queue="slow",tenant="globex",state="active"}') ?? 0;
  expect(acme + globex).toBe(3);
  expect(acme).toBeGreaterThanOrEqual(1);
  release();
  await waitFor('4 completed slow jobs', async () => (await jobs.queue('slow').getCompletedCount()) === 4);
  expect(await registry.metrics()).not.toMatch(/trafi_queue_tenant_jobs\{[^}]*state="active"/);
  await worker.close();
  await jobs.close();
  redis.disconnect();
});
