// End to end, for real: the exporters and the demo storefront on a test-owned Redis, scraped by
// Prometheus evaluating the shipped rules, alerting an HA pair of clustered Alertmanagers with
// the shipped routes and templates, delivering to a local Slack/PagerDuty stand-in.
//   1. Redis stops: one PagerDuty trigger and one Slack message, no duplicate from either
//      Alertmanager or from repeated evaluations; the ops API shows it for the banner; Redis
//      comes back: one resolve.
//   2. A tenant's checkouts fail: one Slack message per alert group with the context; the SLO
//      pages once; the slow-burn warnings are inhibited by the fast-burn page and never sent.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Server } from 'node:http';
import { EXPORTERS_JOB } from '@trafi-ops/alert-rules';
import { alertmanagerTestConfig, rulesForTest } from '@trafi-ops/alert-rules/testing';
import {
  alertmanagerAlerts, freePort, prometheusConfig, sleep, spawnRedisServer, startAlertmanager, startPrometheus, startReceiver, waitFor,
  type Alertmanager, type Prometheus, type Receiver, type SlackMessage,
} from '@trafi-ops/devstack';
import { EventReporter, createLogger, createReporterRedis, defineJobType, loadConfig, startStack, type Stack } from '@trafi-ops/exporters';
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { z } from 'zod';
import { serveDemoPlatform } from '../src/platform.ts';

const GROUP_INTERVAL_MS = 3000;
// The second Alertmanager waits this long before it would send. Well under the group interval,
// as in production (15 s against 5 m); at 2 s against 2 s it re-sent a stale FIRING right after
// the first one's resolve (prometheus/alertmanager#4008).
const PEER_TIMEOUT_MS = 1000;
const QUIET_MS = 3 * GROUP_INTERVAL_MS + PEER_TIMEOUT_MS; // long enough for any duplicate to show

// The storefront enqueues these on checkout; here they just succeed (no job-SLO noise).
const quietTypes = [
  defineJobType({ name: 'email.send', queue: 'emails', payload: z.object({ to: z.string(), template: z.string() }), handler: async () => undefined }),
  defineJobType({ name: 'webhook.deliver', queue: 'webhooks', payload: z.object({ url: z.string(), event: z.string() }), handler: async () => undefined }),
];
const TENANTS = ['acme', 'globex', 'initech'];
const token = 'viewer-token-0123456789';

let dir: string;
let redisPort: number;
let redis: { url: string; child: ChildProcess };
let stack: Stack;
let events: EventReporter;
let platform: { server: Server; url: string };
let receiver: Receiver;
let ams: Alertmanager[] = [];
let prometheus: Prometheus;
let traffic: NodeJS.Timeout | undefined;
let checkouts = false;
const marks: [string, number][] = []; // what the test did when, for the failure message

