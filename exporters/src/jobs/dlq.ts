// The dead-letter queue: jobs that exhausted their attempts (or failed permanently),
// kept with everything needed to investigate and retry them, until retention expires.
import { errorPattern, patternFilter, type BulkResult, type DlqEntry, type DlqErrorGroup, type DlqErrorGroups, type DlqFilter, type DlqQuery, type Page } from '@trafi-ops/contracts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { attemptsOf, jobData, type JobHash } from './job-hash.ts';
import type { JobService } from './job-service.ts';
import { splitRef } from '../redis/keys.ts';

export interface DeadLetterQueueOptions {
  /** Entries older than this are deleted by the cleaner (default 14 days). */
  retentionMs?: number;
  /** Entries per batch in bulk operations. */
  batchSize?: number;
  /** Index members examined per list request at most (a bounded scan with a cursor to go on). */
  scanBudget?: number;
  /** Entries grouping by error reads at most, newest first (DLQ_GROUP_SCAN_LIMIT). */
  groupScanLimit?: number;
}

export type BulkProgress = (p: BulkResult) => void;

export const DLQ_DEFAULT_RETENTION_MS = 14 * 24 * 3600 * 1000;

export class DeadLetterQueue {
  readonly retentionMs: number;
  protected readonly batchSize: number;
  protected readonly scanBudget: number;
  readonly groupScanLimit: number;
  protected cleaner: NodeJS.Timeout | undefined;

