// Reliability with real processes and a real Redis: a worker process killed with
// SIGKILL mid-run, a graceful SIGTERM, and a test-owned redis-server (AOF) stopped and
// restarted mid-run. The worker runs in a child process (test/fixtures/worker-process.ts).
import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Job } from 'bullmq';
import type { RedisClient as Redis } from '../src/redis/client.ts';
import { afterEach, expect, test } from 'vitest';
import { DeadLetterQueue, JobService } from '../src/jobs/index.ts';
import { alwaysFails, workTypes, type WorkConfig } from './fixtures/worker-process.ts';
import { Proc, onCleanup, releaseAll, startWorker as startWorkerProcess, type WorkerEnv } from './fixtures/processes.ts';
import { freePort, waitFor } from '@trafi-ops/devstack';
import { REDIS_URL, dropPrefix, logger, redisFor, uniquePrefix } from './helpers.ts';

const QUEUE = 'work';
/** RELIABILITY_DEBUG=1 prints what each run went through (counts, timings). */
const debug = (...args: unknown[]) => process.env.RELIABILITY_DEBUG && console.info('[reliability]', ...args);

// Every process and key prefix a test creates is released after the test, passed or not.
afterEach(releaseAll);

const startWorker = (name: string, e: Omit<WorkerEnv, 'queue'>) => startWorkerProcess(name, { queue: QUEUE, ...e });

/** A producer in this process: its own connection and JobService under a fresh prefix. */
function producer(url: string, cfg: Partial<WorkConfig> = {}) {
  const prefix = uniquePrefix();
  const redis = redisFor(url);
  redis.on('error', () => undefined); // reconnects are expected in the Redis restart test
  const svc = new JobService({ redis, prefix, logger, types: workTypes({ queue: QUEUE, ...cfg }) });
  onCleanup(async () => {
    // Bounded: with the test-owned Redis already gone, commands would wait for a reconnect.
    const release = (async () => {
      await svc.close().catch(() => undefined);
      await dropPrefix(redis, prefix);
    })();
    await Promise.race([release, sleep(5000)]);
    redis.disconnect();
  });
  return { redis, svc, prefix, dlq: new DeadLetterQueue(svc) };
}

const ctx = (n: number) => ({ tenantId: 'acme', actor: 'reliability-test', requestId: `req-${n}` });

async function enqueueRange(svc: JobService, from: number, count: number) {
  const refs = await svc.enqueueBulk(Array.from({ length: count }, (_, i) => ({ type: QUEUE, payload: { n: from + i }, context: ctx(from + i) })));
  return refs.map((r, i) => ({ id: r.id, n: from + i }));
}

/** Every place a job can be, read in one MULTI (a consistent snapshot). */
async function snapshot(redis: Redis, svc: JobService) {
  const k = (t: string) => svc.keys.queueKey(QUEUE, t);
  const res = await redis
    .multi()
    .zrange(k('completed'), '0', '-1')
    .zrange(svc.keys.dlqAll, '0', '-1')
    .zrange(k('failed'), '0', '-1')
    .lrange(k('wait'), '0', '-1')
    .lrange(k('paused'), '0', '-1')
    .lrange(k('active'), '0', '-1')
    .zrange(k('delayed'), '0', '-1')
    .zrange(k('prioritized'), '0', '-1')
    .exec();
  const [completed, dlqMembers, failed, wait, paused, active, delayed, prioritized] = res!.map(([err, v]) => {
    if (err) throw err;
    return v as string[];
  });
  const dlq = dlqMembers!.map((m) => {
    expect(m.startsWith(`${QUEUE}:`), `DLQ member ${m}`).toBe(true);
    return m.slice(QUEUE.length + 1);
  });
  return { completed: completed!, dlq, failed: failed!, active: active!, pending: [...wait!, ...paused!, ...delayed!, ...prioritized!] };
}
type Snapshot = Awaited<ReturnType<typeof snapshot>>;

