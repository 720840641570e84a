// Long-term metrics: an HA pair of real Prometheus (external_labels cluster + __replica__)
// scrapes the real stack, evaluates the shipped rules and remote-writes to a real
// VictoriaMetrics, which drops the replica label and deduplicates the pair. Our recording
// rules' series and every dashboard query then answer from VictoriaMetrics.
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EXPORTERS_JOB } from '@trafi-ops/alert-rules';
import { rulesForTest } from '@trafi-ops/alert-rules/testing';
import { serveDemoPlatform } from '@trafi-ops/demo';
import { dropPrefix, freePort, prometheusConfig, startPrometheus, startVictoriaMetrics, waitFor, type Prometheus, type VictoriaMetrics } from '@trafi-ops/devstack';
import { EventReporter, PermanentJobError, createLogger, createReporterRedis, defineJobType, loadConfig, startStack, type Stack } from '@trafi-ops/exporters';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { z } from 'zod';
import { dashboards } from '../src/index.ts';
import { expand, panelQueries } from '../src/promql.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefix = `trafi-ltm-${process.pid}-${Date.now()}`;
const CLUSTER = 'trafi-test';
const types = [
  defineJobType({ name: 'email.send', queue: 'emails', payload: z.object({}), handler: async () => undefined }),
  defineJobType({ name: 'report.generate', queue: 'reports', attempts: 1, payload: z.object({}), handler: async () => { throw new PermanentJobError('always fails'); } }),
];

let dir: string;
let stack: Stack;
let events: EventReporter;
let platform: { server: Server; url: string };
let vm: VictoriaMetrics;
const pair: Prometheus[] = [];
let traffic: NodeJS.Timeout;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'trafi-ltm-'));
  const config = loadConfig({ REDIS_URL, REDIS_PREFIX: prefix, DATA_DIR: dir, API_PORT: '0', METRICS_PORT: '0', METRICS_CACHE_MS: '0' });
  stack = await startStack(config, { types, logger: createLogger('silent'), tokens: 'viewer:viewer-token-0123456789' });
  events = new EventReporter({ redis: createReporterRedis(REDIS_URL), prefix, flushIntervalMs: 200 });
  platform = await serveDemoPlatform(stack, events, 0, '127.0.0.1');
  const tick = () => {
    for (const t of ['acme', 'globex']) {
      void fetch(`${platform.url}/api/stores/${t}-store-1/products`).catch(() => undefined);
      void fetch(`${platform.url}/api/stores/${t}-store-1/checkout`, { method: 'POST' }).catch(() => undefined);
    }
    void stack.jobs.enqueue('report.generate', {}, { tenantId: 'acme', actor: 'test', requestId: 'r' }).catch(() => undefined);
  };
  traffic = setInterval(tick, 300);
    // the relabeling docker-compose gives VictoriaMetrics; dedup at the test's 1 s scrape interval
  vm = await startVictoriaMetrics({ dir: join(dir, 'vm'), port: await freePort(), relabelConfig: join(root, 'provisioning/victoria-metrics/relabel.yml'), dedupInterval: '1s' });
  const rules = join(rulesForTest(join(dir, 'rules')), '*.yml');
  for (const replica of ['a', 'b']) {
    const promConfig = prometheusConfig({
      scrape: [{ job: EXPORTERS_JOB, targets: [new URL(stack.metricsUrl).host] }], ruleFiles: [rules], scrapeInterval: '1s', evaluationInterval: '1s',
      remoteWrite: [vm.writeUrl], externalLabels: { cluster: CLUSTER, __replica__: replica },
    });
    pair.push(await startPrometheus({ config: promConfig, dir: join(dir, `prometheus-${replica}`), port: await freePort() }));
  }
}, 120_000);

afterAll(async () => {
  clearInterval(traffic);
  for (const p of pair) await p.proc.stop();
  await vm?.stop();
  await new Promise((r) => platform?.server.close(r));
  await events?.close();
  if (stack) await dropPrefix(stack.jobs.redis, prefix);
  await stack?.stop();
  rmSync(dir, { recursive: true, force: true });
}, 60_000);

test('the recording rules of the HA pair answer from VictoriaMetrics, stored once with the cluster label', async () => {
  for (const rule of ['queue:trafi_jobs_processed:per_minute_rate5m', 'service:trafi_http_requests:error_ratio_rate5m', 'service:trafi_http_request_duration_seconds:p95_5m']) {
    const rows = await waitFor(`${rule} in VictoriaMetrics`, async () => {
      const r = await vm.query(rule);
      return r.result.length > 0 ? r.result : undefined;
    }, 60_000, 1000);
    expect(rows.every((r) => r.metric.cluster === CLUSTER && r.metric.__replica__ === undefined)).toBe(true);
  }
  // each replica stores its own `up`; VictoriaMetrics one series, one sample per second
  for (const p of pair) expect(await p.query(`up{job="${EXPORTERS_JOB}"}`)).toHaveLength(1);
  const up = await vm.query(`up{job="${EXPORTERS_JOB}"}`);
  expect(up.result).toHaveLength(1);
  expect(up.result[0]!.metric).toMatchObject({ cluster: CLUSTER, job: EXPORTERS_JOB });
  // samples of the last 20 s: VictoriaMetrics holds about one replica's worth, not both
  const count = async (q: (e: string) => Promise<{ value: [number, string] }[]>) => Number((await q(`count_over_time(up{job="${EXPORTERS_JOB}"}[20s])`))[0]?.value[1] ?? 0);
  const [stored, a, b] = await waitFor('20 s of samples in VictoriaMetrics', async () => {
    const c: [number, number, number] = [await count(async (e) => (await vm.query(e)).result), await count((e) => pair[0]!.query(e)), await count((e) => pair[1]!.query(e))];
    return c[0] >= 8 ? c : undefined;
  }, 40_000, 1000);
  expect(a + b).toBeGreaterThanOrEqual(14);
  expect(stored).toBeLessThanOrEqual(Math.max(a, b) + 2);
}, 90_000);

test('every dashboard query runs on VictoriaMetrics, and what has data in Prometheus has data there', async () => {
  const queries = dashboards().flatMap(panelQueries).map((q) => ({ ...q, expr: expand(q.expr) }));
  expect(queries.length).toBeGreaterThan(30);
  let missing: string[] = [];
  let answered = 0;
  await waitFor('dashboard queries with data in Prometheus to have data in VictoriaMetrics', async () => {
    missing = [];
    answered = 0;
    for (const q of queries) {
      const fromVm = await vm.query(q.expr);
      if (fromVm.status !== 'success') throw new Error(`${q.dashboard} / ${q.panel}: VictoriaMetrics refused ${q.expr}: ${fromVm.error}`);
      const inProm = (await pair[0]!.query(q.expr)).length > 0;
      if (inProm && fromVm.result.length === 0) missing.push(`${q.dashboard} / ${q.panel} / ${q.refId}: ${q.expr}`);
      if (inProm && fromVm.result.length > 0) answered++;
    }
    return missing.length === 0;
  }, 60_000, 2000).catch(() => {
    throw new Error(`no data in VictoriaMetrics for:\n${missing.join('\n')}`);
  });
  expect(answered).toBeGreaterThan(20);
}, 90_000);
