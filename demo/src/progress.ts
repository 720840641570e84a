// The demo fails jobs on purpose (logged at debug), so instead of a line per failure `npm start`
// prints what happened since the last line, every PROGRESS_INTERVAL_MS. The numbers are the
// stack's own: trafi_jobs_processed_total and the storefront's trafi_http_requests_total in its
// prom-client registry, and the DLQ's size; no second counting path.
import { METRICS } from '@trafi-ops/exporters';
import type { Registry } from 'prom-client';

export interface Totals {
  completed: number;
  retried: number;
  deadLettered: number;
  requests: number;
  serverErrors: number;
}

/** The counters as they are now (cumulative since the process started). */
export async function readTotals(registry: Registry): Promise<Totals> {
  const values = async (name: string) => (await registry.getSingleMetric(name)?.get())?.values ?? [];
  const t: Totals = { completed: 0, retried: 0, deadLettered: 0, requests: 0, serverErrors: 0 };
  for (const { labels, value } of await values(METRICS.jobsProcessed.name)) {
    if (labels.outcome === 'completed') t.completed += value;
    else if (labels.outcome === 'retried') t.retried += value;
    else if (labels.outcome === 'dead_lettered') t.deadLettered += value;
  }
  for (const { labels, value } of await values(METRICS.httpRequests.name)) {
    if (labels.service !== 'storefront') continue;
    t.requests += value;
    if (String(labels.code).startsWith('5')) t.serverErrors += value;
  }
  return t;
}

const since = (before: Totals, now: Totals): Totals => ({
  completed: now.completed - before.completed,
  retried: now.retried - before.retried,
  deadLettered: now.deadLettered - before.deadLettered,
  requests: now.requests - before.requests,
  serverErrors: now.serverErrors - before.serverErrors,
});

const n = (x: number) => x.toLocaleString('en-US');

export function progressLine(seconds: number, d: Totals, dlq: number): string {
  const errors = d.requests ? `, ${Math.round((100 * d.serverErrors) / d.requests)}% 5xx` : '';
  return `demo: last ${seconds}s ${n(d.completed)} jobs completed, ${n(d.retried)} retried, ${n(d.deadLettered)} dead-lettered, DLQ ${n(dlq)}; storefront ${n(d.requests)} requests${errors}\n`;
}

export interface ProgressOptions {
  registry: Registry;
  dlqSize: () => Promise<number>;
  everyMs: number;
  write: (line: string) => void;
  /** A tick that could not read its numbers (Redis down): the line is skipped, this says why. */
  onError: (err: unknown) => void;
}

/** Prints a progress line every `everyMs`; returns the function that stops it. */
export async function startProgress(o: ProgressOptions): Promise<() => void> {
  let last = { at: Date.now(), totals: await readTotals(o.registry) };
  const tick = async () => {
    const at = Date.now();
    const [now, dlq] = await Promise.all([readTotals(o.registry), o.dlqSize()]);
    o.write(progressLine(Math.round((at - last.at) / 1000), since(last.totals, now), dlq));
    last = { at, totals: now };
  };
  const timer = setInterval(() => void tick().catch(o.onError), o.everyMs);
  return () => clearInterval(timer);
}
