// Per-attempt counters and run/wait time histograms, observed on the worker side.
import { Counter, Histogram, type Registry } from 'prom-client';
import type { Job } from 'bullmq';
import type { JobWorker } from '../jobs/job-worker.ts';

/** Seconds; from a few ms (no-op jobs) to 10 min (reports, exports). */
const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 600];

const OUTCOMES = ['completed', 'retried', 'dead_lettered'] as const;

export class JobMetrics {
  readonly processed: Counter<'queue' | 'job_type' | 'outcome'>;
  readonly duration: Histogram<'queue' | 'job_type'>;
  readonly wait: Histogram<'queue' | 'job_type'>;

  constructor(registry: Registry) {
    this.processed = new Counter({
      name: 'trafi_jobs_processed_total',
      help: 'Finished attempts by outcome: completed, retried (failed, will retry) or dead_lettered (failed for good). Jobs/minute: rate()*60.',
      labelNames: ['queue', 'job_type', 'outcome'], registers: [registry],
    });
    this.duration = new Histogram({ name: 'trafi_job_duration_seconds', help: 'Run time of an attempt.', labelNames: ['queue', 'job_type'], buckets: BUCKETS, registers: [registry] });
    this.wait = new Histogram({ name: 'trafi_job_wait_seconds', help: 'Time from enqueue (plus any requested delay) to the start of the first attempt.', labelNames: ['queue', 'job_type'], buckets: BUCKETS, registers: [registry] });
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
