// Small presentational pieces and formatters shared by the Runs list, the run detail
// and the attempts timeline: timestamps and durations, always in JetBrains Mono.
import { dateTimeFormat } from '@grafana/data';
import type { RunState, RunSummary } from '@trafi-ops/contracts';
import { APP_URL } from '../../constants';

/** A run state after which nothing changes any more (the detail page stops polling). */
export const FINISHED_STATES: ReadonlySet<RunState> = new Set<RunState>(['completed', 'dead_lettered']);
/** States a run can be replayed from (UX-7). */
export const REPLAYABLE_STATES: ReadonlySet<RunState> = new Set<RunState>(['completed', 'failed', 'dead_lettered']);

/** The app URL of a run's detail page. */
export const runUrl = (run: { queue: string; id: string }) => `${APP_URL}/runs/${encodeURIComponent(run.queue)}/${encodeURIComponent(run.id)}`;

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

/** How long a run has taken: finished − started, or until `now` while it runs. */
export function runDuration(run: Pick<RunSummary, 'startedAt' | 'finishedAt'>, now: number): number | undefined {
  if (run.startedAt === undefined) return undefined;
  return (run.finishedAt ?? now) - run.startedAt;
}

/** An epoch-ms instant in Grafana's time zone, or a dash. */
export function Timestamp({ ms, withMs = false }: { ms: number | undefined; withMs?: boolean }) {
  if (ms === undefined) return <span className="mono">—</span>;
  return (
    <time className="mono" dateTime={new Date(ms).toISOString()}>
      {dateTimeFormat(ms, { format: withMs ? 'YYYY-MM-DD HH:mm:ss.SSS' : 'YYYY-MM-DD HH:mm:ss' })}
    </time>
  );
}
