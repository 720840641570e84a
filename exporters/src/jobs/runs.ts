// Runs: every job the layer enqueued, across queues, newest first, with state,
// attempts timeline, logs and replay.
import { randomUUID } from 'node:crypto';
import type { Page, RunDetail, RunSummary, RunsQuery } from '@trafi-ops/contracts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { jobData, runDetail, runSummary, type JobHash } from './job-hash.ts';
import type { JobService } from './job-service.ts';
import { splitRef } from '../redis/keys.ts';

export interface RunStoreOptions {
  /** Index members examined per list request at most. */
  scanBudget?: number;
}

export class RunStore {
  protected readonly scanBudget: number;

  constructor(
    protected readonly service: JobService,
    opts: RunStoreOptions = {},
  ) {
    this.scanBudget = opts.scanBudget ?? 5000;
  }

  async list(q: RunsQuery): Promise<Page<RunSummary>> {
    const { members: refs, states, next } = await this.service.commands.scanIndex({
      index: this.service.keys.runs, mode: 'runs', after: decodeCursor(q.cursor), from: q.from, to: q.to,
      limit: q.limit, budget: this.scanBudget, queue: q.queue, type: q.type, tenant: q.tenant, state: q.state, error: q.error,
    });
    const hashes = await this.hashes(refs);
    const items: RunSummary[] = [];
    refs.forEach((ref, i) => {
      const r = splitRef(ref);
      const h = hashes[i];
      if (r && h?.name) items.push(runSummary(r.queue, r.jobId, h, states[i]!));
    });
    return { items, nextCursor: next ? encodeCursor(next) : null };
  }

  protected async hashes(refs: string[]): Promise<(JobHash | undefined)[]> {
    if (refs.length === 0) return [];
    const pipe = this.service.redis.pipeline();
    for (const ref of refs) {
      const r = splitRef(ref)!;
      pipe.hgetall(this.service.keys.job(r.queue, r.jobId));
    }
    const res = (await pipe.exec()) ?? [];
    return res.map(([, v]) => v as JobHash | undefined);
  }

  async get(queue: string, id: string): Promise<RunDetail | null> {
    if (!this.service.queueSettings(queue)) return null;
    const run = await this.service.commands.getRun({ queue, jobId: id });
    return run && runDetail(queue, id, run.hash, run.state);
  }

  /** Log lines from `start` on (the SSE stream polls this with the count it has). */
  async logs(queue: string, id: string, start = 0): Promise<{ items: string[]; count: number }> {
    const { logs, count } = await this.service.queue(queue).getJobLogs(id, start, -1, true);
    return { items: logs, count };
  }

  /** A new run with the same payload and tenant, linked to the original. */
  async replay(queue: string, id: string, actor: string): Promise<{ queue: string; id: string } | null> {
    // Read through getRun, which answers null for a key that is not a job hash.
    const run = await this.service.commands.getRun({ queue, jobId: id });
    if (!run) return null;
    const h: JobHash = run.hash;
    const data = jobData(h);
    const { trace: _trace, ...context } = data.c ?? ({} as NonNullable<typeof data.c>);
    return this.service.enqueue(h.name!, data.p, { ...context, actor, requestId: randomUUID() }, { origin: { kind: 'replay', queue, id } });
  }

  /** Drops index entries older than `maxAgeMs` (their jobs are gone by retention anyway). */
  async trimIndex(maxAgeMs: number, now = Date.now()): Promise<number> {
    return this.service.redis.zremrangebyscore(this.service.keys.runs, '-inf', now - maxAgeMs);
  }
}
