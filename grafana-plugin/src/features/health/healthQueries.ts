// What the Health page asks Prometheus: one instant query per thing to watch, built from the
// metric catalogue of @trafi-ops/contracts (test/components/queries.test.ts checks them against
// it), and the loader that sends them and turns the answers into cells (healthCells).
import { EXTERNAL_SERIES, METRICS, RECORDING_RULES } from '@trafi-ops/contracts';
import { instantQuery, viaPrometheus, type Sample } from '../../api/prometheus';
import { buildCells, type GrafanaHealth, type HealthAnswers, type HealthSnapshot } from './healthCells';

export const HEALTH_QUERIES = {
  up: EXTERNAL_SERIES.up,
  dependencyUp: METRICS.dependencyUp.name,
  dependencyLatency: METRICS.dependencyLatency.name,
  errorRate: RECORDING_RULES.serviceErrorRatio1h,
  // All services together; no 5xx at all is 0, no requests at all is no data.
  errorRateTotal: `(sum(rate(${METRICS.httpRequests.name}{code=~"5.."}[1h])) or vector(0)) / sum(rate(${METRICS.httpRequests.name}[1h]))`,
  p50: RECORDING_RULES.serviceLatencyP50,
  p95: RECORDING_RULES.serviceLatencyP95,
  p99: RECORDING_RULES.serviceLatencyP99,
  workerAge: `time() - ${METRICS.workerLastSeen.name}`,
} as const satisfies Record<keyof HealthAnswers, string>;

/** `grafana`: Grafana's own health (grafanaHealth.ts), asked beside the queries; never fails the load. */
export function loadHealth(uid: string, grafana?: () => Promise<GrafanaHealth>): Promise<HealthSnapshot> {
  const own = grafana?.().catch((err: Error): GrafanaHealth => ({ error: err.message }));
  return viaPrometheus(uid, async () => {
    const names = Object.keys(HEALTH_QUERIES) as Array<keyof HealthAnswers>;
    const answers = await Promise.all(names.map((n) => instantQuery(uid, HEALTH_QUERIES[n])));
    const r = Object.fromEntries(names.map((n, i) => [n, answers[i]!])) as Record<keyof HealthAnswers, Sample[]>;
    return { cells: buildCells(r, await own), at: Date.now() };
  });
}
