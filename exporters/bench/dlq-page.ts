// The DLQ page under load: `GET /api/v1/dlq?limit=50` with 10,000 entries, 50 connections,
// served by the ops API in a second process (fixtures/api-server.ts, as production mounts
// it) and loaded with autocannon from this one. Baseline in the same run, same server:
// `GET /api/v1/queues` (one cheap read per queue), the API's floor for an authenticated GET.
// Reported: req/s and p99 of both, and the ratio of req/s (DLQ page / queues).
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fillDlq } from './dlq-filler.ts';
import { REDIS_URL, SCALE, progress, scaled, withPrefix, type Row } from './common.ts';

interface LoadResult {
  requests: { average: number };
  latency: { p99: number };
  non2xx: number;
  errors: number;
}
const require = createRequire(import.meta.url);
const autocannon = require('autocannon') as (opts: { url: string; connections: number; duration: number; headers: Record<string, string> }) => Promise<LoadResult>;

const CONNECTIONS = 50;
const TOKEN = 'bench-viewer-token-0123456789';
/** The DLQ page must hold at least this share of the queues route's req/s. */
const TARGET_RATIO = 0.5;

export async function dlqPageBench(): Promise<Row[]> {
  const n = scaled(10_000, 200);
  const duration = Math.max(1, Math.round(5 * Math.min(1, SCALE * 5)));
  progress(`[dlq-page] DLQ page under load: ${n.toLocaleString('en-US')} entries, ${CONNECTIONS} connections, ${duration} s per run`);
  return withPrefix('dlq-page', async (redis, prefix) => {
    const { jobs } = await fillDlq(redis, prefix, n);
    await jobs.close();
    const dataDir = await mkdtemp(join(tmpdir(), 'trafi-bench-api-'));
    const server = spawn(process.execPath, [...(process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : []), '--import', 'tsx', fileURLToPath(new URL('./fixtures/api-server.ts', import.meta.url))], {
      env: { ...process.env, REDIS_URL, PREFIX: prefix, TOKEN, DATA_DIR: dataDir },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      const { port } = await new Promise<{ port: number }>((ok, fail) => {
        server.stdout!.once('data', (d) => ok(JSON.parse(String(d))));
        server.once('exit', (code) => fail(new Error(`benchmark API server exited (${code})`)));
      });
      const load = async (path: string, seconds = duration) => {
        const r = await autocannon({ url: `http://127.0.0.1:${port}${path}`, connections: CONNECTIONS, duration: seconds, headers: { authorization: `Bearer ${TOKEN}` } });
        if (r.non2xx > 0 || r.errors > 0) throw new Error(`load test of ${path} saw ${r.non2xx} non-2xx and ${r.errors} errors`);
        return { rps: r.requests.average, p99: r.latency.p99 };
      };
      await load('/api/v1/dlq?limit=50', 1); // warm-up (JIT, script cache): not measured
      let page = { rps: 0, p99: Infinity };
      let queues = { rps: 0, p99: Infinity };
      for (let round = 1; round <= 2; round++) {
        progress(`[dlq-page] round ${round}/2: GET /queues then GET /dlq?limit=50`);
        const q = await load('/api/v1/queues');
        const p = await load('/api/v1/dlq?limit=50');
        if (q.rps > queues.rps) queues = q;
        if (p.rps > page.rps) page = p;
      }
      const ratio = page.rps / queues.rps;
      console.log(
        `DLQ page @${n}: ${Math.round(page.rps)} req/s p99 ${page.p99} ms; GET /queues ${Math.round(queues.rps)} req/s p99 ${queues.p99} ms; ` +
          `ratio ${ratio.toFixed(2)} (target >= ${TARGET_RATIO})`,
      );
      return [{
        benchmark: `DLQ page limit=50 @${n.toLocaleString('en-US')} (req/s, ${CONNECTIONS} connections)`,
        ours: `${Math.round(page.rps).toLocaleString('en-US')} req/s, p99 ${page.p99} ms`,
        baseline: `${Math.round(queues.rps).toLocaleString('en-US')} req/s, p99 ${queues.p99} ms (GET /queues)`,
        ratio: ratio.toFixed(2), target: `>= ${TARGET_RATIO}`, meets: ratio >= TARGET_RATIO,
      }];
    } finally {
      server.kill('SIGINT');
      await new Promise((resolve) => (server.exitCode !== null ? resolve(null) : server.once('exit', resolve)));
      await rm(dataDir, { recursive: true, force: true });
    }
  });
}
