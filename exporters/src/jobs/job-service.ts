// JobService: the registry of job types, their queues, and the producer side.
import { Queue, type JobsOptions } from 'bullmq';
import type { RedisClient } from '../redis/client.ts';
import type { Logger } from 'pino';
import { z } from 'zod';
import { JobIdSchema, TenantContextSchema } from '@trafi-ops/contracts';
import { withTrace, type TenantContextInput } from './context.ts';
import { JobValidationError, resolveJobType, type JobTypeDefinition, type ResolvedJobType } from './job-type.ts';
import { RedisCommands, MAX_PRIORITY } from '../redis/commands.ts';
import { Keys, joinRef } from '../redis/keys.ts';

/** What is stored as a BullMQ job's data: payload, tenant context, and where the run came from. */
export interface JobData {
  p: unknown;
  c: z.infer<typeof TenantContextSchema>;
  o?: RunOrigin;
}

export interface RunOrigin {
  kind: 'replay';
  queue: string;
  id: string;
}

export interface EnqueueOptions {
  delayMs?: number;
  /** Same id twice enqueues once (BullMQ ignores an add whose id exists). */
  jobId?: string;
  origin?: RunOrigin;
}

export interface EnqueueRequest {
  type: string;
  payload: unknown;
  context: TenantContextInput;
  options?: EnqueueOptions;
}

export interface QueueSettings {
  name: string;
  types: string[];
  concurrency: number;
  isolated: boolean;
  retention: ResolvedJobType['retention'];
}

export interface JobServiceOptions {
  /** The one shared connection for every queue, producer and script (see README: connections). */
  redis: RedisClient;
  prefix?: string;
  types: JobTypeDefinition<any>[];
  logger: Logger;
  /** Environment for `QUEUE_CONCURRENCY_<QUEUE>` overrides. */
  env?: NodeJS.ProcessEnv;
}

/** What producers pass: the trace carrier is the layer's to fill. Built once (zod compiles schemas). */
const ProducerContextSchema = TenantContextSchema.omit({ trace: true }).strict();

