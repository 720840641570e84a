// The Rollback page in Chromium (built dist/module.js in the Grafana host) against the real ops
// API with the Kubernetes driver on devstack's local stand-in of the Kubernetes API (no cluster
// runs here) and a real Prometheus for the verification: the timeline with the live version,
// the preflight's forward-only warning in red, the acknowledged rollback with its reason, its
// steps and verification figures, the history; a viewer sees it all and can run nothing.
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { freePort, startKubeStandIn, startPrometheus, type KubeStandIn, type Prometheus } from '@trafi-ops/devstack';
import { KubernetesDriver, createLogger, loadConfig, startStack, type Stack } from '@trafi-ops/exporters';
import { launchChromium } from './browser';
import { startGrafanaHost, type GrafanaHost } from './host/server';
import { byTestId, clickButton, confirmWithReason, open, screenshot, text, waitForText } from './page';
import { REDIS_URL } from './stack';

const OPERATOR = 'operator-token-rollback-e2e-01';
const VIEWER = 'viewer-token-rollback-e2e-0123';
const DEPLOYER = 'deployer-token-rollback-e2e-01';
const image = (c: string) => `registry.example/trafi/storefront@sha256:${c.repeat(64)}`;
const app = '/a/trafi-ops-app/rollback';

let dir: string;
let kube: KubeStandIn;
let prometheus: Prometheus;
let stack: Stack;
let host: GrafanaHost;
let viewerHost: GrafanaHost;
let browser: Browser;
let page: Page;
let prefix: string;
let pods: { target: string; close(): void };

/** What the storefront pods of both releases would expose: the verification measures v1.4.0's
 *  requests (50/s, no 5xx) by their `release` label (on a cluster, from the pod labels). */
