// Job ids that name one of BullMQ's own keys (`id`, `completed`, `stalled-check`, `<id>:logs`...)
// get the same answer on every route that takes a job id, before Redis is touched: 404 in a
// path, 400 naming the item in a bulk body. And the Redis side is safe on its own: a read of a
// key that is not a job hash answers "not found", never WRONGTYPE.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { z } from 'zod';
import { JobIdSchema } from '@trafi-ops/contracts';
import { DeadLetterQueue, JobService, JobValidationError, RunStore, defineJobType } from '../src/jobs/index.ts';
import type { RedisClient } from '../src/redis/client.ts';
import { waitFor } from '@trafi-ops/devstack';
import { OPERATOR, startOpsApi, type OpsApiFixture } from './fixtures/ops-api.ts';
import { ctx } from './helpers.ts';

let api: OpsApiFixture;
let redis: RedisClient;
let jobs: JobService;
let runs: RunStore;
let dlq: DeadLetterQueue;
/** A run that completed and logged, under a custom id (so its keys are known before it runs). */
const done = 'ann-1';

const types = [
  defineJobType({
    name: 'email.send',
    queue: 'emails',
    payload: z.object({ to: z.string() }),
    attempts: 1,
    handler: async (p, c) => {
      await c.log(`sending to ${p.to}`);
      if (p.to === 'nobody') throw new Error('no such mailbox');
    },
  }),
];

async function call(method: string, path: string, body?: unknown): Promise<{ status: number; error: Record<string, unknown> | undefined }> {
  const headers: Record<string, string> = { authorization: `Bearer ${OPERATOR}` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(api.base + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, error: text ? JSON.parse(text).error : undefined };
}

beforeAll(async () => {
  api = await startOpsApi({}, { types, concurrency: 1 });
  ({ redis, jobs, runs, dlq } = api);
  await jobs.enqueue('email.send', { to: 'ann' }, ctx(), { jobId: done });
  await jobs.enqueue('email.send', { to: 'nobody' }, ctx());
  await waitFor('one run completed, one dead-lettered', async () => (await redis.zcard(jobs.keys.dlqAll)) === 1 && (await runs.get('emails', done))?.state === 'completed');
});

afterAll(() => api.stop());

/** Ids naming BullMQ's keys of the queue (or of a job) rather than a job. */
const internal = () => ['id', 'completed', 'active', 'stalled-check', 'events', 'meta', 'wait', 'marker', 'failed', `${done}:logs`, `${done}:lock`];

test('the keys those ids name exist and are not job hashes (so the test means something)', async () => {
  const q = jobs.keys.queueBase('emails');
  for (const id of ['id', 'completed', 'events', 'stalled-check', `${done}:logs`]) expect(await redis.type(q + id), id).not.toMatch(/^(hash|none)$/);
});

describe('every route taking a job id rejects them the same way', () => {
  test.each(internal().map((id) => [id]))('%s', async (id) => {
    const run = encodeURIComponent(id);
    const entry = encodeURIComponent(`emails:${id}`);
    const notFound = { code: 'not_found', field: 'id' };
    for (const [method, path] of [['GET', `/api/v1/runs/emails/${run}`], ['GET', `/api/v1/runs/emails/${run}/logs`], ['POST', `/api/v1/runs/emails/${run}/replay`], ['GET', `/api/v1/dlq/${entry}`], ['POST', `/api/v1/dlq/${entry}/retry`]] as const) {
      const r = await call(method, path, method === 'POST' ? { reason: 'odd id' } : undefined);
      expect([r.status, r.error], `${method} ${path}`).toEqual([404, expect.objectContaining(notFound)]);
    }
    for (const action of ['retry', 'delete']) {
      const r = await call('POST', `/api/v1/dlq/${action}`, { ids: [`emails:${done}`, `emails:${id}`], reason: 'odd id' });
      expect([r.status, r.error], action).toEqual([400, expect.objectContaining({ code: 'invalid_request', field: 'ids.1' })]);
    }
  });

  test('ids that are too long, empty, or carry control characters are rejected too; real ids pass', () => {
    for (const bad of ['', 'x'.repeat(201), 'a\u0000b', 'a\nb', 'a:b']) expect(JobIdSchema.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    for (const ok of ['1', '12345', done, 'order-42', 'completed-2', 'idx']) expect(JobIdSchema.safeParse(ok).success, ok).toBe(true);
  });

  test('a producer cannot enqueue a job under such an id', async () => {
    for (const jobId of ['completed', 'stalled-check', 'x:logs']) {
      await expect(jobs.enqueue('email.send', { to: 'ann' }, ctx(), { jobId }), jobId).rejects.toThrow(JobValidationError);
    }
  });
});

describe('the Redis side answers "not found" on its own (no schema in front)', () => {
  test.each(internal().map((id) => [id]))('%s', async (id) => {
    expect(await jobs.commands.getRun({ queue: 'emails', jobId: id })).toBeNull();
    expect(await runs.get('emails', id)).toBeNull();
    expect(await runs.replay('emails', id, 'ops:test')).toBeNull();
    expect(await dlq.get(`emails:${id}`)).toBeNull();
  });
});