const titles = (msgs: SlackMessage[]) => msgs.map((m) => m.attachments[0]!.title);
const slackFor = (alertname: string) => receiver.slack().filter((m) => m.attachments[0]!.title.includes(` ${alertname} `));
const pdFor = (alertname: string) => receiver.pagerduty().filter((e) => e.payload.summary.includes(` ${alertname} `));
const opsAlerts = async (query = '') =>
  (await (await fetch(`${stack.apiUrl}/api/v1/alerts${query}`, { headers: { authorization: `Bearer ${token}` } })).json()) as {
    alerts: { name: string; severity: string; dependency?: string; dashboardUrl?: string; runbookUrl?: string; description: string }[];
  };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'trafi-alerting-'));
  receiver = await startReceiver();

  // Alertmanager HA pair, clustered on loopback.
  const [am1, am2, c1, c2] = [await freePort(), await freePort(), await freePort(), await freePort()];
  const configFile = alertmanagerTestConfig(join(dir, 'am'), receiver.url, { groupWait: '1s', groupInterval: `${GROUP_INTERVAL_MS / 1000}s`, repeatInterval: '1h' });
  ams = await Promise.all([
    startAlertmanager({ configFile, dir: join(dir, 'am1'), port: am1, cluster: { port: c1, peers: [c2], peerTimeout: `${PEER_TIMEOUT_MS}ms` } }),
    startAlertmanager({ configFile, dir: join(dir, 'am2'), port: am2, cluster: { port: c2, peers: [c1], peerTimeout: `${PEER_TIMEOUT_MS}ms` } }),
  ]);
  await waitFor('the Alertmanager cluster to form', async () => {
    const status = (await (await fetch(`${ams[0]!.url}/api/v2/status`)).json()) as { cluster: { status: string; peers: unknown[] } };
    return status.cluster.status === 'ready' && status.cluster.peers.length === 2;
  }, 30_000, 200);

  // The stack on its own Redis (stopped and restarted below).
  redisPort = await freePort();
  redis = await spawnRedisServer(redisPort, join(dir, 'redis'));
  const config = loadConfig({
    REDIS_URL: redis.url, REDIS_PREFIX: 'trafi', DATA_DIR: dir, API_PORT: '0', METRICS_PORT: '0', METRICS_CACHE_MS: '0',
    METRICS_SNAPSHOT_TIMEOUT_MS: '1000', // under this test's 2 s scrape timeout, as 5 s is under the default 10 s
    ALERTMANAGER_URL: ams.map((a) => a.url).join(','), GRAFANA_URL: 'https://grafana.example.com',
  });
  stack = await startStack(config, { types: quietTypes, logger: createLogger('silent'), tokens: `viewer:${token}` });
  events = new EventReporter({ redis: createReporterRedis(redis.url), prefix: 'trafi', flushIntervalMs: 200 });
  platform = await serveDemoPlatform(stack, events, 0, '127.0.0.1');

  // Shoppers: browsing (no Redis on that path) for every tenant; checkouts when switched on.
  traffic = setInterval(() => {
    for (const t of TENANTS) {
      void fetch(`${platform.url}/api/stores/${t}-store-1/products`).catch(() => undefined);
      if (checkouts) void fetch(`${platform.url}/api/stores/${t}-store-1/checkout`, { method: 'POST' }).catch(() => undefined);
    }
  }, 200);

  const rulesDir = rulesForTest(join(dir, 'rules'));
  const promConfig = prometheusConfig({
    scrape: [{ job: EXPORTERS_JOB, targets: [new URL(stack.metricsUrl).host] }], ruleFiles: [join(rulesDir, '*.yml')],
    scrapeInterval: '2s', evaluationInterval: '1s', alertmanagers: ams.map((a) => a.hostPort),
  });
  prometheus = await startPrometheus({ config: promConfig, dir: join(dir, 'prometheus'), port: await freePort() });
  await waitFor('Prometheus to scrape the exporters', async () => (await prometheus.query('up{job="trafi-exporters"} == 1')).length === 1, 30_000, 200);
  await waitFor('Prometheus to know both Alertmanagers', async () => {
    const body = (await (await fetch(`${prometheus.url}/api/v1/alertmanagers`)).json()) as { data: { activeAlertmanagers: unknown[] } };
    return body.data.activeAlertmanagers.length === 2;
  }, 30_000, 200);
}, 120_000);

afterAll(async () => {
  clearInterval(traffic);
  await prometheus?.proc.stop();
  await Promise.all(ams.map((a) => a.proc.stop()));
  await events?.close();
  await new Promise((r) => platform?.server.close(r));
  await stack?.stop();
  redis?.child.kill('SIGKILL');
  await receiver?.close();
  rmSync(dir, { recursive: true, force: true });
}, 60_000);

