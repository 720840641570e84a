// Middleware overhead: requests/s of an instrumented express route vs the bare route,
// served by a second process and loaded with autocannon from this one (loopback only).
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { progress, SCALE, type Row } from './common.ts';

const require = createRequire(import.meta.url);
const autocannon = require('autocannon') as (opts: { url: string; connections: number; duration: number }) => Promise<{ requests: { average: number }; non2xx: number; errors: number }>;

export async function middlewareBench(): Promise<Row[]> {
  const duration = Math.max(1, Math.round(5 * Math.min(1, SCALE * 5)));
  const server = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./fixtures/http-server.ts', import.meta.url))], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const ports = await new Promise<{ bare: number; instrumented: number }>((ok, fail) => {
      server.stdout!.once('data', (d) => ok(JSON.parse(String(d))));
      server.once('exit', (code) => fail(new Error(`benchmark server exited (${code})`)));
    });
    const run = async (port: number) => {
      const r = await autocannon({ url: `http://127.0.0.1:${port}/api/stores/acme-store-1/products`, connections: 10, duration });
      if (r.non2xx > 0 || r.errors > 0) throw new Error(`load test saw ${r.non2xx} non-2xx and ${r.errors} errors`);
      return r.requests.average;
    };
    let bare = 0;
    let ours = 0;
    for (let round = 1; round <= 2; round++) {
      progress(`[middleware] round ${round}/2: ${duration} s each, bare then instrumented`);
      bare = Math.max(bare, await run(ports.bare));
      ours = Math.max(ours, await run(ports.instrumented));
    }
    const ratio = ours / bare;
    console.log(`middleware: instrumented ${Math.round(ours)} req/s, bare ${Math.round(bare)} req/s, ratio ${ratio.toFixed(3)} (target >= 0.9)`);
    return [{
      benchmark: 'HTTP middleware overhead (req/s, autocannon, 10 connections)',
      ours: `${Math.round(ours).toLocaleString('en-US')} req/s`, baseline: `${Math.round(bare).toLocaleString('en-US')} req/s (bare route)`,
      ratio: ratio.toFixed(3), target: '>= 0.9', meets: ratio >= 0.9,
    }];
  } finally {
    server.kill('SIGKILL');
  }
}
