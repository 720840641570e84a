import { afterAll, beforeAll, expect, test } from 'vitest';
import { z } from 'zod';
import { DeadLetterQueue, InvalidCursorError, JobService, JobWorker, RunStore, defineJobType } from '../src/jobs/index.ts';
import { errorPattern, patternFilter } from '@trafi-ops/contracts';
import { waitFor } from '@trafi-ops/devstack';
import { ctx, dropPrefix, logger, redisFor, uniquePrefix } from './helpers.ts';

const redis = redisFor();
const prefix = uniquePrefix();
let fail = true;
const types = [
  defineJobType({
    name: 'invoice.render',
    queue: 'invoices',
    payload: z.object({ n: z.number() }),
    attempts: 2,
    backoff: { baseMs: 5 },
    handler: async (p) => {
      if (fail) throw new Error(p.n % 2 ? 'pdf engine crashed' : 'template not found');
      return p.n;
    },
  }),
  defineJobType({ name: 'sms.send', payload: z.object({ n: z.number() }), attempts: 1, handler: async () => { if (fail) throw new Error('carrier rejected'); } }),
];
let svc: JobService;
let dlq: DeadLetterQueue;
let runs: RunStore;
let workers: JobWorker[] = [];
const N = 30;

beforeAll(async () => {
  svc = new JobService({ redis, prefix, logger, types });
  dlq = new DeadLetterQueue(svc, { batchSize: 7 });
  runs = new RunStore(svc);
  workers = svc.queueNames().map((q) => new JobWorker(svc, q, { concurrency: 10 }).start());
  await svc.enqueueBulk(Array.from({ length: N }, (_, n) => ({ type: 'invoice.render', payload: { n }, context: ctx(n < 10 ? 'acme' : 'globex') })));
  await svc.enqueueBulk(Array.from({ length: 5 }, (_, n) => ({ type: 'sms.send', payload: { n }, context: ctx('acme') })));
  await waitFor('the DLQ to fill', async () => (await dlq.size()) === N + 5);
});
afterAll(async () => {
  await Promise.all(workers.map((w) => w.close()));
  await svc.close();
  await dropPrefix(redis, prefix);
  redis.disconnect();
});

test('an entry keeps queue, type, payload, context, options, every attempt and timestamps', async () => {
  const { items } = await dlq.list({ queue: 'invoices', limit: 1 });
  const e = items[0]!;
  expect(e.queue).toBe('invoices');
  expect(e.type).toBe('invoice.render');
  expect(e.payload).toEqual({ n: expect.any(Number) });
  expect(e.context).toMatchObject({ tenantId: expect.any(String), actor: 'test' });
  expect(e.options).toMatchObject({ attempts: 2, backoff: { type: 'exponential', delay: 5 } });
  expect(e.attempts.map((a) => a.attempt)).toEqual([1, 2]);
  expect(e.attempts.every((a) => a.error === e.error && a.finishedAt! >= a.startedAt)).toBe(true);
  expect(e.deadLetteredAt).toBeGreaterThanOrEqual(e.failedAt);
  expect(e.failedAt).toBeGreaterThanOrEqual(e.createdAt);
  expect(await dlq.get(e.id)).toEqual(e);
  expect(await dlq.get('invoices:does-not-exist')).toBeNull();
  expect(await dlq.sizes()).toEqual({ invoices: N, 'sms.send': 5 });
});

