// What the Tenants page asks Prometheus, per tenant label (the top tenants by name, the rest as
// "_other": exporters' TenantLabels), from the metric catalogue of @trafi-ops/contracts
// (test/components/queries.test.ts checks them against it). Request count, error rate and the
// p95s cover the selected range; jobs, queue depth and storage are the current values.
import { METRICS } from '@trafi-ops/contracts';
import { instantQuery, viaPrometheus, type Sample } from '../../api/prometheus';

/** The ranges the page offers (a PromQL duration each); the first is the default. */
export const TENANT_RANGES = ['1h', '6h', '24h', '7d'] as const;
export type TenantRange = (typeof TENANT_RANGES)[number];

const http = METRICS.httpRequests.name;
/** Series of a tenant: exporters' TenantLabels labels requests without one "none". */
const real = 'tenant!~"|none"';
const tenantSet = `{${real}}`;

/** One query per column, for a range. */
export function tenantQueries(range: TenantRange) {
  return {
    requests: `sum by (tenant) (increase(${http}${tenantSet}[${range}]))`,
    // A tenant without any 5xx is 0, not missing: the "or … * 0" keeps it.
    errorRate: `(sum by (tenant) (rate(${http}{${real},code=~"5.."}[${range}])) or sum by (tenant) (rate(${http}${tenantSet}[${range}])) * 0) / sum by (tenant) (rate(${http}${tenantSet}[${range}]))`,
    apiP95: `histogram_quantile(0.95, sum by (tenant, le) (rate(${METRICS.httpRequestDuration.name}_bucket${tenantSet}[${range}])))`,
    activeJobs: `sum by (tenant) (${METRICS.queueTenantJobs.name}{state="active",${real}})`,
    queueDepth: `sum by (tenant) (${METRICS.queueTenantJobs.name}{state="pending",${real}})`,
    dbP95: `histogram_quantile(0.95, sum by (tenant, le) (rate(${METRICS.dbQueryDuration.name}_bucket${tenantSet}[${range}])))`,
    storageBytes: `sum by (tenant) (${METRICS.tenantStorage.name}${tenantSet})`,
  } as const;
}
export type TenantMetric = keyof ReturnType<typeof tenantQueries>;
export const TENANT_METRICS = Object.keys(tenantQueries('1h')) as TenantMetric[];

/** What the page sends for its default range. */
export const TENANT_QUERIES = tenantQueries(TENANT_RANGES[0]);

export interface TenantRow {
  tenant: string;
  /** Undefined: no series for this tenant (e.g. no jobs of an isolated queue). */
  values: Partial<Record<TenantMetric, number>>;
}

/** One row per tenant any query knows, by name. */
export function loadTenants(uid: string, range: TenantRange = TENANT_RANGES[0]): Promise<TenantRow[]> {
  return viaPrometheus(uid, async () => {
    const queries = tenantQueries(range);
    const answers = await Promise.all(TENANT_METRICS.map((m) => instantQuery(uid, queries[m])));
    const rows = new Map<string, TenantRow>();
    answers.forEach((samples: Sample[], i) => {
      for (const s of samples) {
        const tenant = s.labels.tenant;
        if (!tenant) continue;
        const row = rows.get(tenant) ?? { tenant, values: {} };
        if (Number.isFinite(s.value)) row.values[TENANT_METRICS[i]!] = s.value;
        rows.set(tenant, row);
      }
    });
    return [...rows.values()].sort((a, b) => a.tenant.localeCompare(b.tenant));
  });
}
