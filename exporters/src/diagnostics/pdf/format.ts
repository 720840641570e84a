// How figures print: units, times (UTC, the report is read in many time zones).
import type { Figure } from '@trafi-ops/contracts';

export function formatValue(v: number | null | undefined, unit: Figure['unit']): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '-';
  switch (unit) {
    case 'ratio': return `${(v * 100).toFixed(v < 0.01 ? 3 : 2)}%`;
    case 'seconds': return v < 1 ? `${(v * 1000).toFixed(1)} ms` : `${v.toFixed(2)} s`;
    case 'bytes': return v >= 1 << 30 ? `${(v / (1 << 30)).toFixed(2)} GiB` : v >= 1 << 20 ? `${(v / (1 << 20)).toFixed(2)} MiB` : v >= 1024 ? `${(v / 1024).toFixed(1)} KiB` : `${Math.round(v)} B`;
    case 'per_min': return `${v.toFixed(v < 10 ? 2 : 0)}/min`;
    // Counts from increase() are extrapolated, so fractional: a count prints whole.
    default: return String(Math.round(v));
  }
}

export const utc = (ms: number) => new Date(ms).toISOString().replace('T', ' ').replace(/\.\d{3}Z$/, ' UTC');
