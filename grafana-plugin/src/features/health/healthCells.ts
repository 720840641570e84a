// What the Health page shows: Prometheus' answers (healthQueries) turned into one status cell
// per thing to watch, with its value in words. Pure: no request, no rendering.
import type { Sample } from '../../api/prometheus';
import type { Status } from '../../theme/theme';
import { formatPercent, formatSeconds } from '../../ui/formatMetric';
import { dependencyStatus, SERVICE_JOBS, thresholdStatus, THRESHOLDS, upStatus, WORKER_STALE_SECONDS, workersStatus } from './HealthThresholds';

/** Prometheus' answers, one list of samples per query of healthQueries' HEALTH_QUERIES. */
export interface HealthAnswers {
  up: Sample[];
  dependencyUp: Sample[];
  dependencyLatency: Sample[];
  /** By service (the all-services ratio is errorRateTotal). */
  errorRate: Sample[];
  errorRateTotal: Sample[];
  p50: Sample[];
  p95: Sample[];
  p99: Sample[];
  /** Seconds since each worker's last heartbeat. */
  workerAge: Sample[];
}

export const HEALTH_GROUPS = [
  { id: 'services', title: 'Services' },
  { id: 'dependencies', title: 'Dependencies' },
  { id: 'errors', title: 'Error rate (5xx, 1 h)' },
  { id: 'latency', title: 'Latency (5 min, coloured by p95)' },
  { id: 'workers', title: `Workers (heartbeat < ${WORKER_STALE_SECONDS} s)` },
] as const;
export type HealthGroup = (typeof HEALTH_GROUPS)[number]['id'];

export interface HealthCellData {
  group: HealthGroup;
  /** Stable id for links and tests, e.g. "dependency:redis", "error-rate:total". */
  name: string;
  label: string;
  value: string;
  detail?: string;
  status: Status;
}

export interface HealthSnapshot {
  cells: HealthCellData[];
  /** When the answers arrived (ms since epoch). */
  at: number;
}

/** The dependencies every stack has (labels of trafi_dependency_up); the dev stack's database is PGlite. */
const DEPENDENCY_LABELS: Record<string, string> = { postgres: 'PostgreSQL', pglite: 'PostgreSQL (PGlite)', redis: 'Redis' };

/** Grafana's own GET /api/health, as the browser got it (the plugin runs inside Grafana). */
export type GrafanaHealth = { database: string; version?: string } | { error: string };

