// The built plugin (dist/module.js) loaded the way Grafana loads it, in Chromium, against the
// real ops API on real Redis with a real Prometheus: every page walked, actions clicked
// through, styles checked, screenshots saved for the README (docs/screenshots).
import type { AuditEntry, DlqEntry } from '@trafi-ops/contracts';
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchChromium } from './browser';
import { byTestId, clickButton, confirmWithReason, open, screenshot, text, waitForText } from './page';
import { downstream, startE2eStack, type E2eStack } from './stack';
import { startGrafanaHost, type GrafanaHost } from './host/server';

const ctx = (tenantId: string) => ({ tenantId, actor: 'e2e', requestId: `req-${tenantId}` });
const until = async (what: string, ok: () => Promise<boolean>, timeout = 30_000) => {
  const started = Date.now();
  while (!(await ok())) {
    if (Date.now() - started > timeout) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
};

/** WCAG contrast ratio of two computed rgb() colours. */
function contrast(a: string, b: string): number {
  const lum = (c: string) => {
    const [r, g, bl] = (c.match(/[\d.]+/g) ?? []).slice(0, 3).map((v) => Number(v) / 255).map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * bl!;
  };
  const [x, y] = [lum(a), lum(b)].sort((m, n) => n - m);
  return (x! + 0.05) / (y! + 0.05);
}

let e2e: E2eStack;
let browser: Browser;
let page: Page;
const app = '/a/trafi-ops-app';

async function ops<T>(path: string): Promise<T> {
  const res = await fetch(`${e2e.stack.apiUrl}/api/v1${path}`, { headers: { authorization: 'Bearer operator-token-e2e-0123456789' } });
  expect(res.status, path).toBe(200);
  return (await res.json()) as T;
}

beforeAll(async () => {
  downstream.erpUp = false;
  downstream.pdfUp = false;
  e2e = await startE2eStack();
  browser = await launchChromium();
  page = await browser.newPage();
  await page.setViewport({ width: 1440, height: 900 });
  page.on('pageerror', (err) => console.error('page error:', err));
  // Traffic the pages can show: completed emails for every tenant, twelve dead invoices.
  await e2e.stack.jobs.enqueueBulk(['acme', 'globex', 'initech'].flatMap((t) => Array.from({ length: 10 }, (_, i) => ({ type: 'email.send', payload: { to: `${t}-${i}@example.com` }, context: ctx(t) }))));
  await e2e.stack.jobs.enqueueBulk(Array.from({ length: 12 }, (_, i) => ({ type: 'invoice.render', payload: { invoice: 9000 + i }, context: ctx(i % 2 ? 'acme' : 'globex') })));
  await until('12 DLQ entries', async () => (await e2e.stack.dlq.size()) === 12);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await e2e?.stop();
}, 60_000);

describe('Queues page', () => {
  test('shows every queue with its counts, and the counts move as jobs arrive', async () => {
    await open(page, e2e.host.url, `${app}/queues`);
    const emails = byTestId('queue-row', '[data-queue="emails"]');
    await page.waitForSelector(emails);
    await waitForText(page, `${byTestId('queue-row', '[data-queue="invoices"]')} ${byTestId('queue-count-dlq')}`, (t) => t === '12');
    const before = Number(await waitForText(page, `${emails} ${byTestId('queue-count-waiting')}`, (t) => /^\d+$/.test(t)));
    // Pause through the UI (operator, with a reason): BullMQ's paused flag is set in Redis.
    const meta = e2e.stack.jobs.queue('emails').toKey('meta');
    expect(await e2e.stack.jobs.redis.hget(meta, 'paused')).toBeNull();
    await page.click(`${emails} ${byTestId('queue-pause')}`);
    await confirmWithReason(page, 'smtp relay maintenance', 'Pause');
    await until('the paused flag in Redis', async () => (await e2e.stack.jobs.redis.hget(meta, 'paused')) === '1');
    await waitForText(page, `${emails} ${byTestId('queue-status')}`, (t) => t.includes('paused'));
    await e2e.stack.jobs.enqueueBulk(Array.from({ length: 7 }, (_, i) => ({ type: 'email.send', payload: { to: `late-${i}@example.com` }, context: ctx('acme') })));
    await waitForText(page, `${emails} ${byTestId('queue-count-waiting')}`, (t) => Number(t) === before + 7, 20_000);
    // The jobs/minute trend comes from Prometheus through the datasource proxy.
    await until('a Prometheus query through the datasource proxy', async () => e2e.host.proxied.some((p) => p.startsWith('ds:prometheus GET /api/v1/query') && p.endsWith(' 200')));
    // A paused queue counts in the header as needing a look; its badge is filled amber, not lime.
    expect(await text(page, byTestId('queues-summary'))).toMatch(/need a look \(\d+ unhealthy, [1-9]\d* warning\)/);
    expect(await page.$eval(`${emails} ${byTestId('queue-badge')}`, (el) => getComputedStyle(el).backgroundColor)).toBe('rgb(255, 184, 0)');
    await page.click(`${emails} ${byTestId('queue-resume')}`);
    await confirmWithReason(page, 'relay is back', 'Resume');
    await until('the paused flag gone from Redis', async () => (await e2e.stack.jobs.redis.hget(meta, 'paused')) === null);
    await waitForText(page, `${emails} ${byTestId('queue-count-waiting')}`, (t) => Number(t) === 0, 20_000);
    const audit = await ops<{ items: AuditEntry[] }>('/audit?target=emails');
    expect(audit.items.map((a) => [a.action, a.reason, a.outcome])).toEqual([['queue.resume', 'relay is back', 'succeeded'], ['queue.pause', 'smtp relay maintenance', 'succeeded']]);
    // Those 7 completions show up as jobs/minute once Prometheus has scraped them and evaluated its rules.
    await waitForText(page, `${emails} ${byTestId('queue-rate')}`, (t) => /^[\d.,]+$/.test(t) && Number(t.replace(/,/g, '')) > 0, 60_000);
    await screenshot(page, 'queues');
  });
});

describe('Runs', () => {
  test('a failing run streams its logs live, fails into the DLQ, and Replay runs it again to completion', async () => {
    const { id } = await e2e.stack.jobs.enqueue('order.sync', { orderId: 'A-1001', steps: 30 }, ctx('acme'));
    await open(page, e2e.host.url, `${app}/runs?queue=orders`);
    const row = `a[href$="/runs/orders/${id}"]`;
    await page.waitForSelector(row, { timeout: 20_000 });
    await page.click(row);
    await page.waitForFunction((rid) => window.location.pathname.endsWith(`/runs/orders/${rid}`), {}, id);

    // Lines arrive one by one while the run is active (one every 150 ms).
    const lines = () => page.$$eval(byTestId('log-line'), (els) => els.map((e) => (e as HTMLElement).innerText));
    await until('the first log line', async () => (await lines()).length > 0, 15_000);
    const early = (await lines()).length;
    await until('more log lines', async () => (await lines()).length > early + 3, 15_000);
    // Two attempts fail (ERP down), then the run is dead-lettered.
    await waitForText(page, byTestId('run-state'), (t) => /dead.lettered/i.test(t), 30_000);
    await waitForText(page, byTestId('log-status'), (t) => t === 'ended (dead_lettered)', 15_000);
    expect(await page.$eval(byTestId('log-status'), (el) => getComputedStyle(el).color)).toBe('rgb(255, 51, 102)'); // not success-green
    expect(await page.$$eval(byTestId('log-attempt'), (els) => els.map((e) => (e as HTMLElement).dataset.attempt))).toEqual(['1', '2']);
    expect(await page.$eval(byTestId('log-time'), (el) => (el as HTMLElement).innerText)).toMatch(/^\d\d:\d\d:\d\d\.\d{3}$/);
    expect(await text(page, byTestId('run-title'))).toBe(`orders / order.sync / ${id}`);
    expect(await page.$$eval(byTestId('timeline-segment'), (els) => els.map((e) => (e as HTMLElement).dataset.kind))).toEqual(['wait', 'failed', 'backoff', 'failed']);
    const all = await lines();
    const indexes = all.map((l) => Number(/^\s*(\d+)/.exec(l)?.[1]));
    expect(indexes, 'every line once, in order').toEqual(indexes.map((_, i) => i));
    expect(all.filter((l) => /step \d+\/30: syncing A-1001 \(attempt 1\)/.test(l))).toHaveLength(30);
    expect(all.filter((l) => /attempt 2\)/.test(l))).toHaveLength(30);
    const timeline = await text(page, byTestId('attempts-timeline'));
    expect(timeline.match(/ERP refused order A-1001/g)?.length).toBe(2);
    await screenshot(page, 'run-detail');

    // The partner is back: replay with a reason and follow the new run to completion.
    downstream.erpUp = true;
    await clickButton(page, 'Replay');
    await confirmWithReason(page, 'ERP is back after the outage', 'Replay');
    await page.waitForFunction((rid) => /\/runs\/orders\/[^/]+$/.test(window.location.pathname) && !window.location.pathname.endsWith(`/${rid}`), { timeout: 15_000 }, id);
    await waitForText(page, byTestId('run-state'), (t) => /completed/i.test(t), 30_000);
    await until('the new run\'s last log line', async () => (await lines()).some((l) => l.includes('order A-1001 synced')), 15_000);

    // The list of every run: the replayed one completed, the original dead-lettered, emails, invoices.
    await open(page, e2e.host.url, `${app}/runs`);
    await page.waitForSelector('[data-state="dead_lettered"]', { timeout: 20_000 });
    await screenshot(page, 'runs');

    const audit = await ops<{ items: AuditEntry[] }>('/audit');
    const replay = audit.items.find((a) => a.action === 'run.replay');
    expect(replay).toMatchObject({ target: `orders/${id}`, reason: 'ERP is back after the outage', user: 'ops-e2e (grafana:ops-grafana)', role: 'operator' });
  });
});

