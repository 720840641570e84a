import { createServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { Registry } from 'prom-client';
import { afterAll, expect, test } from 'vitest';
import { z } from 'zod';
import { openDatabase } from '../src/db/database.ts';
import { JobService, JobWorker, defineJobType } from '../src/jobs/index.ts';
import { HealthMetrics, databaseProbe, redisProbe } from '../src/metrics/health-metrics.ts';
import { dropPrefix, logger, redisFor, uniquePrefix, metricValue } from './helpers.ts';

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
