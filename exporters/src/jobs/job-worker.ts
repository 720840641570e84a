// JobWorker: runs one queue's jobs with typed payloads, tenant context, per-attempt
// logs, and the move to the DLQ on final failure. On a tenant-isolated queue it also keeps
// the tenants' fair counts exact: each job is released once, and a repair pass recounts them.
import { randomUUID } from 'node:crypto';
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import { formatRunLogLine } from '@trafi-ops/contracts';
import { parseTenantContext, runInTrace } from './context.ts';
import type { JobData, JobService } from './job-service.ts';
import type { JobRunContext } from './job-type.ts';
import type { FairRepairResult } from '../redis/commands.ts';

export interface JobWorkerOptions {
  /** Overrides the queue's configured concurrency. */
  concurrency?: number;
  /** How often failed jobs left behind by a crash are swept into the DLQ. */
  sweepIntervalMs?: number;
  heartbeatIntervalMs?: number;
  /** BullMQ lock and stalled-check timings (lower them in tests of crash recovery). */
  lockDurationMs?: number;
  stalledIntervalMs?: number;
  /** How often an isolated queue's fair counts are recounted from the queue (and once at start). */
  fairRepairIntervalMs?: number;
}

export class JobWorker {
  readonly id = `${process.pid}-${randomUUID().slice(0, 8)}`;
  readonly worker: Worker<JobData>;
  protected timers: NodeJS.Timeout[] = [];
  protected readonly isolated: boolean;

  constructor(
    protected readonly service: JobService,
    readonly queue: string,
    protected readonly options: JobWorkerOptions = {},
  ) {
    const settings = service.queueSettings(queue);
    if (!settings) throw new Error(`unknown queue "${queue}"`);
    this.isolated = settings.isolated;
    const timings: Record<string, number> = {};
    if (options.lockDurationMs) timings.lockDuration = options.lockDurationMs;
    if (options.stalledIntervalMs) timings.stalledInterval = options.stalledIntervalMs;
    this.worker = new Worker<JobData>(queue, (job, token, signal) => this.process(job, signal), {
      connection: service.redis,
      prefix: service.prefix,
      concurrency: options.concurrency ?? settings.concurrency,
      autorun: false,
      ...timings,
    });
    this.worker.on('failed', (job) => job && void this.afterFailure(job));
    this.worker.on('error', (err) => service.logger.warn({ err, queue }, 'worker error'));
  }

  /** The job types this worker runs. */
  get jobTypes(): string[] {
    return this.service.queueSettings(this.queue)?.types ?? [];
  }

  /** Starts consuming; resolves once the worker is running. */
  start(): this {
    void this.worker.run().catch((err) => this.service.logger.error({ err, queue: this.queue }, 'worker stopped'));
    void this.sweep();
    this.timers.push(setInterval(() => void this.sweep(), this.options.sweepIntervalMs ?? 15_000));
    void this.heartbeat();
    this.timers.push(setInterval(() => void this.heartbeat(), this.options.heartbeatIntervalMs ?? 10_000));
    if (this.isolated) {
      void this.repairFairCounts();
      this.timers.push(setInterval(() => void this.repairFairCounts(), this.options.fairRepairIntervalMs ?? 600_000));
    }
    return this;
  }

  protected async process(job: Job<JobData>, signal: AbortSignal | undefined): Promise<unknown> {
    const startedAt = Date.now();
    try {
      const type = this.service.jobType(job.name);
      if (!type) throw new UnrecoverableError(`no handler for job type "${job.name}"`);
      const tenant = this.readBack(() => parseTenantContext(job.data.c), 'context');
      const payload = this.readBack(() => type.payload.parse(job.data.p), 'payload');
      const ctx: JobRunContext = {
        tenant,
        job: { id: job.id!, queue: this.queue, type: job.name, attempt: attemptNumber(job), maxAttempts: type.attempts },
        log: async (line) => void (await job.log(formatRunLogLine(Date.now(), attemptNumber(job), line))),
        signal: signal ?? new AbortController().signal,
      };
      const result = await runInTrace(tenant, () => type.handler(payload, ctx));
      await this.releaseFairCount(job);
      return result;
    } catch (err) {
      await this.recordFailedAttempt(job, startedAt, err as Error);
      throw err;
    }
  }

  /** A job whose stored data no longer parses cannot succeed by retrying. */
  protected readBack<T>(parse: () => T, what: string): T {
    try {
      return parse();
    } catch (err) {
      throw new UnrecoverableError(`stored ${what} is invalid: ${(err as Error).message}`);
    }
  }