/** On failure: what Prometheus fires, what each Alertmanager holds, what arrived, process logs. */
async function diagnose(err: Error): Promise<never> {
  const firing = await prometheus.query('ALERTS').catch((e) => `(${e})`);
  const held = await Promise.all(ams.map((a) => alertmanagerAlerts(a.url).catch((e) => `(${e})`)));
  const probes = await prometheus.query('trafi_dependency_up[5m]').catch((e) => `(${e})`);
  throw new Error([
    err.message,
    `Prometheus ALERTS: ${JSON.stringify(firing)}`,
    ...held.map((h, i) => `Alertmanager ${i + 1}: ${JSON.stringify(h)}`),
    `trafi_dependency_up over 5m: ${JSON.stringify(probes)}`,
    `marks: ${marks.map(([what, at]) => `${what} at ${new Date(at).toISOString()}`).join(', ')}`,
    `received:\n${receiver.received.map((r) => `  ${new Date(r.at).toISOString()} ${r.path} ${r.path === '/slack' ? `${r.body.attachments?.[0]?.title} | ${r.body.attachments?.[0]?.text}` : `${r.body.payload?.summary} | ${r.body.payload?.custom_details?.labels}`}`).join('\n')}`,
    `prometheus log: ${prometheus.proc.out.slice(-2000)}`,
    ...ams.map((a, i) => `alertmanager ${i + 1} log: ${a.proc.out.slice(-2000)}`),
  ].join('\n'));
}

test('a Redis outage pages once, shows in the ops API banner, and resolves once', async () => {
  try {
    await sleep(3000);
    expect(titles(receiver.slack()), 'nothing fires on a healthy stack').toEqual([]);

    redis.child.kill('SIGTERM');
    await new Promise((r) => redis.child.once('exit', r));
    marks.push(['Redis stopped', Date.now()]);

    const [trigger] = await waitFor('a PagerDuty trigger for TrafiDependencyDown', () => pdFor('TrafiDependencyDown').length > 0 && pdFor('TrafiDependencyDown'), 60_000);
    expect(trigger).toMatchObject({ event_action: 'trigger', routing_key: 'test-routing-key-0123456789abcdef', payload: { severity: 'critical' } });
    expect(trigger!.payload.summary).toBe('[FIRING:1] CRITICAL TrafiDependencyDown trafi-exporters');
    expect(trigger!.payload.custom_details.description).toContain('redis has not answered the probes of trafi-exporters');
    expect(trigger!.payload.custom_details.description).toContain('(trafi_dependency_up = 0; threshold: 0 for 1m)');
    expect(trigger!.links).toContainEqual({ href: 'https://github.com/trafi/trafi-ops/blob/main/docs/runbooks.md#trafidependencydown', text: 'Runbook' });

    const [msg] = await waitFor('the Slack message', () => slackFor('TrafiDependencyDown').length > 0 && slackFor('TrafiDependencyDown'), 30_000);
    const a = msg!.attachments[0]!;
    expect(a.title).toBe('[FIRING:1] CRITICAL TrafiDependencyDown trafi-exporters');
    expect(a.color).toBe('#FF3366');
    expect(a.text).toContain('dependency=redis');
    expect(a.text).toContain('threshold: 0 for 1m');
    expect(a.title_link).toBe('http://localhost:3000/d/trafi-system-health/trafi-system-health');

    // The banner's source, while Redis is still down (this route does not need Redis).
    const banner = await opsAlerts('?severity=critical');
    expect(banner.alerts).toContainEqual(expect.objectContaining({
      name: 'TrafiDependencyDown', severity: 'critical', dependency: 'redis',
      dashboardUrl: 'https://grafana.example.com/d/trafi-system-health/trafi-system-health',
    }));

    await sleep(QUIET_MS); // evaluations go on every second, both Alertmanagers hold the alert
    expect(pdFor('TrafiDependencyDown')).toHaveLength(1);
    expect(slackFor('TrafiDependencyDown')).toHaveLength(1);

    redis = await spawnRedisServer(redisPort, join(dir, 'redis'));
    marks.push(['Redis back', Date.now()]);
    const resolve = await waitFor('a PagerDuty resolve', () => pdFor('TrafiDependencyDown').find((e) => e.event_action === 'resolve'), 60_000);
    expect(resolve.dedup_key).toBe(trigger!.dedup_key);
    await waitFor('the Slack resolved message', () => slackFor('TrafiDependencyDown').length === 2, 30_000);
    expect(slackFor('TrafiDependencyDown')[1]!.attachments[0]).toMatchObject({ title: '[RESOLVED] CRITICAL TrafiDependencyDown trafi-exporters', color: '#00FF94' });
    await sleep(QUIET_MS);
    expect(pdFor('TrafiDependencyDown').map((e) => e.event_action)).toEqual(['trigger', 'resolve']);
    expect(slackFor('TrafiDependencyDown')).toHaveLength(2);
  } catch (err) {
    await diagnose(err as Error);
  }
}, 180_000);

