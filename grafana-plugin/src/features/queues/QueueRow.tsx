// One queue on the Queues page: its counts (ops API), throughput (Prometheus) and why it needs a look.
import { css, cx } from '@emotion/css';
import { RunStateSchema, type QueueCounts, type QueueInfo } from '@trafi-ops/contracts';
import type React from 'react';
import { Link } from 'react-router-dom';
import { COLORS, FONT_SIZE, MONO } from '../../theme/theme';
import { formatCount } from '../../ui/formatCount';
import { dlqUrl, runsUrl } from '../../ui/links';
import { QueueRate, QueueTrend, type QueueMetricsState } from './QueueMetricCells';
import { UNHEALTHY_REASONS } from './queueQueries';

export type CountColumn = keyof QueueCounts;
/** `prioritized` is left out: the API already counts it in `waiting`. */
export const DEFAULT_COLUMNS: CountColumn[] = ['waiting', 'active', 'delayed', 'completed', 'failed', 'paused', 'dlq'];

/** bad: Prometheus says unhealthy (red); warn: paused or DLQ not empty (yellow); unknown: no metrics to tell (grey). */
export type QueueLevel = 'ok' | 'warn' | 'bad' | 'unknown';
export interface QueueHealth {
  level: QueueLevel;
  notes: string[];
}

/** `reasons`: Prometheus' unhealthy reasons for the queue (none: healthy), or 'unknown' when Prometheus did not answer. */
export function queueHealth(q: QueueInfo, reasons: string[] | 'unknown' | undefined): QueueHealth {
  const unhealthy = reasons === 'unknown' ? [] : (reasons ?? []).map((r) => `unhealthy: ${UNHEALTHY_REASONS[r] ?? r}`);
  const attention = [q.isPaused && 'paused', q.counts.dlq > 0 && `${formatCount(q.counts.dlq)} in DLQ`].filter((n): n is string => !!n);
  const unknown = reasons === 'unknown' ? ['health unknown (no metrics)'] : [];
  const level = unhealthy.length ? 'bad' : attention.length ? 'warn' : unknown.length ? 'unknown' : 'ok';
  return { level, notes: [...unhealthy, ...attention, ...unknown] };
}

export interface QueueRowProps {
  queue: QueueInfo;
  columns: CountColumn[];
  metrics: QueueMetricsState;
  renderName?: (q: QueueInfo) => React.ReactNode;
  extraActions?: (q: QueueInfo) => React.ReactNode;
  /** The pause / resume cell (QueueControl). */
  control?: (q: QueueInfo) => React.ReactNode;
}

const LEVEL_WORDS: Record<QueueLevel, string> = { ok: 'ok', warn: 'warning', bad: 'unhealthy', unknown: 'unknown' };

export function QueueRow({ queue: q, columns, metrics, renderName = defaultName, extraActions, control }: QueueRowProps) {
  const health = queueHealth(q, metrics.error ? 'unknown' : metrics.metrics?.unhealthy[q.name]);
  return (
    <tr className={cx(styles.row, levelStyles[health.level])} data-testid="queue-row" data-queue={q.name} data-health={health.level}>
      <td className={styles.name}>{renderName(q)}</td>
      {columns.map((c) => (
        <td key={c} className={styles.count} data-testid={`queue-count-${c}`}>
          <CountLink queue={q.name} column={c} value={q.counts[c]} />
        </td>
      ))}
      <td className={styles.count}>
        <QueueRate queue={q.name} state={metrics} />
      </td>
      <td>
        <QueueTrend queue={q.name} state={metrics} />
      </td>
      <td className={styles.status}>
        <span className={cx(styles.badge, badgeStyles[health.level])} data-testid="queue-badge" data-level={health.level}>
          {LEVEL_WORDS[health.level]}
        </span>
        <div data-testid="queue-status" className={statusText[health.level]}>
          {health.notes.length ? health.notes.map((n) => <div key={n}>{n}</div>) : 'ok'}
        </div>
      </td>
      {control && <td>{control(q)}</td>}
      {extraActions && <td>{extraActions(q)}</td>}
    </tr>
  );
}

/** A count opens what it counts: the DLQ, or the runs in that state (paused is no run state).
 *  Nothing to open behind a zero. */
function CountLink({ queue, column, value }: { queue: string; column: CountColumn; value: number }) {
  if (value === 0) return <>0</>;
  if (column === 'dlq') {
    return (
      <Link to={dlqUrl(queue)} title={`Dead-letter queue of ${queue}`}>
        {formatCount(value)}
      </Link>
    );
  }
  const state = RunStateSchema.safeParse(column);
  if (!state.success) return <>{formatCount(value)}</>;
  return (
    <Link to={runsUrl(queue, state.data)} title={`${state.data} runs of ${queue}`}>
      {formatCount(value)}
    </Link>
  );
}

function defaultName(q: QueueInfo) {
  return (
    <>
      <Link to={runsUrl(q.name)} className={styles.link} title={`Runs of ${q.name}`}>
        {q.name}
      </Link>
      <div className={styles.meta}>
        concurrency {q.concurrency}
        {q.isolated && ' · isolated'}
        {q.jobTypes.length > 0 && ` · ${q.jobTypes.join(', ')}`}
      </div>
    </>
  );
}

const tint = (color: string, alpha: string) => css`
  & > td {
    background: ${color}${alpha};
  }
  & > td:first-child {
    border-left: 4px solid ${color};
  }
`;
const levelStyles: Record<QueueLevel, string> = { ok: '', unknown: '', warn: tint(COLORS.warning, '14'), bad: tint(COLORS.error, '1f') };
// Filled only for a problem (the Health page's rule); ok and unknown are outlined.
const badgeStyles: Record<QueueLevel, string> = {
  ok: css`
    color: ${COLORS.success};
    border-color: ${COLORS.success};
  `,
  unknown: css`
    color: ${COLORS.muted};
  `,
  warn: css`
    background: ${COLORS.warning};
    border-color: ${COLORS.warning};
    color: ${COLORS.black};
  `,
  bad: css`
    background: ${COLORS.error};
    border-color: ${COLORS.error};
    color: ${COLORS.black};
  `,
};
const statusText: Record<QueueLevel, string> = {
  ok: css`
    color: ${COLORS.muted};
  `,
  unknown: css`
    color: ${COLORS.waiting};
  `,
  warn: css`
    color: ${COLORS.warning};
  `,
  bad: css`
    color: ${COLORS.error};
  `,
};

const styles = {
  row: css`
    & > td {
      border: 1px solid ${COLORS.border};
      padding: 8px;
      vertical-align: middle;
    }
  `,
  name: css`
    min-width: 180px;
  `,
  link: css`
    font-family: ${MONO};
    font-weight: 700;
    color: ${COLORS.text};
    &:hover {
      color: ${COLORS.acid};
    }
  `,
  meta: css`
    margin-top: 2px;
    font-family: ${MONO};
    font-size: ${FONT_SIZE.label};
    color: ${COLORS.muted};
  `,
  count: css`
    font-family: ${MONO};
    text-align: right;
    white-space: nowrap;
    /* a[href]: outranks the scope's plain-link reset. */
    a[href] {
      color: inherit;
      text-decoration: underline;
    }
  `,
  status: css`
    min-width: 160px;
    font-size: ${FONT_SIZE.small};
  `,
  badge: css`
    display: inline-block;
    margin-bottom: 4px;
    padding: 1px 6px;
    border: 1px solid ${COLORS.border};
    font-family: ${MONO};
    font-size: ${FONT_SIZE.label};
    line-height: 16px;
    text-transform: uppercase;
    font-weight: 700;
  `,
};