/** Waits until nothing is pending, active or failed and `total` jobs are completed or dead-lettered. */
async function settled(redis: Redis, svc: JobService, total: number, timeoutMs: number): Promise<Snapshot> {
  let last: Snapshot | undefined;
  try {
    return await waitFor(`${total} jobs to settle`, async () => {
      last = await snapshot(redis, svc).catch(() => undefined);
      return !!last && last.completed.length + last.dlq.length >= total && last.pending.length + last.active.length + last.failed.length === 0 && last;
    }, timeoutMs, 100);
  } catch {
    const s = last && { completed: last.completed.length, dlq: last.dlq.length, failed: last.failed.length, active: last.active.length, pending: last.pending.length };
    throw new Error(`jobs did not settle within ${timeoutMs} ms (expected ${total} completed or dead-lettered); last snapshot: ${JSON.stringify(s)}`);
  }
}

/** Each id is in exactly one of completed / DLQ, and nothing else is there. */
function expectExactlyOnce(s: Snapshot, ids: string[]) {
  const completed = new Set(s.completed);
  const dlq = new Set(s.dlq);
  expect(completed.size, 'duplicates in the completed set').toBe(s.completed.length);
  expect(dlq.size, 'duplicates in the DLQ').toBe(s.dlq.length);
  const both = s.completed.filter((id) => dlq.has(id));
  expect(both, 'jobs both completed and dead-lettered').toEqual([]);
  const missing = ids.filter((id) => !completed.has(id) && !dlq.has(id));
  expect(missing, 'jobs lost (neither completed nor dead-lettered)').toEqual([]);
  const known = new Set(ids);
  const unexpected = [...s.completed, ...s.dlq].filter((id) => !known.has(id));
  expect(unexpected, 'jobs nobody enqueued').toEqual([]);
}

// ---------------------------------------------------------------------------------------------

test('kill -9 of a worker mid-run: a second worker finishes all 200 jobs, each completed or dead-lettered exactly once', async () => {
  const { redis, svc, prefix, dlq } = producer(REDIS_URL);
  const jobs = await enqueueRange(svc, 0, 200);
  const ids = jobs.map((j) => j.id);
  const failing = jobs.filter((j) => alwaysFails(j.n, 10)).map((j) => j.id);
  expect(failing).toHaveLength(20);
  const env: Omit<WorkerEnv, 'queue'> = { redisUrl: REDIS_URL, prefix, jobMs: 75, concurrency: 10, lockMs: 2000, stalledMs: 1000 };

  const a = await startWorker('worker A', env);
  await waitFor('30 completed jobs', async () => (await svc.queue(QUEUE).getCompletedCount()) >= 30, 20_000, 10);
  a.proc.kill('SIGKILL');
  expect(await a.exitWithin(5000)).toEqual({ code: null, signal: 'SIGKILL' });
  // Killed mid-run: jobs it had taken are left active, with locks nobody renews.
  const orphaned = await redis.lrange(svc.keys.queueKey(QUEUE, 'active'), '0', '-1');
  expect(orphaned.length, 'jobs active when worker A was killed').toBeGreaterThan(0);
  const completedByA = await svc.queue(QUEUE).getCompletedCount();
  expect(completedByA).toBeLessThan(200);

  const startedB = Date.now();
  const b = await startWorker('worker B', env);
  const s = await settled(redis, svc, 200, 40_000);
  const recoveryMs = Date.now() - startedB;

  expectExactlyOnce(s, ids);
  expect((await svc.queue(QUEUE).getCompletedCount()) + (await dlq.size())).toBe(200);
  expect(await svc.queue(QUEUE).getJobCounts('failed', 'active', 'waiting', 'delayed', 'prioritized')).toEqual({
    failed: 0, active: 0, waiting: 0, delayed: 0, prioritized: 0,
  });
  // Every always-failing job is dead-lettered. Any other DLQ entry can only be a job that
  // stalled more than BullMQ's maxStalledCount (1) allows, never a lost or doubled one.
  expect(s.dlq).toEqual(expect.arrayContaining(failing));
  const failingSet = new Set(failing);
  for (const id of s.dlq.filter((x) => !failingSet.has(x))) {
    const job = await Job.fromId(svc.queue(QUEUE), id);
    expect(job?.failedReason, `job ${id} in the DLQ although it does not always fail`).toMatch(/stalled/i);
  }
  // The orphaned jobs were recovered by the stalled check (they did not just sit there).
  const recovered = await Promise.all(orphaned.map((id) => Job.fromId(svc.queue(QUEUE), id)));
  expect(recovered.filter((j) => (j?.stalledCounter ?? 0) > 0).length, 'orphaned jobs recovered as stalled').toBeGreaterThan(0);
  debug({ completedByA, orphaned: orphaned.length, stalledRecovered: recovered.filter((j) => (j?.stalledCounter ?? 0) > 0).length, dlq: s.dlq.length, recoveryMs });

  expect(b.running).toBe(true);
  b.proc.kill('SIGTERM');
  expect(await b.exitWithin(15_000)).toEqual({ code: 0, signal: null });
  expect(b.out).toContain('CLOSED');
}, 60_000);

