// The rule files against the metric catalogue (@trafi-ops/contracts): every series an
// expression selects is a catalogued family, recording rule or outside series, with labels
// its family has; and the recording rules the YAML defines are exactly the catalogue's.
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { recordingRuleNames } from '@trafi-ops/contracts';
import { expect, test } from 'vitest';
import { parse } from 'yaml';
import { catalogueErrors, selections } from '../src/promql.ts';

const RULES = fileURLToPath(new URL('../rules/', import.meta.url));
interface Rule { record?: string; alert?: string; expr: string }
const rules: (Rule & { file: string })[] = readdirSync(RULES).filter((f) => f.endsWith('.yml')).flatMap((file) =>
  (parse(readFileSync(`${RULES}${file}`, 'utf8')).groups as { rules: Rule[] }[]).flatMap((g) => g.rules.map((r) => ({ ...r, file }))),
);

test('every series and label a rule selects is in the metric catalogue', () => {
  expect(rules.length).toBeGreaterThan(100);
  for (const r of rules) expect(catalogueErrors(r.expr), `${r.file}: ${r.record ?? r.alert}: ${r.expr}`).toEqual([]);
  // The check can fail:
  expect(catalogueErrors('rate(trafi_http_request_total[5m])')).toEqual(['trafi_http_request_total: not in the metric catalogue']);
  expect(catalogueErrors('trafi_queue_jobs{queue="a",stat="waiting"}')).toEqual(['trafi_queue_jobs: no label stat']);
  expect(catalogueErrors('{__name__=~"trafi_.*"}')).toHaveLength(1);
  expect(selections('sum by (le) (rate(a_bucket{le="1"}[5m])) / b offset 1h + max_over_time(c{x="y"}[1h:1m])')).toEqual([
    { name: 'a_bucket', labels: ['le'] }, { name: 'b', labels: [] }, { name: 'c', labels: ['x'] },
  ]);
});

test('the recording rules of the YAML are exactly the catalogue\'s', () => {
  const defined = new Set(rules.flatMap((r) => r.record ?? []));
  expect([...defined].sort()).toEqual([...new Set(recordingRuleNames())].sort());
});
