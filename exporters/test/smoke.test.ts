import { afterAll, expect, test } from 'vitest';
import { z } from 'zod';
import { JobService } from '../src/jobs/job-service.ts';
import { JobWorker } from '../src/jobs/job-worker.ts';
import { defineJobType } from '../src/jobs/job-type.ts';
import { ctx, dropPrefix, logger, redisFor, uniquePrefix, waitFor } from './helpers.ts';

const redis = redisFor();
const prefix = uniquePrefix();
afterAll(async () => { await dropPrefix(redis, prefix); redis.disconnect(); });

test('smoke', async () => {
  const svc = new JobService({ redis, prefix, logger, types: [
    defineJobType({ name: 'ok', payload: z.object({ n: z.number() }), handler: async (p) => p.n * 2 }),
    defineJobType({ name: 'bad', payload: z.object({}), attempts: 2, backoff: { baseMs: 10 }, handler: async () => { throw new Error('boom'); } }),
  ]});
  const w1 = new JobWorker(svc, 'ok').start();
  const w2 = new JobWorker(svc, 'bad').start();
  const a = await svc.enqueue('ok', { n: 2 }, ctx());
  const b = await svc.enqueue('bad', {}, ctx());
  await waitFor(async () => (await redis.zcard(svc.keys.dlqAll)) === 1);
  const job = await svc.queue('ok').getJob(a.id);
  expect(job?.returnvalue).toBe(4);
  const h = await redis.hgetall(svc.keys.job('bad', b.id));
  console.log(h);
  await w1.close(); await w2.close(); await svc.close();
});