test('SIGTERM: the 3 active jobs finish, no other job starts, the process exits 0 within the grace period', async () => {
  const { redis, svc, prefix, dlq } = producer(REDIS_URL);
  const jobs = await enqueueRange(svc, 1, 10);
  const graceMs = 6000;
  const w = await startWorker('worker', { redisUrl: REDIS_URL, prefix, jobMs: 1500, concurrency: 3, failMod: 0, graceMs });

  await waitFor('3 active jobs', async () => (await svc.queue(QUEUE).getActiveCount()) === 3, 10_000, 10);
  const active = await redis.lrange(svc.keys.queueKey(QUEUE, 'active'), '0', '-1');
  expect(active).toHaveLength(3);
  const sentAt = Date.now();
  w.proc.kill('SIGTERM');
  const exit = await w.exitWithin(graceMs + 5000);
  const tookMs = Date.now() - sentAt;
  expect(exit, w.tail()).toEqual({ code: 0, signal: null });
  expect(tookMs, 'exit within the grace period').toBeLessThan(graceMs);
  debug({ sigtermToExitMs: tookMs });
  expect(w.out).toContain('CLOSED');
  expect(w.out).not.toMatch(/forcing close/);

  // The 3 active jobs completed normally: one attempt, never stalled, never failed.
  expect(await svc.queue(QUEUE).getJobCounts('completed', 'failed', 'active', 'waiting', 'delayed', 'prioritized')).toEqual({
    completed: 3, failed: 0, active: 0, waiting: 7, delayed: 0, prioritized: 0,
  });
  expect(await dlq.size()).toBe(0);
  expect((await redis.zrange(svc.keys.queueKey(QUEUE, 'completed'), '0', '-1')).sort()).toEqual([...active].sort());
  for (const id of active) {
    const job = (await Job.fromId(svc.queue(QUEUE), id))!;
    expect(job.finishedOn, `job ${id} finishedOn`).toBeGreaterThan(0);
    expect(job.attemptsMade, `job ${id} attemptsMade`).toBe(1);
    expect(job.stalledCounter, `job ${id} stalledCounter`).toBe(0);
    expect(job.failedReason, `job ${id} failedReason`).toBeFalsy();
  }
  // No other job was started: still waiting, never processed.
  const waiting = await redis.lrange(svc.keys.queueKey(QUEUE, 'wait'), '0', '-1');
  const others = jobs.map((j) => j.id).filter((id) => !active.includes(id));
  expect(waiting.sort()).toEqual(others.sort());
  for (const id of others) {
    expect(await redis.hmget(svc.keys.job(QUEUE, id), 'processedOn', 'ats', 'finishedOn'), `job ${id}`).toEqual([null, null, null]);
  }
  // The worker deregistered its heartbeat on the way out.
  expect(await redis.hlen(svc.keys.heartbeat())).toBe(0);
}, 40_000);


/** A redis-server owned by the test; the test registers its cleanup itself (see below). */
function startRedis(port: number, dir: string): Proc {
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--appendfsync', 'always', '--save', '', '--daemonize', 'no'];
  return new Proc(`redis-server :${port}`, spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] }), false);
}

