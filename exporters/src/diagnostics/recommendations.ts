// Recommendations are explicit rules over the findings, kept as data: each has a condition
// (returning the evidence that triggered it, or nothing), a severity and a text. Change them by
// configuration (disable a rule, change its severity or a threshold) or by subclassing
// RecommendationEngine and overriding rules().
import type { Recommendation, Severity } from '@trafi-ops/contracts';
import type { Findings } from './findings.ts';

export interface RuleSettings {
  /** The latency SLO's threshold (alert-rules/slos/api-latency.yml). */
  latencySloSeconds: number;
  /** The availability SLO's objective (alert-rules/slos/api-availability.yml): its budget is 1 − objective. */
  availabilityObjective: number;
  /** A period's error ratio above budget × this burns the budget faster than it lasts. */
  burnFactor: number;
  /** A DLQ is "dominated" when one error holds at least this share… */
  dlqDominantShare: number;
  /** …of at least this many DLQ attempts. */
  dlqMinAttempts: number;
}

export const DEFAULT_RULE_SETTINGS: RuleSettings = { latencySloSeconds: 0.5, availabilityObjective: 0.999, burnFactor: 1, dlqDominantShare: 0.5, dlqMinAttempts: 5 };

export interface Rule {
  id: string;
  severity: Severity;
  title: string;
  text: string;
  /** The evidence when the rule applies, else null. */
  condition(f: Findings, s: RuleSettings): string[] | null;
}

const fmtPct = (x: number) => `${(x * 100).toFixed(2)}%`;
const figure = (f: Findings, key: string) => f.metrics.figures.find((x) => x.key === key);
const some = (xs: string[]) => (xs.length ? xs : null);

export const DEFAULT_RULES: Rule[] = [
  {
    id: 'dlq-dominated-by-one-error',
    severity: 'warning',
    title: 'The DLQ is dominated by one error',
    text: 'Most dead-lettered attempts share one error: fix that cause (often a dependency or a bad payload), then retry the entries from the DLQ page.',
    condition(f, s) {
      const dlq = f.errors.groups.filter((g) => g.source === 'dlq');
      const total = dlq.reduce((a, g) => a + g.count, 0);
      const top = [...dlq].sort((a, b) => b.count - a.count)[0];
      if (!top || total < s.dlqMinAttempts || top.count / total < s.dlqDominantShare) return null;
      return [`${top.count} of ${total} DLQ attempts (${fmtPct(top.count / total)}) failed with "${top.message}" (${top.where})`];
    },
  },
  {
    id: 'silent-event-type',
    severity: 'critical',
    title: 'An event type has gone silent',
    text: 'A store stopped sending an event type it used to send: check the storefront integration (tracking script, webhook) of that store.',
    condition: (f) => some(f.eventFlow.flatMap((s) => s.types.filter((t) => t.status === 'gap').map((t) => `${s.store}: ${t.eventType} silent for ${Math.round(t.ageSeconds ?? 0)}s`))),
  },
  {
    id: 'profit-engine-gate-closed',
    severity: 'warning',
    title: 'The Profit Engine gate is closed',
    text: 'The Profit Engine stays off for a store until its event flow is healthy: resolve the flow gaps listed in the event flow section.',
    condition: (f) => some(f.eventFlow.filter((s) => s.profitEngineGate === 'closed').map((s) => `${s.store}: ${s.reasons.join('; ') || 'unhealthy'}`)),
  },
  {
    id: 'p95-above-slo',
    severity: 'warning',
    title: 'p95 latency is above the SLO',
    text: "The tenant's requests are slower than the latency SLO: look at the slowest routes and the database query time of this tenant.",
    condition(f, s) {
      const p95 = figure(f, 'latency_p95')?.tenant;
      return p95 != null && p95 > s.latencySloSeconds ? [`p95 ${p95.toFixed(3)}s > SLO ${s.latencySloSeconds}s`] : null;
    },
  },
  {
    id: 'error-budget-burning',
    severity: 'critical',
    title: 'The error budget is burning',
    text: 'The share of failed requests exceeds the availability budget: see the request errors section for the failing routes.',
    condition(f, s) {
      const ratio = figure(f, 'error_ratio')?.tenant;
      const budget = (1 - s.availabilityObjective) * s.burnFactor;
      return ratio != null && ratio > budget ? [`error ratio ${fmtPct(ratio)} > budget ${fmtPct(budget)} (objective ${fmtPct(s.availabilityObjective)})`] : null;
    },
  },
  {
    id: 'failing-synthetic-checks',
    severity: 'critical',
    title: 'Synthetic checks are failing',
    text: 'A synthetic check (blackbox probe) failed during the period: the merchant-facing path it probes was broken for shoppers too.',
    condition: (f) => some(f.metrics.synthetics.filter((c) => c.failingSamples > 0).map((c) => `${c.check}: probe_success 0 in ${c.failingSamples} of ${c.totalSamples} samples`)),
  },
];

export interface RecommendationConfig {
  disabled?: string[];
  severity?: Record<string, Severity>;
  settings?: Partial<RuleSettings>;
}

export class RecommendationEngine {
  protected readonly settings: RuleSettings;

  constructor(protected readonly config: RecommendationConfig = {}) {
    this.settings = { ...DEFAULT_RULE_SETTINGS, ...config.settings };
  }

  /** The rules in force; override to add, replace or remove rules. */
  protected rules(): Rule[] {
    return DEFAULT_RULES;
  }

  evaluate(f: Findings): Recommendation[] {
    const order: Record<Severity, number> = { critical: 0, warning: 1, info: 2 };
    return this.rules()
      .filter((r) => !this.config.disabled?.includes(r.id))
      .flatMap((r) => {
        const evidence = r.condition(f, this.settings);
        return evidence ? [{ rule: r.id, severity: this.config.severity?.[r.id] ?? r.severity, title: r.title, text: r.text, evidence }] : [];
      })
      .sort((a, b) => order[a.severity] - order[b.severity]);
  }
}
