// Benchmark 3: latency of one DLQ list page (limit 50) with 100,000 entries in the DLQ.
//
// Fill: the real path (dlq-filler.ts: enqueueBulk + a JobWorker whose handler throws
// PermanentJobError, so each job is moved by the worker's own deadLetter script). At
// ~2,000 entries/s that is under a minute at BENCH_SCALE=1, so no hand-built Redis
// structures are needed and the entries are exactly what production produces.
//
// Four kinds of page, each sampled `samples` times (200 at scale 1), interleaved:
//   first   first page, no filter
//   deep    a page deep in the list, reached with a cursor collected by walking the list
//           once beforehand (depths 10%..100% of the DLQ, chosen at random)
//   tenant  first page filtered by tenant (one of 50 tenants, ~2% of entries each)
//   error   first page filtered by error text (one of 7 messages, ~14% of entries each)
//
// Baseline (same run, same 100k jobs, same parameters per sample): the same page built
// on BullMQ's own failed set, which is what a DLQ screen on plain BullMQ would do since
// BullMQ has no index by tenant or error: `queue.getJobs(['failed'], start, end)` pages
// (offset paging for `first`/`deep`; for the filtered kinds, pages of 500 newest-first
// with the filter applied in JS until 50 matches are found). The ratio is baseline p95 /
// ours p95; the target (< 50 ms p95) applies to ours alone.
import type { Job, Queue } from 'bullmq';
import type { DlqEntry } from '@trafi-ops/contracts';
import type { DeadLetterQueue } from '../src/jobs/index.ts';
import { ERRORS, fillDlq, fillFailedSet } from './dlq-filler.ts';
import { TENANTS, expectEqual, fmtMs, percentile, progress, scaled, withPrefix, type Row } from './common.ts';

const LIMIT = 50;
const SCAN_PAGE = 500;
const TARGET_P95_MS = 50;
/** One lower-case search term per error message (ERRORS[k] contains ERROR_TERMS[k]). */
const ERROR_TERMS = ['declined', 'carrier', 'timeout', 'template', 'rate limited', 'vat', '410 gone'];

type Kind = 'first' | 'deep' | 'tenant' | 'error';
const KINDS: Kind[] = ['first', 'deep', 'tenant', 'error'];
const LABEL: Record<Kind, string> = {
  first: 'first page, no filter',
  deep: 'deep page via cursor',
  tenant: 'filtered by tenant',
  error: 'filtered by error text',
};

/** Deterministic PRNG (mulberry32) so runs pick the same pages. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** How many of jobs 0..n-1 have `i % mod === k`. */
const countOf = (n: number, mod: number, k: number) => (k < n ? Math.floor((n - 1 - k) / mod) + 1 : 0);

interface Sample {
  kind: Kind;
  /** Cursor (ours) and offset (baseline) for `deep`; tenant index for `tenant`; term index for `error`. */
  cursor?: string;
  offset?: number;
  k?: number;
}

/** Walks the whole DLQ once (500 ids per call) and keeps each page's cursor with its depth. */
async function collectCursors(dlq: DeadLetterQueue, n: number): Promise<{ depth: number; cursor: string }[]> {
  const out: { depth: number; cursor: string }[] = [];
  let cursor: string | undefined;
  let depth = 0;
  do {
    const page = await dlq.listIds({ limit: 500, cursor });
    depth += page.items.length;
    cursor = page.nextCursor ?? undefined;
    if (cursor && depth <= n - LIMIT) out.push({ depth, cursor });
  } while (cursor);
  expectEqual('entries seen walking the DLQ', depth, n);
  return out;
}

async function naiveFiltered(queue: Queue, pred: (job: Job) => boolean): Promise<Job[]> {
  const out: Job[] = [];
  for (let start = 0; out.length < LIMIT; start += SCAN_PAGE) {
    const page = await queue.getJobs(['failed'], start, start + SCAN_PAGE - 1);
    if (page.length === 0) break;
    for (const job of page) {
      if (pred(job)) out.push(job);
      if (out.length >= LIMIT) break;
    }
  }
  return out;
}

