// Story 11.4: every queue with its counts (ops API), throughput and trend (Prometheus) and
// what needs a look. Counts never wait for Prometheus: without it the rate cells say "no metrics".
import { css } from '@emotion/css';
import type { QueueInfo } from '@trafi-ops/contracts';
import type React from 'react';
import { opsApi } from '../../api/ops-api';
import { EmptyState, ErrorState, Loading } from '../../ui/Feedback';
import { Panel } from '../../ui/Panel';
import { PrometheusError } from '../../api/prometheus';
import { loadQueueMetrics, TREND_MINUTES, type QueueMetrics } from './queueQueries';
import { DEFAULT_COLUMNS, QueueRow, queueHealth, type CountColumn } from './QueueRow';
import { QueueControl } from './QueueControl';
import { DashboardLink } from '../../ui/DashboardLink';
import { usePoll } from '../../ui/hooks/usePoll';
import { useSettings } from '../../settings';
import { CAPS, COLORS, FONT_SIZE } from '../../theme/theme';

export interface QueuesPageProps {
  load?: () => Promise<QueueInfo[]>;
  /** Throughput, trend and unhealthy reasons from the Prometheus datasource `uid`. */
  loadMetrics?: (uid: string) => Promise<QueueMetrics>;
  intervalMs?: number;
  /** How often rates, trends and health are asked of Prometheus (they move with its 15 s scrapes). */
  metricsIntervalMs?: number;
  /** Which counts to show, in order. */
  columns?: CountColumn[];
  renderName?: (q: QueueInfo) => React.ReactNode;
  /** An extra cell at the end of each row. */
  extraActions?: (q: QueueInfo) => React.ReactNode;
}

export function QueuesPage({ load = opsApi.queues, loadMetrics = loadQueueMetrics, intervalMs = 5000, metricsIntervalMs = 15_000, columns = DEFAULT_COLUMNS, renderName, extraActions }: QueuesPageProps) {
  const { prometheusUid } = useSettings();
  const queues = usePoll(load, intervalMs, []);
  const metrics = usePoll(() => loadMetrics(prometheusUid), metricsIntervalMs, [prometheusUid]);
  const metricsState = { metrics: metrics.data, error: metrics.error };
  const items = queues.data;
  const levels = items?.map((q) => queueHealth(q, metrics.error ? 'unknown' : metrics.data?.unhealthy[q.name]).level) ?? [];
  const bad = levels.filter((l) => l === 'bad').length;
  const warn = levels.filter((l) => l === 'warn').length;

  return (
    <Panel
      title="Queues"
      actions={
        <>
          {items && (
            <span className={styles.summary} data-testid="queues-summary">
              {`${items.length} queues · ${bad + warn} need a look (${bad} unhealthy, ${warn} warning)`}
            </span>
          )}
          <DashboardLink dashboard="queues" />
        </>
      }
    >
      {queues.error && <ErrorState error={queues.error} onRetry={queues.reload} />}
      {!items && !queues.error && <Loading what="queues" />}
      {items && items.length === 0 && <EmptyState>No queues: the ops API knows no job types yet.</EmptyState>}
      {items && items.length > 0 && (
        <>
          <div className={styles.scroll}>
            <table className={styles.table}>
              <thead>
                <tr>
                  <th>Queue</th>
                  {columns.map((c) => (
                    <th key={c} className={styles.num}>
                      {c === 'dlq' ? 'DLQ' : c}
                    </th>
                  ))}
                  <th className={styles.num}>Jobs/min</th>
                  <th>Last {TREND_MINUTES} min</th>
                  <th>Status</th>
                  <th>Control</th>
                  {extraActions && <th />}
                </tr>
              </thead>
              <tbody>
                {items.map((q) => (
                  <QueueRow
                    key={q.name}
                    queue={q}
                    columns={columns}
                    metrics={metricsState}
                    renderName={renderName}
                    extraActions={extraActions}
                    control={(info) => <QueueControl queue={info} onChanged={queues.reload} />}
                  />
                ))}
              </tbody>
            </table>
          </div>
          {metrics.error && (
            <p className={styles.note} data-testid="queue-metrics-error">
              No metrics: {metrics.error instanceof PrometheusError ? `the Prometheus datasource "${metrics.error.uid}" did not answer (${metrics.error.message})` : metrics.error.message}.
              Counts come from the ops API and are current; check the Prometheus datasource uid on the app configuration page.
            </p>
          )}
        </>
      )}
    </Panel>
  );
}

const styles = {
  summary: css`
    font-size: ${FONT_SIZE.small};
    color: ${COLORS.muted};
  `,
  scroll: css`
    overflow-x: auto;
  `,
  table: css`
    width: 100%;
    border-collapse: collapse;
    th {
      border: 1px solid ${COLORS.border};
      padding: 6px 8px;
      ${CAPS}
      text-align: left;
      white-space: nowrap;
    }
  `,
  num: css`
    text-align: right !important;
  `,
  note: css`
    margin: 8px 0 0;
    font-size: ${FONT_SIZE.small};
    color: ${COLORS.muted};
  `,
};
