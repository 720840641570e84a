// Job ids that name one of BullMQ's own keys (`id`, `completed`, `stalled-check`, `<id>:logs`...)
// get the same answer on every route that takes a job id, before Redis is touched: 404 in a
// path, 400 naming the item in a bulk body. And the Redis side is safe on its own: a read of a
// key that is not a job hash answers "not found", never WRONGTYPE.
import { mkdtemp, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { z } from 'zod';
import { JobIdSchema } from '@trafi-ops/contracts';
import { createOpsApi } from '../src/api/app.ts';
import { AuditLog } from '../src/db/audit-log.ts';
import { openDatabase, type Database } from '../src/db/database.ts';
import { migrate } from '../src/db/migrate.ts';
import { DeadLetterQueue, JobService, JobValidationError, JobWorker, RunStore, defineJobType } from '../src/jobs/index.ts';
import { waitFor } from '@trafi-ops/devstack';
import { ctx, dropPrefix, logger, redisFor, uniquePrefix } from './helpers.ts';

const TOKEN = 'operator-token-0123456789';
const redis = redisFor();
const prefix = uniquePrefix();
let dir: string;
let db: Database;
let server: Server;
let base: string;
let jobs: JobService;
let runs: RunStore;
let dlq: DeadLetterQueue;
let worker: JobWorker;
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
  const headers: Record<string, string> = { authorization: `Bearer ${TOKEN}` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(base + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, error: text ? JSON.parse(text).error : undefined };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'trafi-ids-'));
  db = await openDatabase({ dataDir: dir });
  await migrate(db);
  jobs = new JobService({ redis, prefix, logger, types });
  runs = new RunStore(jobs);
  dlq = new DeadLetterQueue(jobs);
  worker = new JobWorker(jobs, 'emails', { concurrency: 1 }).start();
  await jobs.enqueue('email.send', { to: 'ann' }, ctx(), { jobId: done });
  await jobs.enqueue('email.send', { to: 'nobody' }, ctx());
  await waitFor('one run completed, one dead-lettered', async () => (await redis.zcard(jobs.keys.dlqAll)) === 1 && (await runs.get('emails', done))?.state === 'completed');
  const app = createOpsApi({ jobs, dlq, runs, audit: new AuditLog(db), db, logger, tokens: `alice@operator:${TOKEN}` });
  server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  await worker.close();
  await jobs.close();
  await db.close();
  await rm(dir, { recursive: true, force: true });
  await dropPrefix(redis, prefix);
  redis.disconnect();
});

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
