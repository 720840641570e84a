// Issue 16's API additions over HTTP on real Redis and PGlite: pausing and resuming a queue
// (operator only, audited, BullMQ's paused flag in Redis), the audit log's filters, and the runs
// list's error-text filter.
import { mkdtemp, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { z } from 'zod';
import type { AuditEntry, RunSummary } from '@trafi-ops/contracts';
import { waitFor } from '@trafi-ops/devstack';
import { createOpsApi } from '../src/api/app.ts';
import { AuditLog } from '../src/db/audit-log.ts';
import { openDatabase, type Database } from '../src/db/database.ts';
import { migrate } from '../src/db/migrate.ts';
import { DeadLetterQueue, JobService, JobWorker, PermanentJobError, RunStore, defineJobType } from '../src/jobs/index.ts';
import { ctx, dropPrefix, logger, redisFor, uniquePrefix } from './helpers.ts';

const OPERATOR = 'operator-token-0123456789';
const VIEWER = 'viewer-token-0123456789ab';

const types = [
  defineJobType({ name: 'mail.send', queue: 'mail', payload: z.object({ to: z.string() }), handler: async () => ({ ok: true }) }),
  defineJobType({
    name: 'pdf.render', queue: 'pdf', attempts: 1, payload: z.object({ n: z.number() }),
    handler: async ({ n }) => {
      throw new PermanentJobError(n % 2 ? `Template MISSING for ${n}` : `timeout after 30 s (${n})`);
    },
  }),
];

describe('queue controls, audit filters, run error filter', () => {
  const redis = redisFor();
  const prefix = uniquePrefix();
  let dir: string;
  let db: Database;
  let jobs: JobService;
  let workers: JobWorker[];
  let server: Server;
  let base: string;

  const call = async (method: string, path: string, body?: unknown, token = OPERATOR) => {
    const res = await fetch(`${base}/api/v1${path}`, { method, headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: res.status, body: (await res.json()) as Record<string, any> };
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'trafi-queue-controls-'));
    db = await openDatabase({ dataDir: dir });
    await migrate(db);
    jobs = new JobService({ redis, prefix, logger, types });
    workers = [new JobWorker(jobs, 'mail').start(), new JobWorker(jobs, 'pdf').start()];
    const app = createOpsApi({ jobs, dlq: new DeadLetterQueue(jobs), runs: new RunStore(jobs), audit: new AuditLog(db), db, logger, tokens: `alice@operator:${OPERATOR},bob@viewer:${VIEWER}` });
    server = app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    for (const w of workers) await w.close();
    await jobs.close();
    await db.close();
    await rm(dir, { recursive: true, force: true });
    await dropPrefix(redis, prefix);
    redis.disconnect();
  });

  test('an operator pauses and resumes a queue with a reason: Redis holds the flag, workers stop and start, both are audited', async () => {
    const paused = await call('POST', '/queues/mail/pause', { reason: 'SMTP relay maintenance' });
    expect(paused).toEqual({ status: 200, body: { queue: 'mail', isPaused: true } });
    // BullMQ's flag, read straight from Redis: the queue's meta hash.
    expect(await redis.hget(`${prefix}:mail:meta`, 'paused')).toBe('1');
    const held = await jobs.enqueue('mail.send', { to: 'a@example.com' }, ctx('acme'));
    await new Promise((r) => setTimeout(r, 300));
    expect(await jobs.queue('mail').getJobState(held.id)).toBe('waiting');
    expect((await call('GET', '/queues')).body.items.find((q: { name: string }) => q.name === 'mail')).toMatchObject({ isPaused: true, counts: { paused: 1 } });

    const resumed = await call('POST', '/queues/mail/resume', { reason: 'relay is back' });
    expect(resumed.body).toEqual({ queue: 'mail', isPaused: false });
    expect(await redis.hget(`${prefix}:mail:meta`, 'paused')).toBeNull();
    await waitFor('the held job to complete', async () => (await jobs.queue('mail').getJobState(held.id)) === 'completed');

    const rows = (await call('GET', '/audit?target=mail')).body.items as AuditEntry[];
    expect(rows.map((r) => [r.action, r.reason, r.outcome, r.result, r.user])).toEqual([
      ['queue.resume', 'relay is back', 'succeeded', 'running', 'alice'],
      ['queue.pause', 'SMTP relay maintenance', 'succeeded', 'paused', 'alice'],
    ]);
  });

  test('a viewer is refused, a missing reason is a 400, an unknown queue a 404; none of them changes the flag', async () => {
    expect((await call('POST', '/queues/mail/pause', { reason: 'just trying' }, VIEWER)).status).toBe(403);
    expect((await call('POST', '/queues/mail/pause', {})).body.error).toMatchObject({ code: 'invalid_request', field: 'reason' });
    expect((await call('POST', '/queues/nope/pause', { reason: 'no such queue' })).body.error).toMatchObject({ code: 'not_found', field: 'queue' });
    expect((await call('POST', '/queues/BAD:name/pause', { reason: 'bad name' })).status).toBe(404);
    expect(await jobs.queue('mail').isPaused()).toBe(false);
  });

  test('the audit log filters by actor, action, target and time, and pages within the filter', async () => {
    await call('POST', '/queues/pdf/pause', { reason: 'first' });
    await call('POST', '/queues/pdf/resume', { reason: 'second' });
    await call('POST', '/queues/pdf/pause', { reason: 'third' });
    await call('POST', '/queues/pdf/resume', { reason: 'fourth' });
    const list = async (q: string) => ((await call('GET', `/audit?${q}`)).body as { items: AuditEntry[]; nextCursor: string | null });
    expect((await list('action=queue.pause&target=PDF')).items.map((r) => r.reason)).toEqual(['third', 'first']);
    expect((await list('actor=ALI&action=queue.resume')).items.map((r) => r.reason)).toEqual(['fourth', 'second', 'relay is back']);
    expect((await list('actor=nobody')).items).toEqual([]);
    const all = (await list('target=pdf')).items;
    const [newest, , , oldest] = all;
    expect((await list(`target=pdf&from=${Date.parse(newest!.at)}`)).items.map((r) => r.reason)).toEqual(['fourth']);
    expect((await list(`target=pdf&to=${Date.parse(oldest!.at)}`)).items.map((r) => r.reason)).toEqual(['first']);
    const first = await list('target=pdf&limit=3');
    expect(first.items.map((r) => r.reason)).toEqual(['fourth', 'third', 'second']);
    const second = await list(`target=pdf&limit=3&cursor=${first.nextCursor}`);
    expect(second).toMatchObject({ items: [{ reason: 'first' }], nextCursor: null });
    expect((await call('GET', '/audit?actor=')).body.error).toMatchObject({ field: 'actor' });
    expect((await call('GET', '/audit?from=yesterday')).body.error).toMatchObject({ field: 'from' });
  });

  test('the runs list filters on a case-insensitive substring of the error', async () => {
    await jobs.enqueueBulk([1, 2, 3, 4].map((n) => ({ type: 'pdf.render', payload: { n }, context: ctx('acme') })));
    await jobs.enqueue('mail.send', { to: 'b@example.com' }, ctx('acme'));
    await waitFor('four dead-lettered renders', async () => (await redis.zcard(jobs.keys.dlqAll)) === 4);
    const runs = async (q: string) => ((await call('GET', `/runs?${q}`)).body.items as RunSummary[]).map((r) => r.error).sort();
    expect(await runs('error=template%20missing')).toEqual(['Template MISSING for 1', 'Template MISSING for 3']);
    expect(await runs('error=TIMEOUT&queue=pdf')).toEqual(['timeout after 30 s (2)', 'timeout after 30 s (4)']);
    expect(await runs('error=no%20such%20text')).toEqual([]);
    expect((await call('GET', '/runs?error=')).body.error).toMatchObject({ field: 'error' });
  });
});
