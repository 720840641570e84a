// Reliability with real processes and real Redis: kill -9 of a worker mid-run,
// graceful SIGTERM, and a Redis server crashed and restarted mid-run.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Redis } from 'ioredis';
import { afterEach, expect, test } from 'vitest';
import { JobService, createRedis } from '../src/jobs/index.ts';
import { workType } from './fixtures/worker-child.ts';
import { REDIS_URL, dropPrefix, logger, uniquePrefix, waitFor } from './helpers.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

interface Child {
  proc: ChildProcess;
  out: () => string;
  exited: Promise<number | null>;
}

async function startWorker(env: Record<string, string>): Promise<Child> {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'test/fixtures/worker-child.ts'], {
    cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout!.on('data', (d) => (out += d));
  proc.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  cleanups.push(() => proc.exitCode === null && proc.kill('SIGKILL'));
  await waitFor(() => out.includes('READY') || proc.exitCode !== null, 30_000);
  if (!out.includes('READY')) throw new Error(`worker did not start:\n${out}`);
  return { proc, out: () => out, exited };
}

function setup(url = REDIS_URL): { redis: Redis; jobs: JobService; prefix: string } {
  const prefix = uniquePrefix();
  const redis = createRedis(url, { connectionName: 'trafi-test' });
  redis.on('error', () => undefined);
  const jobs = new JobService({ redis, prefix, logger, types: [workType(0)] });
  cleanups.push(async () => {
    await jobs.close();
    await dropPrefix(redis, prefix).catch(() => undefined);
    redis.disconnect();
  });
  return { redis, jobs, prefix };
}

/** Where each job is: BullMQ state sets and the DLQ, read in one MULTI. */
async function whereabouts(redis: Redis, jobs: JobService) {
  const k = (t: string) => jobs.keys.queueKey('work', t);
  const res = (await redis
    .multi()
    .zrange(k('completed'), '0', '-1')
    .zrange(jobs.keys.dlqAll, '0', '-1')
    .zrange(k('failed'), '0', '-1')
    .lrange(k('wait'), '0', '-1')
    .lrange(k('active'), '0', '-1')
    .zrange(k('delayed'), '0', '-1')
    .exec())!;
  const [completed, dlq, failed, wait, active, delayed] = res.map(([, v]) => v as string[]);
  return { completed: completed!, dlq: dlq!.map((m) => m.slice('work:'.length)), failed: failed!, pending: [...wait!, ...active!, ...delayed!] };
}

async function allSettled(redis: Redis, jobs: JobService, ids: string[], timeoutMs: number) {
  return waitFor(async () => {
    const w = await whereabouts(redis, jobs);
    return w.completed.length + w.dlq.length >= ids.length && w.pending.length === 0 && w.failed.length === 0 && w;
  }, timeoutMs, 200);
}

function expectExactlyOnce(w: { completed: string[]; dlq: string[] }, ids: string[]) {
  const places = new Map<string, number>();
  for (const id of [...w.completed, ...w.dlq]) places.set(id, (places.get(id) ?? 0) + 1);
  for (const id of ids) expect(places.get(id), `job ${id}`).toBe(1);
}

test('kill -9 of a worker running 200 jobs: a new worker finishes every job exactly once', async () => {
  const { redis, jobs, prefix } = setup();
  const refs = await jobs.enqueueBulk(Array.from({ length: 200 }, (_, n) => ({ type: 'work', payload: { n }, context: { tenantId: 't', actor: 'test', requestId: `r${n}` } })));
  const ids = refs.map((r) => r.id);
  const env = { REDIS_URL, PREFIX: prefix, JOB_MS: '80', CONCURRENCY: '10', LOCK_MS: '2000', STALLED_MS: '1000' };
  const a = await startWorker(env);
  await waitFor(async () => (await redis.zcard(jobs.keys.queueKey('work', 'completed'))) >= 30, 30_000);
  expect(await redis.llen(jobs.keys.queueKey('work', 'active'))).toBeGreaterThan(0); // killed mid-job
  a.proc.kill('SIGKILL');
  expect(await a.exited).toBeNull();

  const b = await startWorker(env);
  const w = await allSettled(redis, jobs, ids, 60_000);
  expectExactlyOnce(w, ids);
  expect(w.completed.length + w.dlq.length).toBe(200);
  // The always-failing jobs (n % 10 === 0) are all in the DLQ.
  const alwaysFailing = refs.filter((_, n) => n % 10 === 0).map((r) => r.id);
  expect(w.dlq).toEqual(expect.arrayContaining(alwaysFailing));
  b.proc.kill('SIGTERM');
  expect(await b.exited).toBe(0);
}, 120_000);

