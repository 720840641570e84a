// The one place that decides when a tenant needs a look (the row is highlighted, the cell
// coloured, and the legend lists exactly these).
import { thresholdStatus, worst, type Threshold } from '../../ui/thresholds';
import type { Status } from '../../theme/theme';
import type { TenantMetric, TenantRow } from './tenantQueries';

export const TENANT_THRESHOLDS = {
  /** Share of 5xx responses over the selected range. */
  errorRate: { warn: 0.01, bad: 0.05 },
  /** API p95 (s). */
  apiP95: { warn: 0.5, bad: 1 },
  /** Database query p95 (s). */
  dbP95: { warn: 0.1, bad: 0.5 },
  /** Jobs waiting in isolated queues. */
  queueDepth: { warn: 100, bad: 1000 },
} as const satisfies Partial<Record<TenantMetric, Threshold>>;

export type ThresholdedMetric = keyof typeof TENANT_THRESHOLDS;
export const THRESHOLDED = Object.keys(TENANT_THRESHOLDS) as ThresholdedMetric[];

/** A cell's status: only thresholded metrics have one. */
export function cellStatus(metric: TenantMetric, value: number | undefined): Status {
  const t = (TENANT_THRESHOLDS as Partial<Record<TenantMetric, Threshold>>)[metric];
  return t ? thresholdStatus(value, t) : 'unknown';
}

/** The worst of a tenant's thresholded cells; what the row is highlighted with. */
export function tenantStatus(row: TenantRow): Status {
  return worst('ok', ...THRESHOLDED.map((m) => cellStatus(m, row.values[m])));
}
