// The test-only k6 adapter's command line: runs a plain k6 script file (its default function,
// options.iterations times, with setup/teardown) in Node, judges its thresholds, prints a JSON
// summary and, with K6_PROMETHEUS_RW_SERVER_URL, pushes its samples like k6's remote-write
// output. Exit code as k6: 0, 99 when a threshold is crossed, 107 when the script throws.
//   node --import tsx k6/src/run.ts k6/checkout-funnel.js
import { register } from 'node:module';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { k6Timeseries, pushK6Samples } from './remote-write.ts';
import { emit, runtime } from './runtime.ts';
import { closeSyncHttp } from './sync-http.ts';
import { judgeThresholds } from './thresholds.ts';

register(new URL('./hooks.mjs', import.meta.url));

interface Script {
  default: (data: unknown) => void;
  setup?: () => unknown;
  teardown?: (data: unknown) => void;
  options?: { iterations?: number; tags?: Record<string, string>; thresholds?: Record<string, string[]> };
}

async function main(file: string): Promise<number> {
  (globalThis as Record<string, unknown>).__ENV = { ...process.env };
  (globalThis as Record<string, unknown>).__VU = 1;
  const script = (await import(pathToFileURL(resolve(file)).href)) as Script;
  const options = script.options ?? {};
  Object.assign(runtime.runTags, options.tags ?? {});
  let code = 0;
  try {
    const data = script.setup?.();
    for (let i = 0; i < (options.iterations ?? 1); i++) {
      (globalThis as Record<string, unknown>).__ITER = i;
      const started = performance.now();
      script.default(data);
      emit('iterations', 'counter', 1);
      emit('iteration_duration', 'trend', performance.now() - started);
    }
    script.teardown?.(data);
  } catch (err) {
    process.stderr.write(`script error: ${(err as Error).stack ?? err}\n`);
    code = 107;
  }
  const thresholds = judgeThresholds(options.thresholds ?? {}, runtime.samples);
  if (code === 0 && thresholds.some((t) => !t.ok)) code = 99;
  const checks = [...runtime.samples.series.values()].filter((s) => s.metric === 'checks').map((s) => ({ check: s.tags.check, group: s.tags.group, passes: s.values.filter(Boolean).length, fails: s.values.filter((v) => !v).length }));
  process.stdout.write(`${JSON.stringify({ code, thresholds, checks })}\n`);
  const rw = process.env.K6_PROMETHEUS_RW_SERVER_URL;
  if (rw) await pushK6Samples(rw, k6Timeseries(runtime.samples, (process.env.K6_PROMETHEUS_RW_TREND_STATS ?? 'p(99)').split(',').map((s) => s.trim())));
  await closeSyncHttp();
  return code;
}

main(process.argv[2] ?? '').then((code) => process.exit(code), (err) => {
  process.stderr.write(`${(err as Error).stack ?? err}\n`);
  process.exit(108);
});
