// DLQ bulk retry of N entries vs the per-job approach on a plain BullMQ failed set
// (getJobs page by page, then job.retry() for each). Only the retry phase is timed.
import { connect, dropPrefix, newPrefix, progress, scaled, timed, type Row } from './util.ts';
import { fillDlq, fillFailedSet } from './fill.ts';

export async function dlqRetryBench(): Promise<Row[]> {
  const n = scaled(50_000, 200);
  const redis = connect();
  const prefix = newPrefix();
  try {
    progress(`DLQ retry: filling a plain failed set with ${n} jobs`);
    const plain = await fillFailedSet(redis, prefix, n);
    progress(`DLQ retry: filling our DLQ with ${n} entries`);
    const { jobs, dlq } = await fillDlq(redis, prefix, n);

    progress('DLQ retry: per-job baseline (getJobs + await job.retry() each)');
    const sequential = await timed(async () => {
      // Always page from the start: retried jobs leave the failed set.
      for (;;) {
        const page = await plain.getJobs(['failed'], 0, 999);
        if (page.length === 0) break;
        for (const job of page) await job.retry();
      }
    });
    const plainWaiting = await plain.getWaitingCount();
    if (plainWaiting !== n) throw new Error(`baseline retried ${plainWaiting} of ${n}`);

    progress('DLQ retry: ours (idsMatching + bulk retry in batches)');
    const bulk = await timed(async () => dlq.retry(await dlq.idsMatching({ queue: 'doomed' })));
    if (bulk.value.done !== n) throw new Error(`bulk retry did ${bulk.value.done} of ${n}`);
    const waiting = await jobs.queue('doomed').getWaitingCount();
    if (waiting !== n) throw new Error(`bulk retry left ${waiting} of ${n} waiting`);

    await plain.close();
    await jobs.close();
    const ratio = sequential.ms / bulk.ms;
    return [{
      benchmark: `DLQ bulk retry, ${n} entries`,
      ours: `${(bulk.ms / 1000).toFixed(2)} s`, baseline: `${(sequential.ms / 1000).toFixed(2)} s (getJobs + retry each)`,
      ratio: `${ratio.toFixed(1)}×`, target: '≥ 10×', meets: ratio >= 10,
    }];
  } finally {
    await dropPrefix(redis, prefix);
    redis.disconnect();
  }
}
