// UX-9: the one place that decides green / yellow / red on the Health page.
// A value at a threshold takes the worse colour (error rate 1 % is already "warn").
import type { Status } from '../../theme/theme';
import { thresholdStatus, worst, type Threshold } from '../../ui/thresholds';

export { thresholdStatus, worst, type Threshold };

export const THRESHOLDS = {
  /** Share of 5xx responses over the last hour. */
  errorRate: { warn: 0.01, bad: 0.05 },
  /** p95 request latency (s); p50 and p99 are shown beside it but do not colour the cell. */
  latencyP95: { warn: 0.5, bad: 1 },
  /** Probe round trip (s); a probe past its 1 s timeout already reports the dependency down. */
  dependencyLatency: { warn: 0.25, bad: Number.POSITIVE_INFINITY },
} as const satisfies Record<string, Threshold>;

/** The scrape jobs (prometheus.yml) behind the API and the dashboard service cells. */
export const SERVICE_JOBS = { api: 'trafi-exporters', dashboard: 'grafana' } as const;

/** A worker whose last heartbeat is older than this (s) counts as gone. */
export const WORKER_STALE_SECONDS = 60;


/** `up`-style gauges: 1 is ok, anything else is down. */
export function upStatus(up: number | undefined): Status {
  if (up === undefined || Number.isNaN(up)) return 'unknown';
  return up >= 1 ? 'ok' : 'bad';
}

/** Down is red whatever the latency; up but slow is yellow. */
export function dependencyStatus(up: number | undefined, latencySeconds: number | undefined): Status {
  const s = upStatus(up);
  if (s !== 'ok') return s;
  return worst(s, thresholdStatus(latencySeconds, THRESHOLDS.dependencyLatency));
}

/** All workers of a queue beating: ok; some silent: warn; none: bad. */
export function workersStatus(alive: number, total: number): Status {
  if (total === 0) return 'unknown';
  return alive === total ? 'ok' : alive > 0 ? 'warn' : 'bad';
}
