// prom-client metrics built from the metric catalogue (@trafi-ops/contracts): a collector
// takes its name, help, labels and buckets from there, so it cannot drift from what the
// rules, dashboards and plugin query; building a gauge from a counter's entry does not compile.
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { LabelsOf, MetricFamily, MetricType } from '@trafi-ops/contracts';

type Family<T extends MetricType> = MetricFamily & { readonly type: T };

/** A family whose help states a setting of the collector needs that setting. */
type Help<F extends MetricFamily> = F['help'] extends (settings: infer S) => string ? { helpWith: S } : { helpWith?: never };

type Options<F extends MetricFamily, M> = Help<F> & {
  registry: Registry;
  /** Sets the values at scrape time. */
  collect?: (this: M) => void | Promise<void>;
};

function base<F extends MetricFamily>(family: F, opts: { registry: Registry; helpWith?: unknown }) {
  const help = typeof family.help === 'function' ? (family.help as (s: unknown) => string)(opts.helpWith) : family.help;
  return { name: family.name, help, labelNames: family.labelNames as readonly LabelsOf<F>[], registers: [opts.registry] };
}

export function counter<F extends Family<'counter'>>(family: F, opts: Options<F, Counter<LabelsOf<F>>>): Counter<LabelsOf<F>> {
  return new Counter({ ...base(family, opts), ...(opts.collect && { collect: opts.collect }) });
}

export function gauge<F extends Family<'gauge'>>(family: F, opts: Options<F, Gauge<LabelsOf<F>>>): Gauge<LabelsOf<F>> {
  return new Gauge({ ...base(family, opts), ...(opts.collect && { collect: opts.collect }) });
}

/** `buckets` overrides the catalogue's (a service with other latencies); the SLOs assume the default. */
export function histogram<F extends Family<'histogram'>>(family: F, opts: Options<F, Histogram<LabelsOf<F>>> & { buckets?: number[] }): Histogram<LabelsOf<F>> {
  return new Histogram({ ...base(family, opts), buckets: opts.buckets ?? (family.buckets && [...family.buckets]) });
}
