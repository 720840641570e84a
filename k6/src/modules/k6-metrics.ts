// The adapter's `k6/metrics`: custom Counter, Rate, Trend and Gauge metrics.
import { emit } from '../runtime.ts';
import type { MetricType } from '../samples.ts';

class Metric {
  constructor(readonly name: string, private readonly type: MetricType) {}
  add(value: number | boolean, tags: Record<string, string> = {}): void {
    emit(this.name, this.type, Number(value), tags);
  }
}

export class Counter extends Metric { constructor(name: string) { super(name, 'counter'); } }
export class Rate extends Metric { constructor(name: string) { super(name, 'rate'); } }
export class Trend extends Metric { constructor(name: string) { super(name, 'trend'); } }
export class Gauge extends Metric { constructor(name: string) { super(name, 'gauge'); } }

export default { Counter, Rate, Trend, Gauge };
