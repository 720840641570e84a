// A k6 runner on a schedule, as the CronJob or the compose profile runs real k6: every
// `everyMs` one run of the script through the adapter (a child process, inside a network
// namespace when given one), its results pushed by remote write. Used by the tests and by
// `npm start`; the outcome of each run is kept for the caller.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { NetNs } from '@trafi-ops/devstack';

export interface K6Run { startedAt: number; code: number | null; out: string }

export interface K6ScheduleOptions {
  /** A k6 script file (k6/checkout-funnel.js). */
  script: string;
  everyMs: number;
  /** __ENV of the script (K6_PROMETHEUS_RW_SERVER_URL turns the remote write on). */
  env: Record<string, string>;
  netns?: NetNs;
  onRun?: (run: K6Run) => void;
}

const RUN_TS = fileURLToPath(new URL('./run.ts', import.meta.url));

/** One run of a script through the adapter; resolves with its exit code and output. */
export function runK6Once(script: string, env: Record<string, string>, netns?: NetNs): Promise<K6Run> {
  const startedAt = Date.now();
  const args = ['--import', 'tsx', RUN_TS, script];
  const cmd = netns ? netns.wrap(process.execPath, args) : { bin: process.execPath, args };
  const child = spawn(cmd.bin, cmd.args, { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => (out = (out + d).slice(-8000)));
  child.stderr.on('data', (d) => (out = (out + d).slice(-8000)));
  return new Promise((resolve) => child.once('close', (code) => resolve({ startedAt, code, out })));
}

/** Runs now and then every `everyMs` (never two at once); stop() waits for the run under way. */
export function startK6Schedule(opts: K6ScheduleOptions): { runs: K6Run[]; stop(): Promise<void> } {
  const runs: K6Run[] = [];
  let stopped = false;
  let current: Promise<unknown> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  const tick = () => {
    current = runK6Once(opts.script, opts.env, opts.netns).then((run) => {
      runs.push(run);
      opts.onRun?.(run);
      if (!stopped) timer = setTimeout(tick, Math.max(0, opts.everyMs - (Date.now() - run.startedAt)));
    });
  };
  tick();
  return {
    runs,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await current;
    },
  };
}
