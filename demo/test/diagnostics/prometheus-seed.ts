// 24 hours of known series, backfilled into a real Prometheus with promtool (one sample a
// minute, counters growing linearly so increase() over the period is exact), and the figures
// a report of that period must show.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { METRICS } from '@trafi-ops/exporters';

const MIN = 60;

interface SeedSeries { name: string; labels: Record<string, string>; value: (minute: number) => number }

export function seedSeries(tenant: string, other: string): SeedSeries[] {
  const http = METRICS.httpRequests.name;
  const bucket = `${METRICS.httpRequestDuration.name}_bucket`;
  const db = `${METRICS.dbQueryDuration.name}_bucket`;
  const route = { service: 'storefront', route: '/api/stores/:storeId/checkout', method: 'POST' };
  const lin = (perMin: number) => (m: number) => perMin * (m + 0.5); // sampled mid-minute
  const all = (m: number) => lin(10)(m) + errors(m);
  return [
    // The tenant: 10 ok requests a minute and failing ones (an outage of an hour in the middle),
    // every one between 0.5 s and 1 s.
    { name: http, labels: { ...route, code: '201', tenant }, value: lin(10) },
    { name: http, labels: { ...route, code: '503', tenant }, value: errors },
    { name: bucket, labels: { service: 'storefront', route: route.route, tenant, le: '0.5' }, value: () => 0 },
    { name: bucket, labels: { service: 'storefront', route: route.route, tenant, le: '1' }, value: all },
    { name: bucket, labels: { service: 'storefront', route: route.route, tenant, le: '+Inf' }, value: all },
    // Its database queries: all between 10 and 25 ms.
    { name: db, labels: { tenant, operation: 'orders.insert', le: '0.01' }, value: () => 0 },
    { name: db, labels: { tenant, operation: 'orders.insert', le: '0.025' }, value: lin(30) },
    { name: db, labels: { tenant, operation: 'orders.insert', le: '+Inf' }, value: lin(30) },
    // The other tenant: 100 fast ok requests a minute.
    { name: http, labels: { ...route, code: '201', tenant: other }, value: lin(100) },
    { name: bucket, labels: { service: 'storefront', route: route.route, tenant: other, le: '0.5' }, value: lin(100) },
    { name: bucket, labels: { service: 'storefront', route: route.route, tenant: other, le: '1' }, value: lin(100) },
    { name: bucket, labels: { service: 'storefront', route: route.route, tenant: other, le: '+Inf' }, value: lin(100) },
    { name: METRICS.tenantStorage.name, labels: { tenant }, value: () => 123_456_789 },
    { name: METRICS.tenantStorage.name, labels: { tenant: other }, value: () => 1000 },
    { name: METRICS.jobsProcessed.name, labels: { queue: 'payments', job_type: 'payment.capture', outcome: 'dead_lettered' }, value: lin(2) },
    { name: METRICS.jobsProcessed.name, labels: { queue: 'emails', job_type: 'email.send', outcome: 'completed' }, value: lin(20) },
    { name: METRICS.queueDlqJobs.name, labels: { queue: 'payments' }, value: (m) => (m === 700 ? 42 : 7) },
    // The store's flow: healthy the first half of the day, then not; 5 page views a minute.
    { name: METRICS.eventFlowHealthy.name, labels: { store: `${tenant}-store-1` }, value: (m) => (m < 720 ? 1 : 0) },
    { name: METRICS.eventsReceived.name, labels: { store: `${tenant}-store-1`, event_type: 'page_view' }, value: lin(5) },
    // A synthetic check of the tenant's checkout failing for one hour.
    { name: 'probe_success', labels: { job: 'blackbox', instance: `https://shop.${tenant}.example/checkout`, check: `checkout-${tenant}`, tenant }, value: (m) => (m >= 600 && m < 660 ? 0 : 1) },
  ];
}

/**
 * The tenant's failed requests so far at minute m: 0.5 a minute, 30 more a minute in minutes
 * 600..659. The counter was already at 1000 (else Prometheus would stop its extrapolation at the
 * counter's projected zero, a figure less exact than we want to check).
 */
export const errors = (m: number) => 1000 + 0.5 * (m + 0.5) + 30 * Math.min(60, Math.max(0, m + 0.5 - 600));

/**
 * increase() over the period as Prometheus computes it: the sampled increase (first to last
 * sample, 1439 minutes) extrapolated to the whole 1440 minutes, each edge being half a minute away.
 */
const increase = (cumulative: (m: number) => number) => ((cumulative(1439) - cumulative(0)) * 1440) / 1439;
const tenantErrors = increase(errors);

export const EXPECTED = {
  requests: 10 * 1440 + tenantErrors,
  errorRatio: tenantErrors / (10 * 1440 + tenantErrors),
  platformRequests: 110 * 1440 + tenantErrors,
  platformErrorRatio: tenantErrors / (110 * 1440 + tenantErrors),
  p50: 0.75,
  p95: 0.975,
  p99: 0.995,
  dbP95: 0.01 + 0.015 * 0.95,
  storage: 123_456_789,
  platformStorage: 123_457_789,
  platformJobsPerMin: 22,
  dlqDepth: 42,
  healthyShare: 0.5,
  pageViews: 5 * 1440,
};

/** Writes the series for (to − 24 h, to] as OpenMetrics and turns them into TSDB blocks under `tsdbDir`. */
export function backfill(tsdbDir: string, workDir: string, series: SeedSeries[], toMs: number): void {
  const to = toMs / 1000;
  const from = to - 1440 * MIN;
  const lines: string[] = [];
  const names = [...new Set(series.map((s) => s.name))];
  for (const name of names) {
    lines.push(`# TYPE ${name} unknown`);
    for (const s of series.filter((x) => x.name === name)) {
      const labels = Object.entries(s.labels).map(([k, v]) => `${k}="${v}"`).join(',');
      // Samples in the middle of each minute: the period's edges are half an interval away, so
      // increase() extrapolates exactly over a linear counter.
      for (let m = 0; m < 1440; m++) lines.push(`${name}{${labels}} ${s.value(m)} ${(from + m * MIN + 30).toFixed(3)}`);
    }
  }
  lines.push('# EOF', '');
  mkdirSync(workDir, { recursive: true });
  const file = join(workDir, 'seed.om');
  writeFileSync(file, lines.join('\n'));
  execFileSync('promtool', ['tsdb', 'create-blocks-from', 'openmetrics', file, tsdbDir], { stdio: 'pipe' });
}
