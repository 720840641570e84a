// The tenant's job attempt errors in the period: failed attempts of its runs and the attempts
// of its DLQ entries, with per-type counts. Bounded: at most `maxItems` runs and DLQ entries.
import type { DlqEntry, RunSummary } from '@trafi-ops/contracts';
import type { DeadLetterQueue } from '../../jobs/dlq.ts';
import type { RunStore } from '../../jobs/runs.ts';

export interface RawJobError { source: 'job' | 'dlq'; type: string; message: string; at: number; sample?: unknown }
export interface JobTypeCounts { type: string; runs: number; failed: number; deadLettered: number }
export interface JobErrorFindings { errors: RawJobError[]; types: JobTypeCounts[]; dlqEntries: number }

export async function collectJobErrors(runs: RunStore, dlq: DeadLetterQueue, tenant: string, from: number, to: number, maxItems = 5000): Promise<JobErrorFindings> {
  const errors: RawJobError[] = [];
  const types = new Map<string, JobTypeCounts>();
  const count = (type: string) => types.get(type) ?? (types.set(type, { type, runs: 0, failed: 0, deadLettered: 0 }), types.get(type)!);

  const runList: RunSummary[] = [];
  for (let cursor: string | undefined; runList.length < maxItems; ) {
    const page = await runs.list({ tenant, from, to, limit: 500, ...(cursor ? { cursor } : {}) });
    runList.push(...page.items);
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  for (const r of runList) {
    const c = count(r.type);
    c.runs++;
    if (r.state === 'failed' || r.state === 'dead_lettered') c.failed++;
    if (r.state === 'dead_lettered') c.deadLettered++;
    // A dead-lettered run's attempts are read from its DLQ entry below.
    if (r.error && r.state !== 'dead_lettered') errors.push({ source: 'job', type: r.type, message: r.error, at: r.finishedAt ?? r.createdAt });
  }

  const entries: DlqEntry[] = [];
  for (let cursor: string | undefined; entries.length < maxItems; ) {
    const page = await dlq.list({ tenant, from, to, limit: 500, ...(cursor ? { cursor } : {}) });
    entries.push(...page.items);
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  for (const e of entries) {
    const attempts = e.attempts.length ? e.attempts : [{ error: e.error, finishedAt: e.failedAt, startedAt: e.failedAt }];
    for (const a of attempts) errors.push({ source: 'dlq', type: e.type, message: a.error ?? e.error, at: a.finishedAt ?? a.startedAt, sample: { payload: e.payload, context: e.context } });
  }
  return { errors, types: [...types.values()].sort((a, b) => a.type.localeCompare(b.type)), dlqEntries: entries.length };
}
