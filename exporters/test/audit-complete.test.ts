// Over HTTP, on both audit backends: no mutation is carried out unless its audit row is written
// first (text the store cannot hold is a 400 naming the field, a failing store a 503, and in
// both cases nothing changes), tracked operations complete their row, denied attempts are
// recorded and bounded.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { z } from 'zod';
import type { AuditEntry, Operation } from '@trafi-ops/contracts';
import { waitFor } from '@trafi-ops/devstack';
import { createOpsApi } from '../src/api/app.ts';
import { AuditLog } from '../src/db/audit-log.ts';
import { openDatabase, type Database, type OpenDatabaseOptions } from '../src/db/database.ts';
import { migrate } from '../src/db/migrate.ts';
import { DeadLetterQueue, JobService, JobWorker, RunStore, defineJobType } from '../src/jobs/index.ts';
import { backends } from './audit-backends.ts';
import { ctx, dropPrefix, logger, redisFor, uniquePrefix } from './helpers.ts';

const OPERATOR = 'operator-token-0123456789';
const VIEWER = 'viewer-token-0123456789ab';
const ENTRIES = 8; // more than syncBulkLimit, so a bulk action by filter answers 202
const DENIED_PER_ACTOR = 3;

const types = [defineJobType({ name: 'mail.send', queue: 'mail', payload: z.object({ to: z.string() }), attempts: 1, handler: async () => { throw new Error('smtp down'); } })];

type Json = Record<string, any>;

