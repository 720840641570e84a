// Small pieces shared by the Runs list, the run detail and its log stream: which states are
// final or replayable, how long a run took, and its timestamps in JetBrains Mono.
// (Durations and run links are in ui/, the DLQ shows them too.)
import type { RunState, RunSummary } from '@trafi-ops/contracts';
import { formatDateTime } from '../../ui/dateTime';

/** A run state after which nothing changes any more (the detail page stops polling). */
export const FINISHED_STATES: ReadonlySet<RunState> = new Set<RunState>(['completed', 'dead_lettered']);
/** States a run can be replayed from (UX-7). */
export const REPLAYABLE_STATES: ReadonlySet<RunState> = new Set<RunState>(['completed', 'failed', 'dead_lettered']);

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
      {formatDateTime(ms, withMs)}
    </time>
  );
}
