// What the SLOs page (and the alert banner, for the SLO that fires) asks Prometheus: the
// generated SLO recording rules per `slo` label (alert-rules/slos/*.yml → slo.generated.yml) and
// the firing burn-rate alerts, all named from the metric catalogue (test/components/queries.test.ts).
import { EXTERNAL_SERIES, RECORDING_RULES, SLO_WINDOWS, sloBurnRate, sloErrorRatio, type SloWindow } from '@trafi-ops/contracts';
import { instantQuery, viaPrometheus, type Sample } from '../../api/prometheus';

/** The generated burn-rate alert (alert-rules' SLO generator). */
export const BURN_ALERT = 'SLOErrorBudgetBurn';

export const SLO_QUERIES = {
  objective: RECORDING_RULES.sloObjective,
  errorRatioNow: sloErrorRatio('5m'),
  budgetRemaining: RECORDING_RULES.sloErrorBudgetRemaining,
  firing: `${EXTERNAL_SERIES.alerts}{alertname="${BURN_ALERT}",alertstate="firing"}`,
  ...(Object.fromEntries(SLO_WINDOWS.map((w) => [`burn${w}`, sloBurnRate(w)])) as Record<`burn${SloWindow}`, string>),
} as const;

/** The banner needs only this. */
export const SLO_BUDGET_QUERIES = { budgetRemaining: RECORDING_RULES.sloErrorBudgetRemaining } as const;

export interface BurnAlert {
  severity: string;
  longWindow: string;
  shortWindow: string;
}

export interface SloStatus {
  slo: string;
  service?: string;
  objective?: number;
  /** Good events / all events over the last 5 minutes. */
  sliNow?: number;
  /** Share of the 30-day error budget still unspent (negative: overspent). */
  budgetRemaining?: number;
  burn: Partial<Record<SloWindow, number>>;
  firing: BurnAlert[];
}

export function loadSlos(uid: string): Promise<SloStatus[]> {
  return viaPrometheus(uid, async () => {
    const keys = Object.keys(SLO_QUERIES) as Array<keyof typeof SLO_QUERIES>;
    const answers = Object.fromEntries(await Promise.all(keys.map(async (k) => [k, await instantQuery(uid, SLO_QUERIES[k])] as const))) as Record<keyof typeof SLO_QUERIES, Sample[]>;
    const slos = new Map<string, SloStatus>();
    const of = (s: Sample) => {
      const name = s.labels.slo;
      if (!name) return undefined;
      const slo = slos.get(name) ?? { slo: name, burn: {}, firing: [] };
      slo.service ??= s.labels.service;
      slos.set(name, slo);
      return slo;
    };
    const value = (v: number) => (Number.isFinite(v) ? v : undefined);
    for (const s of answers.objective) of(s)!.objective = value(s.value);
    for (const s of answers.errorRatioNow) {
      const slo = of(s);
      if (slo && value(s.value) !== undefined) slo.sliNow = 1 - s.value;
    }
    for (const s of answers.budgetRemaining) {
      const slo = of(s);
      if (slo) slo.budgetRemaining = value(s.value);
    }
    for (const w of SLO_WINDOWS) {
      for (const s of answers[`burn${w}`]) {
        const slo = of(s);
        if (slo) slo.burn[w] = value(s.value);
      }
    }
    for (const s of answers.firing) of(s)?.firing.push({ severity: s.labels.severity ?? 'unknown', longWindow: s.labels.long_window ?? '?', shortWindow: s.labels.short_window ?? '?' });
    return [...slos.values()].sort((a, b) => a.slo.localeCompare(b.slo));
  });
}

/** Budget remaining by SLO name, for the alert banner. */
export function loadSloBudgets(uid: string): Promise<Record<string, number>> {
  return viaPrometheus(uid, async () => {
    const out: Record<string, number> = {};
    for (const s of await instantQuery(uid, SLO_BUDGET_QUERIES.budgetRemaining)) if (s.labels.slo && Number.isFinite(s.value)) out[s.labels.slo] = s.value;
    return out;
  });
}
