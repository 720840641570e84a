// Benchmark 1: the jobs layer's overhead on the hot path, against bare BullMQ.
// Same Redis, same no-op async handler, same concurrency, same job options (attempts,
// backoff, bounded removeOnComplete, removeOnFail false: what JobService sets), same
// chunks of 1,000 per addBulk. Measured: from the first enqueue until the worker has
// completed every job (the worker is started and ready beforehand, so it consumes while
// the producer is still enqueueing, as in production). Runs bare, ours, bare, ours and
// keeps the best of each to damp noise.
import { Queue, Worker, type JobsOptions } from 'bullmq';
import { z } from 'zod';
import { JOB_DEFAULTS, JobService, JobWorker, defineJobType } from '../src/jobs/index.ts';
import { chunks, ctxFor, expectEqual, fmtRate, logger, progress, scaled, timed, until, withPrefix, type Row } from './common.ts';

const CONCURRENCY = 50;
const CHUNK = 1000;
const QUEUE = 'noop';

/** What JobService.jobOptions produces for a type with the default policies. */
const BARE_OPTS: JobsOptions = {
  attempts: JOB_DEFAULTS.attempts,
  backoff: { type: 'exponential', delay: JOB_DEFAULTS.backoff.baseMs, jitter: JOB_DEFAULTS.backoff.jitter },
  removeOnComplete: { age: JOB_DEFAULTS.retention.completedAgeSec, count: JOB_DEFAULTS.retention.completedCount },
  removeOnFail: false,
};

const noop = async (): Promise<undefined> => undefined;

/** Counts completions; any failure of a no-op job is a broken benchmark. */
function tally(worker: Worker) {
  const state = { done: 0, failure: undefined as Error | undefined };
  worker.on('completed', () => void state.done++);
  worker.on('failed', (_job, err) => void (state.failure ??= err));
  worker.on('error', (err) => void (state.failure ??= err));
  return state;
}

async function waitAllDone(state: { done: number; failure: Error | undefined }, n: number): Promise<void> {
  await until(`${n} jobs completed`, () => {
    if (state.failure) throw new Error(`a no-op job failed: ${state.failure.message}`);
    return state.done >= n;
  }, 600_000, 5);
}

async function runBare(n: number): Promise<number> {
  return withPrefix('tp-bare', async (redis, prefix) => {
    const queue = new Queue(QUEUE, { connection: redis, prefix });
    const worker = new Worker(QUEUE, noop, { connection: redis, prefix, concurrency: CONCURRENCY, autorun: false });
    const state = tally(worker);
    try {
      await queue.waitUntilReady();
      void worker.run().catch((err) => void (state.failure ??= err as Error));
      await worker.waitUntilReady();
      const { ms } = await timed(async () => {
        for (const idx of chunks(n, CHUNK)) {
          await queue.addBulk(idx.map((i) => ({ name: QUEUE, data: { p: { i }, c: ctxFor(i) }, opts: BARE_OPTS })));
        }
        await waitAllDone(state, n);
      });
      expectEqual('bare: jobs completed', state.done, n);
      expectEqual('bare: jobs left waiting', await queue.getWaitingCount(), 0);
      return ms;
    } finally {
      await worker.close();
      await queue.close();
    }
  });
}

async function runOurs(n: number): Promise<number> {
  return withPrefix('tp-ours', async (redis, prefix) => {
    const jobs = new JobService({
      redis,
      prefix,
      logger,
      env: {}, // no QUEUE_CONCURRENCY_* override: both sides run at CONCURRENCY
      types: [defineJobType({ name: QUEUE, payload: z.object({ i: z.number() }), concurrency: CONCURRENCY, handler: noop })],
    });
    const jw = new JobWorker(jobs, QUEUE, { concurrency: CONCURRENCY });
    const state = tally(jw.worker);
    try {
      await jobs.queue(QUEUE).waitUntilReady();
      jw.start();
      await jw.worker.waitUntilReady();
      const { ms } = await timed(async () => {
        for (const idx of chunks(n, CHUNK)) {
          await jobs.enqueueBulk(idx.map((i) => ({ type: QUEUE, payload: { i }, context: ctxFor(i) })));
        }
        await waitAllDone(state, n);
      });
      expectEqual('ours: jobs completed', state.done, n);
      expectEqual('ours: jobs left waiting', await jobs.queue(QUEUE).getWaitingCount(), 0);
      return ms;
    } finally {
      await jw.close();
      await jobs.close();
    }
  });
}

export async function throughputBench(): Promise<Row[]> {
  const n = scaled(20_000, 200);
  progress(`[1/3] throughput: ${n.toLocaleString('en-US')} no-op jobs, concurrency ${CONCURRENCY}, bare vs ours x2`);
  const best = { bare: Infinity, ours: Infinity };
  for (const [round, kind] of [[1, 'bare'], [1, 'ours'], [2, 'bare'], [2, 'ours']] as const) {
    const ms = kind === 'bare' ? await runBare(n) : await runOurs(n);
    best[kind] = Math.min(best[kind], ms);
    progress(`  round ${round} ${kind.padEnd(4)}: ${(ms / 1000).toFixed(2)} s = ${fmtRate(n / (ms / 1000))}`);
  }
  const bareRate = n / (best.bare / 1000);
  const oursRate = n / (best.ours / 1000);
  const ratio = oursRate / bareRate;
  console.log(`throughput: ours ${fmtRate(oursRate)}, bare BullMQ ${fmtRate(bareRate)}, ours/bare = ${ratio.toFixed(3)} (target >= 0.9)`);
  return [
    {
      benchmark: `throughput ${n.toLocaleString('en-US')} no-op jobs, c=${CONCURRENCY} (ours/bare)`,
      ours: fmtRate(oursRate),
      baseline: `${fmtRate(bareRate)} (bare BullMQ)`,
      ratio: ratio.toFixed(3),
      target: '>= 0.9',
      meets: ratio >= 0.9,
    },
  ];
}
