// Jobs layer vs bare BullMQ: same Redis, no-op handler, same concurrency; jobs/s from
// the first enqueue until the last job completed.
import { Queue, Worker } from 'bullmq';
import { z } from 'zod';
import { JobService, JobWorker, defineJobType } from '../src/jobs/index.ts';
import { connect, ctx, dropPrefix, logger, newPrefix, progress, scaled, timed, until, type Row } from './util.ts';

const CONCURRENCY = 50;
const CHUNK = 1000;

async function bare(n: number): Promise<number> {
  const redis = connect();
  const prefix = newPrefix();
  const queue = new Queue('noop', { connection: redis, prefix });
  let done = 0;
  const worker = new Worker('noop', async () => undefined, { connection: redis, prefix, concurrency: CONCURRENCY });
  worker.on('completed', () => done++);
  await worker.waitUntilReady();
  const { ms } = await timed(async () => {
    for (let i = 0; i < n; i += CHUNK) {
      const count = Math.min(CHUNK, n - i);
      await queue.addBulk(Array.from({ length: count }, (_, k) => ({
        name: 'noop', data: { p: { i: i + k }, c: ctx(i + k) },
        opts: { attempts: 5, backoff: { type: 'exponential', delay: 1000, jitter: 0.5 }, removeOnComplete: { age: 86400, count: 10000 }, removeOnFail: false },
      })));
    }
    await until(() => done >= n);
  });
  await worker.close();
  await queue.close();
  await dropPrefix(redis, prefix);
  redis.disconnect();
  return (n / ms) * 1000;
}

async function ours(n: number): Promise<number> {
  const redis = connect();
  const prefix = newPrefix();
  const jobs = new JobService({ redis, prefix, logger, types: [defineJobType({ name: 'noop', payload: z.object({ i: z.number() }), concurrency: CONCURRENCY, handler: async () => undefined })] });
  const worker = new JobWorker(jobs, 'noop').start();
  let done = 0;
  worker.worker.on('completed', () => done++);
  await worker.worker.waitUntilReady();
  const { ms } = await timed(async () => {
    for (let i = 0; i < n; i += CHUNK) {
      const count = Math.min(CHUNK, n - i);
      await jobs.enqueueBulk(Array.from({ length: count }, (_, k) => ({ type: 'noop', payload: { i: i + k }, context: ctx(i + k) })));
    }
    await until(() => done >= n);
  });
  await worker.close();
  await jobs.close();
  await dropPrefix(redis, prefix);
  redis.disconnect();
  return (n / ms) * 1000;
}

export async function throughputBench(): Promise<Row[]> {
  const n = scaled(20_000, 200);
  const results = { bare: 0, ours: 0 };
  // Alternate and keep the better run of each to damp noise from the shared machine.
  for (let round = 1; round <= 2; round++) {
    progress(`throughput: bare BullMQ, ${n} jobs (round ${round}/2)`);
    results.bare = Math.max(results.bare, await bare(n));
    progress(`throughput: jobs layer, ${n} jobs (round ${round}/2)`);
    results.ours = Math.max(results.ours, await ours(n));
  }
  const ratio = results.ours / results.bare;
  return [{
    benchmark: `jobs/s, ${n} no-op jobs, concurrency ${CONCURRENCY}`,
    ours: `${results.ours.toFixed(0)} jobs/s`, baseline: `${results.bare.toFixed(0)} jobs/s (bare BullMQ)`,
    ratio: `${ratio.toFixed(2)}×`, target: '≥ 0.9×', meets: ratio >= 0.9,
  }];
}
