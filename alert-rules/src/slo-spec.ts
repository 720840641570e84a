// SLO specs: one small YAML file per SLO under alert-rules/slos/, validated here.
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';

/** `metric_name` or `metric_name{label="value",...}`: what the SLI counts. */
const Selector = z.string().regex(/^[a-zA-Z_:][a-zA-Z0-9_:]*(\{[^{}]*\})?$/, 'expected a metric selector like name{label="value"}');
const Name = z.string().regex(/^[a-z][a-z0-9-]*$/, 'expected lower-case letters, digits and dashes');

export const SloSpec = z.strictObject({
  name: Name,
  description: z.string().min(1),
  /** The `service` label of the SLO's series and alerts (routing and grouping use it). */
  service: Name,
  /** Share of good events, e.g. 0.999. */
  objective: z.number().gt(0).lt(1),
  /** The burn-rate factors (14.4, 6, 3, 1) are the SRE workbook's for a 30-day window. */
  window: z.literal('30d'),
  owners: z.array(z.string().min(1)).min(1),
  sli: z.union([
    // Bad and all events, as counters.
    z.strictObject({ ratio: z.strictObject({ errors: Selector, total: Selector }) }),
    // Events slower than a bucket boundary of a histogram (`threshold` must be one of its `le`).
    z.strictObject({ latency: z.strictObject({ histogram: Selector, threshold: z.number().positive() }) }),
  ]),
});
export type SloSpec = z.infer<typeof SloSpec>;

export class SloSpecError extends Error {}

/** Every spec of a directory, sorted by name; a bad file fails with its name and the field. */
export function loadSloSpecs(dir: string): SloSpec[] {
  const files = readdirSync(dir).filter((f) => f.endsWith('.yml')).sort();
  const specs = files.map((file) => {
    const parsed = SloSpec.safeParse(parse(readFileSync(join(dir, file), 'utf8')));
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new SloSpecError(`${file}: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
    }
    if (parsed.data.name !== basename(file, '.yml')) throw new SloSpecError(`${file}: name: must match the file name (${basename(file, '.yml')})`);
    return parsed.data;
  });
  if (specs.length === 0) throw new SloSpecError(`${dir}: no SLO specs (*.yml)`);
  return specs;
}