test('filters by queue, type, tenant, error text and time range; cursor pages without gaps or repeats', async () => {
  const all: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await dlq.list({ limit: 4, cursor });
    expect(page.items.length).toBeLessThanOrEqual(4);
    all.push(...page.items.map((e) => e.id));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  expect(all).toHaveLength(N + 5);
  expect(new Set(all).size).toBe(N + 5);

  expect((await dlq.list({ type: 'sms.send', limit: 50 })).items).toHaveLength(5);
  const acme = await dlq.list({ tenant: 'acme', limit: 50 });
  expect(acme.items).toHaveLength(15);
  expect(acme.items.every((e) => e.tenantId === 'acme')).toBe(true);
  const crashed = await dlq.list({ queue: 'invoices', error: 'PDF ENGINE', limit: 50 });
  expect(crashed.items).toHaveLength(N / 2);
  expect(crashed.items.every((e) => e.error === 'pdf engine crashed')).toBe(true);
  const both = await dlq.list({ tenant: 'acme', error: 'template', limit: 50 });
  expect(both.items.map((e) => (e.payload as { n: number }).n).sort((a, b) => a - b)).toEqual([0, 2, 4, 6, 8]);
  const future = Date.now() + 60_000;
  expect((await dlq.list({ from: future, limit: 50 })).items).toHaveLength(0);
  expect((await dlq.list({ to: 1, limit: 50 })).items).toHaveLength(0);
  expect((await dlq.list({ from: 0, to: future, limit: 50 })).items).toHaveLength(N + 5);
  await expect(dlq.list({ cursor: 'garbage', limit: 5 })).rejects.toBeInstanceOf(InvalidCursorError);
});

test('grouped by error over every matching entry, most frequent first; over the newest N past the scan cap', async () => {
  const all = await dlq.errorGroups({});
  expect(all).toMatchObject({ scanned: N + 5, total: N + 5 });
  expect(all.groups.map((g) => [g.pattern, g.count, g.queues])).toEqual([
    [expect.stringMatching(/^(pdf engine crashed|template not found)$/), N / 2, ['invoices']],
    [expect.stringMatching(/^(pdf engine crashed|template not found)$/), N / 2, ['invoices']],
    ['carrier rejected', 5, ['sms.send']],
  ]);
  expect(all.groups.every((g) => g.latest > 0 && g.example === g.pattern)).toBe(true);
  // A tenant's, and one error's (the filter goes through the scan, not an index).
  expect((await dlq.errorGroups({ tenant: 'acme' })).groups.map((g) => g.count)).toEqual([5, 5, 5]);
  expect((await dlq.errorGroups({ queue: 'invoices', error: 'template' })).groups.map((g) => [g.pattern, g.count])).toEqual([['template not found', N / 2]]);
  // Past the cap: the newest entries only, and it says how many of how many.
  const capped = await new DeadLetterQueue(svc, { groupScanLimit: 10 }).errorGroups({});
  expect(capped).toMatchObject({ scanned: 10, total: N + 5 });
  expect(capped.groups.reduce((n, g) => n + g.count, 0)).toBe(10);
  // Numbers fold, so one failure with varying ids is one group; the filter is its longest literal.
  expect(errorPattern('invoice 9001 rejected after 30s')).toBe('invoice N rejected after Ns');
  expect(patternFilter(errorPattern('invoice 9001 rejected after 30s'))).toBe('rejected after');
});

test('retry one: back in its queue with fresh attempts, same run id, dead attempts kept as history', async () => {
  fail = false;
  const [entry] = (await dlq.list({ type: 'sms.send', limit: 1 })).items;
  const result = await dlq.retry([entry!.id]);
  expect(result).toEqual({ done: 1, skipped: 0, total: 1 });
  expect(await dlq.get(entry!.id)).toBeNull();
  await waitFor('the retried run to complete', async () => (await runs.get('sms.send', entry!.jobId))?.state === 'completed');
  const run = (await runs.get('sms.send', entry!.jobId))!;
  expect(run.attemptsMade).toBe(1);
  expect(run.attempts).toEqual([{ attempt: 1, startedAt: run.startedAt, finishedAt: run.finishedAt }]);
  expect(run.dlqRetries).toBe(1);
  expect(run.deadLetterHistory).toEqual([{ retry: 1, retriedAt: expect.any(Number), attempts: entry!.attempts }]);
  expect(run.dlqEntryId).toBeUndefined();
  // It surfaces again at the top of the runs list.
  expect((await runs.list({ limit: 1 })).items[0]).toMatchObject({ queue: 'sms.send', id: entry!.jobId });
});

