// The dead-letter queue: jobs that exhausted their attempts (or failed permanently),
// kept with everything needed to investigate and retry them, until retention expires.
import type { BulkResult, DlqEntry, DlqFilter, DlqQuery, Page } from '../contracts/index.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { attemptsOf, jobData, type JobHash } from './job-hash.ts';
import type { EnqueueRequest, JobService } from './job-service.ts';
import { joinRef, splitRef } from './keys.ts';

export interface DeadLetterQueueOptions {
  /** Entries older than this are deleted by the cleaner (default 14 days). */
  retentionMs?: number;
  /** How long a retried entry's original run stays visible for its link (default 7 days). */
  retriedKeepMs?: number;
  /** Entries per batch in bulk operations. */
  batchSize?: number;
  /** Index members examined per list request at most (a bounded scan with a cursor to go on). */
  scanBudget?: number;
}

export type BulkProgress = (p: BulkResult) => void;

export const DLQ_DEFAULT_RETENTION_MS = 14 * 24 * 3600 * 1000;

/** The id a DLQ retry gets: deterministic per entry, so retrying twice enqueues once. */
export function retryJobId(jobId: string): string {
  const m = /^(.*)~r(\d+)$/.exec(jobId);
  return m ? `${m[1]}~r${Number(m[2]) + 1}` : `${jobId}~r1`;
}

export class DeadLetterQueue {
  readonly retentionMs: number;
  protected readonly retriedKeepMs: number;
  protected readonly batchSize: number;
  protected readonly scanBudget: number;
  protected cleaner: NodeJS.Timeout | undefined;

  constructor(
    protected readonly service: JobService,
    opts: DeadLetterQueueOptions = {},
  ) {
    this.retentionMs = opts.retentionMs ?? DLQ_DEFAULT_RETENTION_MS;
    this.retriedKeepMs = opts.retriedKeepMs ?? 7 * 24 * 3600 * 1000;
    this.batchSize = opts.batchSize ?? 500;
    this.scanBudget = opts.scanBudget ?? 5000;
  }

  protected get keys() {
    return this.service.keys;
  }

  /** DLQ size per declared queue (one round trip). */
  async sizes(): Promise<Record<string, number>> {
    const queues = this.service.queueNames();
    const pipe = this.service.redis.pipeline();
    for (const q of queues) pipe.zcard(this.keys.dlqByQueue(q));
    const res = (await pipe.exec()) ?? [];
    return Object.fromEntries(queues.map((q, i) => [q, Number(res[i]?.[1] ?? 0)]));
  }

  async size(queue?: string): Promise<number> {
    return this.service.redis.zcard(queue ? this.keys.dlqByQueue(queue) : this.keys.dlqAll);
  }

  /** The narrowest index for a filter; the script checks the remaining conditions. */
  protected indexFor(f: DlqFilter): string {
    if (f.queue) return this.keys.dlqByQueue(f.queue);
    if (f.type) return this.keys.dlqByType(f.type);
    if (f.tenant) return this.keys.dlqByTenant(f.tenant);
    return this.keys.dlqAll;
  }

  /** Newest first; a page may be short when the scan budget ran out, `nextCursor` goes on. */
  async listIds(q: DlqQuery): Promise<Page<string>> {
    const cursor = decodeCursor(q.cursor);
    const [ids, , last, lastScore] = await this.service.redis.trafiScanIndex(
      this.indexFor(q), this.service.prefix, cursor?.member ?? '', cursor?.score ?? '',
      q.from !== undefined ? String(q.from) : '', q.to !== undefined ? String(q.to) : '',
      q.limit, this.scanBudget, 'dlq', q.queue ?? '', q.type ?? '', q.tenant ?? '', '', (q.error ?? '').toLowerCase(),
    );
    return { items: ids, nextCursor: last ? encodeCursor({ member: last, score: lastScore }) : null };
  }

  async list(q: DlqQuery): Promise<Page<DlqEntry>> {
    const page = await this.listIds(q);
    const entries = await this.getMany(page.items);
    return { items: entries.filter((e): e is DlqEntry => e !== null), nextCursor: page.nextCursor };
  }

  async get(id: string): Promise<DlqEntry | null> {
    const [entry] = await this.getMany([id]);
    return entry ?? null;
  }

  protected async getMany(ids: string[]): Promise<(DlqEntry | null)[]> {
    if (ids.length === 0) return [];
    const pipe = this.service.redis.pipeline();
    for (const id of ids) {
      const ref = splitRef(id);
      pipe.zscore(this.keys.dlqAll, id);
      pipe.hgetall(ref ? this.keys.job(ref.queue, ref.jobId) : `${this.service.prefix}:~none`);
    }
    const res = (await pipe.exec()) ?? [];
    return ids.map((id, i) => {
      const inDlq = res[2 * i]?.[1];
      const hash = res[2 * i + 1]?.[1] as JobHash | undefined;
      const ref = splitRef(id);
      if (!ref || inDlq === null || inDlq === undefined || !hash || !hash.name) return null;
      return this.toEntry(id, ref.queue, ref.jobId, hash);
    });
  }

