// npm run bench: each benchmark against a baseline in the same run, as ratios.
// BENCH_SCALE scales every count (CI runs a 0.02 smoke). Not pass/fail on targets.
import { dlqListBench } from './dlq-list.ts';
import { dlqRetryBench } from './dlq-retry.ts';
import { throughputBench } from './throughput.ts';
import { SCALE, progress, type Row } from './util.ts';

const rows: Row[] = [];
progress(`BENCH_SCALE=${SCALE}`);
for (const bench of [throughputBench, dlqRetryBench, dlqListBench]) rows.push(...(await bench()));

const table = rows.map((r) => ({ benchmark: r.benchmark, ours: r.ours, baseline: r.baseline, ratio: r.ratio, target: r.target, 'meets target': r.meets ? 'yes' : 'no' }));
const cols = Object.keys(table[0]!) as (keyof (typeof table)[0])[];
const width = cols.map((c) => Math.max(c.length, ...table.map((r) => String(r[c]).length)));
const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(width[i]!)).join(' | ')} |`;
console.log(line(cols));
console.log(line(width.map((w) => '-'.repeat(w))));
for (const r of table) console.log(line(cols.map((c) => String(r[c]))));
process.exit(0);
