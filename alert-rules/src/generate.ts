// npm run generate:slo — writes rules/slo.generated.yml from slos/*.yml;
// with --check it only says whether the committed file is current (exit 1 if not).
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderSloRules } from './slo-rules.ts';
import { loadSloSpecs } from './slo-spec.ts';

export const SLO_DIR = fileURLToPath(new URL('../slos/', import.meta.url));
export const GENERATED = fileURLToPath(new URL('../rules/slo.generated.yml', import.meta.url));

export function generatedSloRules(): string {
  return renderSloRules(loadSloSpecs(SLO_DIR));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    const text = generatedSloRules();
    if (process.argv.includes('--check')) {
      const current = readFileSync(GENERATED, 'utf8');
      if (current !== text) {
        console.error(`${GENERATED} is out of date: run npm run generate:slo`);
        process.exit(1);
      }
      console.log(`${GENERATED} is up to date`);
    } else {
      writeFileSync(GENERATED, text);
      console.log(`wrote ${GENERATED}`);
    }
  } catch (err) {
    console.error((err as Error).message);
    process.exit(1);
  }
}