  constructor(
    protected readonly service: JobService,
    opts: DeadLetterQueueOptions = {},
  ) {
    this.retentionMs = opts.retentionMs ?? DLQ_DEFAULT_RETENTION_MS;
    this.batchSize = opts.batchSize ?? 500;
    this.scanBudget = opts.scanBudget ?? 5000;
    this.groupScanLimit = opts.groupScanLimit ?? 20_000;
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

  /** The index that answers a filter alone (one of queue/type/tenant, or none), read directly; else undefined (a scan). */
  protected indexAlone(f: DlqFilter): string | undefined {
    const keys = Object.entries(f).filter(([, v]) => v !== undefined).map(([k]) => k);
    return keys.length === 0 || (keys.length === 1 && ['queue', 'type', 'tenant'].includes(keys[0]!)) ? this.indexFor(f) : undefined;
  }

  /** Newest first; a page may be short when the scan budget ran out, `nextCursor` goes on. */
  async listIds(q: DlqQuery): Promise<Page<string>> {
    const { members, next } = await this.service.commands.scanIndex({
      index: this.indexFor(q), mode: 'dlq', after: decodeCursor(q.cursor), from: q.from, to: q.to,
      limit: q.limit, budget: this.scanBudget, queue: q.queue, type: q.type, tenant: q.tenant, error: q.error,
    });
    return { items: members, nextCursor: next ? encodeCursor(next) : null };
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
    // One HGETALL per entry: the hash's `dlq` field says it is in the DLQ (the DLQ scripts set
    // and drop it together with the index), so no ZSCORE per entry is needed.
    const pipe = this.service.redis.pipeline();
    for (const id of ids) {
      const ref = splitRef(id);
      pipe.hgetall(ref ? this.keys.job(ref.queue, ref.jobId) : `${this.service.prefix}:~none`);
    }
    const res = (await pipe.exec()) ?? [];
    return ids.map((id, i) => {
      const hash = res[i]?.[1] as JobHash | undefined;
      const ref = splitRef(id);
      if (!ref || !hash || !hash.name || !hash.dlq) return null;
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

  /** The entries matching `filter` grouped by their error pattern, most frequent first, over
   *  every entry or the newest `groupScanLimit` (`scanned` of `total` says which). */
  async errorGroups(filter: DlqFilter): Promise<DlqErrorGroups> {
    const { ids, total } = await this.newestMatching(filter, this.groupScanLimit);
    const groups = new Map<string, DlqErrorGroup>();
    let scanned = 0;
    for (let i = 0; i < ids.length; i += 1000) {
      const chunk = ids.slice(i, i + 1000);
      const pipe = this.service.redis.pipeline();
      const refs = chunk.map((id) => splitRef(id)!);
      for (const ref of refs) pipe.hmget(this.keys.job(ref.queue, ref.jobId), 'failedReason', 'dlq');
      const res = (await pipe.exec()) ?? [];
      refs.forEach(({ queue }, j) => {
        const [error, dlq] = (res[j]?.[1] ?? []) as (string | null)[];
        if (!dlq) return; // left the DLQ since the ids were read
        scanned++;
        const pattern = errorPattern(error ?? '');
        const g = groups.get(pattern) ?? { pattern, filter: patternFilter(pattern), count: 0, queues: [], latest: 0, example: error ?? '' };
        g.count++;
        if (!g.queues.includes(queue)) g.queues.push(queue);
        g.latest = Math.max(g.latest, Number(dlq));
        groups.set(pattern, g);
      });
    }
    return { groups: [...groups.values()].sort((a, b) => b.count - a.count || b.latest - a.latest), scanned, total: total - (ids.length - scanned) };
  }

  /** The newest `limit` ids matching a filter and how many match in all. */
  protected async newestMatching(filter: DlqFilter, limit: number): Promise<{ ids: string[]; total: number }> {
    const index = this.indexAlone(filter);
    if (index) {
      const [ids, total] = await Promise.all([this.service.redis.zrevrange(index, '0', String(limit - 1)), this.service.redis.zcard(index)]);
      return { ids, total };
    }
    const all = await this.idsMatching(filter);
    return { ids: all.slice(0, limit), total: all.length };
  }

  /** Every id matching a filter, as a snapshot taken now (bulk-by-filter works on it). */
  async idsMatching(filter: DlqFilter): Promise<string[]> {
    const index = this.indexAlone(filter);
    if (index) return this.service.redis.zrevrange(index, '0', '-1');
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
   * Puts entries back into their original queues with fresh attempts, in batches of one
   * script call each. The job keeps its id (so links to it hold) and its dead attempts as
   * history. Idempotent and atomic per entry: an entry leaves the DLQ exactly when its job
   * is requeued, so retrying the same ids twice requeues each once.
   */
  async retry(ids: string[], onProgress?: BulkProgress): Promise<BulkResult> {
    const isolatedQueues = this.service.queueNames().filter((q) => this.service.queueSettings(q)?.isolated);
    return this.inBatches(ids, onProgress, (members) => this.service.commands.dlqRequeue({ members, isolatedQueues }));
  }

  async delete(ids: string[], onProgress?: BulkProgress): Promise<BulkResult> {
    return this.inBatches(ids, onProgress, (members) => this.service.commands.dlqDelete({ members }));
  }

  protected async inBatches(ids: string[], onProgress: BulkProgress | undefined, run: (batch: string[]) => Promise<number>): Promise<BulkResult> {
    const unique = [...new Set(ids)].filter((id) => splitRef(id) !== null);
    const result: BulkResult = { done: 0, skipped: ids.length > 0 ? new Set(ids).size - unique.length : 0, total: new Set(ids).size };
    for (let i = 0; i < unique.length; i += this.batchSize) {
      const batch = unique.slice(i, i + this.batchSize);
      const done = await run(batch);
      result.done += done;
      result.skipped += batch.length - done;
      onProgress?.({ ...result });
    }
    return result;
  }

  /** Deletes entries past retention; returns how many. */
  async cleanExpired(now = Date.now()): Promise<number> {
    let removed = 0;
    for (;;) {
      const ids = await this.service.redis.zrangebyscore(this.keys.dlqAll, '-inf', now - this.retentionMs, 'LIMIT', 0, this.batchSize);
      if (ids.length === 0) return removed;
      removed += await this.service.commands.dlqDelete({ members: ids });
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
