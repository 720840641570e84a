// What the Chromium benchmarks share: the e2e stack and Chromium around them, a fresh page per
// measured run, medians, and how figures print.
import type { Browser, Page } from 'puppeteer-core';
import { launchChromium } from './browser';
import { startE2eStack, type E2eStack } from './stack';

export const SCALE = Number(process.env.BENCH_SCALE ?? 1);
/** Measured runs per size; the tables give their median. */
export const RUNS = 3;

export const progress = (s: string) => process.stderr.write(`${s}\n`);
export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
export const ms = (x: number | undefined) => (x === undefined ? '-' : `${x.toFixed(0)} ms`);
export const ratio = (a: number, b: number) => `${(a / Math.max(b, 1)).toFixed(2)}x`;

/** RUNS measurements, each on a fresh 1440×900 page. */
export async function onFreshPages<T>(browser: Browser, measure: (page: Page) => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  for (let i = 0; i < RUNS; i++) {
    const page = await browser.newPage();
    await page.setViewport({ width: 1440, height: 900 });
    // tsx (esbuild keepNames) wraps named functions in __name(): give the page a no-op one.
    await page.evaluateOnNewDocument('globalThis.__name = (fn) => fn;');
    results.push(await measure(page));
    await page.close();
  }
  return results;
}

/** Runs a benchmark on the e2e stack with Chromium, stops both, and exits 1 if it failed. */
export function runBench(bench: (e2e: E2eStack, browser: Browser) => Promise<void>): void {
  const main = async () => {
    const e2e = await startE2eStack();
    const browser = await launchChromium();
    try {
      await bench(e2e, browser);
    } finally {
      await browser.close();
      await e2e.stop();
    }
  };
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
