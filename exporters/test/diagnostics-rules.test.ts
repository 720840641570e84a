// Recommendation rules: each one with findings that trigger it and findings that do not, and
// the two ways to change them (configuration and subclassing).
import { describe, expect, test } from 'vitest';
import type { ErrorGroup, Figure, StoreFlowVerdict } from '@trafi-ops/contracts';
import type { Findings } from '../src/diagnostics/findings.ts';
import { DEFAULT_RULES, RecommendationEngine, type Rule } from '../src/diagnostics/recommendations.ts';

const group = (source: ErrorGroup['source'], message: string, count: number): ErrorGroup => ({ source, where: 'payment.capture', message, count, firstSeen: 1, lastSeen: 2 });
const fig = (key: string, tenant: number | null): Figure => ({ key, label: key, unit: 'ratio', tenant, platform: null });
const store = (healthy: boolean, gap = false): StoreFlowVerdict => ({
  store: 'acme-store-1', healthy, profitEngineGate: healthy ? 'open' : 'closed', healthyShare: 1, reasons: healthy ? [] : ['no checkout event'],
  types: [{ eventType: 'checkout_completed', total: 10, inPeriod: 3, ageSeconds: 900, status: gap ? 'gap' : 'ok' }],
});

function findings(over: { groups?: ErrorGroup[]; figures?: Figure[]; eventFlow?: StoreFlowVerdict[]; synthetics?: Findings['metrics']['synthetics'] } = {}): Findings {
  return {
    config: { available: true, values: {} },
    errors: { groups: over.groups ?? [], jobErrors: 0, requestErrors: 0 },
    metrics: { available: true, figures: over.figures ?? [], series: [], jobTypes: [], synthetics: over.synthetics ?? [] },
    eventFlow: over.eventFlow ?? [store(true)],
  };
}

const cases: Record<string, { triggers: Findings; quiet: Findings; evidence: RegExp }> = {
  'dlq-dominated-by-one-error': {
    triggers: findings({ groups: [group('dlq', 'timeout', 8), group('dlq', 'bad payload', 2)] }),
    // Spread over errors, or too few to say: not dominated. Job and request errors do not count.
    quiet: findings({ groups: [group('dlq', 'timeout', 4), group('dlq', 'bad payload', 4), group('dlq', 'x', 4), group('job', 'timeout', 100)] }),
    evidence: /^8 of 10 DLQ attempts \(80\.00%\) failed with "timeout"/,
  },
  'silent-event-type': { triggers: findings({ eventFlow: [store(false, true)] }), quiet: findings({ eventFlow: [store(true)] }), evidence: /acme-store-1: checkout_completed silent for 900s/ },
  'profit-engine-gate-closed': { triggers: findings({ eventFlow: [store(false)] }), quiet: findings({ eventFlow: [store(true)] }), evidence: /acme-store-1: no checkout event/ },
  'p95-above-slo': { triggers: findings({ figures: [fig('latency_p95', 0.9)] }), quiet: findings({ figures: [fig('latency_p95', 0.2), fig('latency_p99', 3)] }), evidence: /p95 0\.900s > SLO 0\.5s/ },
  'error-budget-burning': { triggers: findings({ figures: [fig('error_ratio', 0.02)] }), quiet: findings({ figures: [fig('error_ratio', 0.0005)] }), evidence: /error ratio 2\.00% > budget 0\.10%/ },
  'failing-synthetic-checks': {
    triggers: findings({ synthetics: [{ check: 'checkout', failingSamples: 3, totalSamples: 120 }] }),
    // Passing probes, or no probes at all (before the blackbox exporter is deployed): nothing.
    quiet: findings({ synthetics: [{ check: 'checkout', failingSamples: 0, totalSamples: 120 }] }),
    evidence: /checkout: probe_success 0 in 3 of 120 samples/,
  },
};

test('every default rule has a case here', () => {
  expect(DEFAULT_RULES.map((r) => r.id).sort()).toEqual(Object.keys(cases).sort());
});

describe.each(Object.entries(cases))('%s', (id, c) => {
  const engine = new RecommendationEngine();
  test('triggers with its evidence', () => {
    const r = engine.evaluate(c.triggers).find((x) => x.rule === id);
    expect(r).toBeDefined();
    expect(r!.evidence[0]).toMatch(c.evidence);
    expect(r!.text.length).toBeGreaterThan(20);
  });
  test('stays quiet', () => {
    expect(engine.evaluate(c.quiet).map((x) => x.rule)).not.toContain(id);
  });
});

test('no data is no finding: a report without metrics or probes recommends nothing', () => {
  expect(new RecommendationEngine().evaluate(findings())).toEqual([]);
});

test('configuration disables rules, changes severities and thresholds', () => {
  const f = findings({ figures: [fig('latency_p95', 0.9), fig('error_ratio', 0.02)] });
  const engine = new RecommendationEngine({ disabled: ['error-budget-burning'], severity: { 'p95-above-slo': 'critical' }, settings: { latencySloSeconds: 0.3 } });
  expect(engine.evaluate(f)).toEqual([expect.objectContaining({ rule: 'p95-above-slo', severity: 'critical', evidence: ['p95 0.900s > SLO 0.3s'] })]);
  expect(new RecommendationEngine({ settings: { latencySloSeconds: 1 } }).evaluate(f).map((r) => r.rule)).toEqual(['error-budget-burning']);
});

test('a subclass adds its own rules; results come critical first', () => {
  const slowDb: Rule = { id: 'slow-db', severity: 'info', title: 'Slow database', text: 'Queries are slow for this tenant.', condition: (f) => ((f.metrics.figures.find((x) => x.key === 'db_p95')?.tenant ?? 0) > 0.1 ? ['db p95 high'] : null) };
  class Custom extends RecommendationEngine {
    protected override rules(): Rule[] {
      return [slowDb, ...super.rules()];
    }
  }
  const out = new Custom().evaluate(findings({ figures: [fig('db_p95', 0.2), fig('error_ratio', 0.5)] }));
  expect(out.map((r) => [r.rule, r.severity])).toEqual([['error-budget-burning', 'critical'], ['slow-db', 'info']]);
});
