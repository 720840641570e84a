// SLO specs → Prometheus rules: SLI error ratios over the SRE-workbook windows, burn rates,
// volume-weighted error budget remaining (as Pyrra does) and multiwindow multi-burn-rate alerts.
// The recorded names are the metric catalogue's (@trafi-ops/contracts).
import { RECORDING_RULES, sloBurnRate, sloErrorRatio, type SloWindow } from '@trafi-ops/contracts';
import { stringify } from 'yaml';
import type { SloSpec } from './slo-spec.ts';

/** Error ratios are recorded over these windows; 5m..6h straight from the counters. */
export const SHORT_WINDOWS = ['5m', '30m', '1h', '2h', '6h'] as const satisfies readonly SloWindow[];
/** 1d, 3d and 30d sum the 5m rates recorded every 30 s: volume-weighted and cheap (one series). */
export const LONG_WINDOWS = ['1d', '3d', '30d'] as const satisfies readonly SloWindow[];
export const WINDOWS = [...SHORT_WINDOWS, ...LONG_WINDOWS];
const { sloErrors5m, sloTotal5m, sloObjective, sloErrorBudgetRemaining } = RECORDING_RULES;

/** SRE workbook, table 5-8: page on fast burns, ticket on slow ones. */
export const BURN_ALERTS = [
  { severity: 'critical', long: '1h', short: '5m', factor: 14.4 },
  { severity: 'critical', long: '6h', short: '30m', factor: 6 },
  { severity: 'warning', long: '1d', short: '2h', factor: 3 },
  { severity: 'warning', long: '3d', short: '6h', factor: 1 },
] as const satisfies readonly { severity: string; long: SloWindow; short: SloWindow; factor: number }[];

export const RUNBOOKS = 'https://github.com/trafi/trafi-ops/blob/main/docs/runbooks.md';
const EVALUATION_INTERVAL = '30s';
const HOURS: Record<SloWindow, number> = { '5m': 1 / 12, '30m': 0.5, '1h': 1, '2h': 2, '6h': 6, '1d': 24, '3d': 72, '30d': 720 };

interface RecordingRule { record: string; expr: string; labels: Record<string, string> }
interface AlertingRule { alert: string; expr: string; labels: Record<string, string>; annotations: Record<string, string> }
export interface RuleGroup { name: string; interval: string; rules: (RecordingRule | AlertingRule)[] }

