import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { z } from 'zod';
import { createOpsApi } from '../src/api/app.ts';
import { LogLinesEventSchema, parseRunLogLine, type DlqEntry, type Operation, type RunDetail, type RunSummary } from '@trafi-ops/contracts';
import { AuditLog } from '../src/db/audit-log.ts';
import { EventFlowHealth } from '../src/events/flow-health.ts';
import { DeadLetterQueue, JobService, RunStore, defineJobType } from '../src/jobs/index.ts';
import type { RedisClient } from '../src/redis/client.ts';
import { waitFor } from '@trafi-ops/devstack';
import { OPERATOR, VIEWER, startOpsApi, type OpsApiFixture } from './fixtures/ops-api.ts';
import { ctx, logger, redisFor } from './helpers.ts';

let api: OpsApiFixture;
let base: string;
let jobs: JobService;
let redis: RedisClient;

const types = [
  defineJobType({
    name: 'order.sync',
    queue: 'orders',
    payload: z.object({ order: z.string(), fail: z.boolean().default(false) }),
    attempts: 2,
    backoff: { baseMs: 5 },
    handler: async (p, c) => {
      await c.log(`syncing ${p.order}`);
      if (p.fail) throw new Error(`order ${p.order} rejected by ERP`);
      await new Promise((r) => setTimeout(r, 300));
      await c.log('synced');
      return { synced: p.order };
    },
  }),
  defineJobType({ name: 'mail.send', payload: z.object({ to: z.string() }), attempts: 1, handler: async () => { throw new Error('smtp down'); } }),
];

type Json = Record<string, any>;
async function call(method: string, path: string, opts: { token?: string | null; body?: unknown; raw?: string; headers?: Record<string, string> } = {}): Promise<{ status: number; body: Json; headers: Headers }> {
  const headers: Record<string, string> = { ...opts.headers };
  const token = opts.token === undefined ? OPERATOR : opts.token;
  if (token) headers.authorization = `Bearer ${token}`;
  let payload: string | undefined = opts.raw;
  if (opts.body !== undefined) payload = JSON.stringify(opts.body);
  if (payload !== undefined) headers['content-type'] ??= 'application/json';
  const res = await fetch(base + path, { method, headers, body: payload });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : {}, headers: res.headers };
}

beforeAll(async () => {
  api = await startOpsApi(
    (made) => ({ syncBulkLimit: 5, eventFlow: new EventFlowHealth(made.redis, made.jobs.keys, { stores: { 'acme-1': { order_placed: 600 } } }) }),
    { types, concurrency: 4, dlq: { batchSize: 10 } },
  );
  ({ base, jobs, redis } = api);
});

afterAll(() => api.stop());

describe('auth', () => {
  test('health endpoints are open; readiness checks Redis and the database', async () => {
    expect((await call('GET', '/healthz', { token: null })).status).toBe(200);
    const ready = await call('GET', '/readyz', { token: null });
    expect(ready.status).toBe(200);
    expect(ready.body.checks).toEqual([{ name: 'redis', ok: true }, { name: 'database', ok: true }]);
  });
  test('401 without or with a wrong token, on every resource', async () => {
    for (const path of ['/api/v1/queues', '/api/v1/runs', '/api/v1/dlq', '/api/v1/audit', '/api/v1/runs/orders/1']) {
      const none = await call('GET', path, { token: null });
      expect(none.status, path).toBe(401);
      expect(none.body.error).toMatchObject({ code: 'unauthenticated', field: 'authorization' });
      expect((await call('GET', path, { token: 'x'.repeat(25) })).status, path).toBe(401);
    }
  });
  test('a viewer reads but cannot mutate (403)', async () => {
    expect((await call('GET', '/api/v1/queues', { token: VIEWER })).status).toBe(200);
    for (const path of ['/api/v1/runs/orders/1/replay', '/api/v1/dlq/retry', '/api/v1/dlq/delete', '/api/v1/dlq/orders:1/retry']) {
      const r = await call('POST', path, { token: VIEWER, body: { reason: 'testing', ids: ['orders:1'] } });
      expect(r.status, path).toBe(403);
      expect(r.body.error.code).toBe('forbidden');
    }
  });
});

