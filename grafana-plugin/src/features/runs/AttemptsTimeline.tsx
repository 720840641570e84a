// UX-6: every attempt of a run as a bar on one shared time axis, over a 1px grid.
// Earlier lives (attempts made before each DLQ retry) come first, so the whole
// history of the job reads left to right. Pure: give it the attempts and `now`.
import { css, cx } from '@emotion/css';
import type { Attempt, RunDetail } from '@trafi-ops/contracts';
import { COLORS, FONT_SIZE, MONO } from '../../theme/theme';
import { EmptyState } from '../../ui/Feedback';
import { formatDuration, formatTick } from '../../ui/formatDuration';

export interface AttemptsTimelineProps {
  attempts: Attempt[];
  /** The run's earlier lives, oldest first (RunDetail.deadLetterHistory). */
  history?: RunDetail['deadLetterHistory'];
  /** The instant a running attempt (no finishedAt) grows to. */
  now: number;
  /** When the run was enqueued: the time until its first attempt is drawn as queue wait. */
  createdAt?: number;
  /** When the run ended for good (completed or dead-lettered), for the total. */
  finishedAt?: number;
}

/** A stretch of the run's whole life on the summary track. */
interface Segment {
  kind: 'wait' | 'backoff' | Kind;
  from: number;
  to: number;
}

type Kind = 'failed' | 'succeeded' | 'running';
interface Row {
  key: string;
  group: string | undefined;
  attempt: Attempt;
  end: number;
  kind: Kind;
}

const KIND_COLORS: Record<Kind, string> = { failed: COLORS.error, succeeded: COLORS.success, running: COLORS.active };

export function AttemptsTimeline({ attempts, history = [], now, createdAt, finishedAt }: AttemptsTimelineProps) {
  const lives = [
    ...history.map((h) => ({ group: `before DLQ retry ${h.retry}`, attempts: h.attempts })),
    { group: history.length > 0 ? 'current' : undefined, attempts },
  ];
  const rows: Row[] = lives.flatMap((life, l) =>
    life.attempts.map((a) => ({ key: `${l}-${a.attempt}-${a.startedAt}`, group: life.group, attempt: a, end: a.finishedAt ?? Math.max(now, a.startedAt), kind: kindOf(a) })),
  );
  if (rows.length === 0) return <EmptyState>No attempts yet</EmptyState>;

  const segments = lifeSegments(rows, createdAt);
  const t0 = Math.min(...rows.map((r) => r.attempt.startedAt), ...(createdAt === undefined ? [] : [createdAt]));
  const tEnd = Math.max(...rows.map((r) => r.end), finishedAt ?? 0);
  const span = Math.max(1, tEnd - t0);
  const total = (finishedAt ?? tEnd) - t0;
  const step = niceStep(span / 6);
  const pct = (ms: number) => (ms / span) * 100;
  const ticks = Array.from({ length: Math.floor(span / step) + 1 }, (_, i) => i * step);
  // One vertical 1px line per tick, drawn by the track's background.
  const grid = `repeating-linear-gradient(to right, ${COLORS.border} 0, ${COLORS.border} 1px, transparent 1px, transparent ${pct(step)}%)`;

  return (
    <div className={styles.root} data-testid="attempts-timeline">
      <div className={styles.row}>
        <span />
        <div className={styles.axis} aria-hidden data-testid="timeline-axis">
          {ticks.map((t) => (
            <span key={t} className={styles.tick} style={{ left: `${pct(t)}%` }}>
              {formatTick(t)}
            </span>
          ))}
        </div>
      </div>
      {createdAt !== undefined && (
        <div className={styles.row} data-testid="timeline-total">
          <div className={styles.label}>
            <span className={styles.num}>whole run</span> <span className="mono">{formatDuration(total)}</span>
          </div>
          <div className={styles.track} style={{ backgroundImage: grid }}>
            {segments.map((g) => (
              <div
                key={`${g.kind}-${g.from}`}
                className={cx(styles.bar, (g.kind === 'wait' || g.kind === 'backoff') && styles.gap)}
                data-testid="timeline-segment"
                data-kind={g.kind}
                title={`${SEGMENT_WORDS[g.kind]} ${formatDuration(g.to - g.from)}`}
                style={{ left: `${pct(g.from - t0)}%`, width: `${pct(g.to - g.from)}%`, ...(g.kind === 'wait' || g.kind === 'backoff' ? {} : { background: KIND_COLORS[g.kind] }) }}
              />
            ))}
          </div>
          <div className={styles.legend}>
            {segments
              .filter((g) => g.kind === 'wait' || g.kind === 'backoff')
              .map((g) => `${SEGMENT_WORDS[g.kind]} ${formatDuration(g.to - g.from)}`)
              .join(' · ')}
          </div>
        </div>
      )}
      {rows.map((r, i) => (
        <div key={r.key} className={styles.row}>
          <div className={styles.label}>
            {r.group && r.group !== rows[i - 1]?.group && <div className={styles.group}>{r.group}</div>}
            <span className={styles.num}>#{r.attempt.attempt}</span>{' '}
            <span className="mono">
              {formatDuration(r.end - r.attempt.startedAt)}
              {r.kind === 'running' && ' …'}
            </span>
          </div>
          <div className={styles.track} style={{ backgroundImage: grid }}>
            <div
              className={cx(styles.bar, r.kind === 'running' && styles.running)}
              data-testid="attempt-bar"
              data-kind={r.kind}
              role="img"
              aria-label={`attempt ${r.attempt.attempt} ${r.kind} ${formatDuration(r.end - r.attempt.startedAt)}`}
              style={{ left: `${pct(r.attempt.startedAt - t0)}%`, width: `${pct(r.end - r.attempt.startedAt)}%`, background: KIND_COLORS[r.kind] }}
            />
          </div>
          {r.attempt.error !== undefined && <AttemptError attempt={r.attempt} />}
        </div>
      ))}
    </div>
  );
}