describe('DLQ page', () => {
  test('selected entries are bulk-retried with a reason and leave the DLQ', async () => {
    await open(page, e2e.host.url, `${app}/dlq?queue=invoices`);
    await waitForText(page, byTestId('dlq-loaded-count'), (t) => /\b12\b/.test(t));
    const ids = await page.$$eval(byTestId('dlq-row'), (rows) => rows.map((r) => (r as HTMLElement).dataset.id!));
    const chosen = ids.slice(0, 3);
    for (const entry of chosen) await page.click(byTestId(`dlq-select-${entry}`));
    await waitForText(page, byTestId('dlq-selected-count'), (t) => /\b3\b/.test(t));
    await screenshot(page, 'dlq');

    downstream.pdfUp = true;
    await page.click(byTestId('dlq-bulk-retry'));
    await confirmWithReason(page, 'pdf templates restored', /^Retry/);
    await waitForText(page, byTestId('dlq-loaded-count'), (t) => /\b9\b/.test(t), 20_000);
    const left = await page.$$eval(byTestId('dlq-row'), (rows) => rows.map((r) => (r as HTMLElement).dataset.id!));
    expect(left.filter((x) => chosen.includes(x))).toEqual([]);

    // Retried in place: the same runs completed, and the audit row names exactly these entries.
    const remaining = await ops<{ items: DlqEntry[] }>('/dlq?queue=invoices&limit=100');
    expect(remaining.items).toHaveLength(9);
    const audit = await ops<{ items: AuditEntry[] }>('/audit');
    const retry = audit.items.find((a) => a.action === 'dlq.bulk_retry');
    expect(retry).toMatchObject({ reason: 'pdf templates restored', user: 'ops-e2e (grafana:ops-grafana)' });
    expect((retry!.details as { ids: string[] }).ids.sort()).toEqual([...chosen].sort());

    // Group by error: the nine left share one error (the invoice number folded).
    await page.click(byTestId('dlq-view-toggle'));
    await page.waitForSelector(byTestId('dlq-error-group'));
    expect(await page.$$eval(byTestId('dlq-error-group'), (rows) => rows.map((r) => [(r as HTMLElement).dataset.count, (r as HTMLElement).innerText.split('\t')[0]]))).toEqual([['9', 'pdf service rejected invoice N: template missing']]);
    await page.click(byTestId('dlq-view-toggle'));
  });
});

