// Stable pseudonyms within one report: the same value is the same `<email-1>` everywhere, so
// the report stays readable (which errors hit the same customer) without saying who it was.
export class Pseudonyms {
  protected readonly byKind = new Map<string, Map<string, string>>();
  protected readonly counts = new Map<string, number>();

  /** The pseudonym of `value` as a `kind`; counts every replacement. */
  of(kind: string, value: string): string {
    let seen = this.byKind.get(kind);
    if (!seen) this.byKind.set(kind, (seen = new Map()));
    let name = seen.get(value);
    if (!name) seen.set(value, (name = `<${kind}-${seen.size + 1}>`));
    this.counts.set(kind, (this.counts.get(kind) ?? 0) + 1);
    return name;
  }

  /** How many values were replaced, in all and per kind, and how many distinct values per kind. */
  summary(): { total: number; byKind: Record<string, number>; distinct: Record<string, number> } {
    const byKind = Object.fromEntries([...this.counts].sort(([a], [b]) => a.localeCompare(b)));
    const distinct = Object.fromEntries([...this.byKind].map(([k, m]) => [k, m.size] as const).sort(([a], [b]) => a.localeCompare(b)));
    return { total: [...this.counts.values()].reduce((a, b) => a + b, 0), byKind, distinct };
  }
}

/** A pseudonym as the sanitizer writes it: never mistaken for data by a later pattern. */
export const PSEUDONYM = /<[a-z]+-\d+>/g;