  protected toEntry(id: string, queue: string, jobId: string, h: JobHash): DlqEntry {
    const data = jobData(h);
    const entry: DlqEntry = {
      id,
      queue,
      jobId,
      type: h.name!,
      payload: data.p,
      context: data.c,
      options: safeJson(h.opts),
      attempts: attemptsOf(h, 'dead_lettered'),
      error: h.failedReason ?? '',
      createdAt: Number(h.timestamp ?? 0),
      failedAt: Number(h.finishedOn ?? h.dlq ?? 0),
      deadLetteredAt: Number(h.dlq ?? 0),
    };
    if (h.dlqTenant) entry.tenantId = h.dlqTenant;
    return entry;
  }

  /** Every id matching a filter, as a snapshot taken now (bulk-by-filter works on it). */
  async idsMatching(filter: DlqFilter): Promise<string[]> {
    const ids: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.listIds({ ...filter, cursor, limit: 500 });
      ids.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return ids;
  }

  /**
   * Re-enqueues entries into their original queues with fresh attempts, in batches.
   * Idempotent: the new job id is derived from the entry, and an entry leaves the DLQ
   * only after its job is enqueued, so a repeat (or a crash in between) enqueues once.
   */
  async retry(ids: string[], onProgress?: BulkProgress): Promise<BulkResult> {
    return this.inBatches(ids, onProgress, (batch) => this.retryBatch(batch));
  }

  async delete(ids: string[], onProgress?: BulkProgress): Promise<BulkResult> {
    return this.inBatches(ids, onProgress, (batch) => this.removeBatch(batch.map((id) => ({ id, mode: 'delete' as const }))));
  }

  protected async inBatches(ids: string[], onProgress: BulkProgress | undefined, run: (batch: string[]) => Promise<number>): Promise<BulkResult> {
    const unique = [...new Set(ids)];
    const result: BulkResult = { done: 0, skipped: 0, total: unique.length };
    for (let i = 0; i < unique.length; i += this.batchSize) {
      const batch = unique.slice(i, i + this.batchSize);
      const done = await run(batch);
      result.done += done;
      result.skipped += batch.length - done;
      onProgress?.({ ...result });
    }
    return result;
  }

  protected async retryBatch(ids: string[]): Promise<number> {
    const entries = (await this.getMany(ids)).filter((e): e is DlqEntry => e !== null);
    const requests: { entry: DlqEntry; request: EnqueueRequest }[] = [];
    for (const entry of entries) {
      const request = this.retryRequest(entry);
      try {
        this.service.validate(request);
        requests.push({ entry, request });
      } catch (err) {
        // A payload that no longer fits its type's schema stays in the DLQ (counted as skipped).
        this.service.logger.warn({ err, entry: entry.id }, 'DLQ entry cannot be retried');
      }
    }
    if (requests.length === 0) return 0;
    const refs = await this.service.enqueueBulk(requests.map((r) => r.request));
    return this.removeBatch(requests.map(({ entry }, i) => ({ id: entry.id, mode: 'retried' as const, retriedAs: joinRef(refs[i]!.queue, refs[i]!.id) })));
  }

  protected retryRequest(entry: DlqEntry): EnqueueRequest {
    const { trace: _trace, ...context } = (entry.context ?? {}) as Record<string, unknown>;
    return {
      type: entry.type,
      payload: entry.payload,
      context: context as EnqueueRequest['context'],
      options: { jobId: retryJobId(entry.jobId), origin: { kind: 'dlq_retry', queue: entry.queue, id: entry.jobId } },
    };
  }

  protected async removeBatch(items: { id: string; mode: 'delete' | 'retried'; retriedAs?: string }[]): Promise<number> {
    if (items.length === 0) return 0;
    const pipe = this.service.redis.pipeline();
    let sent = 0;
    for (const item of items) {
      const ref = splitRef(item.id);
      if (!ref) continue;
      sent++;
      pipe.trafiDlqRemove(
        this.keys.job(ref.queue, ref.jobId), this.keys.dlqAll, this.keys.dlqByQueue(ref.queue),
        item.id, this.service.prefix, item.mode, item.retriedAs ?? '', this.retriedKeepMs,
      );
    }
    if (sent === 0) return 0;
    const res = (await pipe.exec()) ?? [];
    for (const [err] of res) if (err) throw err;
    return res.filter(([, v]) => Number(v) === 1).length;
  }

  /** Deletes entries past retention; returns how many. */
  async cleanExpired(now = Date.now()): Promise<number> {
    let removed = 0;
    for (;;) {
      const ids = await this.service.redis.zrangebyscore(this.keys.dlqAll, '-inf', now - this.retentionMs, 'LIMIT', 0, this.batchSize);
      if (ids.length === 0) return removed;
      removed += await this.removeBatch(ids.map((id) => ({ id, mode: 'delete' as const })));
    }
  }

  /** Runs the retention cleaner every `intervalMs` (and once now). */
  startCleaner(intervalMs = 60_000): void {
    const run = () =>
      this.cleanExpired().then(
        (n) => n > 0 && this.service.logger.info({ removed: n }, 'DLQ retention: expired entries deleted'),
        (err) => this.service.logger.warn({ err }, 'DLQ retention cleaner failed'),
      );
    void run();
    this.cleaner = setInterval(run, intervalMs);
  }

  stopCleaner(): void {
    if (this.cleaner) clearInterval(this.cleaner);
    this.cleaner = undefined;
  }
}

function safeJson(raw: string | undefined): Record<string, unknown> {
  try {
    const v = JSON.parse(raw ?? '{}');
    return v && typeof v === 'object' ? v : {};
  } catch {
    return {};
  }
}
