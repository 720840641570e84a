// The SLO generator: the committed rule file is what the specs generate, the generated rules
// have the windows, burn rates and alert pairs of the SRE workbook, and bad specs fail clearly.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { stringify } from 'yaml';
import { GENERATED, SLO_DIR, generatedSloRules } from '../src/generate.ts';
import { BURN_ALERTS, WINDOWS, sloRuleGroup } from '../src/slo-rules.ts';
import { SloSpecError, loadSloSpecs } from '../src/slo-spec.ts';

test('rules/slo.generated.yml is up to date with slos/*.yml (else: npm run generate:slo)', () => {
  expect(readFileSync(GENERATED, 'utf8')).toBe(generatedSloRules());
});

test('the four SLOs: availability, latency, job success and synthetic checkout, 30 days, with owners', () => {
  const specs = loadSloSpecs(SLO_DIR);
  expect(specs.map((s) => s.name)).toEqual(['api-availability', 'api-latency', 'checkout-synthetic', 'job-success']);
  for (const s of specs) {
    expect(s.window).toBe('30d');
    expect(s.owners.length).toBeGreaterThan(0);
  }
});

test('each SLO gets error ratios over 5m..30d, burn rates, budget remaining and 4 multiwindow alerts', () => {
  const [availability] = loadSloSpecs(SLO_DIR);
  const group = sloRuleGroup(availability!);
  const records = group.rules.flatMap((r) => ('record' in r ? [r.record] : []));
  for (const w of WINDOWS) {
    expect(records).toContain(`slo:sli_error:ratio_rate${w}`);
    expect(records).toContain(`slo:burn_rate:rate${w}`);
  }
  expect(WINDOWS).toEqual(['5m', '30m', '1h', '2h', '6h', '1d', '3d', '30d']);
  expect(records).toContain('slo:error_budget_remaining:ratio');
  const alerts = group.rules.flatMap((r) => ('alert' in r ? [r] : []));
  expect(alerts.map((a) => [a.labels.severity, a.labels.long_window, a.labels.short_window, a.expr])).toEqual(
    BURN_ALERTS.map((b) => [b.severity, b.long, b.short, `slo:burn_rate:rate${b.long}{slo="api-availability"} > ${b.factor} and slo:burn_rate:rate${b.short}{slo="api-availability"} > ${b.factor}`]),
  );
  expect(BURN_ALERTS.map((b) => b.factor)).toEqual([14.4, 6, 3, 1]);
  // The long windows are volume-weighted: sums of recorded rates, not a mean of ratios.
  expect(group.rules.find((r) => 'record' in r && r.record === 'slo:sli_error:ratio_rate30d')!.expr).toBe(
    'sum_over_time(slo:sli_errors:rate5m{slo="api-availability"}[30d]) / sum_over_time(slo:sli_total:rate5m{slo="api-availability"}[30d])',
  );
});

const good = { name: 'bad', description: 'd', service: 'storefront', objective: 0.999, window: '30d', owners: ['x'], sli: { ratio: { errors: 'a_total{code="500"}', total: 'a_total' } } };

test.each([
  [{ objective: 1.5 }, 'bad.yml: objective: Too big'],
  [{ window: '7d' }, 'bad.yml: window: '],
  [{ sli: { ratio: { errors: 'rate(x[5m])', total: 'x' } } }, 'bad.yml: sli.ratio.errors: expected a metric selector'],
  [{ owners: [] }, 'bad.yml: owners: Too small'],
  [{ extra: 1 }, 'bad.yml: (root): Unrecognized key'],
  [{ name: 'other' }, 'bad.yml: name: must match the file name'],
])('a bad spec (%j) fails naming the file and the field', (override, message) => {
  const dir = mkdtempSync(join(tmpdir(), 'trafi-slo-'));
  writeFileSync(join(dir, 'bad.yml'), stringify({ ...good, ...override }));
  expect(() => loadSloSpecs(dir)).toThrow(SloSpecError);
  expect(() => loadSloSpecs(dir)).toThrow(message);
  rmSync(dir, { recursive: true });
});
