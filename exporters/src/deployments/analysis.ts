// Verification after a rollback, Argo Rollouts style: every `intervalMs` the error ratio and p95
// latency of the rolled-back service are read from Prometheus over a short window and checked
// against the success condition, until `count` measurements are in; more than `failureLimit`
// failed ones fail the analysis at once. A window with fewer than `minRequests` requests is
// inconclusive (no traffic proves nothing, e.g. before the first scrapes of a new instance): it
// does not count, and more than `inconclusiveLimit` of them fail the analysis too.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Component, Verification } from '@trafi-ops/contracts';

export interface AnalysisConfig {
  prometheusUrl: string;
  /** The `service` label of each component's HTTP metrics (trafi_http_requests_total). */
  services: Partial<Record<Component, string>>;
  /** Rate window, a PromQL duration (`30s`). */
  window: string;
  maxErrorRatio: number;
  maxP95Seconds: number;
  /** Requests the new version must have served in the window for a measurement to count. */
  minRequests: number;
  intervalMs: number;
  count: number;
  failureLimit: number;
  inconclusiveLimit: number;
  /** Wait before the first measurement, so the window holds the new version's traffic. */
  initialDelayMs: number;
}

type Measurement = Verification['measurements'][number];
export interface Tally {
  failures: number;
  inconclusive: number;
}

/** The PromQL of one component's figures; `release` narrows to the new version's instances. */
export function analysisQueries(service: string, window: string, release: string) {
  const sel = `service="${service}",release="${release}"`;
  return {
    requests: `sum(increase(trafi_http_requests_total{${sel}}[${window}]))`,
    // A version that never answered 5xx has no such series: its errors are 0, not missing.
    errorRatio: `(sum(rate(trafi_http_requests_total{${sel},code=~"5.."}[${window}])) or vector(0)) / sum(rate(trafi_http_requests_total{${sel}}[${window}]))`,
    p95: `histogram_quantile(0.95, sum by (le) (rate(trafi_http_request_duration_seconds_bucket{${sel}}[${window}])))`,
  };
}

export class PrometheusAnalysis {
  constructor(readonly config: AnalysisConfig) {}

  condition(): string {
    return `at least ${this.config.minRequests} requests, error ratio <= ${this.config.maxErrorRatio} and p95 <= ${this.config.maxP95Seconds} s over ${this.config.window}`;
  }

  /** Whether any of the components serves HTTP the analysis can measure (workers and the dashboard do not). */
  measures(components: Component[]): boolean {
    return components.some((c) => this.config.services[c]);
  }

  /** Measures until `count` conclusive measurements (or a limit is passed); `onMeasure` sees each for the live view. */
  async run(components: Component[], release: string, onMeasure: (m: Measurement[], tally: Tally) => Promise<void>): Promise<{ passed: boolean; measurements: Measurement[] } & Tally> {
    const { intervalMs, count, failureLimit, inconclusiveLimit, initialDelayMs } = this.config;
    const measurements: Measurement[] = [];
    const tally: Tally = { failures: 0, inconclusive: 0 };
    await sleep(initialDelayMs);
    while (measurements.length - tally.inconclusive < count) {
      if (measurements.length > 0) await sleep(intervalMs);
      // Prometheus failing to answer is a failed measurement, not a pass.
      const m = await this.measure(components, release).catch((): Measurement => ({ at: Date.now(), errorRatio: null, p95Seconds: null, requests: null, inconclusive: false, ok: false }));
      measurements.push(m);
      if (m.inconclusive) tally.inconclusive++;
      else if (!m.ok) tally.failures++;
      await onMeasure(measurements, { ...tally });
      if (tally.failures > failureLimit || tally.inconclusive > inconclusiveLimit) return { passed: false, measurements, ...tally };
    }
    return { passed: true, measurements, ...tally };
  }

  /** One measurement over the components that serve HTTP: the worst figures, the fewest requests. */
  protected async measure(components: Component[], release: string): Promise<Measurement> {
    let errorRatio: number | null = null;
    let p95: number | null = null;
    let requests: number | null = null;
    for (const c of components) {
      const service = this.config.services[c];
      if (!service) continue;
      const q = analysisQueries(service, this.config.window, release);
      const [n, e, p] = await Promise.all([this.scalar(q.requests), this.scalar(q.errorRatio), this.scalar(q.p95)]);
      requests = Math.min(requests ?? Infinity, n ?? 0);
      if (e !== null) errorRatio = Math.max(errorRatio ?? 0, e);
      if (p !== null) p95 = Math.max(p95 ?? 0, p);
    }
    const { minRequests, maxErrorRatio, maxP95Seconds } = this.config;
    const inconclusive = (requests ?? 0) < minRequests || errorRatio === null;
    const ok = !inconclusive && errorRatio! <= maxErrorRatio && (p95 ?? 0) <= maxP95Seconds;
    return { at: Date.now(), errorRatio, p95Seconds: p95, requests, inconclusive, ok };
  }

  /** The query's single value, or null when there is none (no series, NaN: no traffic). */
  protected async scalar(query: string): Promise<number | null> {
    const res = await fetch(`${this.config.prometheusUrl}/api/v1/query?query=${encodeURIComponent(query)}`, { signal: AbortSignal.timeout(5000) });
    if (!res.ok) throw new Error(`Prometheus answered ${res.status} to ${query}`);
    const body = (await res.json()) as { data: { result: { value: [number, string] }[] } };
    const v = Number(body.data.result[0]?.value[1]);
    return Number.isFinite(v) ? v : null;
  }
}
