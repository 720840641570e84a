// Filling a DLQ and a plain BullMQ failed set through the real paths: jobs that
// fail permanently, run by real workers.
import { Queue, UnrecoverableError, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { DeadLetterQueue, JobService, JobWorker, PermanentJobError, defineJobType } from '../src/jobs/index.ts';
import { ctx, logger, progress, until } from './util.ts';

const ERRORS = ['card declined', 'carrier rejected the address', 'ERP timeout', 'template missing', 'rate limited by partner', 'invalid VAT id', 'webhook 410 Gone'];

export async function fillDlq(redis: Redis, prefix: string, n: number): Promise<{ jobs: JobService; dlq: DeadLetterQueue }> {
  const jobs = new JobService({
    redis, prefix, logger,
    types: [defineJobType({ name: 'doomed', payload: z.object({ n: z.number() }), attempts: 1, handler: async ({ n }) => { throw new PermanentJobError(ERRORS[n % ERRORS.length]!); } })],
  });
  const dlq = new DeadLetterQueue(jobs);
  const worker = new JobWorker(jobs, 'doomed', { concurrency: 200 }).start();
  for (let i = 0; i < n; i += 1000) {
    const count = Math.min(1000, n - i);
    await jobs.enqueueBulk(Array.from({ length: count }, (_, k) => ({ type: 'doomed', payload: { n: i + k }, context: ctx(i + k) })));
  }
  let last = 0;
  await until(async () => {
    const size = await dlq.size();
    if (size - last >= 10_000) progress(`  DLQ filled ${(last = size)}/${n}`);
    return size >= n;
  });
  await worker.close();
  return { jobs, dlq };
}

export async function fillFailedSet(redis: Redis, prefix: string, n: number): Promise<Queue> {
  const queue = new Queue('plain', { connection: redis, prefix });
  const worker = new Worker('plain', async (job) => { throw new UnrecoverableError(ERRORS[job.data.n % ERRORS.length]!); }, { connection: redis, prefix, concurrency: 200 });
  for (let i = 0; i < n; i += 1000) {
    const count = Math.min(1000, n - i);
    await queue.addBulk(Array.from({ length: count }, (_, k) => ({ name: 'doomed', data: { n: i + k, c: ctx(i + k) }, opts: { attempts: 1, removeOnFail: false } })));
  }
  await until(async () => (await queue.getFailedCount()) >= n);
  await worker.close();
  return queue;
}
