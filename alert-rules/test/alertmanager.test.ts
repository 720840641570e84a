// alertmanager.yml with the real amtool and a real Alertmanager: routing for every severity and
// service, grouping, inhibition (critical mutes its warning; a cause mutes the symptoms), the
// message templates, and the ops API's GET /api/v1/alerts reading it (with HA fallback).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { alertmanagerAlerts, freePort, sleep, startAlertmanager, startReceiver, waitFor, type Alertmanager, type Receiver } from '@trafi-ops/devstack';
import { createLogger, loadConfig, startStack, type Stack } from '@trafi-ops/exporters';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { z } from 'zod';
import { ALERTMANAGER_YML } from '../src/shipped.ts';
import { alertmanagerTestConfig } from '../src/testing.ts';

function amtool(...args: string[]): { status: number | null; out: string } {
  const r = spawnSync('amtool', args, { encoding: 'utf8' });
  if (r.error) throw new Error('amtool is not installed: apt-get install -y prometheus-alertmanager');
  return { status: r.status, out: r.stdout + r.stderr };
}

describe('amtool', () => {
  test('check-config accepts alertmanager.yml and its templates', () => {
    const r = amtool('check-config', ALERTMANAGER_YML);
    expect(r.status, r.out).toBe(0);
    expect(r.out).toContain('2 receivers');
    expect(r.out).toContain('3 inhibit rules');
  });

  test('no secret is in the repo: the Slack URL and PagerDuty key are read from files', () => {
    const text = readFileSync(ALERTMANAGER_YML, 'utf8');
    const cfg = parse(text);
    expect(cfg.global.slack_api_url_file).toMatch(/^\/etc\/alertmanager\/secrets\//);
    expect(cfg.receivers.find((r: { name: string }) => r.name === 'pagerduty').pagerduty_configs[0].routing_key_file).toMatch(/^\/etc\/alertmanager\/secrets\//);
    expect(text).not.toMatch(/^\s*(api_url|slack_api_url|routing_key|service_key):/m);
    expect(text).not.toMatch(/hooks\.slack\.com\/services\//);
  });

  const services = ['storefront', 'ops-api', 'jobs', 'event-flow', 'checkout', 'trafi-exporters', 'grafana'];
  const cases = services.flatMap((service) => [
    { labels: ['severity=critical', `service=${service}`], receivers: 'pagerduty,slack' },
    { labels: ['severity=warning', `service=${service}`], receivers: 'slack' },
    { labels: ['severity=critical', `service=${service}`, 'tenant=acme'], receivers: 'pagerduty,slack' },
    { labels: ['severity=warning', `service=${service}`, 'tenant=acme'], receivers: 'slack' },
  ]);
  cases.push({ labels: ['alertname=Watchdog'], receivers: 'slack' }); // no severity: Slack still

  test.each(cases)('routes $labels to $receivers', ({ labels, receivers }) => {
    const r = amtool('config', 'routes', 'test', `--config.file=${ALERTMANAGER_YML}`, `--verify.receivers=${receivers}`, ...labels);
    expect(r.status, r.out).toBe(0);
  });

  test('a wrong routing expectation fails (critical must not go to Slack only)', () => {
    const r = amtool('config', 'routes', 'test', `--config.file=${ALERTMANAGER_YML}`, '--verify.receivers=slack', 'severity=critical', 'service=storefront');
    expect(r.status).toBe(1);
  });
});

describe('a real Alertmanager with the shipped config', () => {
  let dir: string;
  let receiver: Receiver;
  let am: Alertmanager;
  let stack: Stack;
  let token: string;

  // startsAt is now: an alert older than group_wait is flushed at once (Alertmanager skips the
  // wait), racing the inhibitor that has not yet seen its source alert posted alongside it.
  async function post(alerts: { labels: Record<string, string>; annotations?: Record<string, string> }[]) {
    const fired = new Date().toISOString();
    const res = await fetch(`${am.url}/api/v2/alerts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(alerts.map((a) => ({ ...a, startsAt: fired, endsAt: new Date(Date.now() + 3_600_000).toISOString() }))),
    });
    expect(res.status).toBe(200);
  }
  const api = (path: string, auth = true) => fetch(`${stack.apiUrl}/api/v1${path}`, { headers: auth ? { authorization: `Bearer ${token}` } : {} });
  const ann = (name: string, extra: Record<string, string> = {}) => ({
    summary: `${name} summary`, description: `${name}: value 42 (threshold 10)`,
    runbook_url: `https://github.com/trafi/trafi-ops/blob/main/docs/runbooks.md#${name.toLowerCase()}`, dashboard: '/d/trafi-queues/trafi-queues', ...extra,
  });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'trafi-am-'));
    receiver = await startReceiver();
    const configFile = alertmanagerTestConfig(join(dir, 'am'), receiver.url, { groupWait: '1s', groupInterval: '2s', repeatInterval: '1h' });
    expect(amtool('check-config', configFile).status).toBe(0);
    am = await startAlertmanager({ configFile, dir: join(dir, 'am-data'), port: await freePort() });
    token = 'viewer-token-0123456789';
    const config = loadConfig({
      REDIS_URL: process.env.REDIS_URL, REDIS_PREFIX: `trafi-am-${process.pid}-${Date.now()}`, DATA_DIR: dir, API_PORT: '0', METRICS_PORT: '0',
      // The first member is down: the API falls back to the next one (HA pair).
      ALERTMANAGER_URL: `http://127.0.0.1:${await freePort()},${am.url}`, GRAFANA_URL: 'https://grafana.example.com',
    });
    stack = await startStack(config, { types: [], logger: createLogger('silent'), tokens: `viewer:${token}` });
  });

  afterAll(async () => {
    await stack?.jobs.redis.del(...(await stack.jobs.redis.keys(`${stack.jobs.prefix}:*`)), 'none');
    await stack?.stop();
    await am?.proc.stop();
    await receiver?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('critical goes to PagerDuty and Slack, warning to Slack only; a critical mutes its warning', async () => {
    const slo = { alertname: 'SLOErrorBudgetBurn', service: 'storefront', slo: 'api-latency', layer: 'symptom' };
    await post([
      { labels: { ...slo, severity: 'critical', long_window: '1h', short_window: '5m' }, annotations: ann('SLOErrorBudgetBurn', { dashboard: '/d/trafi-slos/trafi-slos?var-slo=api-latency' }) },
      { labels: { ...slo, severity: 'warning', long_window: '1d', short_window: '2h' }, annotations: ann('SLOErrorBudgetBurn') },
      { labels: { alertname: 'TrafiQueueDlqGrowing', severity: 'warning', service: 'jobs', queue: 'webhooks', reason: 'dlq_growing', layer: 'symptom' }, annotations: ann('TrafiQueueDlqGrowing') },
    ]);
    await waitFor('a PagerDuty trigger and two Slack messages', () => receiver.pagerduty().length >= 1 && receiver.slack().length >= 2, 30_000);
    await sleep(3000); // two more group intervals: nothing else may arrive
    const pd = receiver.pagerduty();
    expect(pd).toHaveLength(1);
    expect(pd[0]).toMatchObject({ routing_key: 'test-routing-key-0123456789abcdef', event_action: 'trigger', payload: { severity: 'critical' } });
    expect(pd[0]!.payload.summary).toBe('[FIRING:1] CRITICAL SLOErrorBudgetBurn storefront');
    expect(pd[0]!.payload.custom_details.description).toContain('value 42 (threshold 10)');
    expect(pd[0]!.links).toContainEqual({ href: 'http://localhost:3000/d/trafi-slos/trafi-slos?var-slo=api-latency', text: 'Dashboard' });

    const slack = receiver.slack();
    expect(slack).toHaveLength(2);
    const sloMsg = slack.find((m) => m.attachments[0]!.title.includes('SLOErrorBudgetBurn'))!.attachments[0]!;
    expect(sloMsg.title).toBe('[FIRING:1] CRITICAL SLOErrorBudgetBurn storefront');
    expect(sloMsg.color).toBe('#FF3366');
    expect(sloMsg.text).toContain('long_window=1h');
    expect(sloMsg.text).not.toContain('long_window=1d'); // the inhibited warning is not in it
    expect(sloMsg.text).toContain('SLOErrorBudgetBurn: value 42 (threshold 10)');
    const dlqMsg = slack.find((m) => m.attachments[0]!.title.includes('TrafiQueueDlqGrowing'))!.attachments[0]!;
    expect(dlqMsg.title).toBe('[FIRING:1] WARNING TrafiQueueDlqGrowing jobs');
    expect(dlqMsg.color).toBe('#CCFF00');
    expect(dlqMsg.text).toContain('queue=webhooks');
    expect(dlqMsg.actions!.map((a) => a.url)).toEqual(['https://github.com/trafi/trafi-ops/blob/main/docs/runbooks.md#trafiqueuedlqgrowing', 'http://localhost:3000/d/trafi-queues/trafi-queues']);

    const warning = (await alertmanagerAlerts(am.url)).find((a) => a.labels.long_window === '1d')!;
    expect(warning.status.state).toBe('suppressed');
    expect(warning.status.inhibitedBy).toHaveLength(1);
  });

  test('GET /api/v1/alerts: firing and not inhibited, critical first, with links; severity filter', async () => {
    const res = await api('/alerts');
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.source).toBe(am.url);
    expect(body.counts).toEqual({ critical: 1, warning: 1, info: 0 });
    expect(body.alerts.map((a: { name: string; severity: string }) => `${a.severity} ${a.name}`)).toEqual(['critical SLOErrorBudgetBurn', 'warning TrafiQueueDlqGrowing']);
    expect(body.alerts[0]).toMatchObject({
      severity: 'critical', service: 'storefront', slo: 'api-latency', summary: 'SLOErrorBudgetBurn summary',
      runbookUrl: 'https://github.com/trafi/trafi-ops/blob/main/docs/runbooks.md#sloerrorbudgetburn',
      dashboardUrl: 'https://grafana.example.com/d/trafi-slos/trafi-slos?var-slo=api-latency',
    });
    expect(body.alerts[1]).toMatchObject({ queue: 'webhooks', labels: expect.objectContaining({ reason: 'dlq_growing' }) });
    const critical = await (await api('/alerts?severity=critical')).json();
    expect(critical.alerts.map((a: { name: string }) => a.name)).toEqual(['SLOErrorBudgetBurn']);
  });

  test('GET /api/v1/alerts: bad input is a 400 naming the field, no token a 401', async () => {
    const bad = await api('/alerts?severity=loud');
    expect(bad.status).toBe(400);
    expect((await bad.json()).error).toMatchObject({ code: 'invalid_request', field: 'severity' });
    const unknown = await api('/alerts?page=2');
    expect(unknown.status).toBe(400);
    expect((await unknown.json()).error.field).toBe('page');
    expect((await api('/alerts', false)).status).toBe(401);
  });

  test('a dependency down (a cause) mutes the symptoms that fire with it; only the cause notifies', async () => {
    const before = { slack: receiver.slack().length, pd: receiver.pagerduty().length };
    await post([
      { labels: { alertname: 'TrafiDependencyDown', severity: 'critical', service: 'trafi-exporters', dependency: 'redis', layer: 'cause' }, annotations: ann('TrafiDependencyDown') },
      { labels: { alertname: 'TrafiHighErrorRate', severity: 'warning', service: 'ops-api', layer: 'symptom' }, annotations: ann('TrafiHighErrorRate') },
      { labels: { alertname: 'TrafiQueueProcessingStalled', severity: 'critical', service: 'jobs', queue: 'emails', reason: 'stalled', layer: 'symptom' }, annotations: ann('TrafiQueueProcessingStalled') },
    ]);
    await waitFor('the dependency-down notifications', () => receiver.pagerduty().length > before.pd && receiver.slack().length > before.slack, 30_000);
    await sleep(3000);
    const newSlack = receiver.slack().slice(before.slack).map((m) => m.attachments[0]!.title);
    const newPd = receiver.pagerduty().slice(before.pd).map((e) => e.payload.summary);
    expect(newSlack).toEqual(['[FIRING:1] CRITICAL TrafiDependencyDown trafi-exporters']);
    expect(newPd).toEqual(['[FIRING:1] CRITICAL TrafiDependencyDown trafi-exporters']);
    const states = Object.fromEntries((await alertmanagerAlerts(am.url)).map((a) => [a.labels.alertname + (a.labels.long_window ?? ''), a.status.state]));
    expect(states).toMatchObject({ TrafiHighErrorRate: 'suppressed', TrafiQueueProcessingStalled: 'suppressed', TrafiQueueDlqGrowing: 'suppressed', SLOErrorBudgetBurn1h: 'suppressed', TrafiDependencyDown: 'active' });
    // The banner now shows the cause alone.
    const body = await (await api('/alerts')).json();
    expect(body.alerts.map((a: { name: string }) => a.name)).toEqual(['TrafiDependencyDown']);
  });

  test('every Alertmanager down: GET /api/v1/alerts answers 503 alertmanager_unavailable', async () => {
    await am.proc.stop();
    const res = await api('/alerts');
    expect(res.status).toBe(503);
    const { error } = z.object({ error: z.object({ code: z.string(), message: z.string() }) }).parse(await res.json());
    expect(error.code).toBe('alertmanager_unavailable');
    expect(error.message).toContain('no Alertmanager answered');
  });
});
