import { createServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import { afterAll, expect, test } from 'vitest';
import { z } from 'zod';
import { openDatabase } from '../src/db/database.ts';
import { JobService, JobWorker, defineJobType } from '../src/jobs/index.ts';
import { HealthMetrics, databaseProbe, redisProbe } from '../src/metrics/health-metrics.ts';
import { loadConfig } from '../src/config.ts';
import { startStack } from '../src/stack.ts';
import { freePort, spawnRedisServer, waitFor } from '@trafi-ops/devstack';
import { ctx, dropPrefix, logger, metricValue, redisFor, uniquePrefix } from './helpers.ts';

const redis = redisFor();
const prefix = uniquePrefix();
afterAll(async () => {
  await dropPrefix(redis, prefix);
  redis.disconnect();
});


test('dependency probes: real Redis and PostgreSQL up with latency; a hung Redis is down within the timeout', async () => {
  const pg = await openDatabase({ url: process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test', dataDir: tmpdir() });
  const sockets: Socket[] = [];
  const blackHole = createServer((s) => void sockets.push(s)).listen(0, '127.0.0.1');
  await new Promise((r) => blackHole.once('listening', r));
  const hung = redisFor(`redis://127.0.0.1:${(blackHole.address() as AddressInfo).port}`);
  hung.on('error', () => undefined);
  const registry = new Registry();
  new HealthMetrics(registry, { redis: redisProbe(redis), postgres: databaseProbe(pg), cache: redisProbe(hung) }, { timeoutMs: 300 });
  const started = Date.now();
  const text = await registry.metrics();
  expect(Date.now() - started).toBeLessThan(2000);
  expect(metricValue(text, 'trafi_dependency_up{dependency="redis"}')).toBe(1);
  expect(metricValue(text, 'trafi_dependency_up{dependency="postgres"}')).toBe(1);
  expect(metricValue(text, 'trafi_dependency_up{dependency="cache"}')).toBe(0);
  expect(metricValue(text, 'trafi_dependency_latency_seconds{dependency="redis"}')).toBeLessThan(0.3);
  expect(metricValue(text, 'trafi_dependency_latency_seconds{dependency="cache"}')).toBeGreaterThanOrEqual(0.29);
  hung.disconnect();
  sockets.forEach((s) => s.destroy());
  blackHole.close();
  await pg.close();
});

test('worker heartbeats: last seen per worker, gone after a clean stop, forgotten when silent too long', async () => {
  const jobs = new JobService({ redis, prefix, logger, types: [defineJobType({ name: 'beat', payload: z.object({}), handler: async () => undefined })] });
  const registry = new Registry();
  new HealthMetrics(registry, {}, { heartbeats: { redis, keys: jobs.keys }, forgetWorkersAfterMs: 60_000 });
  const worker = new JobWorker(jobs, 'beat', { heartbeatIntervalMs: 50 }).start();
  await new Promise((r) => setTimeout(r, 120));
  const seen = metricValue(await registry.metrics(), `trafi_worker_last_seen_timestamp_seconds{queue="beat",worker="${worker.id}"}`);
  expect(Math.abs(seen - Date.now() / 1000)).toBeLessThan(5);
  await redis.hset(jobs.keys.heartbeat(), 'beat/crashed-long-ago', String(Date.now() - 120_000));
  const text = await registry.metrics();
  expect(text).not.toContain('crashed-long-ago');
  expect(await redis.hexists(jobs.keys.heartbeat(), 'beat/crashed-long-ago')).toBe(0);
  await worker.close();
  expect(await registry.metrics()).not.toContain(worker.id);
  await jobs.close();
});

test('Redis down: /metrics still answers within the timeouts with trafi_dependency_up{redis} 0 and the Redis-backed series absent, then back', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'trafi-outage-'));
  const port = await freePort();
  let server = await spawnRedisServer(port, join(dir, 'redis'));
  const config = loadConfig({ REDIS_URL: server.url, REDIS_PREFIX: uniquePrefix(), DATA_DIR: dir, API_PORT: '0', METRICS_PORT: '0', METRICS_CACHE_MS: '0', METRICS_SNAPSHOT_TIMEOUT_MS: '1000' });
  const type = defineJobType({ name: 'outage.noop', payload: z.object({}), handler: async () => undefined });
  const stack = await startStack(config, { types: [type], logger, tokens: 'operator:0123456789abcdef0123' });
  try {
    await stack.jobs.enqueue('outage.noop', {}, ctx());
    const up = await (await fetch(stack.metricsUrl)).text();
    expect(metricValue(up, 'trafi_dependency_up{dependency="redis"}')).toBe(1);
    expect(up).toContain('trafi_queue_jobs{queue="outage.noop"');

    server.child.kill('SIGKILL');
    await new Promise((r) => server.child.once('exit', r));
    const started = Date.now();
    const res = await fetch(stack.metricsUrl);
    const down = await res.text();
    expect(res.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(metricValue(down, 'trafi_dependency_up{dependency="redis"}')).toBe(0);
    expect(metricValue(down, 'trafi_dependency_up{dependency="pglite"}')).toBe(1);
    expect(down).not.toMatch(/^trafi_queue_jobs\{/m); // absent, not frozen at the last value
    expect(down).not.toMatch(/^trafi_worker_last_seen_timestamp_seconds\{/m);

    server = await spawnRedisServer(port, join(dir, 'redis'));
    const back = await waitFor('the probes to see Redis back', async () => {
      const text = await (await fetch(stack.metricsUrl)).text();
      return metricValue(text, 'trafi_dependency_up{dependency="redis"}') === 1 && text.includes('trafi_queue_jobs{queue="outage.noop"') && text;
    }, 20_000, 200);
    expect(metricValue(back, 'trafi_queue_jobs{queue="outage.noop",state="completed"}')).toBe(1); // AOF kept the queue
  } finally {
    await stack.stop();
    server.child.kill('SIGKILL');
    await rm(dir, { recursive: true, force: true });
  }
}, 60_000);