export async function dlqListBench(): Promise<Row[]> {
  const n = scaled(100_000, 1000);
  const samples = scaled(200, 20);
  progress(`[3/3] DLQ list latency: ${n.toLocaleString('en-US')} entries, ${samples} samples per kind (ours and baseline)`);
  return withPrefix('dlq-list', async (redis, prefix) => {
    const { jobs, dlq } = await fillDlq(redis, prefix, n);
    const { queue } = await fillFailedSet(redis, prefix, n);
    try {
      const cursors = await collectCursors(dlq, n);
      const deepCursors = cursors.filter((c) => c.depth >= n * 0.1);
      if (deepCursors.length === 0) throw new Error('benchmark: no deep cursors collected');

      const expected = (s: Sample): number =>
        s.kind === 'tenant' ? Math.min(LIMIT, countOf(n, TENANTS, s.k!)) : s.kind === 'error' ? Math.min(LIMIT, countOf(n, ERRORS.length, s.k!)) : LIMIT;

      const ours = async (s: Sample): Promise<DlqEntry[]> => {
        const q =
          s.kind === 'deep' ? { limit: LIMIT, cursor: s.cursor! }
          : s.kind === 'tenant' ? { limit: LIMIT, tenant: `tenant-${s.k}` }
          : s.kind === 'error' ? { limit: LIMIT, error: ERROR_TERMS[s.k!]! }
          : { limit: LIMIT };
        return (await dlq.list(q)).items;
      };
      const baseline = async (s: Sample): Promise<Job[]> => {
        if (s.kind === 'first') return queue.getJobs(['failed'], 0, LIMIT - 1);
        if (s.kind === 'deep') return queue.getJobs(['failed'], s.offset!, s.offset! + LIMIT - 1);
        if (s.kind === 'tenant') return naiveFiltered(queue, (j) => j.data?.c?.tenantId === `tenant-${s.k}`);
        return naiveFiltered(queue, (j) => (j.failedReason ?? '').toLowerCase().includes(ERROR_TERMS[s.k!]!));
      };
      const checkOurs = (s: Sample, items: DlqEntry[]) => {
        expectEqual(`ours ${s.kind}: page size`, items.length, expected(s));
        if (s.kind === 'tenant') expectEqual(`ours tenant: all match`, items.every((e) => e.tenantId === `tenant-${s.k}`), true);
        if (s.kind === 'error') expectEqual(`ours error: all match`, items.every((e) => e.error.toLowerCase().includes(ERROR_TERMS[s.k!]!)), true);
      };
      const checkBase = (s: Sample, items: Job[]) => expectEqual(`baseline ${s.kind}: page size`, items.length, expected(s));

      const random = rng(42);
      const pick = (kind: Kind): Sample => {
        if (kind === 'deep') {
          const c = deepCursors[Math.floor(random() * deepCursors.length)]!;
          return { kind, cursor: c.cursor, offset: c.depth };
        }
        if (kind === 'tenant') return { kind, k: Math.floor(random() * TENANTS) };
        if (kind === 'error') return { kind, k: Math.floor(random() * ERROR_TERMS.length) };
        return { kind };
      };

      // Warm-up (script loading, connection buffers): not measured.
      for (const kind of KINDS) for (let i = 0; i < 3; i++) {
        const s = pick(kind);
        checkOurs(s, await ours(s));
        checkBase(s, await baseline(s));
      }

      const times: Record<'ours' | 'base', Record<Kind, number[]>> = {
        ours: { first: [], deep: [], tenant: [], error: [] },
        base: { first: [], deep: [], tenant: [], error: [] },
      };
      for (let i = 0; i < samples; i++) {
        for (const kind of KINDS) {
          const s = pick(kind);
          // alternate who goes first so neither side systematically gets a warmer Redis
          for (const side of i % 2 === 0 ? (['ours', 'base'] as const) : (['base', 'ours'] as const)) {
            const t0 = performance.now();
            if (side === 'ours') {
              const items = await ours(s);
              times.ours[kind].push(performance.now() - t0);
              checkOurs(s, items);
            } else {
              const items = await baseline(s);
              times.base[kind].push(performance.now() - t0);
              checkBase(s, items);
            }
          }
        }
        if ((i + 1) % 50 === 0 && i + 1 < samples) progress(`  ${i + 1}/${samples} samples per kind`);
      }

      return KINDS.map((kind) => {
        const o50 = percentile(times.ours[kind], 50);
        const o95 = percentile(times.ours[kind], 95);
        const b50 = percentile(times.base[kind], 50);
        const b95 = percentile(times.base[kind], 95);
        const ratio = b95 / o95;
        console.log(
          `DLQ list @${n} (${LABEL[kind]}): ours p50 ${fmtMs(o50)} p95 ${fmtMs(o95)}; ` +
            `baseline p50 ${fmtMs(b50)} p95 ${fmtMs(b95)}; baseline/ours p95 = ${ratio.toFixed(1)}x (target p95 < ${TARGET_P95_MS} ms)`,
        );
        return {
          benchmark: `DLQ list p95 @${n.toLocaleString('en-US')}: ${LABEL[kind]}`,
          ours: `p95 ${fmtMs(o95)} (p50 ${fmtMs(o50)})`,
          baseline: `p95 ${fmtMs(b95)} (p50 ${fmtMs(b50)})`,
          ratio: `${ratio.toFixed(1)}x`,
          target: `p95 < ${TARGET_P95_MS} ms`,
          meets: o95 < TARGET_P95_MS,
        };
      });
    } finally {
      await queue.close();
      await jobs.close();
    }
  });
}
