// Durations as the runs and the DLQ show them (cells, bar labels, axis ticks), one way everywhere.

/** "850 ms", "1.25 s", "2m 05s", "1h 02m": compact, for cells and bar labels. */
export function formatDuration(ms: number): string {
  const v = Math.max(0, ms);
  if (v < 1000) return `${Math.round(v)} ms`;
  if (v < 60_000) return `${trim(v / 1000)} s`;
  if (v < 3_600_000) return `${Math.floor(v / 60_000)}m ${pad(Math.floor((v % 60_000) / 1000))}s`;
  return `${Math.floor(v / 3_600_000)}h ${pad(Math.floor((v % 3_600_000) / 60_000))}m`;
}

/** Axis tick labels: "0", "500 ms", "1 s", "1.5 s", "2 min". */
export function formatTick(ms: number): string {
  if (ms === 0) return '0';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${trim(ms / 1000)} s`;
  return `${trim(ms / 60_000)} min`;
}

const trim = (n: number) => String(Number(n.toFixed(2)));
const pad = (n: number) => String(n).padStart(2, '0');
