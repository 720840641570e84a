// Per-attempt counters and run/wait time histograms, observed on the worker side.
import type { Counter, Histogram, Registry } from 'prom-client';
import type { Job } from 'bullmq';
import { METRICS, type LabelsOf } from '@trafi-ops/contracts';
import type { JobWorker } from '../jobs/job-worker.ts';
import { counter, histogram } from './families.ts';

const OUTCOMES = ['completed', 'retried', 'dead_lettered'] as const;

export class JobMetrics {
  readonly processed: Counter<LabelsOf<typeof METRICS.jobsProcessed>>;
  readonly duration: Histogram<LabelsOf<typeof METRICS.jobDuration>>;
  readonly wait: Histogram<LabelsOf<typeof METRICS.jobWait>>;

  constructor(registry: Registry) {
    this.processed = counter(METRICS.jobsProcessed, { registry });
    this.duration = histogram(METRICS.jobDuration, { registry });
    this.wait = histogram(METRICS.jobWait, { registry });
  }

  /** Counts every attempt a worker finishes. */
  observe(w: JobWorker): void {
    // Series start at 0, so rate() sees the first jobs too (a counter born at 10 shows no increase).
    for (const job_type of w.jobTypes) for (const outcome of OUTCOMES) this.processed.inc({ queue: w.queue, job_type, outcome }, 0);
    w.worker.on('completed', (job) => this.record(w.queue, job, 'completed'));
    w.worker.on('failed', (job) => job && this.record(w.queue, job, job.finishedOn ? 'dead_lettered' : 'retried'));
  }

  protected record(queue: string, job: Job, outcome: (typeof OUTCOMES)[number]): void {
    const labels = { queue, job_type: job.name };
    this.processed.inc({ ...labels, outcome });
    const started = job.processedOn;
    if (!started) return;
    this.duration.observe(labels, Math.max(0, ((job.finishedOn ?? Date.now()) - started) / 1000));
    // Only first attempts: a retry's wait would be mostly its own backoff.
    if (job.attemptsStarted <= 1) this.wait.observe(labels, Math.max(0, (started - job.timestamp - (job.opts.delay ?? 0)) / 1000));
  }
}
