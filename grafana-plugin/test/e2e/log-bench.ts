// npm run bench -w grafana-plugin (second part): a finished run's log of 20,000 lines
// (BENCH_SCALE scales it) in Chromium, against a log of 200 lines in the same run.
//   shown       a click on the run in the Runs list → its last log line on screen and the
//               stream ended (every line arrived over SSE and went through React)
//   DOM rows    log lines in the page then (capped: the newest 5,000)
//   pause       a click on Pause with everything shown → the button answers (main thread free)
//   earlier     a click on "Show 5,000 earlier" → those lines on screen
import type { Page } from 'puppeteer-core';
import { RUNS, SCALE, median, ms, onFreshPages, progress, ratio, runBench } from './bench-kit';
import { byTestId } from './page';
import type { E2eStack } from './stack';

const BIG = Math.max(1000, Math.round(20_000 * SCALE));
const SMALL = 200;

/** A completed email.send run whose log holds `lines` lines (written straight to its BullMQ log list). */
async function runWithLog(e2e: E2eStack, lines: number): Promise<string> {
  const { jobs } = e2e.stack;
  const { queue, id } = await jobs.enqueue('email.send', { to: `bench-${lines}@example.com` }, { tenantId: 'acme', actor: 'bench', requestId: `bench-${lines}` });
  const q = jobs.queue(queue);
  for (const started = Date.now(); (await q.getJobState(id)) !== 'completed'; ) {
    if (Date.now() - started > 30_000) throw new Error(`run ${queue}/${id} did not complete`);
    await new Promise((r) => setTimeout(r, 50));
  }
  const key = `${q.toKey(id)}:logs`;
  for (let from = 0; from < lines; from += 1000) {
    const chunk = Array.from({ length: Math.min(1000, lines - from) }, (_, i) => `${new Date().toISOString()} step ${from + i + 1}/${lines}: exported row ${from + i + 1} of the tenant report (acme)`);
    await jobs.redis.rpush(key, ...chunk);
  }
  return id;
}

interface Measure {
  shown: number;
  domRows: number;
  pause: number;
  earlier: number | undefined;
}

async function measure(page: Page, base: string, id: string, lines: number): Promise<Measure> {
  await page.goto(`${base}/a/trafi-ops-app/runs?queue=emails`, { waitUntil: 'domcontentloaded' });
  const link = `a[href$="/runs/emails/${id}"]`;
  await page.waitForSelector(link, { timeout: 60_000 });
  const start = await page.evaluate((sel) => {
    const t = performance.now();
    (document.querySelector(sel) as HTMLAnchorElement).click();
    return t;
  }, link);
  const last = `${lines}/${lines}:`;
  await page.waitForFunction(
    (rows, status, text) => {
      const all = document.querySelectorAll(rows);
      return document.querySelector(status)?.textContent?.startsWith('ended') && all[all.length - 1]?.textContent?.includes(text);
    },
    { timeout: 120_000, polling: 'raf' },
    byTestId('log-line'),
    byTestId('log-status'),
    last,
  );
  const shown = (await page.evaluate(() => performance.now())) - start;
  const domRows = (await page.$$(byTestId('log-line'))).length;
  const pause = await clickAndWait(page, 'Pause', 'Resume');
  const earlier = domRows < lines ? await clickAndWait(page, 'Show 5,000 earlier', undefined, domRows) : undefined;
  return { shown, domRows, pause, earlier };
}

/** Clicks the button labelled `label`; done when a button labelled `then` exists, or the log holds more than `rows` lines. */
function clickAndWait(page: Page, label: string, then: string | undefined, rows = 0): Promise<number> {
  return page.evaluate(
    async (label, then, rows) => {
      const button = (text: string) => [...document.querySelectorAll('button')].find((b) => b.textContent?.trim() === text);
      const t = performance.now();
      button(label)!.click();
      await new Promise<void>((resolve) => {
        const check = () => ((then ? button(then) : document.querySelectorAll('[data-testid="log-line"]').length > rows) ? resolve() : requestAnimationFrame(check));
        check();
      });
      return performance.now() - t;
    },
    label,
    then,
    rows,
  );
}

runBench(async (e2e, browser) => {
  progress(`Run log benchmark: ${BIG.toLocaleString('en-US')} lines vs ${SMALL} (BENCH_SCALE=${SCALE}), ${RUNS} runs each`);
  const results: Record<number, Measure> = {};
  for (const lines of [SMALL, BIG]) {
    const id = await runWithLog(e2e, lines);
    progress(`  run emails/${id} holds ${lines.toLocaleString('en-US')} log lines; measuring`);
    const runs = await onFreshPages(browser, (page) => measure(page, e2e.host.url, id, lines));
    const earlier = runs.map((r) => r.earlier).filter((x): x is number => x !== undefined);
    results[lines] = {
      shown: median(runs.map((r) => r.shown)),
      domRows: Math.max(...runs.map((r) => r.domRows)),
      pause: median(runs.map((r) => r.pause)),
      earlier: earlier.length ? median(earlier) : undefined,
    };
  }
  const big = results[BIG]!;
  const small = results[SMALL]!;
  console.log(`\n| Run log in Chromium | ${BIG.toLocaleString('en-US')} lines | ${SMALL} lines (baseline) | ratio |`);
  console.log('|---|---|---|---|');
  console.log(`| click on the run → every line arrived, the last one on screen | ${ms(big.shown)} | ${ms(small.shown)} | ${ratio(big.shown, small.shown)} |`);
  console.log(`| log lines in the DOM then | ${big.domRows} | ${small.domRows} | - |`);
  console.log(`| Pause → the button answers | ${ms(big.pause)} | ${ms(small.pause)} | ${ratio(big.pause, small.pause)} |`);
  console.log(`| Show 5,000 earlier → on screen | ${ms(big.earlier)} | ${ms(small.earlier)} | - |`);
});
