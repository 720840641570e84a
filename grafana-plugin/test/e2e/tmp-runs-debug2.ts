// temporary debug script (runs helper); deleted after use
import { launchChromium } from './browser';
import { open } from './page';
import { startE2eStack } from './stack';
const e = await startE2eStack({ prometheus: false });
const browser = await launchChromium();
try {
  const page = await browser.newPage();
  await page.setViewport({ width: 1440, height: 1100 });
  await open(page, e.host.url, `/a/trafi-ops-app/runs`);
  await page.waitForSelector('[data-testid="runs-filters"]');
  const info = await page.evaluate(`(() => {
    const f = document.querySelector('[data-testid="runs-filters"]').children[2];
    const out = [];
    function walk(el, d) { const r = el.getBoundingClientRect(); const cs = getComputedStyle(el); out.push([d, el.tagName, el.className.toString().slice(0, 40), Math.round(r.left), Math.round(r.width), cs.width, cs.boxSizing, cs.paddingLeft, cs.marginLeft, cs.borderLeftWidth]); for (const c of el.children) walk(c, d + 1); }
    walk(f, 0);
    return out;
  })()`);
  console.log(JSON.stringify(info, null, 1));
} finally {
  await browser.close();
  await e.stop();
}
