// DLQ list page latency at N entries: p50/p95 of 200 calls per kind of page. Baseline:
// BullMQ's own page of a failed set of the same size (getJobs(['failed'], start, end)),
// the call a DLQ built on BullMQ's failed set would make (it cannot filter at all).
import { connect, dropPrefix, newPrefix, percentile, progress, scaled, timed, type Row } from './util.ts';
import { fillDlq, fillFailedSet } from './fill.ts';

const CALLS = 200;

export async function dlqListBench(): Promise<Row[]> {
  const n = scaled(100_000, 500);
  const redis = connect();
  const prefix = newPrefix();
  try {
    progress(`DLQ list: filling our DLQ with ${n} entries`);
    const { jobs, dlq } = await fillDlq(redis, prefix, n);
    progress(`DLQ list: filling a plain failed set with ${n} jobs (baseline)`);
    const plain = await fillFailedSet(redis, prefix, n);

    const sample = async (call: (i: number) => Promise<number>) => {
      const ms: number[] = [];
      for (let i = 0; i < CALLS; i++) {
        const t = await timed(() => call(i));
        if (t.value === 0) throw new Error('a list call returned nothing: the benchmark would measure nothing');
        ms.push(t.ms);
      }
      return { p50: percentile(ms, 50), p95: percentile(ms, 95) };
    };

    progress('DLQ list: measuring');
    const first = await sample(async () => (await dlq.list({ limit: 50 })).items.length);
    let cursor: string | undefined;
    const deep = await sample(async () => {
      const page = await dlq.list({ limit: 50, cursor });
      cursor = page.nextCursor ?? undefined; // past the end: start over
      return page.items.length || (await dlq.list({ limit: 50 })).items.length;
    });
    const tenant = await sample(async (i) => (await dlq.list({ limit: 50, tenant: `tenant-${i % 50}` })).items.length);
    const error = await sample(async () => (await dlq.list({ limit: 50, error: 'vat' })).items.length);
    const baseline = await sample(async (i) => (await plain.getJobs(['failed'], (i * 50) % (n - 50), ((i * 50) % (n - 50)) + 49)).length);

    await plain.close();
    await jobs.close();
    const fmt = (p: { p50: number; p95: number }) => `p50 ${p.p50.toFixed(1)} ms, p95 ${p.p95.toFixed(1)} ms`;
    const row = (what: string, p: { p50: number; p95: number }): Row => ({
      benchmark: `DLQ list page (50) at ${n}: ${what}`, ours: fmt(p), baseline: fmt(baseline) + ' (BullMQ getJobs page)',
      ratio: `${(baseline.p95 / p.p95).toFixed(1)}×`, target: 'p95 < 50 ms', meets: p.p95 < 50,
    });
    return [row('first page', first), row('pages deep via cursor', deep), row('tenant filter', tenant), row('error-text filter', error)];
  } finally {
    await dropPrefix(redis, prefix);
    redis.disconnect();
  }
}
