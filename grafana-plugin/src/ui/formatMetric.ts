// Prometheus figures as the pages show them (ratios, seconds, bytes), one way everywhere.
// No value (or NaN, e.g. 0/0) is `none`.

const known = (v: number | undefined): v is number => v !== undefined && Number.isFinite(v);

/** 0.0123 → "1.23 %". */
export function formatPercent(ratio: number | undefined, none = '—'): string {
  return known(ratio) ? `${(ratio * 100).toFixed(2)} %` : none;
}

/** 0.0421 → "42 ms", 1.5 → "1.50 s". */
export function formatSeconds(s: number | undefined, none = '—'): string {
  if (!known(s)) return none;
  return s < 1 ? `${Math.round(s * 1000)} ms` : `${s.toFixed(2)} s`;
}

/** 1536 → "1.5 KiB" (binary units, as PostgreSQL's sizes). */
export function formatBytes(bytes: number | undefined, none = '—'): string {
  if (!known(bytes)) return none;
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = bytes;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return i === 0 ? `${Math.round(v)} B` : `${v.toFixed(1)} ${units[i]}`;
}
