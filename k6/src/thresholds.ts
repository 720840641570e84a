// k6 thresholds (`options.thresholds`): `metric` or `metric{tag:value}` → expressions like
// `rate==1`, `p(95)<2000`, `count>0`, each judged on the run's samples.
import { aggregate, type Samples } from './samples.ts';

export interface ThresholdResult { metric: string; expression: string; value: number; ok: boolean }

const OPS: Record<string, (a: number, b: number) => boolean> = {
  '<=': (a, b) => a <= b, '>=': (a, b) => a >= b, '==': (a, b) => a === b, '===': (a, b) => a === b, '!=': (a, b) => a !== b, '<': (a, b) => a < b, '>': (a, b) => a > b,
};

export function judgeThresholds(thresholds: Record<string, (string | { threshold: string })[]>, samples: Samples): ThresholdResult[] {
  const out: ThresholdResult[] = [];
  for (const [selector, exprs] of Object.entries(thresholds)) {
    const m = /^([\w.]+)(?:\{(.*)\})?$/.exec(selector);
    if (!m) throw new Error(`invalid threshold metric ${selector}`);
    const metric = m[1]!;
    const filter = Object.fromEntries((m[2] ?? '').split(',').filter(Boolean).map((kv) => kv.split(':').map((s) => s.trim()) as [string, string]));
    const type = samples.types.get(metric);
    const values = samples.values(metric, filter);
    for (const raw of exprs) {
      const expression = typeof raw === 'string' ? raw : raw.threshold;
      const e = /^\s*(avg|min|max|med|count|rate|value|p\(\d+(?:\.\d+)?\))\s*(<=|>=|===|==|!=|<|>)\s*(-?[\d.]+)\s*$/.exec(expression);
      if (!e) throw new Error(`invalid threshold expression ${expression} on ${selector}`);
      // A metric that got no samples is k6's zero value (its thresholds judge 0).
      const value = type ? aggregate(type, values, e[1] === 'rate' || e[1] === 'count' && type === 'counter' ? undefined : e[1]) : 0;
      out.push({ metric: selector, expression, value, ok: OPS[e[2]!]!(value, Number(e[3])) });
    }
  }
  return out;
}