test('SIGTERM: active jobs finish, no new job starts, the process exits 0', async () => {
  const { redis, jobs, prefix } = setup();
  const refs = await jobs.enqueueBulk(Array.from({ length: 10 }, (_, n) => ({ type: 'work', payload: { n: n + 1 }, context: { tenantId: 't', actor: 'test', requestId: `r${n}` } })));
  const w = await startWorker({ REDIS_URL, PREFIX: prefix, JOB_MS: '1500', CONCURRENCY: '3', GRACE_MS: '10000' });
  await waitFor(async () => (await jobs.queue('work').getActiveCount()) === 3, 10_000);
  const activeIds = await redis.lrange(jobs.keys.queueKey('work', 'active'), '0', '-1');
  const stoppedAt = Date.now();
  w.proc.kill('SIGTERM');
  expect(await w.exited).toBe(0);
  expect(Date.now() - stoppedAt).toBeLessThan(10_000);
  expect(w.out()).toContain('CLOSED');
  const counts = await jobs.queue('work').getJobCounts('completed', 'failed', 'active', 'waiting');
  expect(counts).toEqual({ completed: 3, failed: 0, active: 0, waiting: 7 });
  expect((await redis.zrange(jobs.keys.queueKey('work', 'completed'), '0', '-1')).sort()).toEqual(activeIds.sort());
  const untouched = refs.map((r) => r.id).filter((id) => !activeIds.includes(id));
  for (const id of untouched) expect(await redis.hget(jobs.keys.job('work', id), 'processedOn'), `job ${id}`).toBeNull();
}, 60_000);

async function freePort(): Promise<number> {
  const srv = createServer().listen(0, '127.0.0.1');
  await new Promise((r) => srv.once('listening', r));
  const port = (srv.address() as { port: number }).port;
  await new Promise((r) => srv.close(r));
  return port;
}

function redisServer(port: number, dir: string): ChildProcess {
  return spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--appendfsync', 'always', '--save', ''], { stdio: 'ignore' });
}

test('Redis crashes and restarts mid-run (AOF): producer and worker recover, no job is lost', async () => {
  const found = spawnSync('redis-server', ['--version']);
  if (found.error) throw new Error('redis-server is not installed: apt-get install -y redis-server');
  const dir = await mkdtemp(join(tmpdir(), 'trafi-redis-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  let server = redisServer(port, dir);
  // Registered before the clients' cleanup so the server is stopped after them.
  cleanups.push(() => server.exitCode === null && server.kill('SIGKILL'));
  const { redis, jobs, prefix } = setup(url);
  await waitFor(async () => (await redis.ping().catch(() => '')) === 'PONG', 10_000);
  const worker = await startWorker({ REDIS_URL: url, PREFIX: prefix, JOB_MS: '20', CONCURRENCY: '10', LOCK_MS: '2000', STALLED_MS: '1000' });

  const enqueued: string[] = [];
  const batches: Promise<void>[] = [];
  for (let b = 0; b < 15; b++) {
    const items = Array.from({ length: 20 }, (_, i) => ({ type: 'work', payload: { n: b * 20 + i + 1 }, context: { tenantId: 't', actor: 'test', requestId: `r${b}-${i}` } }));
    // Calls made while Redis is down wait for the reconnect; only resolved ones count.
    batches.push(jobs.enqueueBulk(items).then((refs) => void enqueued.push(...refs.map((r) => r.id)), () => undefined));
    if (b === 5) {
      server.kill('SIGKILL');
      await new Promise((r) => server.once('exit', r));
      await new Promise((r) => setTimeout(r, 1000));
      server = redisServer(port, dir);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  await Promise.all(batches);
  expect(enqueued.length).toBeGreaterThanOrEqual(200);
  const w = await allSettled(redis, jobs, enqueued, 60_000);
  const settled = new Set([...w.completed, ...w.dlq]);
  expect(enqueued.filter((id) => !settled.has(id))).toEqual([]);
  expect(worker.proc.exitCode).toBeNull(); // survived the outage
  worker.proc.kill('SIGTERM');
  expect(await worker.exited).toBe(0);
}, 120_000);