describe('Health page', () => {
  test('a strict grid of coloured cells from Prometheus', async () => {
    await open(page, e2e.host.url, `${app}/health`);
    const redis = byTestId('health-cell', '[data-name*="redis" i]');
    await page.waitForFunction((sel) => document.querySelector(sel)?.getAttribute('data-status') === 'ok', { timeout: 30_000 }, redis);
    // Everything the stack runs is up: the exporters' scrape, both dependencies, every queue's worker.
    const cells = await page.$$eval(byTestId('health-cell'), (els) => els.map((c) => [(c as HTMLElement).dataset.name, (c as HTMLElement).dataset.status]));
    const statusOf = Object.fromEntries(cells.filter(([name]) => name));
    expect(statusOf['service:api']).toBe('ok');
    expect(statusOf['service:dashboard']).toBe('ok'); // Grafana's own api/health
    expect(statusOf['service:workers']).toBe('ok');
    expect(statusOf['dependency:redis']).toBe('ok');
    expect(statusOf['dependency:pglite']).toBe('ok');
    for (const q of ['emails', 'orders', 'invoices']) expect(statusOf[`workers:${q}`], q).toBe('ok');
    // An ok cell stays black, its status word green: only problems are filled.
    expect(await page.$eval(redis, (el) => getComputedStyle(el).backgroundColor)).toBe('rgb(0, 0, 0)');
    expect(await page.$eval(`${redis} span:last-child`, (el) => getComputedStyle(el).color)).toBe('rgb(0, 255, 148)');
    await screenshot(page, 'health');
  });
});