async function servePodMetrics() {
  const started = Date.now();
  const server = createServer((_req, res) => {
    const n = Math.round(((Date.now() - started) / 1000) * 50);
    const series = (release: string) => [
      `trafi_http_requests_total{service="storefront",route="/api/stores/:storeId/products",method="GET",code="200",tenant="acme",release="${release}"} ${n}`,
      ...['0.05', '+Inf'].map((le) => `trafi_http_request_duration_seconds_bucket{service="storefront",route="/api/stores/:storeId/products",tenant="acme",release="${release}",le="${le}"} ${n}`),
    ];
    res.end(['# TYPE trafi_http_requests_total counter', '# TYPE trafi_http_request_duration_seconds histogram', ...series('v1.4.0'), ''].join('\n'));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { target: `127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => server.close() };
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'trafi-rollback-e2e-'));
  prefix = `trafi-rollback-e2e-${process.pid}-${Date.now()}`;
  kube = await startKubeStandIn({ namespace: 'shop', token: 'kube-token-e2e-0123456789', deployments: [{ name: 'storefront', container: 'storefront', image: image('1'), replicas: 3 }, { name: 'workers', container: 'worker', image: image('1'), replicas: 2 }] });
  pods = await servePodMetrics();
  prometheus = await startPrometheus({ config: `global: { scrape_interval: 1s }\nscrape_configs: [ { job_name: storefront-pods, static_configs: [ { targets: ['${pods.target}'] } ] } ]\n`, dir: path.join(dir, 'prometheus'), port: await freePort() });
  const driver = new KubernetesDriver({ kubeConfig: KubernetesDriver.kubeConfig(kube.url, kube.token, { skipTLSVerify: true }), namespace: 'shop', deployments: { api: { name: 'storefront', container: 'storefront' }, workers: { name: 'workers', container: 'worker' } }, pollMs: 100 });
  const config = loadConfig({ REDIS_URL, REDIS_PREFIX: prefix, DATA_DIR: dir, API_PORT: '0', METRICS_PORT: '0', ROLLBACK_PROMETHEUS_URL: prometheus.url, ROLLBACK_WINDOW: '2s', ROLLBACK_INTERVAL_SECONDS: '1', ROLLBACK_COUNT: '2' });
  stack = await startStack(config, { types: [], logger: createLogger('silent'), tokens: `ops-grafana@operator:${OPERATOR},viewer@viewer:${VIEWER},ci@deployer:${DEPLOYER}`, deploymentDriver: driver });
  // CI deployed v1, then v2 with a migration.
  const deploy = async (version: string, c: string, migrations: { name: string }[]) => {
    for (const component of ['api', 'workers'] as const) await driver.rollout({ component, version, artifact: { image: image(c) } }, () => undefined);
    const res = await fetch(`${stack.apiUrl}/api/v1/deployments`, {
      method: 'POST', headers: { authorization: `Bearer ${DEPLOYER}`, 'content-type': 'application/json' },
      body: JSON.stringify({ version, components: { api: { image: image(c) }, workers: { image: image(c) } }, commit: `${c.repeat(7)}`, migrations }),
    });
    expect(res.status).toBe(201);
  };
  await deploy('v1.4.0', 'a', [{ name: '011_orders' }]);
  await deploy('v1.5.0', 'b', [{ name: '011_orders' }, { name: '012_order_notes' }]);
  host = await startGrafanaHost({ jsonData: { apiUrl: stack.apiUrl, refreshSeconds: 5 }, secureJsonData: { apiToken: OPERATOR } });
  viewerHost = await startGrafanaHost({ jsonData: { apiUrl: stack.apiUrl, refreshSeconds: 5 }, secureJsonData: { apiToken: OPERATOR }, user: { login: 'viewer-e2e', role: 'Viewer' } });
  browser = await launchChromium();
  page = await browser.newPage();
  await page.setViewport({ width: 1440, height: 1100 });
  page.on('pageerror', (err) => console.error('page error:', err));
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await host?.close();
  await viewerHost?.close();
  if (stack) {
    const keys = await stack.jobs.redis.keys(`${prefix}:*`);
    if (keys.length) await stack.jobs.redis.del(...keys);
    await stack.stop();
  }
  await prometheus?.proc.stop();
  pods?.close();
  await kube?.close();
  rmSync(dir, { recursive: true, force: true });
}, 60_000);

test('an operator previews, acknowledges and runs a rollback, and follows it to verified', async () => {
  await open(page, host.url, app);
  await waitForText(page, byTestId('timeline-api'), (t) => t.includes('v1.5.0') && t.includes('LIVE'));
  await page.select('select[aria-label="Target version"]', 'v1.4.0');
  await clickButton(page, 'Preflight');
  const warning = await waitForText(page, byTestId('forward-only'), (t) => t.includes('012_order_notes'));
  expect(warning).not.toContain('011_orders');
  expect(await page.$eval(byTestId('forward-only'), (el) => getComputedStyle(el).color)).toBe('rgb(255, 51, 102)');
  // Not before the acknowledgement.
  const rollBack = /^Roll back api to v1\.4\.0$/;
  expect(await page.$$eval('button', (bs) => bs.filter((b) => /^Roll back api to/.test(b.innerText.trim())).map((b) => (b as HTMLButtonElement).disabled))).toEqual([true]);
  await page.click(`${byTestId('forward-only')} input[type="checkbox"]`);
  await clickButton(page, rollBack);
  await confirmWithReason(page, 'v1.5.0 checkout errors after deploy', /^Roll back$/);
  await waitForText(page, byTestId('rollback-progress', ' [data-testid="rollback-status"]'), (t) => t === 'SUCCEEDED' || t === 'succeeded', 60_000);
  const verification = await text(page, byTestId('verification'));
  expect(verification).toMatch(/Verification passed: at least 10 requests, error ratio <= 0.05 and p95 <= 0.5 s over 2s/);
  expect(await page.$$eval(`${byTestId('rollback-progress')} li`, (ls) => ls.map((l) => l.getAttribute('data-status')))).toEqual(Array(8).fill('succeeded'));
  await waitForText(page, byTestId('timeline-api'), (t) => /v1\.4\.0\s*ROLLBACK\s*LIVE/i.test(t));
  await waitForText(page, byTestId('rollback-history'), (t) => t.includes('v1.5.0 checkout errors after deploy') && t.includes('ops-e2e'));
  expect(kube.deployment('storefront').image).toBe(image('a'));
  expect(kube.deployment('workers').image).toBe(image('b'));
  await screenshot(page, 'rollback');
}, 120_000);

test('a viewer sees the timeline and the history and can run nothing', async () => {
  const viewer = await browser.newPage();
  await open(viewer, viewerHost.url, app);
  await waitForText(viewer, byTestId('rollback-history'), (t) => t.includes('succeeded') || t.includes('SUCCEEDED'));
  await viewer.select('select[aria-label="Target version"]', 'v1.5.0');
  expect(await viewer.$$eval('button', (bs) => bs.filter((b) => b.innerText.trim() === 'Preflight').map((b) => (b as HTMLButtonElement).disabled))).toEqual([true]);
  expect(await text(viewer, byTestId('disabled-reason'))).toContain('operator role');
  await viewer.close();
}, 60_000);
