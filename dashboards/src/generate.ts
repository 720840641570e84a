// npm run generate:dashboards — writes provisioning/dashboards/json/<uid>.json;
// with --check it only says whether the committed files are current (exit 1 if not).
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dashboards } from './index.ts';

export const JSON_DIR = fileURLToPath(new URL('../../provisioning/dashboards/json/', import.meta.url));

export function renderedDashboards(): Map<string, string> {
  return new Map(dashboards().map((d) => [`${d.uid}.json`, `${JSON.stringify(d, null, 2)}\n`]));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const stale: string[] = [];
  for (const [file, text] of renderedDashboards()) {
    const path = `${JSON_DIR}${file}`;
    if (process.argv.includes('--check')) {
      if (readFileSync(path, 'utf8') !== text) stale.push(path);
    } else {
      writeFileSync(path, text);
      console.log(`wrote ${path}`);
    }
  }
  if (stale.length) {
    console.error(`out of date (run npm run generate:dashboards): ${stale.join(', ')}`);
    process.exit(1);
  }
}
