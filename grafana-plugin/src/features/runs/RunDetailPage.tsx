// UX-5..8: one run: its facts, attempts timeline, live logs, payload/result/context, and
// Replay. Polls until the run is finished (completed or dead-lettered), then stops.
import { css } from '@emotion/css';
import type { RunDetail } from '@trafi-ops/contracts';
import type React from 'react';
import { useEffect, useState } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router-dom';
import { opsApi, ApiError } from '../../api/ops-api';
import { AttemptsTimeline } from './AttemptsTimeline';
import { EmptyState, ErrorState, Loading, Notice } from '../../ui/Feedback';
import { JsonInspector } from '../../ui/JsonInspector';
import { LogStream, type LogStreamProps } from './LogStream';
import { Panel } from '../../ui/Panel';
import { FINISHED_STATES } from './RunFields';
import { runUrl } from '../../ui/links';
import { RunHeader } from './RunHeader';
import { RunReplay, type RunRef } from './RunReplay';
import { StatusBadge } from '../../ui/StatusBadge';
import { APP_URL } from '../../constants';
import { usePoll } from '../../ui/hooks/usePoll';
import { COLORS, MONO } from '../../theme/theme';

export interface RunDetailPageProps {
  load?: (queue: string, id: string) => Promise<RunDetail>;
  replay?: (queue: string, id: string, reason: string) => Promise<RunRef>;
  /** More header actions next to Replay. */
  extraActions?: (run: RunDetail) => React.ReactNode;
  /** Polling period while the run is not finished. */
  pollMs?: number;
  /** Passed to the log stream (e.g. another EventSource, or the polling loader). */
  logStream?: Pick<LogStreamProps, 'EventSource' | 'loadLogs' | 'pollMs' | 'height'>;
}

/** Router state the page reads: a one-line notice (set after a replay). */
export interface RunDetailLocationState {
  notice?: string;
}

export function RunDetailPage({ load = opsApi.run, replay = opsApi.replay, extraActions, pollMs = 2000, logStream }: RunDetailPageProps) {
  const { queue = '', id = '' } = useParams();
  const navigate = useNavigate();
  const notice = noticeOf(useLocation().state);
  const key = `${queue}/${id}`;
  // The key of a run that needs no more polling (finished, or not there).
  const [settled, setSettled] = useState<string>();
  const polled = usePoll(() => load(queue, id), settled === key ? 0 : pollMs, [key]);
  // usePoll keeps the last data while loading the next run: never show another run's data.
  const run = polled.data?.queue === queue && polled.data.id === id ? polled.data : undefined;
  const notFound = polled.error instanceof ApiError && polled.error.status === 404;
  const done = (run !== undefined && FINISHED_STATES.has(run.state)) || notFound;
  useEffect(() => setSettled(done ? key : undefined), [done, key]);
  const now = useNow(run && !done ? 1000 : 0);

  if (notFound && !run) {
    return (
      <EmptyState>
        <strong>Run not found</strong>
        <p className={styles.mono}>{key}</p>
        <Link to={`${APP_URL}/runs`} className={styles.link}>
          Back to runs
        </Link>
      </EmptyState>
    );
  }
  if (!run) return polled.error ? <ErrorState error={polled.error} onRetry={polled.reload} /> : <Loading what="run" />;

  const onReplayed = (created: RunRef) => navigate(runUrl(created), { state: { notice: `Replayed as ${created.queue}/${created.id}` } satisfies RunDetailLocationState });

  return (
    <div className={styles.page}>
      {notice && (
        <Notice tone="acid">{notice}</Notice>
      )}
      {polled.error && <ErrorState error={polled.error} onRetry={polled.reload} />}
      <Panel
        title={
          <span className={styles.title}>
            <span data-testid="run-state">
              <StatusBadge state={run.state} />
            </span>
            <span className={styles.mono} data-testid="run-title">
              <span className={styles.muted}>{run.queue}</span> / <span>{run.type}</span> / <span data-testid="run-id">{run.id}</span>
            </span>
          </span>
        }
        actions={
          <>
            {extraActions?.(run)}
            <RunReplay run={run} replay={replay} onReplayed={onReplayed} />
          </>
        }
      >
        <RunHeader run={run} now={now} />
      </Panel>
      <Panel title="Attempts">
        <AttemptsTimeline attempts={run.attempts} history={run.deadLetterHistory} now={now} createdAt={run.createdAt} finishedAt={FINISHED_STATES.has(run.state) ? run.finishedAt : undefined} />
      </Panel>
      <Panel title="Logs">
        {/* keyed: a replay opens another run in this same page, with a fresh stream and view */}
        <LogStream key={key} queue={queue} id={id} runState={run.state} {...logStream} />
      </Panel>
      <div className={styles.json}>
        <JsonInspector title="Payload" value={run.payload} />
        {run.result !== undefined && <JsonInspector title="Result" value={run.result} />}
        {run.context && <JsonInspector title="Tenant context" value={run.context} />}
      </div>
    </div>
  );
}

function noticeOf(state: unknown): string | undefined {
  const notice = (state as RunDetailLocationState | null)?.notice;
  return typeof notice === 'string' ? notice : undefined;
}

/** The current time, re-read every `everyMs` (0: once), so running bars and durations grow. */
function useNow(everyMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    setNow(Date.now());
    if (!everyMs) return;
    const t = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(t);
  }, [everyMs]);
  return now;
}

const styles = {
  page: css`
    display: flex;
    flex-direction: column;
    gap: 16px;
  `,
  title: css`
    display: inline-flex;
    align-items: center;
    gap: 8px;
    text-transform: none;
    letter-spacing: 0;
  `,
  mono: css`
    font-family: ${MONO};
  `,
  muted: css`
    color: ${COLORS.muted};
  `,
  // Doubled class: beats the scope's "a { color: inherit }".
  link: css`
    && {
      color: ${COLORS.acid};
      text-decoration: underline;
    }
  `,
  json: css`
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(320px, 1fr));
    gap: 16px;
  `,
};
