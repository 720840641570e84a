// The Diagnostics page in Chromium against the real stack: an operator builds a report for a
// support case (reason dialog, progress), sees it in the tenant's list with its findings and
// recommendations, and downloads the PDF through the plugin proxy; a viewer sees the reports but
// cannot build one. Writes docs/screenshots/diagnostics.png.
import { PrometheusApi } from '@trafi-ops/exporters';
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { launchChromium } from './browser';
import { startGrafanaHost, type GrafanaHost } from './host/server';
import { byTestId, clickButton, confirmWithReason, open, screenshot, text, waitForText } from './page';
import { startE2eStack, type E2eStack } from './stack';

const app = '/a/trafi-ops-app';
const ctx = (tenantId: string) => ({ tenantId, actor: 'e2e', requestId: `req-${tenantId}` });
let e2e: E2eStack;
let viewerHost: GrafanaHost;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  e2e = await startE2eStack();
  e2e.stack.diagnostics.usePrometheus(new PrometheusApi(e2e.prometheus.url));
  // A DLQ full of one error for acme (with customer e-mails in the payloads), for the report to find.
  await e2e.stack.jobs.enqueueBulk(Array.from({ length: 8 }, (_, i) => ({ type: 'invoice.render', payload: { invoice: 7000 + i }, context: ctx('acme') })));
  await e2e.stack.jobs.enqueueBulk(Array.from({ length: 5 }, (_, i) => ({ type: 'email.send', payload: { to: `buyer-${i}@shop.example` }, context: ctx('acme') })));
  const started = Date.now();
  while ((await e2e.stack.dlq.size()) < 8) {
    if (Date.now() - started > 20_000) throw new Error('DLQ entries did not arrive');
    await new Promise((r) => setTimeout(r, 100));
  }
  viewerHost = await startGrafanaHost({
    jsonData: { apiUrl: e2e.stack.apiUrl, prometheusUid: 'prometheus', refreshSeconds: 5 },
    secureJsonData: { apiToken: 'operator-token-e2e-0123456789' },
    datasources: { prometheus: e2e.prometheus.url },
    user: { login: 'support-viewer', role: 'Viewer' },
  });
  browser = await launchChromium();
  page = await browser.newPage();
  await page.setViewport({ width: 1440, height: 1000 });
  page.on('pageerror', (err) => console.error('page error:', err));
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await viewerHost?.close();
  await e2e?.stop();
}, 60_000);

test('an operator builds a report, follows it, previews it and downloads the PDF', async () => {
  await open(page, e2e.host.url, `${app}/diagnostics`);
  await page.waitForSelector(byTestId('diagnostics-form'));
  await page.type('input[aria-label="Tenant"]', 'acme');
  await page.type('input[aria-label="Case id"]', 'CASE-E2E-1');
  await clickButton(page, 'Build report');
  await confirmWithReason(page, 'merchant asked why invoices fail', 'Build');
  await waitForText(page, byTestId('diagnostics-notice'), (t) => t.includes('CASE-E2E-1'), 45_000);

  // The preview: the seeded fault found, with its evidence; sanitized.
  await page.waitForSelector(byTestId('recommendation', '[data-rule="dlq-dominated-by-one-error"]'), { timeout: 15_000 });
  const preview = await text(page, byTestId('report-preview'));
  expect(preview).toContain('8 of 8 DLQ attempts');
  expect(preview).toMatch(/pdf service rejected invoice \d+: template missing/);
  expect(preview).not.toContain('@shop.example');
  const row = await text(page, byTestId('report-row'));
  expect(row).toMatch(/CASE-E2E-1\s+acme\s+24 h\s+ops-e2e.*succeeded/s);

  // The download goes through the plugin proxy and is a PDF.
  const href = await page.$eval(byTestId('report-download'), (a) => (a as HTMLAnchorElement).href);
  const got = await page.evaluate(async (url) => {
    const res = await fetch(url);
    const bytes = new Uint8Array(await res.arrayBuffer());
    return { status: res.status, type: res.headers.get('content-type'), head: String.fromCharCode(...bytes.slice(0, 5)), size: bytes.length };
  }, href);
  expect(got).toMatchObject({ status: 200, type: 'application/pdf', head: '%PDF-' });
  expect(got.size).toBeGreaterThan(10_000);
  await screenshot(page, 'diagnostics');
}, 90_000);

test('a viewer sees the reports and their findings but cannot build one', async () => {
  const viewer = await browser.newPage();
  await viewer.setViewport({ width: 1440, height: 900 });
  await open(viewer, viewerHost.url, `${app}/diagnostics`);
  await viewer.waitForSelector(byTestId('report-row'), { timeout: 20_000 });
  expect(await text(viewer, byTestId('disabled-reason'))).toBe('Building a report needs the operator role.');
  const disabled = await viewer.$$eval('button', (bs) => bs.filter((b) => b.innerText.trim() === 'Build report').map((b) => (b as HTMLButtonElement).disabled));
  expect(disabled).toEqual([true]);
  await viewer.click(byTestId('report-row'));
  await viewer.waitForSelector(byTestId('recommendation'), { timeout: 15_000 });
  await viewer.close();
}, 60_000);
