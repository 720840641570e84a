// Building blocks shared by the dashboards: the Prometheus datasource, the brutalist palette,
// queries, thresholds, value mappings and template variables.
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import * as prometheus from '@grafana/grafana-foundation-sdk/prometheus';
import { STATUS_PALETTE } from '@trafi-ops/contracts';

/** Provisioned in provisioning/datasources with this uid. */
export const PROMETHEUS = { type: 'prometheus', uid: 'prometheus' };

/** The status palette of every surface (the plugin's too): warn is amber, never the plugin's action lime. */
export const COLORS = STATUS_PALETTE;

/** A PromQL target; `$__rate_interval` and the template variables are Grafana's. */
export function query(expr: string, legend = '__auto', refId = 'A'): prometheus.DataqueryBuilder {
  return new prometheus.DataqueryBuilder().expr(expr).legendFormat(legend).refId(refId).datasource(PROMETHEUS);
}

export function instant(expr: string, refId: string): prometheus.DataqueryBuilder {
  return query(expr, '__auto', refId).instant().format(prometheus.PromQueryFormat.Table);
}

/** Steps from the lowest: [[null, ok], [0.01, warn], [0.05, bad]]. */
export function thresholds(steps: [number | null, string][]): dashboard.ThresholdsConfigBuilder {
  return new dashboard.ThresholdsConfigBuilder().mode(dashboard.ThresholdsMode.Absolute).steps(steps.map(([value, color]) => ({ value, color })));
}

/** 1 → text in green, 0 → text in red (up, dependency_up, flow healthy). */
export function upDown(up: string, down: string): dashboard.ValueMapping[] {
  return [
    { type: dashboard.MappingType.ValueToText, options: { '1': { text: up, color: COLORS.ok, index: 0 }, '0': { text: down, color: COLORS.bad, index: 1 } } },
  ];
}

/** A multi-value variable over a label, "All" meaning any value (`.*`). */
export function labelVariable(name: string, label: string, metric: string): dashboard.QueryVariableBuilder {
  return new dashboard.QueryVariableBuilder(name)
    .label(label)
    .datasource(PROMETHEUS)
    .query({ query: `label_values(${metric}, ${name})`, refId: `${name}-values` })
    .definition(`label_values(${metric}, ${name})`)
    .refresh(dashboard.VariableRefresh.OnTimeRangeChanged)
    .sort(dashboard.VariableSort.AlphabeticalAsc)
    .multi(true)
    .includeAll(true)
    .allValue('.*');
}

export function base(uid: string, title: string, description: string): dashboard.DashboardBuilder {
  return new dashboard.DashboardBuilder(title)
    .uid(uid)
    .description(description)
    .tags(['trafi', 'trafi-ops'])
    .editable()
    .refresh('30s')
    .time({ from: 'now-6h', to: 'now' })
    .timezone('browser')
    .timepicker(new dashboard.TimePickerBuilder().refreshIntervals(['10s', '30s', '1m', '5m', '15m']))
    .link(new dashboard.DashboardLinkBuilder('Trafi Ops').type(dashboard.DashboardLinkType.Dashboards).tags(['trafi-ops']).asDropdown(true).includeVars(true).keepTime(true));
}

/** A panel's place on the dashboard's 24-column grid. */
export const grid = (x: number, y: number, w: number, h: number) => ({ x, y, w, h });
