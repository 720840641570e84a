// A real Prometheus (Debian binary) scraping the real exporters and demo platform,
// evaluating our recording rules: known traffic in, expected series and rule results out,
// read back through Prometheus' HTTP query API.
import { mkdtemp, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXPORTERS_JOB, RULES_DIR } from '@trafi-ops/alert-rules';
import { dropPrefix, freePort, prometheusConfig, startPrometheus, waitFor, type Prometheus } from '@trafi-ops/devstack';
import { EventReporter, PermanentJobError, createLogger, defineJobType, loadConfig, startStack, type Stack } from '@trafi-ops/exporters';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { z } from 'zod';
import { demoJobTypes } from '../src/jobs.ts';
import { serveDemoPlatform } from '../src/platform.ts';
import { REDIS_URL, redisFor, uniquePrefix } from './helpers.ts';

const logger = createLogger('silent');
const redis = redisFor();
const prefix = uniquePrefix();
let dir: string;
let stack: Stack;
let platform: Server;
let platformUrl: string;
let events: EventReporter;
let prometheus: Prometheus;
let promUrl: string;

/** One instant-vector value from Prometheus, or undefined when there is no sample. */
async function query(expr: string): Promise<number | undefined> {
  const res = await fetch(`${promUrl}/api/v1/query?query=${encodeURIComponent(expr)}`);
  const body = (await res.json()) as { status: string; data: { result: { value: [number, string] }[] } };
  expect(body.status).toBe('success');
  const first = body.data.result[0];
  return first ? Number(first.value[1]) : undefined;
}

async function eventually(expr: string, check: (v: number) => boolean): Promise<{ v: number }> {
  let last: number | undefined;
  try {
    return await waitFor(expr, async () => {
      last = await query(expr);
      return last !== undefined && check(last) ? { v: last } : undefined;
    }, 40_000, 500);
  } catch {
    throw new Error(`${expr}: last value ${last}`);
  }
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'trafi-prom-'));
  const config = loadConfig({ REDIS_URL, REDIS_PREFIX: prefix, DATA_DIR: dir, API_PORT: '0', METRICS_PORT: '0', LOG_LEVEL: 'silent' });
  const doomed = defineJobType({ name: 'doomed', attempts: 1, payload: z.object({}), handler: async () => { throw new PermanentJobError('always fails'); } });
  stack = await startStack(config, { types: [...demoJobTypes, doomed], logger, tokens: 'operator:0123456789abcdef0123', eventFlow: { stores: { 'int-store-1': { page_view: 3 } } } });
  events = new EventReporter({ redis, prefix, flushIntervalMs: 200 });
  ({ server: platform, url: platformUrl } = await serveDemoPlatform(stack, events, 0, '127.0.0.1'));

  const promConfig = prometheusConfig({ scrape: [{ job: EXPORTERS_JOB, targets: [new URL(stack.metricsUrl).host] }], ruleFiles: [join(RULES_DIR, '*.yml')], scrapeInterval: '1s', evaluationInterval: '1s' });
  prometheus = await startPrometheus({ config: promConfig, dir: join(dir, 'prometheus'), port: await freePort() });
  promUrl = prometheus.url;
  // Target discovery takes a few seconds: traffic must come after the first scrape for rates to see it.
  await eventually('up{job="trafi-exporters"}', (v) => v === 1);
}, 60_000);

afterAll(async () => {
  await prometheus?.proc.stop();
  platform?.closeAllConnections();
  platform?.close();
  await events?.close().catch(() => undefined);
  await stack?.stop();
  await dropPrefix(redis, prefix);
  redis.disconnect();
  await rm(dir, { recursive: true, force: true });
});

test('known traffic shows up in Prometheus as the expected series and rule results', async () => {
  // 10 jobs to the DLQ.
  await stack.jobs.enqueueBulk(Array.from({ length: 10 }, () => ({ type: 'doomed', payload: {}, context: { tenantId: 'int', actor: 'test', requestId: 'r-int' } })));
  // 50 storefront requests for tenant "int", 5 of them failing (checkout with the fault on).
  await fetch(`${platformUrl}/_faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ tenant: 'int', errorRate: 1 }) });
  for (let i = 0; i < 50; i++) {
    const res = i % 10 === 9
      ? await fetch(`${platformUrl}/api/stores/int-store-1/checkout`, { method: 'POST' })
      : await fetch(`${platformUrl}/api/stores/int-store-1/products`);
    expect(res.status).toBe(i % 10 === 9 ? 503 : 200);
    await new Promise((r) => setTimeout(r, 100)); // spread over several scrapes, so rates see it
  }
  // Then the store goes silent: its page views are expected within 3 s.

  await eventually('trafi_queue_dlq_jobs{queue="doomed"}', (v) => v === 10);
  await eventually('sum(trafi_http_requests_total{service="storefront",tenant="int"})', (v) => v === 50);
  await eventually('sum(trafi_http_requests_total{service="storefront",tenant="int",code="503"})', (v) => v === 5);
  await eventually('trafi_events_received_total{store="int-store-1",event_type="page_view"}', (v) => v === 45);
  await eventually('trafi_dependency_up{dependency="redis"}', (v) => v === 1);
  await eventually('trafi_jobs_processed_total{queue="doomed",outcome="dead_lettered"}', (v) => v === 10);
  // Rule results: the tenant's error ratio is 5 of 50.
  const ratio = await eventually('tenant:trafi_http_requests:error_ratio_rate5m{tenant="int"}', (v) => v > 0); // NaN until two samples exist
  expect(ratio.v).toBeCloseTo(0.1, 1);
  await eventually('queue:trafi_jobs_processed:per_minute_rate5m{queue="doomed"}', (v) => v > 0);
  // The silent store is flagged, with the overdue type as the reason.
  await eventually('trafi_event_flow_healthy{store="int-store-1"}', (v) => v === 0);
  await eventually('trafi_event_flow_gap{store="int-store-1",event_type="page_view",expectation="configured"}', (v) => v === 1);
}, 120_000);