test('a tenant whose checkouts fail: grouped Slack messages with context, one page, slow-burn warning inhibited', async () => {
  try {
    checkouts = true;
    await sleep(3000); // some good checkouts first
    const faulted = await fetch(`${platform.url}/_faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ tenant: 'acme', errorRate: 1 }) });
    expect(faulted.status).toBe(200);

    const tenantMsg = await waitFor('the tenant error-rate message', () => slackFor('TrafiTenantHighErrorRate')[0], 60_000);
    expect(tenantMsg.attachments[0]!.title).toBe('[FIRING:1] WARNING TrafiTenantHighErrorRate storefront (tenant acme)');
    expect(tenantMsg.attachments[0]!.text).toMatch(/tenant acme: \d+(\.\d+)?% of storefront requests fail/);
    expect(tenantMsg.attachments[0]!.text).toContain('(threshold: 10% for 5m, at least 0.05 req/s)');
    expect(tenantMsg.attachments[0]!.title_link).toBe('http://localhost:3000/d/trafi-tenants/trafi-tenants?var-tenant=acme');

    const [page] = await waitFor('the SLO page', () => pdFor('SLOErrorBudgetBurn').length > 0 && pdFor('SLOErrorBudgetBurn'), 60_000);
    expect(page!.payload.summary).toMatch(/^\[FIRING:[12]\] CRITICAL SLOErrorBudgetBurn storefront$/);
    const sloMsg = await waitFor('the SLO Slack message', () => slackFor('SLOErrorBudgetBurn')[0], 30_000);
    expect(sloMsg.attachments[0]!.text).toContain('SLO api-availability: error budget burning');
    expect(sloMsg.attachments[0]!.text).toContain('(threshold 14.4x, confirmed over 5m)');

    // Both slow-burn warnings fire in Prometheus and reach Alertmanager, which holds them back.
    const warnings = await waitFor('the inhibited slow-burn warnings', async () => {
      const w = (await alertmanagerAlerts(ams[1]!.url)).filter((x) => x.labels.alertname === 'SLOErrorBudgetBurn' && x.labels.severity === 'warning');
      return w.length === 2 && w;
    }, 30_000, 200);
    for (const w of warnings) expect(w.status).toMatchObject({ state: 'suppressed', inhibitedBy: [expect.any(String)] });

    await sleep(QUIET_MS);
    expect(pdFor('SLOErrorBudgetBurn').filter((e) => e.event_action === 'trigger')).toHaveLength(1);
    expect(slackFor('TrafiTenantHighErrorRate')).toHaveLength(1);
    const all = receiver.slack().map((m) => m.attachments[0]!.text).join('\n');
    expect(all).not.toContain('long_window=1d');
    expect(all).not.toContain('long_window=3d');
    // Grouping: one SLO message can hold both fast-burn pairs; a later one may only add to it.
    expect(slackFor('SLOErrorBudgetBurn').length).toBeLessThanOrEqual(2);
    expect(titles(receiver.slack()).every((t) => !t.includes('WARNING SLOErrorBudgetBurn'))).toBe(true);

    const banner = await opsAlerts();
    expect(banner.alerts.filter((x) => x.name === 'SLOErrorBudgetBurn').every((x) => x.severity === 'critical')).toBe(true);
    expect(banner.alerts.map((x) => x.name)).toContain('TrafiTenantHighErrorRate');
  } catch (err) {
    await diagnose(err as Error);
  }
}, 180_000);
