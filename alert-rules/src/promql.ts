// What a PromQL expression selects, read with Prometheus' own grammar (lezer-promql), and
// what of it the metric catalogue (@trafi-ops/contracts) does not know: a misspelt metric,
// recording rule or label in the rules or the dashboards fails a test instead of matching nothing.
import { parser } from '@prometheus-io/lezer-promql';
import { selectableSeries } from '@trafi-ops/contracts';

type SyntaxNode = ReturnType<typeof parser.parse>['topNode'];

export interface Selection {
  /** The metric name; undefined for a selector by labels only (`{__name__=~"…"}`). */
  name: string | undefined;
  /** The label names it matches on. */
  labels: string[];
}

/** Every vector selector of an expression (inside range selectors and subqueries too). */
export function selections(expr: string): Selection[] {
  const text = (n: SyntaxNode | null) => (n ? expr.slice(n.from, n.to) : undefined);
  const out: Selection[] = [];
  parser.parse(expr).iterate({
    enter: (ref) => {
      if (ref.name !== 'VectorSelector') return;
      const matchers = ref.node.getChild('LabelMatchers')?.getChildren('UnquotedLabelMatcher') ?? [];
      out.push({ name: text(ref.node.getChild('Identifier')), labels: matchers.map((m) => text(m.getChild('LabelName'))!) });
      return false;
    },
  });
  return out;
}

const SERIES = selectableSeries();

/** What an expression selects that is not in the catalogue (empty when everything is). */
export function catalogueErrors(expr: string): string[] {
  return selections(expr).flatMap(({ name, labels }) => {
    if (name === undefined) return ['a selector without a metric name (the catalogue cannot check it)'];
    if (!SERIES.has(name)) return [`${name}: not in the metric catalogue`];
    const known = SERIES.get(name);
    return known ? labels.filter((l) => !known.includes(l)).map((l) => `${name}: no label ${l}`) : [];
  });
}
