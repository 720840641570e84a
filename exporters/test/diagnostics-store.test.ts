// Where reports and request errors are kept: the report store on PostgreSQL and PGlite
// (paging, tenant filter, PDF bytes, retention) and the capped per-tenant request error stream.
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeEach, describe, expect, test } from 'vitest';
import express from 'express';
import type { AddressInfo } from 'node:net';
import { openDatabase, type Database, type OpenDatabaseOptions } from '../src/db/database.ts';
import { migrate } from '../src/db/migrate.ts';
import { ReportStore } from '../src/diagnostics/report-store.ts';
import { RequestErrorLog, requestErrorLogger } from '../src/diagnostics/request-error-log.ts';
import { backends } from './audit-backends.ts';
import { dropPrefix, redisFor, uniquePrefix } from './helpers.ts';

describe.each(backends)('report store on $name', (backend) => {
  let opts: OpenDatabaseOptions;
  let db: Database;
  let store: ReportStore;
  beforeEach(async () => {
    opts = await backend.setup();
    db = await openDatabase(opts);
    await migrate(db);
    store = new ReportStore(db);
  });
  afterEach(async () => {
    await db.close();
    await backend.teardown(opts);
  });

  const add = (tenant: string, expiresAt = Date.now() + 60_000) =>
    store.create({ id: randomUUID(), tenant, store: null, from: 1, to: 2, caseId: 'C-1', reason: 'why not', createdBy: 'op', operationId: 'op-1', expiresAt });

  test('pages newest first per tenant, keeps the PDF bytes, forgets expired reports', async () => {
    const made = [];
    for (let i = 0; i < 5; i++) made.push(await add(i % 2 ? 'b' : 'a'));
    const expired = await add('a', Date.now() - 1);
    const first = await store.list({ tenant: 'a', limit: 2 });
    expect(first.items).toHaveLength(2);
    const second = await store.list({ tenant: 'a', limit: 2, cursor: first.nextCursor! });
    const ids = [...first.items, ...second.items].map((r) => r.id);
    expect(new Set(ids)).toEqual(new Set(made.filter((r) => r.tenant === 'a').map((r) => r.id)));
    expect(second.nextCursor).toBeNull();
    expect((await store.list({ limit: 50 })).items).toHaveLength(5);

    const pdf = new Uint8Array([37, 80, 68, 70, 0, 255, 1]);
    await store.succeed(made[0]!.id, { x: 1 } as never, pdf, 12.4);
    expect(Buffer.from((await store.pdf(made[0]!.id))!)).toEqual(Buffer.from(pdf));
    expect(await store.get(made[0]!.id)).toMatchObject({ status: 'succeeded', pdfBytes: 7, buildMs: 12, content: { x: 1 } });
    await store.fail(made[1]!.id, 'prometheus down');
    expect(await store.get(made[1]!.id)).toMatchObject({ status: 'failed', error: 'prometheus down', pdfBytes: null });

    expect(await store.get(expired.id)).toBeNull();
    expect(await store.prune()).toBe(1);
    await expect(store.list({ limit: 1, cursor: 'bm9wZQ' })).rejects.toThrow(/cursor/);
  });
});

describe('request error log', () => {
  const redis = redisFor();
  const prefix = uniquePrefix();
  afterAll(async () => {
    await dropPrefix(redis, prefix);
    redis.disconnect();
  });

  test('the middleware appends 5xx answers per tenant with route template and error; nothing else', async () => {
    const log = new RequestErrorLog(redis, prefix);
    const app = express();
    app.use('/stores/:store', (req, res, next) => ((res.locals.tenantId = String(req.params.store).split('-')[0]), next()));
    app.use(requestErrorLogger(log));
    app.get('/stores/:store/fail', (_req, res) => void ((res.locals.requestError = new Error('db refused jane@x.io')), res.status(503).end()));
    app.get('/stores/:store/ok', (_req, res) => void res.status(404).end());
    app.get('/nobody', (_req, res) => void res.status(500).end());
    const server = app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    for (const path of ['/stores/acme-1/fail', '/stores/acme-1/ok', '/stores/globex-1/fail', '/nobody']) await fetch(base + path);
    server.close();
    await new Promise((r) => setTimeout(r, 50));
    const acme = await log.read('acme', 0, Date.now());
    expect(acme).toEqual([{ at: expect.any(Number), tenant: 'acme', method: 'GET', route: '/stores/:store/fail', status: 503, message: 'db refused jane@x.io' }]);
    expect(await log.read('globex', 0, Date.now())).toHaveLength(1);
  });

  test('bounded in length and in age', async () => {
    const e = (tenant: string) => ({ at: Date.now(), tenant, method: 'GET', route: '/x', status: 500, message: 'boom' });
    const capped = new RequestErrorLog(redis, prefix, { maxLength: 100 });
    for (let i = 0; i < 1000; i++) await capped.append(e('capped'));
    const len = await redis.xlen(capped.key('capped'));
    expect(len).toBeGreaterThanOrEqual(100);
    expect(len).toBeLessThan(300); // approximate trimming keeps whole radix-tree nodes
    // By age: what is older than maxAgeMs goes at the next append.
    const aged = new RequestErrorLog(redis, prefix, { maxAgeMs: 200 });
    for (let i = 0; i < 10; i++) await aged.append(e('aged'));
    expect(await redis.xlen(aged.key('aged'))).toBe(10);
    await new Promise((r) => setTimeout(r, 300));
    await aged.append(e('aged'));
    expect(await redis.xlen(aged.key('aged'))).toBe(1);
  });
});
