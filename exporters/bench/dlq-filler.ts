// Filling a DLQ (ours) and a plain BullMQ failed set (the baselines) through the real
// paths: jobs enqueued in chunks of 1,000 whose handler fails permanently on the first
// attempt, run by real workers at concurrency 200. Every entry therefore has what a
// production entry has (attempt record in the hash, a log line, the DLQ indexes by
// queue/type/tenant), which is what the retry and list benchmarks must pay for.
import { Queue, UnrecoverableError, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { DeadLetterQueue, JobService, JobWorker, PermanentJobError, defineJobType } from '../src/jobs/index.ts';
import { chunks, ctxFor, expectEqual, logger, progress, timed, until } from './common.ts';

export const DOOMED_QUEUE = 'doomed';
export const PLAIN_QUEUE = 'plain-doomed';

/** Seven distinct failure messages, job n gets ERRORS[n % 7]. */
export const ERRORS = [
  'card declined by issuer',
  'carrier rejected the address',
  'ERP timeout after 30s',
  'template missing: invoice-v3',
  'rate limited by partner API',
  'invalid VAT id',
  'webhook endpoint returned 410 Gone',
];

const FILL_CONCURRENCY = 200;

function reportEvery(label: string, n: number) {
  let next = Math.max(10_000, Math.ceil(n / 5));
  const step = next;
  return (done: number) => {
    if (done >= next && done < n) {
      progress(`  ${label}: ${done.toLocaleString('en-US')}/${n.toLocaleString('en-US')}`);
      next += step;
    }
  };
}

export interface FilledDlq {
  jobs: JobService;
  dlq: DeadLetterQueue;
  ms: number;
}

/** The job type whose every job fails for good (job n with ERRORS[n % 7]): the DLQ's entries. */
export const doomedType = () =>
  defineJobType({
    name: DOOMED_QUEUE,
    payload: z.object({ n: z.number() }),
    attempts: 1,
    concurrency: FILL_CONCURRENCY,
    handler: async ({ n }) => {
      throw new PermanentJobError(ERRORS[n % ERRORS.length]!);
    },
  });

/** n entries in our DLQ: enqueueBulk + a JobWorker whose handler throws PermanentJobError. */
export async function fillDlq(redis: Redis, prefix: string, n: number): Promise<FilledDlq> {
  const jobs = new JobService({ redis, prefix, logger, types: [doomedType()] });
  const dlq = new DeadLetterQueue(jobs);
  const report = reportEvery('DLQ filled', n);
  const { ms } = await timed(async () => {
    const worker = new JobWorker(jobs, DOOMED_QUEUE, { concurrency: FILL_CONCURRENCY }).start();
    try {
      for (const idx of chunks(n, 1000)) {
        await jobs.enqueueBulk(idx.map((i) => ({ type: DOOMED_QUEUE, payload: { n: i }, context: ctxFor(i) })));
      }
      await until(`DLQ holds ${n} entries`, async () => {
        const size = await dlq.size();
        report(size);
        return size >= n;
      }, 600_000, 50);
    } finally {
      await worker.close();
    }
  });
  expectEqual('DLQ size after fill', await dlq.size(), n);
  expectEqual('failed set left behind after fill', await redis.zcard(jobs.keys.queueKey(DOOMED_QUEUE, 'failed')), 0);
  progress(`  DLQ filled with ${n.toLocaleString('en-US')} entries in ${(ms / 1000).toFixed(1)} s (${Math.round(n / (ms / 1000))}/s)`);
  return { jobs, dlq, ms };
}

/** n jobs in a plain BullMQ failed set: Queue.addBulk + a plain Worker throwing UnrecoverableError. */
export async function fillFailedSet(redis: Redis, prefix: string, n: number): Promise<{ queue: Queue; ms: number }> {
  const queue = new Queue(PLAIN_QUEUE, { connection: redis, prefix });
  const report = reportEvery('failed set filled', n);
  const { ms } = await timed(async () => {
    const worker = new Worker(
      PLAIN_QUEUE,
      async (job) => {
        throw new UnrecoverableError(ERRORS[(job.data as { p: { n: number } }).p.n % ERRORS.length]!);
      },
      { connection: redis, prefix, concurrency: FILL_CONCURRENCY },
    );
    worker.on('error', (err) => progress(`  plain worker error: ${err.message}`));
    try {
      for (const idx of chunks(n, 1000)) {
        await queue.addBulk(idx.map((i) => ({ name: PLAIN_QUEUE, data: { p: { n: i }, c: ctxFor(i) }, opts: { attempts: 1, removeOnFail: false } })));
      }
      await until(`failed set holds ${n} jobs`, async () => {
        const size = await queue.getFailedCount();
        report(size);
        return size >= n;
      }, 600_000, 50);
    } finally {
      await worker.close();
    }
  });
  expectEqual('failed set size after fill', await queue.getFailedCount(), n);
  progress(`  plain failed set filled with ${n.toLocaleString('en-US')} jobs in ${(ms / 1000).toFixed(1)} s (${Math.round(n / (ms / 1000))}/s)`);
  return { queue, ms };
}
