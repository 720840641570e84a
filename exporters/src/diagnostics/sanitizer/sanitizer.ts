// Sanitizes everything that goes into a diagnostic report: by field path first (known PII
// fields), then by text pattern over every remaining string, object keys included. One
// Sanitizer per report, so its pseudonyms are stable within the report and its summary is the
// report's redaction summary.
import { fieldKind, PII_FIELDS, PII_PATHS } from './field-paths.ts';
import { Pseudonyms } from './pseudonyms.ts';

const WHOLE_PSEUDONYM = /^<[a-z]+-\d+>$/;
import { redactText, TEXT_DETECTORS, type TextDetector } from './text-patterns.ts';

export interface SanitizerOptions {
  /** Extra or overriding field names → kind (merged over PII_FIELDS), and `parent.field` paths (over PII_PATHS). */
  fields?: Record<string, string>;
  paths?: Record<string, string>;
  detectors?: TextDetector[];
  /** Nesting deeper than this is cut (a report never needs it; bounds the work). */
  maxDepth?: number;
}

export class Sanitizer {
  readonly pseudonyms = new Pseudonyms();
  protected readonly fields: Record<string, string>;
  protected readonly paths: Record<string, string>;
  protected readonly detectors: TextDetector[];
  protected readonly maxDepth: number;

  constructor(opts: SanitizerOptions = {}) {
    this.fields = { ...PII_FIELDS, ...opts.fields };
    this.paths = { ...PII_PATHS, ...opts.paths };
    this.detectors = opts.detectors ?? TEXT_DETECTORS;
    this.maxDepth = opts.maxDepth ?? 12;
  }

  text(s: string): string {
    return redactText(s, (kind, value) => this.pseudonyms.of(kind, value), this.detectors);
  }

  /** A deep copy of `value` with PII fields replaced and every string redacted. */
  value<T>(value: T): T {
    return this.walk(value, 0, undefined) as T;
  }

  protected walk(value: unknown, depth: number, parent: string | undefined): unknown {
    if (typeof value === 'string') return this.text(value);
    if (value === null || typeof value !== 'object') return value;
    if (depth >= this.maxDepth) return '<cut>';
    if (Array.isArray(value)) return value.map((v) => this.walk(v, depth + 1, parent)); // an array's items are its field's
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) {
      const kind = fieldKind(key, parent, this.fields, this.paths);
      const safeKey = this.text(key);
      if (kind && typeof v === 'string' && WHOLE_PSEUDONYM.test(v)) out[safeKey] = v; // sanitized before
      else if (kind && v !== null && v !== undefined && v !== '' && typeof v !== 'boolean') out[safeKey] = this.pseudonyms.of(kind, typeof v === 'string' ? v : JSON.stringify(v));
      else out[safeKey] = this.walk(v, depth + 1, key);
    }
    return out;
  }

  summary() {
    return this.pseudonyms.summary();
  }
}
