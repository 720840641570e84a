// The Queues page's Prometheus cells: throughput now and its last hour (queueQueries), or why
// there is nothing to show (loading, no series, Prometheus failed) instead of a stale number.
import { css } from '@emotion/css';
import type React from 'react';
import { PrometheusError } from '../../api/prometheus';
import { COLORS, FONT_SIZE, MONO } from '../../theme/theme';
import { Sparkline } from '../../ui/Sparkline';
import { TREND_MINUTES, type QueueMetrics } from './queueQueries';

export interface QueueMetricsState {
  metrics: QueueMetrics | undefined;
  error: Error | undefined;
}

/** Jobs per minute now. */
export function QueueRate({ queue, state }: { queue: string; state: QueueMetricsState }) {
  const rate = state.metrics?.rate[queue];
  return (
    <MetricCell state={state} present={rate !== undefined} testId="queue-rate">
      {rate !== undefined && <span className={styles.mono}>{formatRate(rate)}</span>}
    </MetricCell>
  );
}

/** Jobs per minute over the last hour. */
export function QueueTrend({ queue, state }: { queue: string; state: QueueMetricsState }) {
  const points = state.metrics?.trend[queue];
  return (
    <MetricCell state={state} present={!!points?.length} testId="queue-trend">
      {points && <Sparkline points={points} label={`${queue}: jobs per minute, last ${TREND_MINUTES} min`} />}
    </MetricCell>
  );
}

function MetricCell({ state, present, testId, children }: { state: QueueMetricsState; present: boolean; testId: string; children: React.ReactNode }) {
  // The last load failed: say so rather than show numbers that may be stale.
  if (state.error)
    return (
      <span className={styles.none} title={errorTitle(state.error)} data-testid={testId}>
        no metrics
      </span>
    );
  if (!state.metrics)
    return (
      <span className={styles.none} data-testid={testId}>
        …
      </span>
    );
  if (!present)
    return (
      <span className={styles.none} title="no series for this queue" data-testid={testId}>
        no data
      </span>
    );
  return <span data-testid={testId}>{children}</span>;
}

function errorTitle(err: Error): string {
  return err instanceof PrometheusError ? `Prometheus (datasource uid "${err.uid}"): ${err.message}` : err.message;
}

export function formatRate(perMinute: number): string {
  if (!Number.isFinite(perMinute)) return '—';
  return perMinute >= 100 ? String(Math.round(perMinute)) : perMinute.toFixed(1);
}

const styles = {
  mono: css`
    font-family: ${MONO};
  `,
  none: css`
    font-size: ${FONT_SIZE.small};
    color: ${COLORS.muted};
    white-space: nowrap;
  `,
};
