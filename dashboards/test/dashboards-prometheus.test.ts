// No empty panel: a real Prometheus scrapes the real stack and demo storefront (traffic, jobs,
// a DLQ, a paused tenant-isolated queue, a silent store) and evaluates the shipped rules; every
// expression of every dashboard must then return at least one finite value.
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXPORTERS_JOB } from '@trafi-ops/alert-rules';
import { rulesForTest } from '@trafi-ops/alert-rules/testing';
import { localBlackbox, localFunnel, localProbeJob } from '@trafi-ops/demo/synthetics';
import { serveDemoPlatform } from '@trafi-ops/demo';
import { freePort, prometheusConfig, startPrometheus, waitFor, type Blackbox, type Prometheus } from '@trafi-ops/devstack';
import { EventReporter, PermanentJobError, createLogger, createReporterRedis, defineJobType, loadConfig, startStack, type Stack } from '@trafi-ops/exporters';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { z } from 'zod';
import { dashboards } from '../src/index.ts';
import { expand, panelQueries } from '../src/promql.ts';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefix = `trafi-dash-${process.pid}-${Date.now()}`;
const types = [
  defineJobType({ name: 'email.send', queue: 'emails', payload: z.object({ to: z.string(), template: z.string() }), handler: async () => undefined }),
  defineJobType({ name: 'webhook.deliver', queue: 'webhooks', isolation: 'tenant', payload: z.object({ url: z.string(), event: z.string() }), handler: async () => undefined }),
  defineJobType({ name: 'report.generate', queue: 'reports', attempts: 1, payload: z.object({}), handler: async () => { throw new PermanentJobError('always fails'); } }),
];

let dir: string;
let stack: Stack;
let events: EventReporter;
let platform: { server: Server; url: string };
let prometheus: Prometheus;
let traffic: NodeJS.Timeout;
let blackbox: Blackbox;
let funnel: { stop(): Promise<void> };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'trafi-dash-'));
  const config = loadConfig({ REDIS_URL, REDIS_PREFIX: prefix, DATA_DIR: dir, API_PORT: '0', METRICS_PORT: '0', METRICS_CACHE_MS: '0' });
  stack = await startStack(config, { types, logger: createLogger('silent'), tokens: 'viewer:viewer-token-0123456789', eventFlow: { stores: { 'quiet-store-1': { page_view: 2 } } } });
  await stack.jobs.queue('webhooks').pause(); // tenant-isolated and paused: per-tenant pending jobs
  events = new EventReporter({ redis: createReporterRedis(REDIS_URL), prefix, flushIntervalMs: 200 });
  events.report('quiet-store-1', 'page_view'); // then silence: an overdue event type
  platform = await serveDemoPlatform(stack, events, 0, '127.0.0.1');
  const tick = () => {
    for (const t of ['acme', 'globex', 'initech']) {
      void fetch(`${platform.url}/api/stores/${t}-store-1/products`).catch(() => undefined);
      void fetch(`${platform.url}/api/stores/${t}-store-1/checkout`, { method: 'POST' }).catch(() => undefined);
    }
    void stack.jobs.enqueue('report.generate', {}, { tenantId: 'acme', actor: 'test', requestId: 'r' }).catch(() => undefined);
  };
  traffic = setInterval(tick, 300);
  // The Synthetics dashboard: blackbox probes by scrape, a funnel run by remote write (as npm start).
  const bb = await localBlackbox();
  if ('missing' in bb) throw new Error(bb.missing);
  blackbox = bb;
  const promConfig = prometheusConfig({
    scrape: [{ job: EXPORTERS_JOB, targets: [new URL(stack.metricsUrl).host] }], ruleFiles: [join(rulesForTest(join(dir, 'rules')), '*.yml')],
    scrapeInterval: '1s', evaluationInterval: '1s', probes: [{ ...localProbeJob(blackbox, stack.apiUrl, platform.url, REDIS_URL), interval: '1s' }],
  });
  prometheus = await startPrometheus({ config: promConfig, dir: join(dir, 'prometheus'), port: await freePort(), remoteWriteReceiver: true });
  funnel = localFunnel(platform.url, prometheus.url);
}, 120_000);

afterAll(async () => {
  clearInterval(traffic);
  await funnel?.stop();
  await blackbox?.proc.stop();
  await prometheus?.proc.stop();
  await new Promise((r) => platform?.server.close(r));
  await events?.close();
  const keys = await stack.jobs.redis.keys(`${prefix}:*`);
  if (keys.length) await stack.jobs.redis.del(...keys);
  await stack?.stop();
  rmSync(dir, { recursive: true, force: true });
}, 60_000);

test('every panel of every dashboard shows data from the real stack', async () => {
  const queries = dashboards().flatMap(panelQueries);
  let empty = queries;
  await waitFor('every panel query to return a finite value', async () => {
    const results = await Promise.all(empty.map(async (q) => ({ q, rows: await prometheus.query(expand(q.expr)) })));
    empty = results.filter(({ rows }) => !rows.some((r) => Number.isFinite(Number(r.value[1])))).map(({ q }) => q);
    return empty.length === 0;
  }, 90_000, 1000).catch(() => {
    throw new Error(`panels without data:\n${empty.map((q) => `  ${q.dashboard} / ${q.panel} / ${q.refId}: ${expand(q.expr)}`).join('\n')}`);
  });
  expect(empty).toEqual([]);
  expect(queries.length).toBeGreaterThan(30);
}, 120_000);
