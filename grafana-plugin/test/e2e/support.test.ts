// Support mode end to end in Chromium: the built plugin's Support page on the real stack, the
// demo storefront's merchant admin page (the merchant approves in it), and the read-only merchant
// view an operator opens with the one-time code: the banner, the disabled mutation controls, a
// mutation forced from the page's console refused by the server, and the access trail that
// records it. Screenshots: docs/screenshots/support.png and merchant-view.png.
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { serveDemoPlatform } from '@trafi-ops/demo';
import { freePort } from '@trafi-ops/devstack';
import { EventReporter, type SupportAccessEntry, type SupportGrant } from '@trafi-ops/exporters';
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { launchChromium } from './browser';
import { byTestId, clickButton, confirmWithReason, open, screenshot, waitForText } from './page';
import { startE2eStack, type E2eStack } from './stack';

const PLATFORM_TOKEN = 'platform-token-e2e-0123456789';
const app = '/a/trafi-ops-app';
let e2e: E2eStack;
let browser: Browser;
let page: Page;
let demo: Server;
let demoUrl: string;
let events: EventReporter;
let dir: string;

async function ops<T>(path: string): Promise<T> {
  const res = await fetch(`${e2e.stack.apiUrl}/api/v1${path}`, { headers: { authorization: 'Bearer operator-token-e2e-0123456789' } });
  expect(res.status, path).toBe(200);
  return (await res.json()) as T;
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'trafi-support-e2e-'));
  const opsKeys = generateKeyPairSync('ed25519');
  const platformKeys = generateKeyPairSync('ed25519');
  writeFileSync(path.join(dir, 'ops.pem'), opsKeys.privateKey.export({ type: 'pkcs8', format: 'pem' }));
  writeFileSync(path.join(dir, 'platform.pub.pem'), platformKeys.publicKey.export({ type: 'spki', format: 'pem' }));
  const demoPort = await freePort();
  e2e = await startE2eStack({
    config: { SUPPORT_SIGNING_KEY_FILE: path.join(dir, 'ops.pem'), SUPPORT_PLATFORM_KEY_FILE: path.join(dir, 'platform.pub.pem'), SUPPORT_VIEW_URL: `http://127.0.0.1:${demoPort}/support/enter` },
    tokens: `storefront@platform:${PLATFORM_TOKEN}`,
  });
  events = new EventReporter({ redis: e2e.stack.jobs.redis, prefix: e2e.stack.jobs.keys.prefix });
  ({ server: demo, url: demoUrl } = await serveDemoPlatform(e2e.stack, events, demoPort, '127.0.0.1', { platform: { token: PLATFORM_TOKEN, signingKey: platformKeys.privateKey } }));
  browser = await launchChromium();
  page = await browser.newPage();
  await page.setViewport({ width: 1440, height: 900 });
  page.on('pageerror', (err) => console.error('page error:', err));
}, 180_000);

afterAll(async () => {
  await browser?.close();
  demo?.closeAllConnections();
  await new Promise((r) => demo?.close(r));
  await events?.close().catch(() => undefined);
  await e2e?.stop();
  rmSync(dir, { recursive: true, force: true });
}, 60_000);

