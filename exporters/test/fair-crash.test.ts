// The per-tenant pending counts of an isolated queue (`~fair:<queue>`, the fair priorities
// and trafi_queue_tenant_jobs) stay exact through crashes: worker processes killed with
// SIGKILL again and again mid-run (a kill between a job's completion and its decrement
// used to leave a phantom pending job behind for good), then the counts equal the queue's
// real pending jobs per tenant, zero once it is drained.
import type { RedisClient as Redis } from '../src/redis/client.ts';
import { afterEach, expect, test } from 'vitest';
import { JobService } from '../src/jobs/index.ts';
import { workTypes } from './fixtures/worker-process.ts';
import { onCleanup, releaseAll, startWorker, type WorkerEnv } from './fixtures/processes.ts';
import { waitFor } from '@trafi-ops/devstack';
import { REDIS_URL, dropPrefix, logger, redisFor, uniquePrefix } from './helpers.ts';

const QUEUE = 'fair';
const TENANTS = ['big', 'big', 'big', 'mid', 'mid', 'small'];
const debug = (...args: unknown[]) => process.env.RELIABILITY_DEBUG && console.info('[fair-crash]', ...args);

afterEach(releaseAll);

function producer() {
  const prefix = uniquePrefix();
  const redis = redisFor();
  const svc = new JobService({ redis, prefix, logger, types: workTypes({ queue: QUEUE, isolated: true }) });
  onCleanup(async () => {
    await svc.close();
    await dropPrefix(redis, prefix);
    redis.disconnect();
  });
  return { redis, svc, prefix };
}

async function enqueue(svc: JobService, from: number, count: number): Promise<void> {
  await svc.enqueueBulk(
    Array.from({ length: count }, (_, i) => ({
      type: QUEUE,
      payload: { n: from + i },
      context: { tenantId: TENANTS[(from + i) % TENANTS.length]!, actor: 'fair-crash-test', requestId: `req-${from + i}` },
    })),
  );
}

/** The queue's real pending jobs per tenant (everything not yet completed or dead-lettered), read in one MULTI. */
async function realPending(redis: Redis, svc: JobService): Promise<Record<string, number>> {
  const k = (t: string) => svc.keys.queueKey(QUEUE, t);
  const res = (await redis
    .multi()
    .lrange(k('wait'), '0', '-1').lrange(k('paused'), '0', '-1').lrange(k('active'), '0', '-1')
    .zrange(k('prioritized'), '0', '-1').zrange(k('delayed'), '0', '-1').zrange(k('failed'), '0', '-1')
    .exec())!;
  const ids = res.flatMap(([err, v]) => {
    if (err) throw err;
    return v as string[];
  });
  const out: Record<string, number> = {};
  for (const id of ids) {
    const data = await redis.hget(svc.keys.job(QUEUE, id), 'data');
    const tenant = data ? (JSON.parse(data) as { c: { tenantId: string } }).c.tenantId : undefined;
    if (tenant) out[tenant] = (out[tenant] ?? 0) + 1;
  }
  return out;
}

const fairCounts = async (redis: Redis, svc: JobService) =>
  Object.fromEntries(Object.entries(await redis.hgetall(svc.keys.fair(QUEUE))).map(([t, n]) => [t, Number(n)]));

test('worker processes SIGKILLed 4 times mid-run on an isolated queue: the per-tenant pending counts end exact (zero when drained)', async () => {
  const { redis, svc, prefix } = producer();
  const env: WorkerEnv = {
    redisUrl: REDIS_URL, prefix, queue: QUEUE, isolated: true, jobMs: 1, concurrency: 20, failMod: 25,
    lockMs: 1000, stalledMs: 500, fairRepairMs: 300,
  };
  const completed = () => redis.zcard(svc.keys.queueKey(QUEUE, 'completed'));
  const BATCH = 150;
  let enqueued = 0;
  const t0 = Date.now();
  let worker = await startWorker('worker 0', env);
  for (let kill = 1; kill <= 4; kill++) {
    await enqueue(svc, enqueued, BATCH);
    enqueued += BATCH;
    // The next worker starts while this one is busy, so the kill lands in a stream of completions.
    const next = startWorker(`worker ${kill}`, env);
    const before = await completed();
    await waitFor('the worker to complete jobs', async () => (await completed()) >= before + BATCH / 4, 20_000, 2);
    await worker.kill();
    worker = await next;
    debug({ kill, ms: Date.now() - t0, completed: await completed(), fair: await fairCounts(redis, svc) });
  }

  const settled = async () => {
    const pending = await realPending(redis, svc);
    return Object.keys(pending).length === 0 && (await completed()) + (await redis.zcard(svc.keys.dlqAll)) === enqueued;
  };
  await waitFor(`${enqueued} jobs completed or dead-lettered`, settled, 30_000, 100);
  debug({ drainedMs: Date.now() - t0 });
  // Drained: nothing pends, so the counts are empty (the worker's repair pass runs every 300 ms).
  let counts: Record<string, number> = {};
  await waitFor('the fair counts to match the drained queue', async () => Object.keys((counts = await fairCounts(redis, svc))).length === 0, 3000, 50).catch(() => undefined);
  expect(counts, 'phantom pending jobs per tenant after the drain').toEqual({});
  await worker.kill();
}, 90_000);