test('bulk retry by ids in batches is idempotent: the same ids twice enqueue each job once', async () => {
  const ids = (await dlq.list({ type: 'sms.send', limit: 50 })).items.map((e) => e.id);
  expect(ids).toHaveLength(4);
  const progress: number[] = [];
  const first = await dlq.retry([...ids, ...ids, 'sms.send:missing'], (p) => progress.push(p.done + p.skipped));
  expect(first).toEqual({ done: 4, skipped: 1, total: 5 });
  const [second, third] = await Promise.all([dlq.retry(ids), dlq.retry(ids)]);
  expect(second.done + third.done).toBe(0);
  expect(progress).toEqual([5]);
  await waitFor('5 completed retries', async () => (await svc.queue('sms.send').getCompletedCount()) === 5);
  await new Promise((r) => setTimeout(r, 100));
  expect(await svc.queue('sms.send').getJobCountByTypes('waiting', 'active', 'delayed', 'completed')).toBe(5);
});

test('bulk delete by filter reports progress per batch', async () => {
  const progress: number[] = [];
  const ids = await dlq.idsMatching({ tenant: 'globex' });
  expect(ids).toHaveLength(20);
  const res = await dlq.delete(ids, (p) => progress.push(p.done));
  expect(res).toEqual({ done: 20, skipped: 0, total: 20 });
  expect(progress).toEqual([7, 14, 20]);
  expect(await dlq.size('invoices')).toBe(10);
  const gone = ids[0]!.split(':');
  expect(await redis.exists(svc.keys.job(gone[0]!, gone[1]!))).toBe(0);
});

test('bulk retry by filter retries exactly the matching entries', async () => {
  const ids = await dlq.idsMatching({ queue: 'invoices', error: 'template' });
  expect(ids).toHaveLength(5);
  expect(await dlq.retry(ids)).toEqual({ done: 5, skipped: 0, total: 5 });
  expect(await dlq.size('invoices')).toBe(5);
});

test('retention: the cleaner deletes entries older than the configured age', async () => {
  const shortLived = new DeadLetterQueue(svc, { retentionMs: 200 });
  const before = await shortLived.size();
  expect(before).toBe(5);
  expect(await shortLived.cleanExpired(Date.now() - 10_000)).toBe(0);
  await new Promise((r) => setTimeout(r, 250));
  shortLived.startCleaner(50);
  await waitFor('retention to empty the DLQ', async () => (await shortLived.size()) === 0, 5000);
  shortLived.stopCleaner();
  expect(await redis.zcard(svc.keys.dlqByQueue('invoices'))).toBe(0);
  expect(await redis.zcard(svc.keys.dlqByTenant('acme'))).toBe(0);
});

test('retry into an isolated, paused queue: waits while paused, runs with its tenant priority after resume', async () => {
  let broken = true;
  const iso = new JobService({
    redis, prefix, logger,
    types: [defineJobType({ name: 'sync.tenant', isolation: 'tenant', attempts: 1, payload: z.object({}), handler: async () => { if (broken) throw new Error('upstream down'); } })],
  });
  const isoDlq = new DeadLetterQueue(iso);
  const worker = new JobWorker(iso, 'sync.tenant').start();
  const ref = await iso.enqueue('sync.tenant', {}, ctx('umbrella'));
  await waitFor('the isolated DLQ entry', async () => (await isoDlq.size('sync.tenant')) === 1);
  expect(await redis.hget(iso.keys.fair('sync.tenant'), 'umbrella')).toBeNull();
  broken = false;
  await iso.queue('sync.tenant').pause();
  expect(await isoDlq.retry([`sync.tenant:${ref.id}`])).toEqual({ done: 1, skipped: 0, total: 1 });
  await new Promise((r) => setTimeout(r, 300));
  expect(await iso.queue('sync.tenant').getJobCounts('prioritized', 'completed')).toEqual({ prioritized: 1, completed: 0 });
  expect(await redis.hget(iso.keys.fair('sync.tenant'), 'umbrella')).toBe('1');
  await iso.queue('sync.tenant').resume();
  await waitFor('the retried isolated job to complete', async () => (await iso.queue('sync.tenant').getCompletedCount()) === 1);
  await waitFor("umbrella's fair-share count to clear", async () => (await redis.hget(iso.keys.fair('sync.tenant'), 'umbrella')) === null);
  await worker.close();
  await iso.close();
});