describe('Tenants, Event flow, SLOs and Audit pages (real Prometheus data)', () => {
  test('tenants sorted by any column, initech (all checkouts failing) highlighted, storage from the tenant schemas', async () => {
    await open(page, e2e.host.url, `${app}/tenants`);
    const initech = byTestId('tenant-row', '[data-tenant="initech"]');
    await page.waitForFunction((sel) => document.querySelector(sel)?.getAttribute('data-status') === 'bad', { timeout: 60_000 }, initech);
    const order = () => page.$$eval(byTestId('tenant-row'), (rows) => rows.map((r) => (r as HTMLElement).dataset.tenant));
    expect((await order())[0]).toBe('initech'); // worst error rate first (the default sort)
    expect(await page.$eval(`${initech} td:first-child`, (td) => getComputedStyle(td).borderLeftColor)).toBe('rgb(255, 51, 102)');
    expect(await page.$eval(byTestId('tenant-row', '[data-tenant="acme"]'), (tr) => (tr as HTMLElement).dataset.status)).toBe('ok');
    await waitForText(page, `${byTestId('tenant-row', '[data-tenant="acme"]')} [data-metric="storageBytes"]`, (t) => /\d+(\.\d)? (KiB|MiB)/.test(t), 30_000);
    await page.click(byTestId('sort-storageBytes'));
    await page.waitForFunction(() => new URLSearchParams(window.location.search).get('sort') === 'storageBytes');
    await until('sorted by storage', async () => (await order()).slice(0, 3).join() === 'acme,globex,initech');
    await page.click(byTestId('sort-storageBytes'));
    await until('sorted by storage, ascending', async () => (await order()).slice(0, 3).join() === 'initech,globex,acme');
    await page.click(byTestId('sort-errorRate'));
    await until('sorted by error rate', async () => (await order())[0] === 'initech');
    await screenshot(page, 'tenants');
  });

  test('event flow: the store with a gap first, flagged, its gate closed; counts from Prometheus; the detail from the API', async () => {
    await open(page, e2e.host.url, `${app}/event-flow`);
    const first = byTestId('store-row');
    await page.waitForFunction((sel) => document.querySelector(sel)?.getAttribute('data-store') === 'initech-store-1' && document.querySelector(sel)?.getAttribute('data-healthy') === 'false', { timeout: 30_000 }, first);
    expect(await text(page, `${first} ${byTestId('store-gaps')}`)).toContain('checkout_completed');
    await waitForText(page, `${byTestId('store-row', '[data-store="acme-store-1"]')} ${byTestId('store-events-1h')}`, (t) => Number(t.replace(/,/g, '')) > 0, 60_000);
    await page.click(byTestId('store-detail-initech-store-1'));
    await waitForText(page, byTestId('store-detail'), (t) => /profit engine gate closed/i.test(t)); // innerText is as shown: capitals
    expect(await page.$$eval(`${byTestId('store-detail')} ${byTestId('store-type-row')}`, (rows) => rows.map((r) => [(r as HTMLElement).dataset.type, (r as HTMLElement).dataset.status]))).toContainEqual(['checkout_completed', 'gap']);
    // At 1440 px both tables fit their panels: no sideways scroll hides the store column.
    for (const table of ['event-flow-table', 'store-types']) {
      const box = await page.$eval(byTestId(table), (t) => ({ scroll: t.parentElement!.scrollWidth, client: t.parentElement!.clientWidth }));
      expect(box.scroll, `${table}: ${JSON.stringify(box)}`).toBeLessThanOrEqual(box.client);
    }
    await screenshot(page, 'event-flow');
  });

  test('SLOs: objective, SLI, budget bar and burn rates from the generated rules', async () => {
    await open(page, e2e.host.url, `${app}/slos`);
    const jobs = byTestId('slo-row', '[data-slo="job-success"]');
    await waitForText(page, `${jobs} ${byTestId('slo-budget')}`, (t) => /%/.test(t), 60_000);
    const api = byTestId('slo-row', '[data-slo="api-availability"]');
    await waitForText(page, `${api} ${byTestId('slo-sli')}`, (t) => /%/.test(t), 60_000);
    // Dead-lettered invoices spent the job-success budget: red, the bar empty.
    expect(await page.$eval(`${jobs} ${byTestId('slo-budget')}`, (el) => (el as HTMLElement).dataset.status)).toBe('bad');
    expect(await page.$eval(`${jobs} [role="meter"]`, (el) => el.getAttribute('aria-valuenow'))).toBe('0');
    // At 1440 px the whole table fits its panel: no sideways scroll.
    const box = await page.$eval(byTestId('slos-table'), (t) => ({ scroll: t.parentElement!.scrollWidth, client: t.parentElement!.clientWidth }));
    expect(box.scroll, JSON.stringify(box)).toBeLessThanOrEqual(box.client);
    await screenshot(page, 'slos');
  });

  test('audit: filtered by action and target, newest first', async () => {
    await open(page, e2e.host.url, `${app}/audit?target=emails`);
    await page.waitForSelector(byTestId('audit-row'), { timeout: 20_000 });
    expect(await page.$$eval(byTestId('audit-row'), (rows) => rows.map((r) => (r as HTMLElement).dataset.action))).toEqual(['queue.resume', 'queue.pause']);
    await open(page, e2e.host.url, `${app}/audit`);
    await page.waitForSelector(byTestId('audit-row'));
    await screenshot(page, 'audit');
  });
});