function AttemptError({ attempt }: { attempt: Attempt }) {
  return (
    <div className={styles.error} title={attempt.stack ?? attempt.error}>
      {attempt.stack ? (
        <details>
          <summary>{attempt.error}</summary>
          <pre className={styles.stack}>{attempt.stack}</pre>
        </details>
      ) : (
        attempt.error
      )}
    </div>
  );
}

const SEGMENT_WORDS: Record<Segment['kind'], string> = { wait: 'queue wait', backoff: 'backoff', failed: 'failed attempt', succeeded: 'attempt', running: 'running attempt' };

/** Queue wait (enqueue → first attempt), then each attempt and the backoff gap before the next. */
export function lifeSegments(rows: Array<Pick<Row, 'attempt' | 'end' | 'kind'>>, createdAt: number | undefined): Segment[] {
  const out: Segment[] = [];
  const sorted = [...rows].sort((a, b) => a.attempt.startedAt - b.attempt.startedAt);
  if (createdAt !== undefined && sorted[0] && sorted[0].attempt.startedAt > createdAt) out.push({ kind: 'wait', from: createdAt, to: sorted[0].attempt.startedAt });
  sorted.forEach((r, i) => {
    const prev = sorted[i - 1];
    if (prev && r.attempt.startedAt > prev.end) out.push({ kind: 'backoff', from: prev.end, to: r.attempt.startedAt });
    out.push({ kind: r.kind, from: r.attempt.startedAt, to: r.end });
  });
  return out;
}

function kindOf(a: Attempt): Kind {
  if (a.error !== undefined) return 'failed';
  return a.finishedAt === undefined ? 'running' : 'succeeded';
}

/** The 1/2/5 × 10^k step nearest above `raw` ms, so ticks land on round values. */
export function niceStep(raw: number): number {
  const base = 10 ** Math.floor(Math.log10(Math.max(raw, 1)));
  return [1, 2, 5, 10].map((m) => m * base).find((s) => s >= raw) ?? 10 * base;
}

const styles = {
  root: css`
    display: flex;
    flex-direction: column;
    gap: 4px;
    font-family: ${MONO};
    font-size: ${FONT_SIZE.label};
  `,
  row: css`
    display: grid;
    grid-template-columns: 140px minmax(0, 1fr);
    column-gap: 8px;
    align-items: center;
  `,
  label: css`
    color: ${COLORS.muted};
    text-align: right;
  `,
  group: css`
    color: ${COLORS.text};
    font-family: inherit;
    text-transform: uppercase;
    letter-spacing: 0.06em;
  `,
  axis: css`
    position: relative;
    height: 16px;
    color: ${COLORS.muted};
    border-bottom: 1px solid ${COLORS.border};
  `,
  tick: css`
    position: absolute;
    top: 0;
    padding-left: 2px;
    white-space: nowrap;
  `,
  track: css`
    position: relative;
    height: 22px;
    border: 1px solid ${COLORS.border};
    overflow: hidden;
  `,
  bar: css`
    position: absolute;
    top: 4px;
    bottom: 4px;
    min-width: 2px;
  `,
  // Waiting (in the queue, or for a retry's backoff): hatched grey, nothing running.
  gap: css`
    background: repeating-linear-gradient(45deg, ${COLORS.waiting} 0, ${COLORS.waiting} 2px, transparent 2px, transparent 5px);
    border: 1px dashed ${COLORS.waiting};
  `,
  legend: css`
    grid-column: 2;
    color: ${COLORS.muted};
  `,
  running: css`
    @keyframes trafi-attempt-pulse {
      50% {
        opacity: 0.6;
      }
    }
    animation: trafi-attempt-pulse 1.2s steps(2) infinite;
  `,
  num: css`
    color: ${COLORS.text};
  `,
  error: css`
    grid-column: 2;
    color: ${COLORS.error};
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
    summary {
      cursor: pointer;
      overflow: hidden;
      text-overflow: ellipsis;
    }
  `,
  stack: css`
    margin: 4px 0 0;
    padding: 8px;
    border: 1px solid ${COLORS.error};
    white-space: pre-wrap;
    color: ${COLORS.text};
    font-size: ${FONT_SIZE.label};
  `,
};
