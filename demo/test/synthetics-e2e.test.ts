// Synthetic monitoring end to end, from an "external" location that is real: a network
// namespace of this test's own, joined by a veth pair, runs the blackbox exporter (Debian's)
// and the k6 adapter running the real k6/checkout-funnel.js. The targets are this test's own
// servers on the host's end of the pair: the demo storefront, the ops API, a redis-server.
// Prometheus (remote-write receiver on) scrapes the probes and takes the k6 results and
// evaluates the shipped synthetics rules (evaluation 1 s; the "no results" window shortened);
// the shipped Alertmanager config delivers to the local Slack/PagerDuty receiver.
//   1. Runs pass: probes and checks are 1 from location `netns-test`; synthetic orders and
//      requests stay out of merchant metrics and the event flow; each run cleans up.
//   2. The checkout breaks (fault toggle): the funnel fails at step ::checkout, PagerDuty and
//      Slack get it with step and location; the fault is cleared: it resolves.
//   3. The runner stops: SyntheticResultsMissing reaches Slack.
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXPORTERS_JOB } from '@trafi-ops/alert-rules';
import { alertmanagerTestConfig, rulesForTest } from '@trafi-ops/alert-rules/testing';
import { serveDemoPlatform } from '../src/platform.ts';
import {
  createNetns, freePort, prometheusConfig, spawnRedisServer, startAlertmanager, startBlackbox, startPrometheus, startReceiver, waitFor,
  type Alertmanager, type Blackbox, type NetNs, type Prometheus, type Receiver,
} from '@trafi-ops/devstack';
import { EventReporter, createLogger, createReporterRedis, defineJobType, loadConfig, startStack, type Stack } from '@trafi-ops/exporters';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { parse, stringify } from 'yaml';
import { z } from 'zod';
import { K6_DIR, startK6Schedule, type K6Run } from '@trafi-ops/k6/adapter';

const LOCATION = 'netns-test';
const quietTypes = [defineJobType({ name: 'email.send', queue: 'emails', payload: z.object({ to: z.string(), template: z.string() }), handler: async () => undefined })];

let dir: string;
let netns: NetNs;
let redis: { url: string; child: ChildProcess };
let stack: Stack;
let events: EventReporter;
let platform: { server: Server; url: string };
let receiver: Receiver;
let am: Alertmanager;
let blackbox: Blackbox;
let prometheus: Prometheus;
let runner: ReturnType<typeof startK6Schedule> | undefined;

/** The shipped synthetics rules with the "no results" windows of this test's schedule: a run every
 *  1.5 s that takes a few seconds on a loaded machine (12 s: well over two runs). */
function shortenNoResultsWindow(rulesDir: string): void {
  const file = join(rulesDir, 'synthetics.yml');
  const doc = parse(readFileSync(file, 'utf8'));
  const rule = doc.groups.flatMap((g: { rules: { alert?: string; expr: string }[] }) => g.rules).find((r: { alert?: string }) => r.alert === 'SyntheticResultsMissing');
  expect(rule.expr).toContain('k6_iterations_total[10m]');
  rule.expr = rule.expr.replace('k6_iterations_total[10m]', 'k6_iterations_total[12s]').replace('[2m]', '[12s]');
  writeFileSync(file, stringify(doc, { lineWidth: 0 }));
}

