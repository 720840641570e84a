// Per tenant (story 11.6): one row per tenant, sortable by every column, problem cells coloured
// by thresholds; then the same measures over time for the chosen tenants.
import * as common from '@grafana/grafana-foundation-sdk/common';
import type * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import * as table from '@grafana/grafana-foundation-sdk/table';
import * as timeseries from '@grafana/grafana-foundation-sdk/timeseries';
import { METRICS, RECORDING_RULES } from '@trafi-ops/contracts';
import { COLORS, base, grid, instant, labelVariable, query, thresholds } from './panels.ts';

const { dbQueryDuration, httpRequests, queueTenantJobs } = METRICS;
const { tenantErrorRatio5m, tenantLatencyP95, tenantRequestRate5m } = RECORDING_RULES;

/** The table's columns: one instant query each, joined on the tenant label. */
const COLUMNS = [
  { ref: 'A', name: 'Requests/s', unit: 'reqps', expr: `${tenantRequestRate5m}{tenant=~"$tenant"}` },
  { ref: 'B', name: 'Error rate', unit: 'percentunit', expr: `${tenantErrorRatio5m}{tenant=~"$tenant"}`, steps: [[null, COLORS.ok], [0.01, COLORS.warn], [0.1, COLORS.bad]] },
  { ref: 'C', name: 'p95 latency', unit: 's', expr: `${tenantLatencyP95}{tenant=~"$tenant"}`, steps: [[null, COLORS.ok], [0.5, COLORS.warn], [1, COLORS.bad]] },
  { ref: 'D', name: 'Pending jobs', unit: 'short', expr: `sum by (tenant) (${queueTenantJobs.name}{tenant=~"$tenant",state="pending"})`, steps: [[null, COLORS.ok], [100, COLORS.warn], [1000, COLORS.bad]] },
  { ref: 'E', name: 'DB p95', unit: 's', expr: `histogram_quantile(0.95, sum by (tenant, le) (rate(${dbQueryDuration.name}_bucket{tenant=~"$tenant"}[5m])))`, steps: [[null, COLORS.ok], [0.1, COLORS.warn], [0.5, COLORS.bad]] },
] as const;

export function tenants() {
  const overview = new table.PanelBuilder().title('Tenants').description('Click a header to sort. Cells turn lime or red past their thresholds.').gridPos(grid(0, 0, 24, 10))
    .withTransformation({ id: 'merge', options: {} })
    .withTransformation({
      id: 'organize',
      options: { excludeByName: { Time: true }, renameByName: Object.fromEntries(COLUMNS.map((c) => [`Value #${c.ref}`, c.name])), indexByName: { tenant: 0 } },
    })
    .sortBy([new common.TableSortByFieldStateBuilder().displayName('Error rate').desc(true)]);
  for (const c of COLUMNS) {
    overview.withTarget(instant(c.expr, c.ref));
    const props: dashboard.DynamicConfigValue[] = [{ id: 'unit', value: c.unit }];
    if ('steps' in c) {
      props.push({ id: 'thresholds', value: { mode: 'absolute', steps: c.steps.map(([value, color]) => ({ value, color })) } });
      props.push({ id: 'custom.cellOptions', value: { type: common.TableCellDisplayMode.ColorBackground } });
    }
    overview.overrideByName(c.name, props);
  }
  return base('trafi-tenants', 'Trafi · Tenants', 'Traffic, errors, latency, jobs and database time per tenant (story 11.6).')
    .withVariable(labelVariable('tenant', 'Tenant', httpRequests.name))
    .withPanel(overview)
    .withPanel(
      new timeseries.PanelBuilder().title('Error rate by tenant').gridPos(grid(0, 10, 12, 8)).unit('percentunit')
        .withTarget(query(`${tenantErrorRatio5m}{tenant=~"$tenant"}`, '{{tenant}}'))
        .thresholds(thresholds([[null, COLORS.ok], [0.01, COLORS.warn], [0.1, COLORS.bad]])),
    )
    .withPanel(
      new timeseries.PanelBuilder().title('Requests by tenant').gridPos(grid(12, 10, 12, 8)).unit('reqps')
        .withTarget(query(`${tenantRequestRate5m}{tenant=~"$tenant"}`, '{{tenant}}')),
    )
    .withPanel(
      new timeseries.PanelBuilder().title('Database time by tenant and operation (p95)').gridPos(grid(0, 18, 24, 8)).unit('s')
        .withTarget(query(`histogram_quantile(0.95, sum by (tenant, operation, le) (rate(${dbQueryDuration.name}_bucket{tenant=~"$tenant"}[$__rate_interval])))`, '{{tenant}} {{operation}}')),
    );
}