describe.each(backends)('audit-first mutations on $name', (backend) => {
  const redis = redisFor();
  const prefix = uniquePrefix();
  let opts: OpenDatabaseOptions;
  let db: Database;
  let jobs: JobService;
  let worker: JobWorker;
  let server: Server;
  let base: string;
  let runId: string;
  let entryId: string;

  async function call(method: string, path: string, o: { token?: string | null; body?: unknown; raw?: string; headers?: Record<string, string> } = {}) {
    const headers: Record<string, string> = { 'content-type': 'application/json', ...o.headers };
    const token = o.token === undefined ? OPERATOR : o.token;
    if (token) headers.authorization = `Bearer ${token}`;
    const res = await fetch(`${base}/api/v1${path}`, { method, headers, body: o.raw ?? (o.body === undefined ? undefined : JSON.stringify(o.body)) });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : {}) as Json };
  }

  /** What a mutation could change: the DLQ, the runs, the audit log. */
  const state = async () => ({
    dlq: await redis.zcard(jobs.keys.dlqAll),
    runs: await redis.zcard(jobs.keys.runs),
    audit: Number((await db.query<{ n: string }>('SELECT count(*)::text AS n FROM audit_log'))[0]!.n),
    paused: await jobs.queue('mail').isPaused(),
  });

  const auditRows = async (): Promise<AuditEntry[]> => (await call('GET', '/audit?limit=500', { token: VIEWER })).body.items;

  /** Every mutation route, with the body it takes; `reason` is put in by the caller. */
  const mutations = (): [string, string, Json][] => [
    ['replay', `/runs/mail/${runId}/replay`, {}],
    ['retry one', `/dlq/${encodeURIComponent(entryId)}/retry`, {}],
    ['bulk retry by ids', '/dlq/retry', { ids: [entryId] }],
    ['bulk delete by ids', '/dlq/delete', { ids: [entryId] }],
    ['bulk retry by filter (202)', '/dlq/retry', { filter: { queue: 'mail' } }],
    ['bulk delete by filter (202)', '/dlq/delete', { filter: { queue: 'mail' } }],
    ['pause a queue', '/queues/mail/pause', {}],
    ['resume a queue', '/queues/mail/resume', {}],
  ];

  beforeAll(async () => {
    opts = await backend.setup();
    db = await openDatabase(opts);
    await migrate(db);
    jobs = new JobService({ redis, prefix, logger, types });
    worker = new JobWorker(jobs, 'mail', { concurrency: 4 }).start();
    const refs = await jobs.enqueueBulk(Array.from({ length: ENTRIES }, (_, i) => ({ type: 'mail.send', payload: { to: `u${i}` }, context: ctx('acme') })));
    await waitFor('the DLQ entries', async () => (await redis.zcard(jobs.keys.dlqAll)) === ENTRIES);
    runId = refs[0]!.id;
    entryId = `mail:${runId}`;
    const app = createOpsApi({
      jobs, dlq: new DeadLetterQueue(jobs, { batchSize: 2 }), runs: new RunStore(jobs), db, logger,
      audit: new AuditLog(db, { deniedPerActorPerMinute: DENIED_PER_ACTOR }),
      tokens: `alice@operator:${OPERATOR},bob@viewer:${VIEWER}`, syncBulkLimit: 5,
    });
    server = app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server?.closeAllConnections();
    await new Promise((r) => server?.close(r));
    await worker?.close();
    await jobs?.close();
    await db?.close();
    if (opts) await backend.teardown(opts);
    await dropPrefix(redis, prefix);
    redis.disconnect();
  });

  test.each([
    ['a NUL', 'ERP\u0000 is back'],
    ['an unpaired surrogate', 'ERP \ud800 is back'],
  ])('a reason with %s is a 400 naming it on every mutation route, and nothing changes', async (_label, reason) => {
    const before = await state();
    for (const [name, path, body] of mutations()) {
      const r = await call('POST', path, { body: { ...body, reason } });
      expect(r.status, name).toBe(400);
      expect(r.body.error, name).toMatchObject({ code: 'invalid_request', field: 'reason' });
    }
    expect(await state()).toEqual(before);
  });

  // A path parameter that cannot name anything is a 404 (the ids rule); a bad body field a 400.
  test('a NUL in any id, param or filter is a 4xx naming it, and nothing changes', async () => {
    const reason = 'ERP is back';
    const before = await state();
    const cases: [string, Json | undefined, string][] = [
      [`/runs/mail/${runId}%00/replay`, { reason }, 'id'],
      [`/runs/ma%00il/${runId}/replay`, { reason }, 'queue'],
      [`/dlq/${encodeURIComponent(entryId)}%00/retry`, { reason }, 'id'],
      ['/dlq/retry', { ids: [entryId, `${entryId}\u0000`], reason }, 'ids.1'],
      ['/dlq/delete', { ids: [`${entryId}\udc00`], reason }, 'ids.0'],
      ...(['queue', 'type', 'tenant', 'error'] as const).map((f): [string, Json, string] => ['/dlq/delete', { filter: { [f]: 'mail\u0000' }, reason }, `filter.${f}`]),
    ];
    for (const [path, body, field] of cases) {
      const r = await call('POST', path, { body });
      const inPath = path.includes('%00');
      expect(r.status, path).toBe(inPath ? 404 : 400);
      expect(r.body.error, `${path} ${JSON.stringify(body)}`).toMatchObject({ code: inPath ? 'not_found' : 'invalid_request', field });
    }
    expect(await state()).toEqual(before);
  });

  test('while the audit store refuses writes, every mutation is a 503 and nothing changes', async () => {
    const before = await state();
    await db.exec('ALTER TABLE audit_log ADD CONSTRAINT refuse_all CHECK (false) NOT VALID');
    try {
      for (const [name, path, body] of mutations()) {
        const r = await call('POST', path, { body: { ...body, reason: 'store is down' } });
        expect(r.status, name).toBe(503);
        expect(r.body.error, name).toMatchObject({ code: 'audit_unavailable' });
      }
      // Background work would show up a moment later.
      await new Promise((r) => setTimeout(r, 200));
      expect(await state()).toEqual(before);
    } finally {
      await db.exec('ALTER TABLE audit_log DROP CONSTRAINT refuse_all');
    }
  });

  test('a mutation completes its row with the outcome: succeeded, or failed with the error', async () => {
    const ok = await call('POST', '/dlq/retry', { body: { ids: [entryId], reason: 'one back' } });
    expect(ok.body).toEqual({ done: 1, skipped: 0, total: 1 });
    await waitFor('the retried job to fail into the DLQ again', async () => (await redis.zscore(jobs.keys.dlqAll, entryId)) !== null);
    const missing = await call('POST', `/dlq/${encodeURIComponent('mail:no-such-job')}/retry`, { body: { reason: 'gone already' } });
    expect(missing.status).toBe(404);
    const rows = await auditRows();
    expect(rows.find((e) => e.reason === 'one back')).toMatchObject({ user: 'alice', action: 'dlq.bulk_retry', outcome: 'succeeded', result: 'done 1, skipped 0 of 1', details: { ids: [entryId] } });
    expect(rows.find((e) => e.reason === 'gone already')).toMatchObject({ action: 'dlq.retry', outcome: 'failed', result: expect.stringMatching(/^error: DLQ entry .* not found/) });
  });

  test('if the row cannot be completed the action still answers, and its row stays visibly pending', async () => {
    await db.exec(`ALTER TABLE audit_log ADD CONSTRAINT refuse_completion CHECK (outcome <> 'succeeded') NOT VALID`);
    try {
      const r = await call('POST', `/runs/mail/${runId}/replay`, { body: { reason: 'store hiccup' } });
      expect(r.status).toBe(201); // done: answering 5xx would invite a second replay
      expect((await auditRows()).find((e) => e.reason === 'store hiccup')).toMatchObject({ action: 'run.replay', outcome: 'pending', result: 'pending' });
      await waitFor('the replayed run to dead-letter', async () => (await redis.zscore(jobs.keys.dlqAll, `mail:${r.body.run.id}`)) !== null);
    } finally {
      await db.exec('ALTER TABLE audit_log DROP CONSTRAINT refuse_completion');
    }
  });

  test("a tracked operation's row is there when the 202 is, and completes with the final counts", async () => {
    const left = await redis.zcard(jobs.keys.dlqAll);
    const started = await call('POST', '/dlq/delete', { body: { filter: { queue: 'mail' }, reason: 'cleanup' } });
    expect(started.status).toBe(202);
    const op: Operation = started.body.operation;
    const row = (await auditRows()).find((e) => e.reason === 'cleanup');
    expect(row).toMatchObject({ action: 'dlq.bulk_delete', details: { operation: op.id, filter: { queue: 'mail' } } });
    expect(['pending', 'succeeded']).toContain(row!.outcome);
    await waitFor('the operation to finish', async () => (await call('GET', `/dlq/operations/${op.id}`)).body.operation.status === 'succeeded');
    const done = await waitFor('the row to complete', async () => {
      const r = (await auditRows()).find((e) => e.id === row!.id);
      return r?.outcome === 'succeeded' && r;
    });
    expect(done).toMatchObject({ result: `done ${left}, skipped 0 of ${left}` });
    expect(await redis.zcard(jobs.keys.dlqAll)).toBe(0);
  });

  test('a denied mutation is recorded with who, role, route and result; nothing else changes', async () => {
    const before = await state();
    for (const [name, path, body] of mutations()) {
      const r = await call('POST', path, { token: VIEWER, body: { ...body, reason: 'just trying' } });
      expect(r.status, name).toBe(403);
    }
    const denied = await waitFor('the denied rows', async () => {
      const rows = (await auditRows()).filter((e) => e.outcome === 'denied' && e.user === 'bob');
      return rows.length >= DENIED_PER_ACTOR && rows;
    });
    expect(denied.length).toBe(DENIED_PER_ACTOR); // six attempts, three recorded this minute
    expect(denied[0]).toMatchObject({ role: 'viewer', action: expect.stringMatching(/^POST \/api\/v1\/(dlq|runs)\//), target: expect.stringMatching(/^\/api\/v1\//), result: 'denied: needs operator' });
    expect(await state()).toEqual({ ...before, audit: before.audit + DENIED_PER_ACTOR });
  });

  test('a flood of denied attempts under many names stays bounded; a 401 flood writes nothing', async () => {
    const before = (await state()).audit;
    await Promise.all(Array.from({ length: 40 }, (_, i) => call('POST', '/dlq/retry', { token: VIEWER, headers: { 'x-grafana-user': `mallory-${i % 4}` }, body: { ids: [entryId], reason: 'flood' } })));
    const written = await waitFor('the denied rows', async () => (await state()).audit - before >= 4 * DENIED_PER_ACTOR && (await state()).audit - before);
    expect(written).toBe(4 * DENIED_PER_ACTOR);
    await Promise.all(Array.from({ length: 40 }, () => call('POST', '/dlq/retry', { token: 'x'.repeat(25), body: { ids: [entryId], reason: 'flood' } })));
    expect((await state()).audit - before).toBe(written);
  });
});