const pdFor = (alertname: string) => receiver.pagerduty().filter((e) => e.payload.summary.includes(` ${alertname} `));
const slackFor = (alertname: string) => receiver.slack().filter((m) => m.attachments[0]!.title.includes(` ${alertname} `));

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'trafi-synthetics-'));
  netns = createNetns('trafi-syn');
  const host = netns.hostIp;
  receiver = await startReceiver();
  const amConfig = alertmanagerTestConfig(join(dir, 'am'), receiver.url, { groupWait: '1s', groupInterval: '1s', repeatInterval: '1h' });
  am = await startAlertmanager({ configFile: amConfig, dir: join(dir, 'am-data'), port: await freePort() });

  redis = await spawnRedisServer(await freePort(), join(dir, 'redis'), host);
  const config = loadConfig({
    REDIS_URL: redis.url, REDIS_PREFIX: 'trafi', DATA_DIR: dir, API_HOST: host, API_PORT: '0', METRICS_PORT: '0', METRICS_CACHE_MS: '0',
    ALERTMANAGER_URL: am.url, GRAFANA_URL: 'https://grafana.example.com',
  });
  stack = await startStack(config, { types: quietTypes, logger: createLogger('silent'), tokens: 'viewer:viewer-token-0123456789' });
  events = new EventReporter({ redis: createReporterRedis(redis.url), prefix: 'trafi', flushIntervalMs: 200 });
  platform = await serveDemoPlatform(stack, events, 0, host);

  blackbox = await startBlackbox({ configFile: join(K6_DIR, 'blackbox.yml'), port: 9115 + (process.pid % 500), netns });
  const rulesDir = rulesForTest(join(dir, 'rules'));
  shortenNoResultsWindow(rulesDir);
  const labels = { location: LOCATION };
  const promPort = await freePort();
  prometheus = await startPrometheus({
    config: prometheusConfig({
      scrape: [{ job: EXPORTERS_JOB, targets: [new URL(stack.metricsUrl).host] }],
      probes: [{
        job: 'synthetics-blackbox', exporter: blackbox.hostPort, interval: '1s',
        targets: [
          { target: `${stack.apiUrl}/healthz`, module: 'http_health', labels: { ...labels, service: 'ops-api' } },
          { target: `${platform.url}/api/health`, module: 'http_health', labels: { ...labels, service: 'storefront' } },
          { target: `${stack.apiUrl}/readyz/db`, module: 'http_health', labels: { ...labels, service: 'postgres', dependency: 'postgres' } },
          { target: `${stack.apiUrl}/readyz/redis`, module: 'http_health', labels: { ...labels, service: 'redis', dependency: 'redis' } },
          { target: new URL(redis.url).host, module: 'redis_ping', labels: { ...labels, service: 'redis', dependency: 'redis' } },
        ],
      }],
      ruleFiles: [join(rulesDir, '*.yml')], scrapeInterval: '1s', evaluationInterval: '1s', alertmanagers: [am.hostPort],
    }),
    dir: join(dir, 'prometheus'), port: promPort, host, remoteWriteReceiver: true,
  });
  runner = startK6Schedule({
    script: join(K6_DIR, 'checkout-funnel.js'), everyMs: 1500, netns,
    env: { STOREFRONT_URL: platform.url, LOCATION, THINK_SECONDS: '0', K6_PROMETHEUS_RW_SERVER_URL: `${prometheus.url}/api/v1/write`, K6_PROMETHEUS_RW_TREND_STATS: 'p(95),p(99),avg' },
  });
}, 90_000);

afterAll(async () => {
  await runner?.stop();
  await prometheus?.proc.stop();
  await blackbox?.proc.stop();
  await am?.proc.stop();
  await events?.close();
  if (platform) await new Promise((r) => platform.server.close(r));
  await stack?.stop();
  redis?.child.kill('SIGKILL');
  await receiver?.close();
  netns?.remove();
  rmSync(dir, { recursive: true, force: true });
}, 60_000);

async function diagnose(err: Error): Promise<never> {
  const alerts = await prometheus.query('ALERTS').catch((e) => `(${e})`);
  const runs = runner?.runs.slice(-3).map((r: K6Run) => `code ${r.code}: ${r.out.slice(-600)}`) ?? [];
  const text = [err.message, `ALERTS: ${JSON.stringify(alerts)}`, ...runs, `received: ${JSON.stringify(receiver.received.map((r) => ({ path: r.path, at: r.at })))}`, `blackbox: ${blackbox.proc.out.slice(-1000)}`, `prometheus: ${prometheus.proc.out.slice(-1000)}`].join('\n');
  process.stderr.write(`${text}\n`);
  throw new Error(err.message); // the details went to stderr (run output confuses vitest's stack parsing)
}

