// Reading a BullMQ job hash (plus the fields the jobs layer adds) into API shapes.
import type { Attempt, RunDetail, RunState, RunSummary } from '@trafi-ops/contracts';
import type { JobData } from './job-service.ts';
import { joinRef } from '../redis/keys.ts';

export type JobHash = Record<string, string>;

const num = (v: string | undefined): number | undefined => (v === undefined || v === '' ? undefined : Number(v));

function parseJson<T>(raw: string | undefined, fallback: T): T {
  if (raw === undefined) return fallback;
  try {
    return JSON.parse(raw) as T;
  } catch {
    return fallback;
  }
}

export function jobData(h: JobHash): Partial<JobData> {
  return parseJson<Partial<JobData>>(h.data, {});
}

/** The attempts timeline: failed attempts recorded by the worker, then the current/last one. */
export function attemptsOf(h: JobHash, state: RunState): Attempt[] {
  const attempts = Object.entries(h)
    .filter(([k]) => k.startsWith('ta:'))
    .map(([, v]) => parseJson<Attempt | null>(v, null))
    .filter((a): a is Attempt => a !== null)
    .sort((a, b) => a.attempt - b.attempt);
  // The current (active) or last (completed) attempt, which recorded no failure.
  const made = num(h.atm) ?? 0;
  const current = state === 'completed' ? made : state === 'active' ? made + 1 : 0;
  const processedOn = num(h.processedOn);
  const last = attempts.at(-1)?.attempt ?? 0;
  if (current > last && processedOn !== undefined) {
    const attempt: Attempt = { attempt: current, startedAt: processedOn };
    if (state === 'completed') attempt.finishedAt = num(h.finishedOn) ?? processedOn;
    attempts.push(attempt);
  }
  return attempts;
}

export function runSummary(queue: string, id: string, h: JobHash, state: RunState): RunSummary {
  const data = jobData(h);
  const opts = parseJson<{ attempts?: number }>(h.opts, {});
  const summary: RunSummary = {
    queue,
    id,
    type: h.name ?? 'unknown',
    state,
    createdAt: num(h.timestamp) ?? 0,
    attemptsMade: num(h.atm) ?? 0,
    maxAttempts: opts.attempts ?? 1,
    dlqRetries: num(h.dlqRetries) ?? 0,
  };
  if (data.c?.tenantId) summary.tenantId = data.c.tenantId;
  const startedAt = num(h.processedOn);
  if (startedAt !== undefined) summary.startedAt = startedAt;
  const finishedAt = num(h.finishedOn);
  if (finishedAt !== undefined && state !== 'active' && state !== 'waiting' && state !== 'delayed') summary.finishedAt = finishedAt;
  if (h.failedReason) summary.error = h.failedReason;
  if (data.o) summary.origin = data.o;
  if (h.dlq) summary.dlqEntryId = joinRef(queue, id);
  return summary;
}

export function runDetail(queue: string, id: string, h: JobHash, state: RunState): RunDetail {
  const data = jobData(h);
  const summary = runSummary(queue, id, h, state);
  const deadLetterHistory = Array.from({ length: summary.dlqRetries }, (_, i) => ({
    retry: i + 1,
    attempts: parseJson<Attempt[]>(h[`dlqHistory:${i + 1}`], []),
  }));
  if (deadLetterHistory.length > 0) Object.assign(deadLetterHistory.at(-1)!, { retriedAt: num(h.dlqRetriedAt) });
  const detail: RunDetail = { ...summary, payload: data.p, attempts: attemptsOf(h, state), deadLetterHistory };
  if (data.c) detail.context = data.c;
  if (h.returnvalue !== undefined && state === 'completed') detail.result = parseJson<unknown>(h.returnvalue, h.returnvalue);
  return detail;
}
