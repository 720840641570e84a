// Benchmarks of the jobs layer, each against a baseline measured in the same run, then
// one summary table. Not pass/fail: the exit code is 0 whatever the targets say, but any
// error (Redis down, a job that should not fail, a count that does not add up) exits 1.
//
//   cd exporters && npx tsx bench/run.ts
//   BENCH_SCALE=0.02   scales every count (CI smoke run, well under 60 s); default 1
//   BENCH_ONLY=throughput,retry,list,scrape,serialize,middleware,dlq-page,delay   runs a subset
//   BENCH_RTT_MS=1     the round-trip time the delay benchmark's proxy adds (default 1 ms)
//   BENCH_CPU_PROF=<dir>   writes a CPU profile of the dlq-page benchmark's API process there
//   REDIS_URL=redis://host:port        default redis://127.0.0.1:6379
//
// Progress goes to stderr; per-benchmark results and the table go to stdout.
import { delayBench } from './delay.ts';
import { dlqListBench } from './dlq-list.ts';
import { dlqPageBench } from './dlq-page.ts';
import { dlqRetryBench } from './dlq-retry.ts';
import { middlewareBench } from './middleware.ts';
import { scrapeBench } from './scrape.ts';
import { serializeBench } from './serialize.ts';
import { throughputBench } from './throughput.ts';
import { REDIS_URL, SCALE, connect, progress, type Row } from './common.ts';

const BENCHES: Record<string, () => Promise<Row[]>> = {
  throughput: throughputBench,
  retry: dlqRetryBench,
  list: dlqListBench,
  scrape: scrapeBench,
  serialize: serializeBench,
  middleware: middlewareBench,
  'dlq-page': dlqPageBench,
  delay: delayBench,
};

function printTable(rows: Row[]): void {
  const table = rows.map((r) => ({
    benchmark: r.benchmark,
    ours: r.ours,
    baseline: r.baseline,
    ratio: r.ratio,
    target: r.target,
    'meets target': r.meets ? 'yes' : 'no',
  }));
  const cols = ['benchmark', 'ours', 'baseline', 'ratio', 'target', 'meets target'] as const;
  const width = cols.map((c) => Math.max(c.length, ...table.map((r) => r[c].length)));
  const line = (cells: readonly string[]) => `| ${cells.map((c, i) => c.padEnd(width[i]!)).join(' | ')} |`;
  console.log('');
  console.log(line(cols));
  console.log(`|${width.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const r of table) console.log(line(cols.map((c) => r[c])));
}

async function main(): Promise<void> {
  const only = (process.env.BENCH_ONLY ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  for (const name of only) if (!BENCHES[name]) throw new Error(`BENCH_ONLY: unknown benchmark "${name}" (known: ${Object.keys(BENCHES).join(', ')})`);
  const selected = Object.entries(BENCHES).filter(([name]) => only.length === 0 || only.includes(name));

  // Fail fast and loudly when Redis is not there, rather than hanging in a worker.
  const probe = connect('trafi-bench-probe');
  try {
    await Promise.race([
      probe.ping(),
      new Promise((_, reject) => setTimeout(() => reject(new Error(`Redis at ${REDIS_URL} did not answer within 5 s`)), 5000)),
    ]);
  } finally {
    probe.disconnect();
  }

  progress(`BENCH_SCALE=${SCALE}, Redis ${REDIS_URL}, benchmarks: ${selected.map(([n]) => n).join(', ')}`);
  const started = performance.now();
  const rows: Row[] = [];
  for (const [, bench] of selected) rows.push(...(await bench()));
  printTable(rows);
  progress(`done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

process.on('unhandledRejection', (err) => {
  console.error('benchmark failed (unhandled rejection):', err);
  process.exit(1);
});

main().then(
  // Workers and queues are closed, but exit explicitly so no stray handle keeps the run alive.
  () => process.exit(0),
  (err) => {
    console.error('benchmark failed:', err);
    process.exit(1);
  },
);