describe('runs, DLQ and audit', () => {
  let okRef: { queue: string; id: string };

  beforeAll(async () => {
    okRef = await jobs.enqueue('order.sync', { order: 'o-1' }, ctx('acme'));
    await jobs.enqueueBulk(Array.from({ length: 8 }, (_, i) => ({ type: 'order.sync', payload: { order: `bad-${i}`, fail: true }, context: ctx(i < 4 ? 'acme' : 'globex') })));
    await jobs.enqueueBulk(Array.from({ length: 4 }, (_, i) => ({ type: 'mail.send', payload: { to: `u${i}` }, context: ctx('acme') })));
    await waitFor('12 DLQ entries', async () => (await redis.zcard(jobs.keys.dlqAll)) === 12);
  });

  test('queues show counts per state including the DLQ', async () => {
    const { body } = await call('GET', '/api/v1/queues');
    const orders = body.items.find((q: Json) => q.name === 'orders');
    expect(orders).toMatchObject({ jobTypes: ['order.sync'], isolated: false, concurrency: 5, isPaused: false });
    expect(orders.counts).toMatchObject({ dlq: 8, failed: 0 });
    expect(body.items.find((q: Json) => q.name === 'mail.send').counts.dlq).toBe(4);
  });

  test('SSE streams a live run log to its end', async () => {
    const ref = await jobs.enqueue('order.sync', { order: 'live' }, ctx('acme'));
    const res = await fetch(`${base}/api/v1/runs/orders/${ref.id}/logs`, { headers: { authorization: `Bearer ${VIEWER}`, accept: 'text/event-stream' } });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const text = await res.text(); // the server ends the stream when the run finishes
    const events = [...text.matchAll(/id: (\d+)\nevent: lines\ndata: (.*)\n/g)].map((m) => ({ id: Number(m[1]), ...LogLinesEventSchema.parse(JSON.parse(m[2]!)) }));
    // Consecutive: each event starts where the one before ended, and its id is its last index.
    events.forEach((e, i) => expect(e.start).toBe(i === 0 ? 0 : events[i - 1]!.id + 1));
    events.forEach((e) => expect(e.id).toBe(e.start + e.lines.length - 1));
    expect(events.flatMap((e) => e.lines).map((l) => parseRunLogLine(l).text)).toEqual(['syncing live', 'synced']);
    expect(text).toMatch(/event: end\ndata: \{"state":"completed"\}/);
  });

  test('SSE sends a long finished log in events of at most 1,000 lines, from ?start=', async () => {
    await waitFor('the run to complete', async () => (await call('GET', `/api/v1/runs/orders/${okRef.id}`)).body.state === 'completed');
    const key = `${jobs.queue('orders').toKey(okRef.id)}:logs`; // BullMQ's log list of the run
    const extra = Array.from({ length: 2498 }, (_, i) => `row ${i + 2}`);
    await jobs.redis.rpush(key, ...extra);
    const res = await fetch(`${base}/api/v1/runs/orders/${okRef.id}/logs?start=1`, { headers: { authorization: `Bearer ${VIEWER}`, accept: 'text/event-stream' } });
    const text = await res.text();
    const events = [...text.matchAll(/event: lines\ndata: (.*)\n/g)].map((m) => LogLinesEventSchema.parse(JSON.parse(m[1]!)));
    expect(events.map((e) => [e.start, e.lines.length])).toEqual([[1, 1000], [1001, 1000], [2001, 499]]);
    expect(events.flatMap((e) => e.lines).map((l) => parseRunLogLine(l).text)).toEqual(['synced', ...extra]);
    expect(text.trimEnd().endsWith('event: end\ndata: {"state":"completed"}')).toBe(true);
    await jobs.redis.ltrim(key, 0, 1); // as it was, for the tests after this one
  });

  test('runs: list with filters and cursor, detail with attempts, logs, replay linked to its original', async () => {
    await waitFor('the replayed run to complete', async () => (await call('GET', `/api/v1/runs/orders/${okRef.id}`)).body.state === 'completed');
    const all = await call('GET', '/api/v1/runs?limit=100');
    expect(all.body.items.length).toBeGreaterThanOrEqual(14);
    const dead = await call('GET', '/api/v1/runs?state=dead_lettered&queue=orders&tenant=globex');
    expect(dead.body.items).toHaveLength(4);
    expect(dead.body.items.every((r: RunSummary) => r.tenantId === 'globex' && r.state === 'dead_lettered' && r.dlqEntryId === `orders:${r.id}`)).toBe(true);
    expect((await call('GET', '/api/v1/runs?type=mail.send')).body.items).toHaveLength(4);
    expect((await call('GET', `/api/v1/runs?from=${Date.now() + 60_000}`)).body.items).toHaveLength(0);

    const seen = new Set<string>();
    let cursor: string | null = null;
    do {
      const page = await call('GET', `/api/v1/runs?queue=orders&limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      page.body.items.forEach((r: RunSummary) => seen.add(r.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen.size).toBe(10);

    const failed: RunDetail = (await call('GET', `/api/v1/runs/orders/${dead.body.items[0].id}`)).body as RunDetail;
    expect(failed.attempts).toHaveLength(2);
    expect(failed.attempts[0]!.error).toMatch(/rejected by ERP/);
    expect(failed.payload).toMatchObject({ fail: true });
    const ok = (await call('GET', `/api/v1/runs/orders/${okRef.id}`)).body as RunDetail;
    expect(ok).toMatchObject({ state: 'completed', result: { synced: 'o-1' }, attemptsMade: 1, context: { tenantId: 'acme' } });
    expect(ok.attempts).toEqual([{ attempt: 1, startedAt: ok.startedAt, finishedAt: ok.finishedAt }]);
    const logs = (await call('GET', `/api/v1/runs/orders/${okRef.id}/logs`)).body as { items: string[]; count: number };
    expect(logs.count).toBe(2);
    // Each line carries its time and attempt (contracts' run-log format).
    expect(logs.items.map(parseRunLogLine).map((l) => [l.attempt, l.text])).toEqual([[1, 'syncing o-1'], [1, 'synced']]);
    expect(logs.items.map(parseRunLogLine).every((l) => l.at !== undefined && Math.abs(Date.now() - l.at) < 60_000)).toBe(true);

    const replay = await call('POST', `/api/v1/runs/orders/${okRef.id}/replay`, { body: { reason: 'customer asked to resync' } });
    expect(replay.status).toBe(201);
    const copy = (await call('GET', `/api/v1/runs/orders/${replay.body.run.id}`)).body as RunDetail;
    expect(copy.origin).toEqual({ kind: 'replay', queue: 'orders', id: okRef.id });
    expect(copy.payload).toEqual({ order: 'o-1', fail: false });
    expect(copy.context).toMatchObject({ tenantId: 'acme', actor: 'ops:alice' });
  });

  test('DLQ: list with filters, detail, retry one, bulk retry idempotent, bulk delete by filter', async () => {
    const list = await call('GET', '/api/v1/dlq?queue=orders&error=erp&limit=50');
    expect(list.body.items).toHaveLength(8);
    const e: DlqEntry = list.body.items[0];
    expect((await call('GET', `/api/v1/dlq/${encodeURIComponent(e.id)}`)).body).toEqual(e);
    expect((await call('GET', '/api/v1/dlq?tenant=globex')).body.items).toHaveLength(4);
    // Grouped by error over the HTTP API (the DLQ's own tests cover the grouping).
    const grouped = (await call('GET', '/api/v1/dlq/error-groups?queue=orders&error=erp')).body;
    expect(grouped).toMatchObject({ scanned: 8, total: 8 });
    expect(grouped.groups.reduce((n: number, g: { count: number }) => n + g.count, 0)).toBe(8);
    expect(grouped.groups.every((g: { queues: string[] }) => g.queues.join() === 'orders')).toBe(true);

    const one = await call('POST', `/api/v1/dlq/${encodeURIComponent(e.id)}/retry`, { body: { reason: 'ERP is back' } });
    expect(one.body).toEqual({ done: 1, skipped: 0, total: 1 });
    expect((await call('POST', `/api/v1/dlq/${encodeURIComponent(e.id)}/retry`, { body: { reason: 'again' } })).status).toBe(404);

    const ids = (await call('GET', '/api/v1/dlq?tenant=acme&queue=orders')).body.items.map((x: DlqEntry) => x.id);
    const bulk = await call('POST', '/api/v1/dlq/retry', { body: { ids, reason: 'ERP is back' } });
    expect(bulk.body).toEqual({ done: ids.length, skipped: 0, total: ids.length });
    expect((await call('POST', '/api/v1/dlq/retry', { body: { ids, reason: 'double click' } })).body).toEqual({ done: 0, skipped: ids.length, total: ids.length });

    const del = await call('POST', '/api/v1/dlq/delete', { body: { filter: { type: 'mail.send' }, reason: 'obsolete mails' } });
    expect(del.body).toEqual({ done: 4, skipped: 0, total: 4 });
    expect((await call('GET', '/api/v1/dlq?type=mail.send')).body.items).toHaveLength(0);
  });

  test('a bulk action over the sync limit runs as a tracked operation with progress', async () => {
    await jobs.enqueueBulk(Array.from({ length: 12 }, (_, i) => ({ type: 'mail.send', payload: { to: `x${i}` }, context: ctx('initech') })));
    await waitFor("initech's 12 DLQ entries", async () => (await call('GET', '/api/v1/dlq?tenant=initech')).body.items.length === 12);
    const started = await call('POST', '/api/v1/dlq/delete', { body: { filter: { tenant: 'initech' }, reason: 'test tenant cleanup' } });
    expect(started.status).toBe(202);
    const op: Operation = started.body.operation;
    expect(op).toMatchObject({ kind: 'dlq_delete', status: 'running', total: 12 });
    expect(started.headers.get('location')).toBe(`/api/v1/dlq/operations/${op.id}`);
    const final = await waitFor('the bulk operation to finish', async () => {
      const r = await call('GET', `/api/v1/dlq/operations/${op.id}`, { token: VIEWER });
      return r.body.operation.status === 'succeeded' && r.body.operation;
    });
    expect(final).toMatchObject({ done: 12, skipped: 0, total: 12 });
    await waitFor('the audit entry for initech', async () => (await call('GET', '/api/v1/audit?limit=1')).body.items[0].target.includes('initech'));
  });

  test('every mutation is in the audit log with who, role, action, target, reason and result', async () => {
    const { body } = await call('GET', '/api/v1/audit?limit=100', { token: VIEWER });
    const actions = body.items.map((a: Json) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['run.replay', 'dlq.retry', 'dlq.bulk_retry', 'dlq.bulk_delete']));
    const replay = body.items.find((a: Json) => a.action === 'run.replay');
    expect(replay).toMatchObject({ user: 'alice', role: 'operator', reason: 'customer asked to resync', target: `orders/${okRef.id}` });
    expect(replay.result).toMatch(/^replayed as orders\//);
    const failedRetry = body.items.find((a: Json) => a.action === 'dlq.retry' && a.reason === 'again');
    expect(failedRetry.result).toMatch(/^error: DLQ entry .* not found/);
    const bulk = body.items.find((a: Json) => a.action === 'dlq.bulk_delete' && a.reason === 'obsolete mails');
    expect(bulk.details).toMatchObject({ filter: { type: 'mail.send' }, ids: expect.arrayContaining([expect.stringMatching(/^mail\.send:/)]) });
    expect(bulk.details.ids).toHaveLength(4);
    expect(new Date(replay.at).getTime()).toBeGreaterThan(Date.now() - 60_000);
    const page1 = await call('GET', '/api/v1/audit?limit=2');
    const page2 = await call('GET', `/api/v1/audit?limit=2&cursor=${page1.body.nextCursor}`);
    expect(page2.body.items[0].id).not.toBe(page1.body.items[1].id);
  });
});

test('event flow health per store: the Profit Engine gate', async () => {
  const r = await call('GET', '/api/v1/event-flow/stores/acme-1', { token: VIEWER });
  expect(r.status).toBe(200);
  expect(r.body).toMatchObject({ store: 'acme-1', healthy: false, reasons: ['no order_placed event received yet (expected within 600s)'] });
  expect(r.body.types[0]).toMatchObject({ eventType: 'order_placed', status: 'gap', ageSeconds: null });
  expect((await call('GET', '/api/v1/event-flow/stores', { token: VIEWER })).body.items.map((s: Json) => s.store)).toEqual(['acme-1']);
});

describe('bad input gets a 4xx naming the field, never a 5xx', () => {
  const cases: [string, string, { body?: unknown; raw?: string; headers?: Record<string, string> }, number, string, string?][] = [
    ['POST', '/api/v1/dlq/retry', { raw: '{"ids": [' }, 400, 'malformed_json', 'body'],
    ['POST', '/api/v1/dlq/retry', { raw: 'x'.repeat(200_000) }, 413, 'payload_too_large', 'body'],
    ['POST', '/api/v1/dlq/retry', { body: { ids: 'orders:1', reason: 'because' } }, 400, 'invalid_request', 'ids'],
    ['POST', '/api/v1/dlq/retry', { body: { ids: ['orders:1'] } }, 400, 'invalid_request', 'reason'],
    ['POST', '/api/v1/dlq/retry', { body: { ids: ['orders:1'], reason: '  ' } }, 400, 'invalid_request', 'reason'],
    ['POST', '/api/v1/dlq/retry', { body: { reason: 'neither ids nor filter' } }, 400, 'invalid_request', 'ids'],
    ['POST', '/api/v1/dlq/retry', { body: { ids: ['a:1'], filter: {}, reason: 'both given' } }, 400, 'invalid_request', 'ids'],
    ['POST', '/api/v1/dlq/delete', { body: { filter: { colour: 'red' }, reason: 'unknown filter' } }, 400, 'invalid_request', 'filter.colour'],
    ['POST', '/api/v1/dlq/delete', { body: { ids: [], reason: 'empty list' } }, 400, 'invalid_request', 'ids'],
    ['POST', '/api/v1/dlq/delete', { body: { ids: [42], reason: 'numbers' } }, 400, 'invalid_request', 'ids.0'],
    ['POST', '/api/v1/dlq/delete', { body: [1, 2], headers: {} }, 400, 'invalid_request', 'body'],
    ['POST', '/api/v1/runs/orders/1/replay', { body: { reason: 7 } }, 400, 'invalid_request', 'reason'],
    ['POST', '/api/v1/runs/orders/999999/replay', { body: { reason: 'unknown run' } }, 404, 'not_found', 'id'],
    ['POST', '/api/v1/runs/nope/1/replay', { body: { reason: 'unknown queue' } }, 404, 'not_found', 'queue'],
    ['POST', '/api/v1/dlq/orders:999999/retry', { body: { reason: 'unknown entry' } }, 404, 'not_found', 'id'],
    ['GET', '/api/v1/dlq/error-groups?limit=5', {}, 400, 'invalid_request', 'limit'],
    ['GET', '/api/v1/dlq/error-groups?from=yesterday', {}, 400, 'invalid_request', 'from'],
    ['GET', '/api/v1/runs?limit=0', {}, 400, 'invalid_request', 'limit'],
    ['GET', '/api/v1/runs?limit=501', {}, 400, 'invalid_request', 'limit'],
    ['GET', '/api/v1/runs?limit=ten', {}, 400, 'invalid_request', 'limit'],
    ['GET', '/api/v1/runs?state=exploded', {}, 400, 'invalid_request', 'state'],
    ['GET', '/api/v1/runs?from=yesterday', {}, 400, 'invalid_request', 'from'],
    ['GET', '/api/v1/runs?cursor=not-a-cursor', {}, 400, 'invalid_cursor', 'cursor'],
    ['GET', '/api/v1/runs?queue=nope', {}, 404, 'not_found', 'queue'],
    ['GET', '/api/v1/runs?queue=a&queue=b', {}, 400, 'invalid_request', 'queue'],
    ['GET', '/api/v1/runs?sort=asc', {}, 400, 'invalid_request', 'sort'],
    ['GET', '/api/v1/runs/orders/999999', {}, 404, 'not_found', 'id'],
    ['GET', '/api/v1/runs/nope/1', {}, 404, 'not_found', 'queue'],
    ['GET', '/api/v1/runs/orders/999999/logs', {}, 404, 'not_found', 'id'],
    ['GET', '/api/v1/runs/orders/1/logs?start=-1', {}, 400, 'invalid_request', 'start'],
    ['GET', '/api/v1/dlq?limit=100000', {}, 400, 'invalid_request', 'limit'],
    ['GET', '/api/v1/dlq?cursor=eyJ4Ijox', {}, 400, 'invalid_cursor', 'cursor'],
    ['GET', '/api/v1/dlq?to=-5', {}, 400, 'invalid_request', 'to'],
    ['GET', '/api/v1/dlq/nothing-here', {}, 404, 'not_found', 'id'],
    ['GET', '/api/v1/dlq/operations/not-a-uuid', {}, 404, 'not_found', 'id'],
    ['GET', '/api/v1/dlq/operations/3f1c2a4e-0000-4000-8000-000000000000', {}, 404, 'not_found', 'id'],
    ['GET', '/api/v1/audit?cursor=%%%', {}, 400, 'invalid_cursor', 'cursor'],
    ['GET', '/api/v1/audit?limit=-3', {}, 400, 'invalid_request', 'limit'],
    ['GET', '/api/v1/nothing', {}, 404, 'not_found'],
    ['GET', '/api/v1/event-flow/stores/unknown-store', {}, 404, 'not_found', 'store'],
    ['GET', '/api/v1/event-flow/stores/bad%20name!', {}, 404, 'not_found', 'store'],
  ];
  test.each(cases)('%s %s', async (method, path, opts, status, code, field) => {
    const r = await call(method, path, opts);
    expect(r.status).toBe(status);
    expect(r.body.error.code).toBe(code);
    expect(typeof r.body.error.message).toBe('string');
    if (field) expect(r.body.error.field).toBe(field);
  });
});

describe('a hung dependency', () => {
  test('gives 503s and a not-ready readiness, not hanging requests', async () => {
    // A "Redis" that accepts connections and never answers.
    const { createServer } = await import('node:net');
    const sockets: import('node:net').Socket[] = [];
    const blackHole = createServer((s) => void sockets.push(s)).listen(0, '127.0.0.1');
    await new Promise((r) => blackHole.once('listening', r));
    const hungRedis = redisFor(`redis://127.0.0.1:${(blackHole.address() as AddressInfo).port}`);
    hungRedis.on('error', () => undefined);
    const hungJobs = new JobService({ redis: hungRedis, prefix: jobs.prefix, logger, types });
    const app = createOpsApi({
      jobs: hungJobs, dlq: new DeadLetterQueue(hungJobs), runs: new RunStore(hungJobs), audit: new AuditLog(api.db), db: api.db, logger,
      tokens: `operator:${OPERATOR}`, requestTimeoutMs: 300,
    });
    const srv = app.listen(0, '127.0.0.1');
    await new Promise((r) => srv.once('listening', r));
    const url = `http://127.0.0.1:${(srv.address() as AddressInfo).port}`;
    try {
      const started = Date.now();
      const res = await fetch(`${url}/api/v1/queues`, { headers: { authorization: `Bearer ${OPERATOR}` } });
      expect(res.status).toBe(503);
      expect((await res.json()).error.code).toBe('dependency_timeout');
      expect(Date.now() - started).toBeLessThan(5000);
      const ready = await fetch(`${url}/readyz`);
      expect(ready.status).toBe(503);
      expect((await ready.json()).checks[0]).toMatchObject({ name: 'redis', ok: false, error: 'timed out after 1000 ms' });
    } finally {
      srv.closeAllConnections();
      await new Promise((r) => srv.close(r));
      hungRedis.disconnect();
      sockets.forEach((s) => s.destroy());
      blackHole.close();
    }
  });
});
