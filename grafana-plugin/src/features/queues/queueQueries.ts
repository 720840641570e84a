// Per-queue Prometheus data for the Queues page: what it asks (recording rules of the metric
// catalogue, @trafi-ops/contracts; test/components/queries.test.ts checks them against it) for
// throughput now, its last hour, and why a queue is unhealthy. The ops API counts do not depend on it.
import { RECORDING_RULES } from '@trafi-ops/contracts';
import { instantQuery, rangeQuery, viaPrometheus } from '../../api/prometheus';

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
