// Performance figures of the period from Prometheus: the tenant's beside the platform's, a few
// series for the charts, job figures per type and the synthetic checks (blackbox probes'
// `probe_success`; none when no probe is scraped).
import { METRICS, type Figure, type Series } from '@trafi-ops/contracts';
import { promString, type PrometheusApi } from '../prometheus-api.ts';

export interface MetricFindings {
  figures: Figure[];
  series: Series[];
  /** Platform-wide per job type, per minute over the period. */
  jobTypes: { type: string; perMin: number; failedPerMin: number }[];
  synthetics: { check: string; failingSamples: number; totalSamples: number }[];
}

const http = METRICS.httpRequests.name;
const httpDuration = `${METRICS.httpRequestDuration.name}_bucket`;
const dbDuration = `${METRICS.dbQueryDuration.name}_bucket`;

export async function collectMetrics(prom: PrometheusApi, tenant: string, from: number, to: number): Promise<MetricFindings> {
  const range = `${Math.max(60, Math.round((to - from) / 1000))}s`;
  const minutes = Math.max(1, (to - from) / 60_000);
  const t = `tenant=${promString(tenant)}`;
  const both = async (key: string, label: string, unit: Figure['unit'], q: (sel: string) => string): Promise<Figure> => {
    const [tenantValue, platform] = await Promise.all([prom.scalar(q(t), to), prom.scalar(q(''), to)]);
    return { key, label, unit, tenant: tenantValue, platform };
  };
  const platformOnly = async (key: string, label: string, unit: Figure['unit'], q: string): Promise<Figure> => ({ key, label, unit, tenant: null, platform: await prom.scalar(q, to) });
  const quantile = (metric: string, q: number) => (sel: string) => `histogram_quantile(${q}, sum by (le) (increase(${metric}{${sel}}[${range}])))`;

  const figures = await Promise.all([
    both('requests', 'Requests', 'count', (sel) => `sum(increase(${http}{${sel}}[${range}]))`),
    both('error_ratio', 'Error ratio (5xx)', 'ratio', (sel) => `sum(increase(${http}{${[sel, 'code=~"5.."'].filter(Boolean).join(',')}}[${range}])) / sum(increase(${http}{${sel}}[${range}]))`),
    both('latency_p50', 'Latency p50', 'seconds', quantile(httpDuration, 0.5)),
    both('latency_p95', 'Latency p95', 'seconds', quantile(httpDuration, 0.95)),
    both('latency_p99', 'Latency p99', 'seconds', quantile(httpDuration, 0.99)),
    both('db_p95', 'DB query time p95', 'seconds', quantile(dbDuration, 0.95)),
    both('storage', 'Storage', 'bytes', (sel) => `sum(max_over_time(${METRICS.tenantStorage.name}{${sel}}[${range}]))`),
    // Job and queue metrics carry no tenant label: the platform's figures here (the builder adds the tenant's from its runs).
    platformOnly('jobs_per_min', 'Jobs processed / min', 'per_min', `sum(increase(${METRICS.jobsProcessed.name}[${range}])) / ${minutes}`),
    platformOnly('queue_wait_p95', 'Queue wait p95', 'seconds', quantile(`${METRICS.jobWait.name}_bucket`, 0.95)('')),
    platformOnly('dlq_depth', 'DLQ depth (max)', 'count', `sum(max_over_time(${METRICS.queueDlqJobs.name}[${range}]))`),
  ]);

  const step = Math.max(15, Math.round((to - from) / 1000 / 120));
  const w = `${Math.max(step * 2, 60)}s`;
  const chart = async (key: string, label: string, unit: Series['unit'], q: (sel: string) => string): Promise<Series> => {
    const [tenantSeries, platformSeries] = await Promise.all([prom.queryRange(q(t), from, to, step), prom.queryRange(q(''), from, to, step)]);
    const points = (s: typeof tenantSeries) => (s[0]?.values ?? []).map(([ts, v]) => [ts * 1000, Number(v)] as [number, number]).filter(([, v]) => Number.isFinite(v));
    return { key, label, unit, tenant: points(tenantSeries), platform: points(platformSeries) };
  };
  const series = await Promise.all([
    chart('requests_rate', 'Requests / min', 'per_min', (sel) => `sum(rate(${http}{${sel}}[${w}])) * 60`),
    chart('error_ratio', 'Error ratio (5xx)', 'ratio', (sel) => `sum(rate(${http}{${[sel, 'code=~"5.."'].filter(Boolean).join(',')}}[${w}])) / sum(rate(${http}{${sel}}[${w}]))`),
    chart('latency_p95', 'Latency p95', 'seconds', (sel) => `histogram_quantile(0.95, sum by (le) (rate(${httpDuration}{${sel}}[${w}])))`),
  ]);

  const byType = await prom.query(`sum by (job_type, outcome) (increase(${METRICS.jobsProcessed.name}[${range}]))`, to);
  const jobTypes = new Map<string, { type: string; perMin: number; failedPerMin: number }>();
  for (const s of byType) {
    const type = s.metric.job_type ?? 'unknown';
    const row = jobTypes.get(type) ?? { type, perMin: 0, failedPerMin: 0 };
    const perMin = Number(s.value[1]) / minutes;
    row.perMin += perMin;
    if (s.metric.outcome !== 'completed') row.failedPerMin += perMin;
    jobTypes.set(type, row);
  }

  // Synthetic checks of the platform and of this tenant (a probe without a tenant label is the platform's).
  const probes = await prom.queryRange(`probe_success{tenant=~${promString(`${tenant.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}|`)}}`, from, to, step);
  const synthetics = probes.map((p) => ({
    check: p.metric.check ?? p.metric.target ?? p.metric.instance ?? p.metric.job ?? 'probe',
    failingSamples: p.values.filter(([, v]) => Number(v) === 0).length,
    totalSamples: p.values.length,
  }));

  return { figures, series, jobTypes: [...jobTypes.values()].sort((a, b) => a.type.localeCompare(b.type)), synthetics };
}