test('a job leaves its tenant\'s count once (release, DLQ move, requeue), and the repair recounts from the queue', async () => {
  const { redis, svc } = producer();
  await enqueue(svc, 1, 6); // tenants by n % 6: big x3, mid x2, small x1
  expect(await fairCounts(redis, svc)).toEqual({ big: 3, mid: 2, small: 1 });
  const ids = await redis.zrange(svc.keys.queueKey(QUEUE, 'prioritized'), '0', '-1');
  const tenantOf = async (id: string) => JSON.parse((await redis.hget(svc.keys.job(QUEUE, id), 'data'))!).c.tenantId as string;
  const small = (await Promise.all(ids.map(async (id) => [id, await tenantOf(id)] as const))).find(([, t]) => t === 'small')![0];

  // Released twice (a handler re-run after a crash): counted out once.
  expect(await svc.commands.fairDone({ queue: QUEUE, jobId: small })).toBe(true);
  expect(await svc.commands.fairDone({ queue: QUEUE, jobId: small })).toBe(false);
  expect(await fairCounts(redis, svc)).toEqual({ big: 3, mid: 2 });
  // Then failed for good and moved to the DLQ: no second decrement; a requeue counts it in again.
  await redis.zrem(svc.keys.queueKey(QUEUE, 'prioritized'), small);
  await redis.zadd(svc.keys.queueKey(QUEUE, 'failed'), Date.now(), small);
  expect(await svc.commands.deadLetter({ queue: QUEUE, jobId: small, isolated: true })).toBe(true);
  expect(await fairCounts(redis, svc)).toEqual({ big: 3, mid: 2 });
  expect(await svc.commands.dlqRequeue({ members: [`${QUEUE}:${small}`], isolatedQueues: [QUEUE] })).toBe(1);
  expect(await fairCounts(redis, svc)).toEqual({ big: 3, mid: 2, small: 1 });
  expect(await svc.commands.fairDone({ queue: QUEUE, jobId: small })).toBe(true);
  expect(await fairCounts(redis, svc)).toEqual({ big: 3, mid: 2 });

  // Counts gone wrong (a phantom tenant, one too many, one missing): the repair recounts the
  // queue's unreleased jobs, wherever they wait (a delayed one and a failed one not yet moved).
  const [delayed, failed] = ids.filter((id) => id !== small);
  await redis.zrem(svc.keys.queueKey(QUEUE, 'prioritized'), delayed!, failed!);
  await redis.zadd(svc.keys.queueKey(QUEUE, 'delayed'), Date.now() + 60_000, delayed!);
  await redis.zadd(svc.keys.queueKey(QUEUE, 'failed'), Date.now(), failed!);
  await redis.del(svc.keys.fair(QUEUE));
  await redis.hset(svc.keys.fair(QUEUE), 'ghost', 4, 'big', 5);
  // `small` pends again but was released (as after a crash between its release and its completion): not counted.
  expect(await svc.commands.fairRepair({ queue: QUEUE })).toEqual({ pending: 5, drift: 4 + 2 + 2 });
  expect(await fairCounts(redis, svc)).toEqual({ big: 3, mid: 2 });
  expect(await svc.commands.fairRepair({ queue: QUEUE })).toEqual({ pending: 5, drift: 0 });
  // Bounded: a queue holding more jobs than the cap is left alone.
  expect(await svc.commands.fairRepair({ queue: QUEUE, maxJobs: 5 })).toBeNull();
  expect(await fairCounts(redis, svc)).toEqual({ big: 3, mid: 2 });
});
