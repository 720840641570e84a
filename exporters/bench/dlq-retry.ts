// Benchmark 2: retrying a whole DLQ of 50,000 entries in bulk, against the per-job way
// on plain BullMQ.
//   ours:     dlq.retry(await dlq.idsMatching({ queue }))  (indexed listing + one Lua call per batch)
//   baseline: the same number of jobs in a plain BullMQ queue's failed set (failed by a
//             plain Worker), retried page by page: queue.getJobs(['failed'], 0, 999) and
//             `await job.retry()` for each; a retried job leaves the failed set, so each
//             page is read from the head again until the set is empty.
// Both sets are filled through the real paths first (see dlq-filler.ts) and every worker
// is closed before the clock starts, so nothing consumes the retried jobs; only the retry
// phase is timed. Afterwards both sides must have exactly n jobs waiting and nothing left
// failed / dead-lettered, so the benchmark cannot silently measure nothing.
import { DOOMED_QUEUE, fillDlq, fillFailedSet } from './dlq-filler.ts';
import { expectEqual, fmtMs, progress, scaled, timed, withPrefix, type Row } from './common.ts';

const PAGE = 1000;

export async function dlqRetryBench(): Promise<Row[]> {
  const n = scaled(50_000, 500);
  progress(`[2/3] DLQ bulk retry: ${n.toLocaleString('en-US')} entries, ours vs per-job job.retry()`);
  return withPrefix('dlq-retry', async (redis, prefix) => {
    const { jobs, dlq } = await fillDlq(redis, prefix, n);
    const { queue } = await fillFailedSet(redis, prefix, n);
    try {
      progress('  baseline: per-job retry of the plain failed set…');
      const base = await timed(async () => {
        let retried = 0;
        for (;;) {
          const page = await queue.getJobs(['failed'], 0, PAGE - 1);
          if (page.length === 0) return retried;
          for (const job of page) {
            await job.retry();
            retried++;
          }
        }
      });
      expectEqual('baseline: jobs retried', base.value, n);
      expectEqual('baseline: failed set after retry', await queue.getFailedCount(), 0);
      expectEqual('baseline: jobs waiting after retry', await queue.getWaitingCount(), n);
      progress(`  baseline: ${fmtMs(base.ms)}`);

      progress('  ours: dlq.retry(await dlq.idsMatching({ queue }))…');
      const ours = await timed(async () => dlq.retry(await dlq.idsMatching({ queue: DOOMED_QUEUE })));
      expectEqual('ours: entries requeued', ours.value.done, n);
      expectEqual('ours: entries skipped', ours.value.skipped, 0);
      expectEqual('ours: DLQ size after retry', await dlq.size(), 0);
      expectEqual('ours: jobs waiting after retry', await jobs.queue(DOOMED_QUEUE).getWaitingCount(), n);
      progress(`  ours: ${fmtMs(ours.ms)}`);

      const ratio = base.ms / ours.ms;
      console.log(`DLQ retry of ${n}: ours ${fmtMs(ours.ms)}, per-job baseline ${fmtMs(base.ms)}, baseline/ours = ${ratio.toFixed(1)}x (target >= 10x)`);
      return [
        {
          benchmark: `DLQ retry ${n.toLocaleString('en-US')} entries (baseline time/ours)`,
          ours: `${fmtMs(ours.ms)} (${Math.round(n / (ours.ms / 1000)).toLocaleString('en-US')}/s)`,
          baseline: `${fmtMs(base.ms)} (getJobs + job.retry())`,
          ratio: `${ratio.toFixed(1)}x`,
          target: '>= 10x',
          meets: ratio >= 10,
        },
      ];
    } finally {
      await queue.close();
      await jobs.close();
    }
  });
}