export function buildCells(r: HealthAnswers, grafana?: GrafanaHealth): HealthCellData[] {
  // Several exporters may report the same label value: the worst one wins (down over up, slowest probe).
  const by = (samples: Sample[], label: string, worst: (a: number, b: number) => number) => {
    const out = new Map<string, number>();
    for (const s of samples) {
      const key = s.labels[label];
      if (key !== undefined) out.set(key, out.has(key) ? worst(out.get(key)!, s.value) : s.value);
    }
    return out;
  };
  const cells: HealthCellData[] = [];

  // Services: the API, the dashboard (Grafana itself) and the workers first, then any other scrape job.
  const jobs = new Map<string, number>();
  for (const s of r.up) if (s.labels.job) jobs.set(s.labels.job, Math.min(jobs.get(s.labels.job) ?? 1, s.value));
  const api = jobs.get(SERVICE_JOBS.api);
  cells.push({ group: 'services', name: 'service:api', label: 'API', value: upWord(api), detail: 'ops API + exporters (scrape)', status: upStatus(api) });
  cells.push(dashboardCell(grafana, jobs.get(SERVICE_JOBS.dashboard)));
  const workers = workersByQueue(r.workerAge);
  const all = [...workers.values()].reduce((a, w) => ({ alive: a.alive + w.alive, total: a.total + w.total }), { alive: 0, total: 0 });
  cells.push({ group: 'services', name: 'service:workers', label: 'Workers', value: all.total ? `${all.alive}/${all.total} alive` : 'no data', detail: `${workers.size} queues`, status: workersStatus(all.alive, all.total) });
  for (const [job, up] of sorted(jobs)) {
    if (job !== SERVICE_JOBS.api && job !== SERVICE_JOBS.dashboard) cells.push({ group: 'services', name: `up:${job}`, label: job, value: upWord(up), detail: 'scrape', status: upStatus(up) });
  }

  const depUp = by(r.dependencyUp, 'dependency', Math.min);
  const depLatency = by(r.dependencyLatency, 'dependency', Math.max);
  const deps = new Set(depUp.keys());
  if (!deps.has('postgres') && !deps.has('pglite')) deps.add('postgres');
  deps.add('redis');
  for (const dep of [...deps].sort()) {
    const up = depUp.get(dep);
    const latency = depLatency.get(dep);
    cells.push({
      group: 'dependencies',
      name: `dependency:${dep}`,
      label: DEPENDENCY_LABELS[dep] ?? dep,
      value: up === undefined ? 'no data' : up >= 1 ? 'UP' : 'DOWN',
      detail: latency === undefined ? undefined : `probe ${seconds(latency)}`,
      status: dependencyStatus(up, latency),
    });
  }

  const total = r.errorRateTotal[0]?.value;
  cells.push({ group: 'errors', name: 'error-rate:total', label: 'all services', value: percent(total), status: thresholdStatus(total, THRESHOLDS.errorRate) });
  for (const [service, ratio] of sorted(by(r.errorRate, 'service', Math.max)))
    cells.push({ group: 'errors', name: `error-rate:${service}`, label: service, value: percent(ratio), status: thresholdStatus(ratio, THRESHOLDS.errorRate) });

  const [p50, p95, p99] = [by(r.p50, 'service', Math.max), by(r.p95, 'service', Math.max), by(r.p99, 'service', Math.max)];
  for (const service of [...new Set([...p50.keys(), ...p95.keys(), ...p99.keys()])].sort()) {
    cells.push({
      group: 'latency',
      name: `latency:${service}`,
      label: service,
      value: `p95 ${seconds(p95.get(service))}`,
      detail: `p50 ${seconds(p50.get(service))} · p99 ${seconds(p99.get(service))}`,
      status: thresholdStatus(p95.get(service), THRESHOLDS.latencyP95),
    });
  }

  for (const [queue, w] of sorted(workers))
    cells.push({ group: 'workers', name: `workers:${queue}`, label: queue, value: `${w.alive}/${w.total} alive`, status: workersStatus(w.alive, w.total) });

  return cells;
}

const upWord = (up: number | undefined) => (up === undefined ? 'no data' : up >= 1 ? 'UP' : 'DOWN');

/** Grafana's own health answer wins; without one, its scrape; without either, no data. */
function dashboardCell(grafana: GrafanaHealth | undefined, up: number | undefined): HealthCellData {
  const base = { group: 'services', name: 'service:dashboard', label: 'Dashboard (Grafana)' } as const;
  if (grafana && 'database' in grafana) {
    const ok = grafana.database === 'ok';
    return { ...base, value: ok ? 'UP' : 'DEGRADED', detail: `api/health: database ${grafana.database}${grafana.version ? ` · v${grafana.version}` : ''}`, status: ok ? 'ok' : 'warn' };
  }
  if (up !== undefined) return { ...base, value: upWord(up), detail: 'scrape', status: upStatus(up) };
  return { ...base, value: grafana ? 'DOWN' : 'no data', detail: grafana && 'error' in grafana ? `api/health: ${grafana.error}` : undefined, status: grafana ? 'bad' : 'unknown' };
}

function workersByQueue(samples: Sample[]): Map<string, { alive: number; total: number }> {
  const workers = new Map<string, { alive: number; total: number }>();
  for (const s of samples) {
    const queue = s.labels.queue;
    if (!queue) continue;
    const w = workers.get(queue) ?? { alive: 0, total: 0 };
    workers.set(queue, { alive: w.alive + (s.value < WORKER_STALE_SECONDS ? 1 : 0), total: w.total + 1 });
  }
  return workers;
}

const sorted = <V,>(m: Map<string, V>) => [...m.entries()].sort(([a], [b]) => a.localeCompare(b));

const percent = (ratio: number | undefined) => formatPercent(ratio, 'no data');
const seconds = (s: number | undefined) => formatSeconds(s);
