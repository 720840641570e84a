// Per-queue Prometheus data for the Queues page (recording rules of the metric catalogue, @trafi-ops/contracts):
// throughput now, its last hour, and why a queue is unhealthy. The ops API counts do not depend on it.
import { css } from '@emotion/css';
import { RECORDING_RULES } from '@trafi-ops/contracts';
import type React from 'react';
import { instantQuery, PrometheusError, rangeQuery, viaPrometheus } from '../../api/prometheus';
import { COLORS, MONO } from '../../theme/theme';
import { Sparkline } from '../../ui/Sparkline';

export const QUEUE_QUERIES = {
  /** Jobs processed per minute (any outcome), by queue. */
  rate: RECORDING_RULES.queueJobsPerMinute,
  /** 1 per (queue, reason) while the queue is unhealthy. */
  unhealthy: RECORDING_RULES.queueUnhealthy,
} as const;
export const TREND_MINUTES = 60;
export const TREND_STEP_SECONDS = 60;

/** What each `reason` label of queue:trafi_queue_unhealthy means. */
export const UNHEALTHY_REASONS: Record<string, string> = {
  backlog_growing: 'backlog growing while throughput does not rise',
  oldest_waiting: 'oldest waiting job older than 5 min',
  stalled: 'jobs waiting, none processed in 10 min',
  dlq_growing: 'DLQ grew in the last 15 min',
};

export interface QueueMetrics {
  /** Jobs per minute, by queue. */
  rate: Record<string, number>;
  trend: Record<string, Array<[number, number]>>;
  /** Reasons, by queue (absent: healthy). */
  unhealthy: Record<string, string[]>;
}

export function loadQueueMetrics(uid: string): Promise<QueueMetrics> {
  return viaPrometheus(uid, async () => {
    const [rate, trend, unhealthy] = await Promise.all([
      instantQuery(uid, QUEUE_QUERIES.rate),
      rangeQuery(uid, QUEUE_QUERIES.rate, TREND_MINUTES, TREND_STEP_SECONDS),
      instantQuery(uid, QUEUE_QUERIES.unhealthy),
    ]);
    const out: QueueMetrics = { rate: {}, trend: {}, unhealthy: {} };
    for (const s of rate) if (s.labels.queue) out.rate[s.labels.queue] = s.value;
    for (const s of trend) if (s.labels.queue) out.trend[s.labels.queue] = s.points;
    for (const s of unhealthy) {
      const { queue, reason = 'unknown' } = s.labels;
      if (queue) out.unhealthy[queue] = [...(out.unhealthy[queue] ?? []), reason];
    }
    return out;
  });
}

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
    font-size: 12px;
    color: ${COLORS.muted};
    white-space: nowrap;
  `,
};