/** `name{a="b"}` plus a matcher, with a suffix on the metric name. */
function selector(sel: string, suffix = '', extra?: string): string {
  const m = /^([^{]+)(?:\{(.*)\})?$/.exec(sel)!;
  const matchers = [m[2], extra].filter(Boolean).join(',');
  return `${m[1]}${suffix}${matchers ? `{${matchers}}` : ''}`;
}

/** Rates of bad and all events over a window, per SLI kind. */
function sliRates(sli: SloSpec['sli'], w: string): { errors: string; total: string } {
  if ('ratio' in sli) {
    // `or vector(0)`: no bad event yet is a ratio of 0, not an absent series.
    return { errors: `(sum(rate(${sli.ratio.errors}[${w}])) or vector(0))`, total: `sum(rate(${sli.ratio.total}[${w}]))` };
  }
  const { histogram, threshold } = sli.latency;
  const total = `sum(rate(${selector(histogram, '_count')}[${w}]))`;
  return { errors: `(${total} - sum(rate(${selector(histogram, '_bucket', `le="${threshold}"`)}[${w}])))`, total };
}

const budgetOf = (spec: SloSpec) => Number((1 - spec.objective).toPrecision(12));
const percent = (ratio: number) => `${Number((ratio * 100).toPrecision(6))}%`;
function duration(hours: number): string {
  const d = Math.floor(hours / 24);
  const h = Math.round(hours - d * 24);
  return [d && `${d}d`, h && `${h}h`].filter(Boolean).join(' ') || `${Math.round(hours * 60)}m`;
}

export function sloRuleGroup(spec: SloSpec): RuleGroup {
  const labels = { slo: spec.name, service: spec.service };
  const of = (metric: string) => `${metric}{slo="${spec.name}"}`;
  const budget = budgetOf(spec);
  const rules: (RecordingRule | AlertingRule)[] = [];
  const base = sliRates(spec.sli, '5m');
  rules.push({ record: sloErrors5m, expr: base.errors, labels });
  rules.push({ record: sloTotal5m, expr: base.total, labels });
  // 5m reuses the two records above; 30m..6h go to the counters.
  rules.push({ record: sloErrorRatio('5m'), expr: `${of(sloErrors5m)} / ${of(sloTotal5m)}`, labels });
  for (const w of SHORT_WINDOWS.filter((x) => x !== '5m')) {
    const r = sliRates(spec.sli, w);
    rules.push({ record: sloErrorRatio(w), expr: `${r.errors} / ${r.total}`, labels });
  }
  for (const w of LONG_WINDOWS) {
    rules.push({ record: sloErrorRatio(w), expr: `sum_over_time(${of(sloErrors5m)}[${w}]) / sum_over_time(${of(sloTotal5m)}[${w}])`, labels });
  }
  for (const w of WINDOWS) rules.push({ record: sloBurnRate(w), expr: `${of(sloErrorRatio(w))} / ${budget}`, labels });
  rules.push({ record: sloObjective, expr: `vector(${spec.objective})`, labels });
  rules.push({ record: sloErrorBudgetRemaining, expr: `1 - ${of(sloErrorRatio('30d'))} / ${budget}`, labels });

  const remaining = `{{ with query "${sloErrorBudgetRemaining}{slo='${spec.name}'}" }}{{ . | first | value | humanizePercentage }}{{ else }}unknown{{ end }}`;
  for (const a of BURN_ALERTS) {
    const spent = percent((a.factor * HOURS[a.long]) / HOURS['30d']);
    rules.push({
      alert: 'SLOErrorBudgetBurn',
      expr: `${of(sloBurnRate(a.long))} > ${a.factor} and ${of(sloBurnRate(a.short))} > ${a.factor}`,
      labels: { severity: a.severity, ...labels, long_window: a.long, short_window: a.short, layer: 'symptom' },
      annotations: {
        summary: `SLO ${spec.name}: error budget burning {{ $value | printf "%.1f" }}x over ${a.long} (threshold ${a.factor}x)`,
        description:
          `${spec.description}: objective ${percent(spec.objective)} over ${spec.window}. ` +
          `Over the last ${a.long} errors burn the budget at {{ $value | printf "%.1f" }}x the sustainable rate (threshold ${a.factor}x, confirmed over ${a.short}); ` +
          `at ${a.factor}x the whole budget is gone in ${duration(HOURS['30d'] / a.factor)} and ${spent} of it is spent per ${a.long}. ` +
          `Budget remaining: ${remaining}.`,
        owners: spec.owners.join(', '),
        runbook_url: `${RUNBOOKS}#sloerrorbudgetburn`,
        dashboard: `/d/trafi-slos/trafi-slos?var-slo=${spec.name}`,
      },
    });
  }
  return { name: `slo-${spec.name}`, interval: EVALUATION_INTERVAL, rules };
}

/** The generated rule file (committed; a test fails when it is out of date). */
export function renderSloRules(specs: SloSpec[]): string {
  const header = [
    '# GENERATED by `npm run generate:slo` from alert-rules/slos/*.yml: do not edit by hand.',
    '# Per SLO: error ratios over 5m..30d, burn rates, error budget remaining, burn-rate alerts.',
    '',
  ].join('\n');
  return header + stringify({ groups: specs.map(sloRuleGroup) }, { lineWidth: 0, aliasDuplicateObjects: false });
}
