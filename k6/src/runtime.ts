// What the adapter's k6 modules share during a run: the samples, the current group and the
// run's tags (options.tags plus k6's scenario tag).
import { Samples, type MetricType, type Tags } from './samples.ts';

export const runtime = {
  samples: new Samples(),
  groups: [] as string[],
  runTags: { scenario: 'default' } as Tags,
};

/** k6's `group` tag: `::outer::inner`, empty at the top level. */
export const groupTag = () => (runtime.groups.length ? `::${runtime.groups.join('::')}` : '');

export function emit(metric: string, type: MetricType, value: number, tags: Tags = {}): void {
  runtime.samples.add(metric, type, value, { ...runtime.runTags, group: groupTag(), ...tags });
}
