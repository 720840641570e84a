// The demo's progress line: what the stack's own counters say happened since the last line.
import { JobMetrics, METRICS } from '@trafi-ops/exporters';
import { Counter, Registry } from 'prom-client';
import { expect, test, vi } from 'vitest';
import { progressLine, readTotals, startProgress } from '../src/progress.ts';

function stackRegistry() {
  const registry = new Registry();
  const jobs = new JobMetrics(registry).processed;
  const http = new Counter({ name: METRICS.httpRequests.name, help: 'h', labelNames: [...METRICS.httpRequests.labelNames], registers: [registry] });
  return { registry, jobs, http };
}

test('totals: job outcomes across queues, the storefront\'s requests only', async () => {
  const { registry, jobs, http } = stackRegistry();
  jobs.inc({ queue: 'emails', job_type: 'email.send', outcome: 'completed' }, 5);
  jobs.inc({ queue: 'webhooks', job_type: 'webhook.deliver', outcome: 'completed' }, 2);
  jobs.inc({ queue: 'webhooks', job_type: 'webhook.deliver', outcome: 'retried' }, 3);
  jobs.inc({ queue: 'reports', job_type: 'report.generate', outcome: 'dead_lettered' }, 1);
  const req = { route: '/x', method: 'GET', tenant: 'acme' };
  http.inc({ ...req, service: 'storefront', code: '200' }, 97);
  http.inc({ ...req, service: 'storefront', code: '503' }, 3);
  http.inc({ ...req, service: 'ops-api', code: '500' }, 50);
  expect(await readTotals(registry)).toEqual({ completed: 7, retried: 3, deadLettered: 1, requests: 100, serverErrors: 3 });
});

test('the line', () => {
  expect(progressLine(30, { completed: 412, retried: 37, deadLettered: 6, requests: 1020, serverErrors: 31 }, 58)).toBe(
    'demo: last 30s 412 jobs completed, 37 retried, 6 dead-lettered, DLQ 58; storefront 1,020 requests, 3% 5xx\n',
  );
  expect(progressLine(30, { completed: 0, retried: 0, deadLettered: 0, requests: 0, serverErrors: 0 }, 0)).toBe(
    'demo: last 30s 0 jobs completed, 0 retried, 0 dead-lettered, DLQ 0; storefront 0 requests\n',
  );
});

test('each line counts what happened since the one before', async () => {
  vi.useFakeTimers();
  const { registry, jobs } = stackRegistry();
  const completed = { queue: 'emails', job_type: 'email.send', outcome: 'completed' } as const;
  jobs.inc(completed, 100); // before the start: not counted
  const lines: string[] = [];
  const stop = await startProgress({ registry, dlqSize: async () => 4, everyMs: 30_000, write: (l) => lines.push(l), onError: (err) => { throw err; } });
  jobs.inc(completed, 2);
  await vi.advanceTimersByTimeAsync(30_000);
  jobs.inc(completed, 1);
  await vi.advanceTimersByTimeAsync(30_000);
  stop();
  vi.useRealTimers();
  expect(lines.map((l) => /last (\d+)s (\d+) jobs completed.*DLQ (\d+)/.exec(l)!.slice(1))).toEqual([['30', '2', '4'], ['30', '1', '4']]);
});