test('Redis stopped and restarted mid-run (AOF): producer and worker reconnect, no enqueued job is lost', async () => {
  const found = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
  if (found.error || found.status !== 0) {
    throw new Error(`redis-server is not on PATH (${found.error?.message ?? found.stderr}); install it: apt-get install -y redis-server`);
  }
  const dir = await mkdtemp(join(tmpdir(), 'trafi-reliability-redis-'));
  onCleanup(() => rm(dir, { recursive: true, force: true }));
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  let server = startRedis(port, dir);
  // Whichever server is current is stopped after the producer's and worker's cleanups
  // (cleanups run in reverse order), so those still find Redis up.
  onCleanup(() => server.kill());
  const { redis, svc, prefix, dlq } = producer(url);
  await waitFor('Redis to answer', async () => (await redis.ping().catch(() => '')) === 'PONG', 10_000, 50).catch(() => {
    throw new Error(`test redis-server did not answer on port ${port}; output:\n${server.tail()}`);
  });
  const w = await startWorker('worker', { redisUrl: url, prefix, jobMs: 50, concurrency: 10, lockMs: 3000, stalledMs: 1000 });

  // Producer: 30 batches of 10 jobs, one call every 100 ms without waiting for the previous
  // one, so calls are made before, during and after the outage.
  type Phase = 'before' | 'down' | 'after';
  let phase: Phase = 'before';
  const outcomes: Record<Phase, { resolved: number; rejected: number }> = {
    before: { resolved: 0, rejected: 0 },
    down: { resolved: 0, rejected: 0 },
    after: { resolved: 0, rejected: 0 },
  };
  const enqueued: { id: string; n: number }[] = [];
  const calls: Promise<void>[] = [];
  let stopProducing = false;
  const produce = (async () => {
    for (let b = 0; b < 30 && !stopProducing; b++) {
      const o = outcomes[phase];
      calls.push(
        enqueueRange(svc, b * 10, 10).then(
          (refs) => void (enqueued.push(...refs), o.resolved++),
          () => void o.rejected++,
        ),
      );
      await sleep(100);
    }
  })();
  onCleanup(() => ((stopProducing = true), produce));

  await waitFor('80 enqueued jobs', () => enqueued.length >= 80, 10_000, 10);
  const before = await snapshot(redis, svc);
  expect(before.completed.length, 'jobs completed before the outage').toBeGreaterThan(0);
  phase = 'down';
  server.proc.kill('SIGTERM'); // AOF with appendfsync always: every acknowledged write is on disk
  expect(await server.exitWithin(10_000), server.tail()).toMatchObject({ code: 0 });
  await sleep(1000);
  expect(w.running, `worker survived Redis going away; output:\n${w.tail()}`).toBe(true);
  server = startRedis(port, dir);
  await waitFor('Redis to answer again', async () => (await redis.ping().catch(() => '')) === 'PONG', 15_000, 50).catch(() => {
    throw new Error(`restarted redis-server did not answer on port ${port}; output:\n${server.tail()}`);
  });
  phase = 'after';
  await produce;
  const results = await Promise.race([Promise.allSettled(calls), sleep(20_000, 'timeout' as const)]);
  expect(results, 'every producer call settles after the reconnect').not.toBe('timeout');
  // Calls made while Redis was down may resolve (they wait for the reconnect) or reject;
  // only resolved ones count as enqueued. Calls made before the stop or after the restart resolve.
  expect(outcomes.before.rejected + outcomes.after.rejected, JSON.stringify(outcomes)).toBe(0);
  expect(outcomes.down.resolved + outcomes.down.rejected, 'calls made during the outage').toBeGreaterThan(0);
  const resolved = outcomes.before.resolved + outcomes.down.resolved + outcomes.after.resolved;
  expect(resolved + outcomes.down.rejected).toBe(30);
  expect(enqueued).toHaveLength(10 * resolved);

  const ids = enqueued.map((j) => j.id);
  const s = await settled(redis, svc, ids.length, 40_000);
  expectExactlyOnce(s, ids);
  expect((await svc.queue(QUEUE).getCompletedCount()) + (await dlq.size())).toBe(ids.length);
  // Durability: what was completed before the restart is still there.
  expect(s.completed).toEqual(expect.arrayContaining(before.completed));
  const failing = enqueued.filter((j) => alwaysFails(j.n, 10)).map((j) => j.id);
  expect(s.dlq).toEqual(expect.arrayContaining(failing));
  const failingSet = new Set(failing);
  debug({ activeAtStop: before.active.length, outcomes, enqueued: enqueued.length, dlq: s.dlq.length, dlqNotFailing: s.dlq.filter((id) => !failingSet.has(id)).length });

  // Neither process crashed: the worker is still running and stops cleanly.
  expect(w.running, `worker still running; output:\n${w.tail()}`).toBe(true);
  w.proc.kill('SIGTERM');
  expect(await w.exitWithin(15_000)).toEqual({ code: 0, signal: null });
  expect(w.out).toContain('CLOSED');
}, 90_000);
