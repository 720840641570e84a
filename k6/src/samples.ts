// The metric samples of one adapter run, kept per metric and tag set the way k6 aggregates
// them (counter: sum, rate: non-zero/total, trend: every value), for the thresholds, the
// summary and the remote-write output.
export type MetricType = 'counter' | 'rate' | 'trend' | 'gauge';
export type Tags = Record<string, string>;

export interface Series { metric: string; type: MetricType; tags: Tags; values: number[] }

export class Samples {
  readonly series = new Map<string, Series>();
  readonly types = new Map<string, MetricType>();

  add(metric: string, type: MetricType, value: number, tags: Tags): void {
    const known = this.types.get(metric);
    if (known && known !== type) throw new Error(`metric ${metric} is a ${known}, not a ${type}`);
    this.types.set(metric, type);
    const clean = Object.fromEntries(Object.entries(tags).filter(([, v]) => v !== undefined && v !== '').sort(([a], [b]) => a.localeCompare(b)));
    const key = `${metric}${JSON.stringify(clean)}`;
    const s = this.series.get(key) ?? { metric, type, tags: clean, values: [] };
    s.values.push(value);
    this.series.set(key, s);
  }

  /** The values of a metric whose tags include `filter` (a threshold's `metric{tag:value}`). */
  values(metric: string, filter: Tags = {}): number[] {
    return [...this.series.values()].filter((s) => s.metric === metric && Object.entries(filter).every(([k, v]) => s.tags[k] === v)).flatMap((s) => s.values);
  }
}

/** k6's aggregate of values: the value a threshold or remote-write series reads. */
export function aggregate(type: MetricType, values: number[], stat?: string): number {
  if (type === 'counter') return values.reduce((a, b) => a + b, 0);
  if (type === 'rate') return values.length ? values.filter((v) => v !== 0).length / values.length : 0;
  if (type === 'gauge') return values.at(-1) ?? 0;
  return trendStat(values, stat ?? 'avg');
}

/** avg, min, max, med, count, p(N) of a trend (k6 interpolates percentiles linearly). */
export function trendStat(values: number[], stat: string): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  if (stat === 'avg') return sorted.reduce((a, b) => a + b, 0) / sorted.length;
  if (stat === 'min') return sorted[0]!;
  if (stat === 'max') return sorted.at(-1)!;
  if (stat === 'count') return sorted.length;
  const p = stat === 'med' ? 50 : Number(/^p\((\d+(?:\.\d+)?)\)$/.exec(stat)?.[1] ?? NaN);
  if (!Number.isFinite(p)) throw new Error(`unknown trend stat ${stat}`);
  const rank = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (rank - lo);
}
