// A job is in exactly one place at every moment: BullMQ's failed set or the DLQ, never
// both, never neither, whatever crashes between BullMQ's fail and our move.
import { afterAll, expect, test } from 'vitest';
import { z } from 'zod';
import { DeadLetterQueue, JobService, JobWorker, defineJobType } from '../src/jobs/index.ts';
import { waitFor } from '@trafi-ops/devstack';
import { ctx, dropPrefix, logger, redisFor, uniquePrefix } from './helpers.ts';

const redis = redisFor();
const prefixes: string[] = [];
afterAll(async () => {
  for (const p of prefixes) await dropPrefix(redis, p);
  redis.disconnect();
});

/** A worker that "crashes" right after BullMQ marked the job failed, before the DLQ move. */
class CrashingWorker extends JobWorker {
  protected override async afterFailure(): Promise<void> {}
  override async sweep(): Promise<number> {
    return 0;
  }
}

function setup() {
  const prefix = uniquePrefix();
  prefixes.push(prefix);
  const svc = new JobService({
    redis, prefix, logger,
    types: [defineJobType({ name: 'charge', payload: z.object({ n: z.number() }), attempts: 1, handler: async () => { throw new Error('card declined'); } })],
  });
  return { svc, dlq: new DeadLetterQueue(svc) };
}

/** How many places hold each job, read in one MULTI so the snapshot is consistent. */
async function places(svc: JobService, ids: string[]) {
  const res = (await redis.multi().zrange(svc.keys.queueKey('charge', 'failed'), '0', '-1').zrange(svc.keys.dlqAll, '0', '-1').exec())!;
  const failed = new Set(res[0]![1] as string[]);
  const dead = new Set((res[1]![1] as string[]).map((m) => m.split(':')[1]!));
  return ids.map((id) => Number(failed.has(id)) + Number(dead.has(id)));
}

test('a crash between fail and move leaves the job in the failed set only; the next sweep moves it once', async () => {
  const { svc, dlq } = setup();
  const refs = await svc.enqueueBulk(Array.from({ length: 50 }, (_, n) => ({ type: 'charge', payload: { n }, context: ctx() })));
  const ids = refs.map((r) => r.id);
  const crashing = new CrashingWorker(svc, 'charge', { concurrency: 10 }).start();
  await waitFor('50 failed charges', async () => (await svc.queue('charge').getFailedCount()) === 50);
  await crashing.close();
  expect(await places(svc, ids)).toEqual(Array(50).fill(1));
  expect(await dlq.size()).toBe(0);

  // Two fresh workers sweep concurrently: each job moves exactly once.
  const a = new JobWorker(svc, 'charge');
  const b = new JobWorker(svc, 'charge');
  const [movedA, movedB] = await Promise.all([a.sweep(), b.sweep()]);
  expect(movedA + movedB).toBe(50);
  expect(await places(svc, ids)).toEqual(Array(50).fill(1));
  expect(await dlq.size()).toBe(50);
  expect(await svc.queue('charge').getFailedCount()).toBe(0);
  expect(await a.deadLetter(ids[0]!)).toBe(false); // moving again is a no-op
  expect(await dlq.size('charge')).toBe(50);
  await Promise.all([a.close(), b.close()]);
  await svc.close();
});

test('at every instant during a run each job is counted once', async () => {
  const { svc } = setup();
  const refs = await svc.enqueueBulk(Array.from({ length: 200 }, (_, n) => ({ type: 'charge', payload: { n }, context: ctx() })));
  const ids = refs.map((r) => r.id);
  const worker = new JobWorker(svc, 'charge', { concurrency: 20 }).start();
  // Sample while jobs fail and move: never in both the failed set and the DLQ.
  let samples = 0;
  while ((await redis.zcard(svc.keys.dlqAll)) < 200) {
    const counts = await places(svc, ids);
    expect(counts.every((c) => c <= 1)).toBe(true);
    samples++;
  }
  expect(samples).toBeGreaterThan(0);
  expect(await places(svc, ids)).toEqual(Array(200).fill(1));
  await worker.close();
  await svc.close();
});