describe('brutalist theme', () => {
  test('radius 0, no shadows, black, Acid Lime actions, JetBrains Mono on data', async () => {
    await open(page, e2e.host.url, `${app}/dlq`);
    await page.waitForSelector(byTestId('dlq-total')); // rows and queue totals loaded: the layout has settled
    await page.evaluate(() => document.fonts.ready);
    await page.click(`${byTestId('dlq-row')} input[type="checkbox"]`); // enables the bulk actions
    await waitForText(page, byTestId('dlq-selected-count'), (t) => /^1 selected/.test(t));
    await new Promise((r) => setTimeout(r, 500)); // Grafana's buttons fade between states (transition)
    const styles = await page.evaluate(() => {
      const scope = document.querySelector('[data-testid="trafi-ops-scope"]')!;
      const els = [scope, ...scope.querySelectorAll('*')];
      const styled = els.flatMap((el) => [getComputedStyle(el), getComputedStyle(el, '::before'), getComputedStyle(el, '::after')].map((st) => ({ el, st })));
      const rounded = styled.filter(({ st }) => st.borderTopLeftRadius !== '0px' || st.borderBottomRightRadius !== '0px').map(({ el }) => el.outerHTML.slice(0, 80));
      const shadowed = styled.filter(({ st }) => st.boxShadow !== 'none').map(({ el }) => el.outerHTML.slice(0, 80));
      const primary = scope.querySelector('[data-testid="dlq-bulk-retry"]')!;
      const mono = scope.querySelector('[data-testid="dlq-row"] [data-mono], [data-testid="dlq-row"] .mono');
      return {
        elements: els.length,
        rounded,
        shadowed,
        background: getComputedStyle(scope).backgroundColor,
        color: getComputedStyle(scope).color,
        primaryBackground: getComputedStyle(primary).backgroundColor,
        monoFont: mono ? getComputedStyle(mono).fontFamily : null,
        monoLoaded: document.fonts.check('12px "JetBrains Mono"'),
      };
    });
    expect(styles.elements).toBeGreaterThan(100);
    expect(styles.rounded).toEqual([]);
    expect(styles.shadowed).toEqual([]);
    expect(styles.background).toBe('rgb(0, 0, 0)');
    expect(styles.color).toBe('rgb(255, 255, 255)');
    expect(styles.primaryBackground).toBe('rgb(204, 255, 0)');
    // Bulk Delete: WCAG AA, text on its background at least 4.5:1.
    const del = await page.$eval(byTestId('dlq-bulk-delete'), (el) => [getComputedStyle(el).color, getComputedStyle(el).backgroundColor]);
    expect(contrast(del[0]!, del[1]!), del.join(' on ')).toBeGreaterThanOrEqual(4.5);
    expect(styles.monoFont).toMatch(/^"?JetBrains Mono/);
    expect(styles.monoLoaded).toBe(true);

    // Portals (a Select menu, the entry drawer) are square and flat as well.
    const portalStyles = () =>
      page.evaluate(() => {
        const els = [...document.querySelectorAll('.rc-drawer, .rc-drawer *, #grafana-portal-container *')];
        const styled = els.flatMap((el) => [getComputedStyle(el), getComputedStyle(el, '::before'), getComputedStyle(el, '::after')].map((st) => ({ el, st })));
        return {
          elements: els.length,
          rounded: styled.filter(({ st }) => st.borderTopLeftRadius !== '0px' || st.borderBottomRightRadius !== '0px').map(({ el }) => el.outerHTML.slice(0, 80)),
          shadowed: styled.filter(({ st }) => st.boxShadow !== 'none').map(({ el }) => el.outerHTML.slice(0, 80)),
        };
      });
    await page.click('#dlq-filter-queue');
    await page.waitForSelector('#grafana-portal-container [role="option"]');
    await new Promise((r) => setTimeout(r, 300)); // the menu fades in
    const menu = await portalStyles();
    expect(menu.elements).toBeGreaterThan(3);
    expect(menu).toMatchObject({ rounded: [], shadowed: [] });
    await page.keyboard.press('Escape');
    await page.click(`${byTestId('dlq-row')} [data-mono]`);
    await page.waitForSelector(byTestId('dlq-entry-detail'));
    await new Promise((r) => setTimeout(r, 500)); // the drawer slides in
    const drawer = await portalStyles();
    expect(drawer.elements).toBeGreaterThan(20);
    expect(drawer).toMatchObject({ rounded: [], shadowed: [] });

    // UX-4: status badges in their colours (the runs of this test: completed and dead-lettered ones).
    await open(page, e2e.host.url, `${app}/runs`);
    await page.waitForSelector('[data-state="completed"]');
    const badges = await page.$$eval('[data-state]', (els) => Object.fromEntries(els.map((el) => [(el as HTMLElement).dataset.state, getComputedStyle(el).backgroundColor])));
    expect(badges.completed).toBe('rgb(0, 255, 148)');
    expect(badges.dead_lettered).toBe('rgb(255, 51, 102)');
    // A failed run that will retry is outlined, not filled like a dead-lettered one.
    if (badges.failed) expect(badges.failed).toBe('rgb(0, 0, 0)');
  });
});

describe('critical alert banner', () => {
  test('appears on every page while Alertmanager has a critical alert firing, and not for a warning', async () => {
    const post = (alerts: unknown[]) => fetch(`${e2e.alertmanager.url}/api/v2/alerts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(alerts) });
    const endsAt = new Date(Date.now() + 10 * 60_000).toISOString();
    const res = await post([
      { labels: { alertname: 'TrafiDependencyDown', severity: 'critical', service: 'exporters', dependency: 'redis', layer: 'cause' }, annotations: { summary: 'Redis is down', runbook_url: 'https://runbooks.example/TrafiDependencyDown', dashboard: '/d/trafi-system-health' }, endsAt },
      { labels: { alertname: 'TrafiQueueBacklogGrowing', severity: 'warning', service: 'exporters', queue: 'emails' }, annotations: { summary: 'emails backlog growing' }, endsAt },
      { labels: { alertname: 'SLOErrorBudgetBurn', severity: 'critical', slo: 'job-success', service: 'jobs', long_window: '1h', short_window: '5m' }, annotations: { summary: 'SLO job-success: error budget burning' }, endsAt },
    ]);
    expect(res.status).toBe(200);
    for (const section of ['queues', 'dlq']) {
      await open(page, e2e.host.url, `${app}/${section}`);
      const banner = await waitForText(page, byTestId('alert-banner'), (t) => t.includes('TrafiDependencyDown'), 20_000);
      expect(banner).toMatch(/2 critical alerts firing/);
      expect(banner).toContain('Redis is down');
      expect(banner).not.toContain('TrafiQueueBacklogGrowing');
      const runbook = await page.$eval(`${byTestId('alert-banner')} a`, (a) => (a as HTMLAnchorElement).href);
      expect(runbook).toBe('https://runbooks.example/TrafiDependencyDown');
      expect(await page.$eval(`${byTestId('alert-banner')} a`, (a) => getComputedStyle(a).textDecorationLine)).toBe('underline');
    }
    // The budget of the SLO that fires, from Prometheus (the invoices dead-lettered above spend it).
    expect(await waitForText(page, byTestId('alert-budget'), (t) => /error budget (left|overspent)/.test(t), 30_000)).toMatch(/\d+\.\d\d %/);
    await screenshot(page, 'alert-banner');
    // Resolved: the banner goes away at the next poll (the page is reopened rather than waiting 30 s).
    await post([
      { labels: { alertname: 'TrafiDependencyDown', severity: 'critical', service: 'exporters', dependency: 'redis', layer: 'cause' }, annotations: { summary: 'Redis is down' }, endsAt: new Date(Date.now() - 1000).toISOString() },
      { labels: { alertname: 'SLOErrorBudgetBurn', severity: 'critical', slo: 'job-success', service: 'jobs', long_window: '1h', short_window: '5m' }, annotations: { summary: 'SLO job-success: error budget burning' }, endsAt: new Date(Date.now() - 1000).toISOString() },
    ]);
    await until('Alertmanager to resolve the alert', async () => (await ops<{ alerts: unknown[] }>('/alerts?severity=critical')).alerts.length === 0);
    await open(page, e2e.host.url, `${app}/queues`);
    await page.waitForSelector(byTestId('queue-row'));
    expect(await page.$(byTestId('alert-banner'))).toBeNull();
  });
});

describe('a Grafana Viewer', () => {
  let viewer: GrafanaHost;
  beforeAll(async () => {
    viewer = await startGrafanaHost({
      jsonData: { apiUrl: e2e.stack.apiUrl, prometheusUid: 'prometheus' },
      secureJsonData: { apiToken: 'operator-token-e2e-0123456789' },
      datasources: { prometheus: e2e.prometheus.url },
      user: { login: 'viewer-e2e', role: 'Viewer' },
    });
  });
  afterAll(() => viewer?.close());

  test('sees the DLQ but cannot retry: the UI disables it and the plugin proxy refuses the POST', async () => {
    await open(page, viewer.url, `${app}/dlq`);
    await page.waitForSelector(byTestId('dlq-total'));
    await page.click(`${byTestId('dlq-row')} input[type="checkbox"]`); // selecting is allowed, acting is not
    await waitForText(page, byTestId('dlq-selected-count'), (t) => /^1 selected/.test(t));
    const retry = await page.$eval(byTestId('dlq-bulk-retry'), (b) => ({
      disabled: (b as HTMLButtonElement).disabled,
      title: b.getAttribute('title'),
      // The reason on screen, tied to the button for screen readers.
      described: document.getElementById(b.getAttribute('aria-describedby') ?? '')?.textContent,
    }));
    expect(retry).toEqual({ disabled: true, title: 'Needs the operator role (ops:write)', described: 'Needs the operator role (ops:write)' });
    const status = await page.evaluate(async () => (await fetch('/api/plugin-proxy/trafi-ops-app/ops/api/v1/dlq/retry', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ filter: {}, reason: 'nope' }) })).status);
    expect(status).toBe(403);
    expect(viewer.proxied).toContain('POST ops/api/v1/dlq/retry 403');
  });
});

describe('the configuration page (a Grafana Admin)', () => {
  let admin: GrafanaHost;
  beforeAll(async () => {
    admin = await startGrafanaHost({
      jsonData: { apiUrl: e2e.stack.apiUrl, prometheusUid: 'prometheus', refreshSeconds: 10 },
      secureJsonData: { apiToken: 'operator-token-e2e-0123456789' },
      datasources: { prometheus: e2e.prometheus.url },
      user: { login: 'admin-e2e', role: 'Admin' },
    });
  });
  afterAll(() => admin?.close());

  test('shows the provisioned settings, tests the connection through the proxy, and saves what the proxy then uses', async () => {
    await open(page, admin.url, '/plugins/trafi-ops-app');
    const apiUrl = await page.waitForSelector('#apiUrl');
    expect(await apiUrl!.evaluate((el) => (el as HTMLInputElement).value)).toBe(e2e.stack.apiUrl);
    await clickButton(page, 'Test connection');
    await waitForText(page, byTestId('config-test-result'), (t) => t === 'OK: the ops API answered with 3 queues');
    await screenshot(page, 'config', byTestId('trafi-ops-scope'));

    // Point the app at nothing: the settings go to Grafana, and the next proxied call fails.
    await apiUrl!.click({ count: 3 });
    await apiUrl!.type('http://127.0.0.1:9');
    await clickButton(page, 'Save settings');
    await waitForText(page, byTestId('config-save-result'), (t) => t.startsWith('Saved.'));
    expect(admin.saved.at(-1)).toMatchObject({ jsonData: { apiUrl: 'http://127.0.0.1:9', prometheusUid: 'prometheus' } });
    expect(admin.saved.at(-1)!.secureJsonData, 'an unchanged token is not sent again').toBeUndefined();
    await clickButton(page, 'Test connection');
    await waitForText(page, byTestId('config-test-result'), (t) => /cannot be reached/i.test(t));
  });
});