export const concurrencyEnvName = (queue: string): string =>
  `QUEUE_CONCURRENCY_${queue.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;

export class JobService {
  readonly keys: Keys;
  readonly redis: RedisClient;
  /** The Lua commands on that connection. */
  readonly commands: RedisCommands;
  readonly logger: Logger;
  protected readonly types = new Map<string, ResolvedJobType>();
  protected readonly settings = new Map<string, QueueSettings>();
  protected readonly queues = new Map<string, Queue>();

  constructor(protected readonly opts: JobServiceOptions) {
    this.redis = opts.redis;
    this.keys = new Keys(opts.prefix ?? 'trafi');
    this.commands = new RedisCommands(opts.redis, this.keys);
    this.logger = opts.logger;
    for (const def of opts.types) this.register(def);
  }

  get prefix(): string {
    return this.keys.prefix;
  }

  /** Adds a job type; types sharing a queue must agree on its concurrency and isolation. */
  register(def: JobTypeDefinition<any>): ResolvedJobType {
    const type = resolveJobType(def);
    if (this.types.has(type.name)) throw new Error(`job type "${type.name}" is declared twice`);
    const concurrency = this.concurrencyFor(type.queue, type.concurrency);
    const existing = this.settings.get(type.queue);
    if (existing) {
      if (existing.isolated !== (type.isolation === 'tenant') || existing.concurrency !== concurrency) {
        throw new Error(`job type "${type.name}" disagrees with queue "${type.queue}" on isolation or concurrency`);
      }
      existing.types.push(type.name);
    } else {
      this.settings.set(type.queue, {
        name: type.queue,
        types: [type.name],
        concurrency,
        isolated: type.isolation === 'tenant',
        retention: type.retention,
      });
    }
    this.types.set(type.name, type);
    return type;
  }

  protected concurrencyFor(queue: string, fallback: number): number {
    const name = concurrencyEnvName(queue);
    const raw = (this.opts.env ?? process.env)[name];
    if (raw === undefined || raw === '') return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 1 || n > 1000) throw new Error(`${name} must be an integer 1..1000, got "${raw}"`);
    return n;
  }

  jobType(name: string): ResolvedJobType | undefined {
    return this.types.get(name);
  }

  jobTypes(): ResolvedJobType[] {
    return [...this.types.values()];
  }

  queueNames(): string[] {
    return [...this.settings.keys()];
  }

  queueSettings(queue: string): QueueSettings | undefined {
    return this.settings.get(queue);
  }

  /** The BullMQ Queue for a declared queue; all share the one connection. */
  queue(name: string): Queue {
    let q = this.queues.get(name);
    if (!q) {
      if (!this.settings.has(name)) throw new JobValidationError(`unknown queue "${name}"`, 'queue');
      q = new Queue(name, { connection: this.redis, prefix: this.prefix });
      q.on('error', (err) => this.logger.warn({ err, queue: name }, 'queue connection error'));
      this.queues.set(name, q);
    }
    return q;
  }

  /** Validates and enqueues one job. Rejects unknown types and invalid payloads with JobValidationError. */
  async enqueue(type: string, payload: unknown, context: TenantContextInput, options: EnqueueOptions = {}): Promise<{ queue: string; id: string }> {
    const [ref] = await this.enqueueBulk([{ type, payload, context, options }]);
    return ref!;
  }

  /** Validates every item first (all or nothing), then adds them in one round trip per queue. */
  async enqueueBulk(items: EnqueueRequest[]): Promise<{ queue: string; id: string }[]> {
    const prepared = items.map((item, i) => this.prepare(item, items.length > 1 ? `[${i}].` : ''));
    const now = Date.now();
    const priorities = await this.priorities(prepared);
    const byQueue = new Map<string, number[]>();
    prepared.forEach((p, i) => {
      const list = byQueue.get(p.type.queue) ?? [];
      list.push(i);
      byQueue.set(p.type.queue, list);
    });
    const refs: { queue: string; id: string }[] = new Array(items.length);
    await Promise.all(
      [...byQueue].map(async ([queueName, indexes]) => {
        const jobs = await this.queue(queueName).addBulk(
          indexes.map((i) => {
            const p = prepared[i]!;
            return { name: p.type.name, data: p.data, opts: this.jobOptions(p.type, p.options, priorities[i]) };
          }),
        );
        jobs.forEach((job, k) => (refs[indexes[k]!] = { queue: queueName, id: job.id! }));
      }),
    );
    const index: (string | number)[] = [];
    for (const ref of refs) index.push(now, joinRef(ref.queue, ref.id));
    await this.redis.zadd(this.keys.runs, ...index);
    return refs;
  }

  protected prepare(item: EnqueueRequest, at: string): { type: ResolvedJobType; data: JobData; options: EnqueueOptions } {
    const type = this.types.get(item.type);
    if (!type) throw new JobValidationError(`unknown job type "${item.type}"`, `${at}type`);
    const payload = type.payload.safeParse(item.payload);
    if (!payload.success) throw fromZod(payload.error, `${at}payload`);
    const ctx = ProducerContextSchema.safeParse(item.context);
    if (!ctx.success) throw fromZod(ctx.error, `${at}context`);
    // A custom id naming one of BullMQ's own keys would never be a job (the API could not reach it either).
    const jobId = item.options?.jobId === undefined ? undefined : JobIdSchema.safeParse(item.options.jobId);
    if (jobId && !jobId.success) throw fromZod(jobId.error, `${at}options.jobId`);
    const data: JobData = { p: payload.data, c: withTrace(ctx.data) };
    if (item.options?.origin) data.o = item.options.origin;
    return { type, data, options: item.options ?? {} };
  }

  /**
   * Fair scheduling for isolated queues: a job's priority is its tenant's pending count
   * at enqueue, so a tenant's n-th pending job waits behind every other tenant's first n.
   * A job leaves the count once, when its handler returns or it is dead-lettered; the
   * worker's repair pass recounts from the queue what a crash here, between count and add, leaves.
   */
  protected async priorities(prepared: { type: ResolvedJobType; data: JobData }[]): Promise<(number | undefined)[]> {
    const out: (number | undefined)[] = new Array(prepared.length);
    const isolated = prepared.map((p, i) => [p, i] as const).filter(([p]) => p.type.isolation === 'tenant');
    if (isolated.length === 0) return out;
    const pipe = this.redis.pipeline();
    for (const [p] of isolated) pipe.hincrby(this.keys.fair(p.type.queue), p.data.c.tenantId, 1);
    const results = (await pipe.exec()) ?? [];
    isolated.forEach(([, i], k) => {
      const [err, count] = results[k] ?? [new Error('no reply'), 0];
      if (err) throw err;
      out[i] = Math.min(Math.max(Number(count), 1), MAX_PRIORITY);
    });
    return out;
  }

  /** BullMQ options: our attempts and backoff, keep failed jobs (the DLQ takes them), bounded completed retention. */
  protected jobOptions(type: ResolvedJobType, options: EnqueueOptions, priority: number | undefined): JobsOptions {
    const opts: JobsOptions = {
      attempts: type.attempts,
      backoff: { type: 'exponential', delay: type.backoff.baseMs, jitter: type.backoff.jitter },
      removeOnComplete: { age: type.retention.completedAgeSec, count: type.retention.completedCount },
      removeOnFail: false,
    };
    if (priority !== undefined) opts.priority = priority;
    if (options.delayMs) opts.delay = options.delayMs;
    if (options.jobId) opts.jobId = options.jobId;
    return opts;
  }

  async close(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.close()));
    this.queues.clear();
  }
}

function fromZod(error: z.ZodError, prefix: string): JobValidationError {
  const issue = error.issues[0];
  const path = issue?.path.length ? `${prefix}.${issue.path.join('.')}` : prefix;
  return new JobValidationError(`${path}: ${issue?.message ?? 'invalid'}`, path);
}
