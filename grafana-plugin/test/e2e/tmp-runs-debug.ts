// temporary debug script (runs helper); deleted after use
import { launchChromium } from './browser';
import { clickButton, confirmWithReason, open, waitForText } from './page';
import { downstream, startE2eStack } from './stack';
const e = await startE2eStack({ prometheus: false });
const browser = await launchChromium();
try {
  const page = await browser.newPage();
  await page.setViewport({ width: 1440, height: 1100 });
  page.on('pageerror', (err) => console.log('pageerror', err));
  await open(page, e.host.url, `/a/trafi-ops-app/runs`);
  await e.stack.jobs.enqueueBulk(['acme', 'globex'].flatMap((t) => Array.from({ length: 4 }, (_, i) => ({ type: 'email.send', payload: { to: `${t}-${i}@example.com` }, context: { tenantId: t, actor: 'x', requestId: 'r' } }))));
  const { id } = await e.stack.jobs.enqueue('order.sync', { orderId: 'A-1001', steps: 12 }, { tenantId: 'acme', actor: 'x', requestId: 'r' });
  await page.waitForSelector(`a[href$="/runs/orders/${id}"]`, { timeout: 10000 });
  await new Promise((r) => setTimeout(r, 1500));
  await page.screenshot({ path: '/tmp/runs-list.png' });
  await page.click(`a[href$="/runs/orders/${id}"]`);
  await new Promise((r) => setTimeout(r, 1200));
  await page.screenshot({ path: '/tmp/run-live.png', fullPage: true });
  await waitForText(page, '[data-testid="run-state"]', (t) => /dead.lettered/i.test(t), 30_000);
  await new Promise((r) => setTimeout(r, 500));
  await page.screenshot({ path: '/tmp/run-dead.png', fullPage: true });
  downstream.erpUp = true;
  await clickButton(page, 'Replay');
  await confirmWithReason(page, 'ERP is back after the outage', 'Replay');
  await page.waitForFunction((rid) => /\/runs\/orders\/[^/]+$/.test(window.location.pathname) && !window.location.pathname.endsWith(`/${rid}`), { timeout: 15_000 }, id);
  console.log('navigated to', await page.evaluate(() => window.location.pathname));
  await waitForText(page, '[data-testid="run-state"]', (t) => /completed/i.test(t), 30_000);
  await new Promise((r) => setTimeout(r, 1000));
  const lines = await page.$$eval('[data-testid="log-line"]', (els) => els.map((x) => (x as HTMLElement).innerText));
  console.log(lines.length, lines.at(-1), await page.evaluate(() => document.querySelector('[data-testid="log-status"]')?.textContent), await page.evaluate(() => document.querySelector('[role="status"]')?.textContent));
  await page.screenshot({ path: '/tmp/run-replayed.png', fullPage: true });
  await open(page, e.host.url, `/a/trafi-ops-app/runs/orders/nope`);
  await new Promise((r) => setTimeout(r, 800));
  await page.screenshot({ path: '/tmp/run-404.png' });
} finally {
  await browser.close();
  await e.stop();
}