test('probes and funnel runs from the namespace pass; synthetic traffic stays out of merchant metrics', async () => {
  try {
    const probes = await waitFor('every probe to succeed from the namespace', async () => {
      const r = await prometheus.query('probe_success{job="synthetics-blackbox"}');
      return r.length === 5 && r.every((s) => s.value[1] === '1') ? r : undefined;
    }, 30_000, 250);
    expect(probes.map((p) => p.metric.location)).toEqual(Array(5).fill(LOCATION));
    expect(probes.find((p) => p.metric.module === 'redis_ping')!.metric.instance).toBe(new URL(redis.url).host);

    const checks = await waitFor('a funnel run to reach Prometheus by remote write', async () => {
      const r = await prometheus.query(`k6_checks_rate{synthetic="checkout-funnel",location="${LOCATION}"}`);
      return r.length >= 4 ? r : undefined;
    }, 30_000, 250);
    expect(checks.map((c) => c.metric.check).sort()).toEqual(['add to cart: item in cart', 'browse: products listed', 'checkout: order placed', 'cleanup: order removed']);
    for (const c of checks) expect(c.value[1], c.metric.check).toBe('1');
    await waitFor('the run to exit', () => runner!.runs.length > 0, 10_000, 100); // it pushes, then exits
    expect(runner!.runs.every((r) => r.code === 0), runner!.runs.map((r) => r.out).join('\n')).toBe(true);
    for (const series of ['k6_http_req_failed_rate', 'k6_http_req_duration_p95', 'k6_iterations_total', 'k6_trafi_checkout_runs_total']) {
      expect((await prometheus.query(`${series}{location="${LOCATION}"}`)).length, series).toBeGreaterThan(0);
    }
    // The requests crossed the veth pair: the storefront saw them from the namespace's address.
    // Out of merchant metrics and event flow; the run cleaned up its order.
    const metrics = await (await fetch(stack.metricsUrl)).text();
    expect(metrics).not.toMatch(/trafi_http_requests_total\{[^}]*tenant="synthetic"/);
    expect(metrics).toMatch(/trafi_http_requests_total\{/); // the scrape does see the storefront's own series (the probes)
    expect(events.synthetic).toBeGreaterThan(0);
    await events.flush();
    const flow = (await (await fetch(`${stack.apiUrl}/api/v1/event-flow/stores`, { headers: { authorization: 'Bearer viewer-token-0123456789' } })).json()) as { items: { store: string }[] };
    expect(flow.items.map((s) => s.store)).not.toContain('synthetic-store-1');
    const state = (await (await fetch(`${platform.url}/_synthetic/state`)).json()) as { carts: number; orders: unknown[] };
    expect(state.orders.length).toBeLessThanOrEqual(1); // at most the run under way
  } catch (err) {
    await diagnose(err as Error);
  }
}, 60_000);

test('a broken checkout pages with step and location at once, resolves when mended; a stopped runner is missing', async () => {
  try {
    const toggle = (broken: boolean) => fetch(`${platform.url}/_faults/checkout`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ broken }) });
    expect((await toggle(true)).status).toBe(200);
    const page = await waitFor('PagerDuty to get the failing funnel', () => pdFor('SyntheticCheckoutFunnelFailing').find((e) => e.event_action === 'trigger'), 40_000, 200);
    expect(page.payload.severity).toBe('critical');
    expect(page.payload.custom_details.summary).toContain(`Checkout funnel fails at step ::checkout from ${LOCATION}`);
    const slack = await waitFor('Slack to get it too', () => slackFor('SyntheticCheckoutFunnelFailing')[0], 20_000, 200);
    expect(slack.attachments[0]!.text).toContain('check "checkout: order placed"');
    // A failed run crosses its thresholds: k6's exit code 99 (the run pushes its results, then exits).
    await waitFor('the failed run to exit with 99', () => runner!.runs.some((r) => r.code === 99), 15_000, 100);

    expect((await toggle(false)).status).toBe(200);
    await waitFor('PagerDuty to get the resolve', () => pdFor('SyntheticCheckoutFunnelFailing').some((e) => e.event_action === 'resolve'), 40_000, 200);
    expect(pdFor('SyntheticCheckoutFunnelFailing').filter((e) => e.event_action === 'trigger')).toHaveLength(1);

    expect(slackFor('SyntheticResultsMissing')).toEqual([]); // quiet while the runner runs
    await runner!.stop();
    const missing = await waitFor('Slack to say the runner went silent', () => slackFor('SyntheticResultsMissing')[0], 30_000, 200);
    expect(missing.attachments[0]!.text).toContain(`No synthetic results from ${LOCATION} (checkout-funnel)`);
    expect(pdFor('SyntheticResultsMissing')).toEqual([]); // a warning: Slack only
  } catch (err) {
    await diagnose(err as Error);
  }
}, 90_000);
