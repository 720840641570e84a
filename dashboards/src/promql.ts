// The PromQL of a dashboard: every target's expression, with Grafana's variables replaced by
// what they stand for at query time, and a syntax check with Prometheus' own grammar.
import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { parser } from '@prometheus-io/lezer-promql';

export interface PanelQuery { dashboard: string; panel: string; refId: string; expr: string }

/** Every target of every panel. */
export function panelQueries(d: Dashboard): PanelQuery[] {
  return (d.panels ?? []).flatMap((p) => {
    const panel = p as { title?: string; targets?: { expr?: string; refId?: string }[] };
    return (panel.targets ?? []).filter((t) => t.expr).map((t) => ({ dashboard: d.uid ?? '', panel: panel.title ?? '', refId: t.refId ?? '', expr: t.expr! }));
  });
}

/** `$__rate_interval` → 1m (4 scrapes at 15 s), `$var` → `.*` (the "All" value of our variables). */
export function expand(expr: string, rateInterval = '1m'): string {
  return expr.replaceAll('$__rate_interval', rateInterval).replace(/\$\{?(\w+)\}?/g, '.*');
}

/** Syntax errors of an expression (empty when it parses). */
export function promqlErrors(expr: string): string[] {
  const errors: string[] = [];
  parser.parse(expr).iterate({
    enter: (node) => {
      if (node.type.isError) errors.push(`syntax error at ${node.from}: …${expr.slice(Math.max(0, node.from - 20), node.from + 20)}…`);
    },
  });
  return errors;
}