test('request in the plugin, consent on the platform, activate, read-only merchant view, access trail', async () => {
  // 1. The operator asks acme for access on the Support page.
  await open(page, e2e.host.url, `${app}/support`);
  await page.waitForSelector(byTestId('support-request'));
  await page.type('input[aria-label="Tenant"]', 'acme');
  await page.type('input[aria-label="Support case"]', 'CASE-4711');
  await page.type('textarea[aria-label="Request reason"]', 'checkout fails for the customer');
  await page.click('input[aria-label="Minutes"]', { clickCount: 3 });
  await page.type('input[aria-label="Minutes"]', '45');
  await clickButton(page, 'Request access');
  await waitForText(page, byTestId('support-grants'), (t) => t.includes('CASE-4711') && /pending/i.test(t));
  const [grant] = (await ops<{ items: SupportGrant[] }>('/support/grants?tenant=acme')).items;
  expect(grant).toMatchObject({ state: 'pending', durationMinutes: 45, requestedBy: expect.stringContaining('ops-grafana') });

  // 2. The merchant owner approves on the platform's admin page, shortening to 30 minutes.
  // The merchant in a browser of their own (the operator's tab gets the support cookie for the platform).
  const merchantBrowser = await browser.createBrowserContext();
  const merchant = await merchantBrowser.newPage();
  await merchant.setViewport({ width: 1280, height: 900 });
  await merchant.goto(`${demoUrl}/merchant/login?tenant=acme&user=owner`, { waitUntil: 'domcontentloaded' });
  await merchant.waitForFunction(() => document.body.dataset.ready === '1', { timeout: 20_000 });
  await merchant.waitForSelector(`[data-approve="${grant!.id}"]`);
  await merchant.$eval(`[data-minutes="${grant!.id}"]`, (el) => void ((el as HTMLInputElement).value = '30'));
  await merchant.click(`[data-approve="${grant!.id}"]`);
  await merchant.waitForFunction((id) => !document.querySelector(`[data-approve="${id}"]`), {}, grant!.id);

  // 3. The Support page shows it approved with a live countdown; the operator activates with a reason.
  // A background tab runs no animation frames, which puppeteer's waits poll on.
  await page.bringToFront();
  const row = `[data-grant="${grant!.id}"]`;
  await waitForText(page, `${row} ${byTestId('grant-countdown')}`, (t) => /^(29|30):\d\d$/.test(t), 20_000);
  const first = await page.$eval(`${row} ${byTestId('grant-countdown')}`, (el) => (el as HTMLElement).innerText);
  await waitForText(page, `${row} ${byTestId('grant-countdown')}`, (t) => t !== first, 5000);
  await clickButton(page, 'Activate', row);
  await confirmWithReason(page, 'customer reports failed checkouts since 10:00', 'Activate');
  await page.waitForSelector(byTestId('support-session'));

  // 4. "Open merchant view": a new tab exchanges the one-time code for the HttpOnly cookie.
  const opened = browser.waitForTarget((t) => t !== merchant.target() && t.url().startsWith(`${demoUrl}/merchant/acme/`), { timeout: 20_000 });
  await clickButton(page, 'Open merchant view');
  const view = (await (await opened).page())!;
  await view.bringToFront();
  await view.setViewport({ width: 1280, height: 900 });
  await view.waitForFunction(() => document.body.dataset.ready === '1', { timeout: 20_000 });
  expect(view.url()).not.toContain('code=');
  expect(await view.evaluate(() => document.cookie)).not.toContain('trafi_support'); // HttpOnly: no script reads it
  const banner = await view.$eval('#support-banner', (el) => ({ text: (el as HTMLElement).innerText, shown: getComputedStyle(el).display !== 'none', position: getComputedStyle(el).position }));
  expect(banner.shown).toBe(true);
  expect(banner.position).toBe('sticky');
  expect(banner.text).toMatch(/^support mode — read-only — expires in (29|30):\d\d$/);
  const buttons = await view.$$eval('button', (bs) => bs.map((b) => ({ text: (b as HTMLElement).innerText, disabled: (b as HTMLButtonElement).disabled })));
  expect(buttons.filter((b) => /Refund|Save settings|Rotate API key/.test(b.text)).length).toBeGreaterThanOrEqual(8);
  expect(buttons.filter((b) => /Refund|Save settings|Rotate API key/.test(b.text)).every((b) => b.disabled)).toBe(true);
  const settings = await view.$eval('#settings', (el) => (el as HTMLElement).innerText);
  expect(settings).toContain('hidden in support mode');
  expect(settings).not.toContain('sk_live_');
  await screenshot(view, 'merchant-view');

  // 5. A mutation forced from the page's console: the server refuses it and nothing changes.
  const forced = await view.evaluate(async () => {
    const res = await fetch('/merchant/acme/api/orders/acme-o-1001/refund', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ reason: 'forced from console' }) });
    return { status: res.status, body: await res.json() };
  });
  expect(forced).toEqual({ status: 403, body: { error: { code: 'read_only', message: 'support mode is read-only: nothing was changed' } } });
  const order = await merchant.evaluate(async () => (await (await fetch('/merchant/acme/api/orders/acme-o-1001')).json()) as { status: string });
  expect(order.status).toBe('paid');

  await page.bringToFront();
  // 6. The access trail on the Support page shows the session's requests, the refused one included.
  await clickButton(page, 'Access trail', row);
  const trail = await waitForText(page, byTestId('support-access-trail'), (t) => t.includes('read_only') && t.includes('/merchant/:tenant/api/settings'), 20_000);
  expect(trail).toContain('/support/enter');
  const entries = (await ops<{ items: SupportAccessEntry[] }>(`/support/grants/${grant!.id}/access`)).items;
  expect(entries.find((e) => e.method === 'POST')).toMatchObject({ route: '/merchant/:tenant/api/orders/:orderId/refund', status: 403, outcome: 'denied', operator: expect.stringContaining('ops-grafana') });
  expect(await page.$eval(row, (el) => (el as HTMLElement).dataset.state)).toBe('active');
  await screenshot(page, 'support');

  // 7. The merchant revokes; the open view's next request fails.
  await merchant.bringToFront();
  await merchant.reload({ waitUntil: 'domcontentloaded' });
  await merchant.waitForFunction(() => document.body.dataset.ready === '1');
  await merchant.click(`[data-revoke="${grant!.id}"]`);
  await merchant.waitForFunction((id) => !document.querySelector(`[data-revoke="${id}"]`), {}, grant!.id);
  const after = await view.evaluate(async () => (await fetch('/merchant/acme/api/orders')).status);
  expect(after).toBe(401);
  await view.close();
  await merchantBrowser.close();
});
