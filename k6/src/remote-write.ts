// The run's samples as k6's experimental-prometheus-rw output names them, pushed through
// Prometheus remote write (protobuf + snappy, by prometheus-remote-write): counters as
// k6_<name>_total, rates as k6_<name>_rate, gauges as k6_<name>, trends as k6_<name>_<stat>
// for each of K6_PROMETHEUS_RW_TREND_STATS (p(95) → p95), tags as labels (minus url, as k6's
// default).
import { pushTimeseries } from 'prometheus-remote-write';
import { aggregate, type Samples } from './samples.ts';

export interface Timeseries { labels: { __name__: string } & Record<string, string>; samples: { value: number; timestamp: number }[] }

const DROPPED_TAGS = new Set(['url']);
const statName = (stat: string) => stat.replace(/^p\((\d+)(?:\.(\d+))?\)$/, (_m, a: string, b?: string) => `p${a}${b ? `_${b}` : ''}`);

export function k6Timeseries(samples: Samples, trendStats: string[], timestamp = Date.now()): Timeseries[] {
  const out: Timeseries[] = [];
  for (const s of samples.series.values()) {
    const labels = Object.fromEntries(Object.entries(s.tags).filter(([k]) => !DROPPED_TAGS.has(k)));
    const series = (name: string, value: number) => out.push({ labels: { ...labels, __name__: `k6_${name}` }, samples: [{ value, timestamp }] });
    if (s.type === 'counter') series(`${s.metric}_total`, aggregate('counter', s.values));
    else if (s.type === 'rate') series(`${s.metric}_rate`, aggregate('rate', s.values));
    else if (s.type === 'gauge') series(s.metric, aggregate('gauge', s.values));
    else for (const stat of trendStats) series(`${s.metric}_${statName(stat)}`, aggregate('trend', s.values, stat));
  }
  return out;
}

export async function pushK6Samples(url: string, series: Timeseries[]): Promise<void> {
  // Node's own fetch (the library falls back to node-fetch, which it does not install).
  const result = await pushTimeseries(series, { url, timeout: 10_000, fetch: (u, init) => fetch(u, { ...init, body: init?.body as BodyInit, signal: AbortSignal.timeout(10_000) }) });
  if (result.status < 200 || result.status >= 300) throw new Error(`remote write to ${url}: ${result.status} ${result.statusText} ${result.errorMessage ?? ''}`);
}
