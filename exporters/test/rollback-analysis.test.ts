// The rollback verification's analysis against a real Prometheus scraping a counter the test
// drives: a version that served enough clean requests passes (no 5xx series at all is 0 errors,
// not a missing figure); a window without traffic or with too few requests is inconclusive: it
// does not count, and past the limit the analysis fails; traffic arriving late (the first scrapes
// of a new instance) passes after inconclusive measurements; a high error ratio fails.
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Counter, Histogram, Registry } from 'prom-client';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { freePort, prometheusConfig, startPrometheus, waitFor, type Prometheus } from '@trafi-ops/devstack';
import { PrometheusAnalysis } from '../src/deployments/analysis.ts';

const registry = new Registry();
const requests = new Counter({ name: 'trafi_http_requests_total', help: 'requests', labelNames: ['service', 'release', 'code'], registers: [registry] });
const durations = new Histogram({ name: 'trafi_http_request_duration_seconds', help: 'durations', labelNames: ['service', 'release'], buckets: [0.05, 0.1, 0.5, 1], registers: [registry] });
let server: Server;
let prometheus: Prometheus;
let dir: string;
let traffic: NodeJS.Timeout | undefined;

beforeAll(async () => {
  server = createServer(async (_req, res) => void res.end(await registry.metrics()));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  dir = await mkdtemp(join(tmpdir(), 'trafi-analysis-'));
  const target = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  prometheus = await startPrometheus({ config: prometheusConfig({ scrape: [{ job: 'releases', targets: [target] }], scrapeInterval: '1s' }), dir, port: await freePort() });
}, 30_000);
afterAll(async () => {
  clearInterval(traffic);
  await prometheus?.proc.stop();
  server?.close();
  await rm(dir, { recursive: true, force: true });
});

/** Serves `perSecond` requests a second for `release`, `errorShare` of them 5xx, until stopped. */
function serve(release: string, perSecond: number, errorShare = 0) {
  clearInterval(traffic);
  let n = 0;
  let due = 0;
  traffic = setInterval(() => {
    for (due += perSecond / 10; due >= 1; due--, n++) {
      const failed = errorShare > 0 && n % Math.round(1 / errorShare) === 0;
      requests.inc({ service: 'storefront', release, code: failed ? '503' : '200' });
      durations.observe({ service: 'storefront', release }, 0.02);
    }
  }, 100);
}

const analysis = (inconclusiveLimit = 1) =>
  new PrometheusAnalysis({ prometheusUrl: prometheus.url, services: { api: 'storefront' }, window: '4s', maxErrorRatio: 0.05, maxP95Seconds: 0.5, minRequests: 20, intervalMs: 500, count: 2, failureLimit: 0, inconclusiveLimit, initialDelayMs: 0 });

async function seenByPrometheus(release: string) {
  await waitFor(`Prometheus to hold 5 s of ${release}`, async () => {
    const r = await prometheus.query(`count_over_time(trafi_http_requests_total{release="${release}"}[10s])`);
    return r.some((s) => Number(s.value[1]) >= 5);
  }, 20_000, 250);
}

test('clean traffic passes; its error ratio is 0 although no 5xx series exists', async () => {
  serve('v1', 50);
  await seenByPrometheus('v1');
  const result = await analysis().run(['api'], 'v1', async () => undefined);
  expect(result.passed).toBe(true);
  for (const m of result.measurements) {
    expect(m.errorRatio).toBe(0);
    expect(m.requests).toBeGreaterThanOrEqual(20);
    expect(m.p95Seconds).toBeLessThan(0.1);
    expect(m.ok).toBe(true);
  }
}, 30_000);

test('a release that served nothing is inconclusive: past the limit the analysis fails instead of passing', async () => {
  const a = analysis();
  expect(a.condition()).toBe('at least 20 requests, error ratio <= 0.05 and p95 <= 0.5 s over 4s');
  const result = await a.run(['api'], 'v404', async () => undefined); // v1's traffic does not count for it
  expect(result.passed).toBe(false);
  expect(result).toMatchObject({ failures: 0, inconclusive: 2 }); // the limit is 1: the second ends it
  for (const m of result.measurements) expect(m).toMatchObject({ requests: 0, errorRatio: null, inconclusive: true, ok: false });
}, 30_000);

test('too few requests in the window are inconclusive too', async () => {
  serve('v2', 2);
  await seenByPrometheus('v2');
  const result = await analysis(0).run(['api'], 'v2', async () => undefined);
  const [m] = result.measurements;
  expect(m!.requests).toBeGreaterThan(0);
  expect(m!.requests).toBeLessThan(20);
  expect(m!.errorRatio).toBe(0);
  expect(m).toMatchObject({ inconclusive: true, ok: false });
  expect(result.passed).toBe(false);
}, 30_000);

test('traffic that arrives late: inconclusive measurements first, then enough clean ones pass', async () => {
  const seen: boolean[] = [];
  const run = analysis(20).run(['api'], 'v5', async (ms) => void seen.push(ms.at(-1)!.inconclusive));
  await waitFor('an inconclusive measurement', () => seen.length > 0, 10_000, 50);
  serve('v5', 50);
  const result = await run;
  expect(result.passed).toBe(true);
  expect(result.inconclusive).toBeGreaterThanOrEqual(1);
  expect(seen[0]).toBe(true);
  expect(result.measurements.filter((m) => m.ok)).toHaveLength(2); // count conclusive ones
}, 40_000);

test('a high error ratio fails; workers alone have nothing to measure', async () => {
  serve('v3', 50, 0.25);
  await seenByPrometheus('v3');
  const [m] = (await analysis().run(['api'], 'v3', async () => undefined)).measurements;
  expect(m!.requests).toBeGreaterThanOrEqual(20);
  expect(m!.errorRatio).toBeGreaterThan(0.15);
  expect(m!.errorRatio).toBeLessThan(0.35);
  expect(m!.ok).toBe(false);
  expect(analysis().measures(['workers', 'dashboard'])).toBe(false);
  expect(analysis().measures(['workers', 'api'])).toBe(true);
}, 30_000);