  /** Keeps the attempt in the job's metadata (timeline), its log, and one structured log line. */
  protected async recordFailedAttempt(job: Job<JobData>, startedAt: number, err: Error): Promise<void> {
    const attempt = attemptNumber(job);
    const maxAttempts = job.opts.attempts ?? 1;
    const finishedAt = Date.now();
    const message = err?.message ?? String(err);
    const record = { attempt, startedAt, finishedAt, error: message, stack: err?.stack };
    const willRetry = attempt < maxAttempts && !(err instanceof UnrecoverableError);
    try {
      await this.service.redis.hset(this.service.keys.job(this.queue, job.id!), `ta:${attempt}`, JSON.stringify(record));
      await job.log(formatRunLogLine(finishedAt, attempt, `attempt ${attempt}/${maxAttempts} failed: ${err?.stack ?? message}`));
    } catch (writeErr) {
      this.service.logger.warn({ err: writeErr, jobId: job.id }, 'could not record attempt');
    }
    const level = this.service.jobType(job.name)?.failureLogLevel(err) ?? 'warn';
    this.service.logger[level](
      { jobId: job.id, queue: this.queue, type: job.name, tenant: job.data?.c?.tenantId, attempt, maxAttempts, willRetry, err },
      'job attempt failed',
    );
  }

  protected async afterFailure(job: Job<JobData>): Promise<void> {
    if (job.finishedOn) await this.deadLetter(job.id!);
  }

  /**
   * The job's work is done: it stops counting for its tenant's fair priority now, before
   * BullMQ records the completion. Released once per job (a re-run after a crash between
   * here and the completion changes nothing), so no crash leaves a phantom pending job.
   */
  protected async releaseFairCount(job: Job<JobData>): Promise<void> {
    if (!this.isolated) return;
    // A failed release only leaves the count high until the next repair pass: never fail the job for it.
    await this.service.commands.fairDone({ queue: this.queue, jobId: job.id! }).catch((err) =>
      this.service.logger.warn({ err, jobId: job.id, queue: this.queue }, 'fair count release failed, the repair pass will fix it'),
    );
  }

  /** Recounts the queue's pending jobs per tenant (isolated queues): one atomic script, O(pending jobs),
   *  skipped above FAIR_REPAIR_MAX_JOBS. A safety net: the releases alone keep the counts exact. */
  async repairFairCounts(): Promise<FairRepairResult | null> {
    if (!this.isolated) return null;
    try {
      const result = await this.service.commands.fairRepair({ queue: this.queue });
      if (!result) this.service.logger.info({ queue: this.queue }, 'fair count repair skipped: too many pending jobs to recount');
      else if (result.drift > 0) this.service.logger.warn({ queue: this.queue, ...result }, 'fair counts were off, repaired');
      return result;
    } catch (err) {
      this.service.logger.warn({ err, queue: this.queue }, 'fair count repair failed');
      return null;
    }
  }

  /** Atomically moves a job from BullMQ's failed set into the DLQ; a no-op if it is not there. */
  async deadLetter(jobId: string): Promise<boolean> {
    try {
      return await this.service.commands.deadLetter({ queue: this.queue, jobId, isolated: this.isolated });
    } catch (err) {
      // The sweep retries: the job stays in the failed set until it moves.
      this.service.logger.warn({ err, jobId, queue: this.queue }, 'dead-letter move failed, will sweep');
      return false;
    }
  }

  /** Moves failed jobs left behind (crash between fail and move, stalled-out jobs) into the DLQ. */
  async sweep(): Promise<number> {
    let moved = 0;
    try {
      for (;;) {
        const ids = await this.service.redis.zrange(this.service.keys.queueKey(this.queue, 'failed'), '0', '199');
        if (ids.length === 0) break;
        for (const id of ids) if (await this.deadLetter(id)) moved++;
        if (ids.length < 200) break;
      }
    } catch (err) {
      this.service.logger.warn({ err, queue: this.queue }, 'DLQ sweep failed');
    }
    return moved;
  }

  protected async heartbeat(): Promise<void> {
    await this.service.redis.hset(this.service.keys.heartbeat(), `${this.queue}/${this.id}`, String(Date.now())).catch(() => 0);
  }

  /** Graceful stop: takes no new jobs, lets active ones finish for up to `graceMs`, then forces. */
  async close(graceMs = 30_000): Promise<void> {
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    let timer: NodeJS.Timeout | undefined;
    const graceful = this.worker.close(false);
    const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), graceMs)));
    const outcome = await Promise.race([graceful.then(() => 'closed' as const), timedOut]);
    clearTimeout(timer);
    if (outcome === 'timeout') {
      // Handlers see ctx.signal abort; whatever still runs after that is left to stalled-job
      // recovery (its lock stops being renewed when the process exits), so close stays bounded.
      this.service.logger.warn({ queue: this.queue, graceMs }, 'active jobs did not finish in time; cancelling them');
      this.worker.cancelAllJobs('worker shutting down: grace period over');
      await Promise.race([graceful, new Promise((resolve) => setTimeout(resolve, 1000).unref())]);
    }
    await this.service.redis.hdel(this.service.keys.heartbeat(), `${this.queue}/${this.id}`).catch(() => 0);
  }
}

/** The attempt being run: BullMQ's finished attempts + 1. (`attemptsStarted` also counts
 *  runs cut short by a crash, which BullMQ does not count against `attempts`.) */
function attemptNumber(job: Job): number {
  return job.attemptsMade + 1;
}
