// Small helpers over a puppeteer Page for the plugin's end-to-end tests.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'puppeteer-core';

export const SCREENSHOTS = path.resolve(import.meta.dirname, '../../../docs/screenshots');

/** Opens an app path (e.g. "/a/trafi-ops-app/queues") and waits for the host to mount the plugin. */
export async function open(page: Page, base: string, appPath: string): Promise<void> {
  await page.goto(`${base}${appPath}`, { waitUntil: 'domcontentloaded' });
  await page.waitForFunction(() => document.body.dataset.hostReady === 'true' || document.body.dataset.hostError, { timeout: 30_000 });
  const error = await page.evaluate(() => document.body.dataset.hostError);
  if (error) throw new Error(`the host could not mount the plugin: ${error}`);
}

export const byTestId = (id: string, extra = '') => `[data-testid="${id}"]${extra}`;

export async function text(page: Page, selector: string): Promise<string> {
  return page.$eval(selector, (el) => (el as HTMLElement).innerText.trim());
}

/** Waits until `selector`'s text satisfies `ok` (pages poll, so values arrive after a while). */
export async function waitForText(page: Page, selector: string, ok: (t: string) => boolean, timeout = 30_000): Promise<string> {
  const started = Date.now();
  let last = '';
  while (Date.now() - started < timeout) {
    last = await page.$eval(selector, (el) => (el as HTMLElement).innerText.trim()).catch(() => '');
    if (ok(last)) return last;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${selector}; last text: ${JSON.stringify(last)}`);
}

export async function clickButton(page: Page, label: string | RegExp, within = 'body'): Promise<void> {
  const handle = await page.waitForFunction(
    (sel, src, flags) => {
      const re = new RegExp(src, flags);
      return [...document.querySelectorAll(`${sel} button`)].find((b) => re.test((b as HTMLElement).innerText.trim()) && !(b as HTMLButtonElement).disabled) ?? null;
    },
    { timeout: 15_000 },
    within,
    typeof label === 'string' ? `^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$` : label.source,
    typeof label === 'string' ? '' : label.flags,
  );
  await (handle.asElement() as import('puppeteer-core').ElementHandle<HTMLElement>).click();
}

/** Fills the ReasonDialog's reason and presses its confirm button. */
export async function confirmWithReason(page: Page, reason: string, confirm: string | RegExp): Promise<void> {
  const box = await page.waitForSelector('textarea[aria-label="Reason"]', { visible: true });
  await box!.type(reason);
  await clickButton(page, confirm, '[role="dialog"]');
}

/** Saves docs/screenshots/<name>.png: the viewport, or just the element `selector` names. */
export async function screenshot(page: Page, name: string, selector?: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${name}.png`) as `${string}.png`;
  if (selector) await (await page.waitForSelector(selector))!.screenshot({ path: file });
  else await page.screenshot({ path: file });
  return file;
}
