// The same audit-log suite against real PostgreSQL and embedded PGlite (see audit-backends.ts).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AuditEntry } from '@trafi-ops/contracts';
import { AuditLog, InvalidCursorError, type AuditIntent } from '../src/db/audit-log.ts';
import { openDatabase, type Database, type OpenDatabaseOptions } from '../src/db/database.ts';
import { migrate } from '../src/db/migrate.ts';
import { backends } from './audit-backends.ts';

const entry = (n: number) => ({ actor: `user-${n}`, role: 'operator', action: 'dlq.retry', target: `job-${n}`, reason: `because ${n}` });
const denial = (actor: string) => ({ actor, role: 'viewer', action: 'POST /api/v1/dlq/retry', target: '/api/v1/dlq/retry', needs: 'operator' });
const MIGRATIONS = ['001_audit.sql', '002_audit_outcome.sql', '003_support_access.sql', '004_diagnostic_reports.sql', '005_deployments.sql'];
const cursorOf = (s: string) => Buffer.from(s).toString('base64url');

describe.each(backends)('AuditLog on $name', (backend) => {
  let opts: OpenDatabaseOptions;
  let db: Database;
  let audit: AuditLog;

  beforeAll(async () => {
    opts = await backend.setup();
    db = await openDatabase(opts);
    await migrate(db);
    audit = new AuditLog(db);
  });

  /** An action's row as the API writes it: pending first, then completed. */
  const recorded = async (e: AuditIntent, result = 'ok'): Promise<AuditEntry> => (await audit.complete((await audit.begin(e)).id, 'succeeded', result))!;

  afterAll(async () => {
    await db?.close();
    if (opts) await backend.teardown(opts);
  });

  beforeEach(async () => {
    await db.exec('TRUNCATE audit_log');
  });

  // Cases that only make sense on a server: declared for PostgreSQL only (not skipped on PGlite).
  const itOnPostgres: typeof it | ((...args: unknown[]) => void) = backend.name === 'postgres' ? it : () => undefined;

  it('opens the requested driver', () => {
    expect(db.kind).toBe(backend.name);
  });

  it('applies each migration once', async () => {
    expect(await migrate(db)).toEqual([]);
    await Promise.all([migrate(db), migrate(db)]);
    const rows = await db.query<{ name: string }>('SELECT name FROM schema_migrations ORDER BY name');
    expect(rows.map((r) => r.name)).toEqual(MIGRATIONS);
  });

  it('rolls back a failing migration and leaves the database usable', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'audit-migrations-'));
    try {
      await writeFile(join(dir, '900_bad.sql'), 'CREATE TABLE half_done (a int);\nSELECT 1/0;\n');
      await expect(migrate(db, pathToFileURL(`${dir}/`))).rejects.toThrow(/900_bad\.sql.*division by zero/);
      const [row] = await db.query<{ t: string | null }>(`SELECT to_regclass('half_done')::text AS t`);
      expect(row!.t).toBeNull();
      expect(await db.query('SELECT name FROM schema_migrations WHERE name = $1', ['900_bad.sql'])).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  itOnPostgres('lets instances starting together migrate once between them', async () => {
    const fresh = { ...opts, schema: `${opts.schema}_race` };
    const dbs: Database[] = [];
    try {
      dbs.push(...(await Promise.all([openDatabase(fresh), openDatabase(fresh), openDatabase(fresh)])));
      const applied = (await Promise.all(dbs.map((d) => migrate(d)))).flat();
      expect(applied).toEqual(MIGRATIONS);
      expect(await dbs[0]!.query('SELECT name FROM schema_migrations ORDER BY name')).toEqual(MIGRATIONS.map((name) => ({ name })));
    } finally {
      await Promise.all(dbs.map((d) => d.close()));
      await backend.teardown(fresh);
    }
  });

  itOnPostgres('keeps its tables inside the test schema', async () => {
    const [row] = await db.query<{ t: string | null }>('SELECT to_regclass($1)::text AS t', [`"${opts.schema}".audit_log`]);
    expect(row!.t).not.toBeNull();
  });

  it('records an entry and returns it with an ISO timestamp', async () => {
    const before = Date.now();
    const e = await recorded({ ...entry(1), details: ['a', { b: 1 }] });
    expect(e).toEqual({ id: expect.stringMatching(/^[1-9]\d*$/), at: expect.any(String), user: 'user-1', role: 'operator', action: 'dlq.retry', target: 'job-1', reason: 'because 1', outcome: 'succeeded', result: 'ok', details: ['a', { b: 1 }] });
    expect(new Date(e.at).toISOString()).toBe(e.at);
    expect(Date.parse(e.at)).toBeGreaterThanOrEqual(before - 5_000);
    // details is stored as JSON, arrays included (pg would otherwise send a JS array as a SQL array).
    const [row] = await db.query<{ details: unknown }>('SELECT details FROM audit_log WHERE id = $1', [e.id]);
    expect(row!.details).toEqual(['a', { b: 1 }]);
  });

  it('lists newest first', async () => {
    const a = await recorded(entry(1));
    const b = await recorded(entry(2));
    const c = await recorded(entry(3));
    const page = await audit.list({ limit: 10 });
    expect(page.items).toEqual([c, b, a]);
    expect(page.nextCursor).toBeNull();
  });

  it('paginates 25 entries as 10/10/5 without duplicates', async () => {
    const written = [];
    for (let i = 0; i < 25; i++) written.push(await recorded(entry(i)));
    const sizes: number[] = [];
    const seen: string[] = [];
    let cursor: string | undefined;
    for (;;) {
      const page = await audit.list({ cursor, limit: 10 });
      sizes.push(page.items.length);
      seen.push(...page.items.map((e) => e.id));
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    expect(sizes).toEqual([10, 10, 5]);
    expect(new Set(seen).size).toBe(25);
    expect(seen).toEqual(written.map((e) => e.id).reverse());
  });

  it('returns no cursor when the last page is exactly full', async () => {
    for (let i = 0; i < 20; i++) await recorded(entry(i));
    const first = await audit.list({ limit: 10 });
    const second = await audit.list({ cursor: first.nextCursor!, limit: 10 });
    expect(second.items).toHaveLength(10);
    expect(second.nextCursor).toBeNull();
  });

  it.each([
    ['garbage', 'not*base64!'],
    ['zero', cursorOf('0')],
    ['negative', cursorOf('-1')],
    ['decimal', cursorOf('1.5')],
    ['text', cursorOf('abc')],
    ['leading zero', cursorOf('01')],
    ['beyond bigint', cursorOf('9223372036854775808')],
    ['junk around a valid cursor', `${cursorOf('12')}$$`],
  ])('rejects a %s cursor', async (_label, cursor) => {
    const err = await audit.list({ cursor, limit: 10 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidCursorError);
    expect((err as InvalidCursorError).field).toBe('cursor');
  });

  it('writes the row pending before the action and completes it once', async () => {
    const pending = await audit.begin({ ...entry(1), details: { ids: ['q:1'] } });
    expect(pending).toMatchObject({ outcome: 'pending', result: 'pending', details: { ids: ['q:1'] } });
    expect((await audit.list({ limit: 10 })).items).toEqual([pending]); // visible while the action runs
    const failed = await audit.complete(pending.id, 'failed', 'error: boom');
    expect(failed).toEqual({ ...pending, outcome: 'failed', result: 'error: boom' });
    expect(await audit.complete(pending.id, 'succeeded', 'late')).toBeNull(); // settled rows stay as they are
    expect((await audit.list({ limit: 10 })).items).toEqual([failed]);
  });

  it.each([
    ['a NUL in the reason', { ...entry(1), reason: 'a\u0000b' }],
    ['a NUL in details', { ...entry(1), details: { ids: ['q:\u0000'] } }],
    ['an unpaired surrogate in details', { ...entry(1), details: { ids: ['q:\ud800'] } }],
  ])('refuses %s with a data exception and writes nothing', async (_label, intent) => {
    const err = (await audit.begin(intent).catch((e: unknown) => e)) as { code?: string };
    expect(err.code).toMatch(/^22/); // what the API maps to a 400 should validation ever miss it
    expect((await audit.list({ limit: 10 })).items).toEqual([]);
  });

  it('records denied attempts, at most N per actor and M overall a minute, counting the rest', async () => {
    let clock = Date.parse('2030-01-01T00:00:00Z');
    const log = new AuditLog(db, { deniedPerActorPerMinute: 2, deniedPerMinute: 3, now: () => clock });
    const bobs = [];
    for (let i = 0; i < 5; i++) bobs.push(await log.recordDenied(denial('bob')));
    expect(bobs.map((e) => e !== null)).toEqual([true, true, false, false, false]);
    expect(bobs[0]).toMatchObject({ user: 'bob', role: 'viewer', action: 'POST /api/v1/dlq/retry', target: '/api/v1/dlq/retry', reason: '', outcome: 'denied', result: 'denied: needs operator' });
    // The overall cap: a third name gets one row, then nobody does until the next minute.
    expect(await log.recordDenied(denial('eve'))).not.toBeNull();
    expect(await log.recordDenied(denial('mallory'))).toBeNull();
    await log.countSuppressed();
    const rows = (await log.list({ limit: 10 })).items;
    expect(rows.map((e) => [e.user, e.details])).toEqual([['eve', { suppressed: 1 }], ['bob', { suppressed: 3 }], ['bob', undefined]]);
    clock += 60_000;
    expect(await log.recordDenied(denial('mallory'))).not.toBeNull();
    expect((await log.list({ limit: 10 })).items).toHaveLength(4);
  });

  it('prunes denied rows past retention, and only those', async () => {
    const kept = await recorded(entry(1));
    await audit.recordDenied(denial('bob'));
    await db.query(`UPDATE audit_log SET at = now() - interval '40 days'`);
    expect(await audit.pruneDenied(new Date(Date.now() - 30 * 24 * 3600_000))).toBe(1);
    expect((await audit.list({ limit: 10 })).items.map((e) => e.id)).toEqual([kept.id]);
  });

  it('pages strictly after its cursor while rows are written, completed and denied meanwhile', async () => {
    const existing: AuditEntry[] = [];
    for (let i = 0; i < 30; i++) existing.push(i % 3 === 0 ? await audit.begin(entry(i)) : await recorded(entry(i)));
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; ; page++) {
      const p = await audit.list({ cursor, limit: 7 });
      seen.push(...p.items.map((e) => e.id));
      // Meanwhile: new actions begin, pending ones complete, a viewer is denied.
      await Promise.all([audit.begin(entry(100 + page)), audit.complete(existing[page * 3]!.id, 'succeeded', 'ok'), audit.recordDenied(denial(`v${page}`))]);
      if (!p.nextCursor) break;
      cursor = p.nextCursor;
    }
    expect(seen).toEqual(existing.map((e) => e.id).reverse());
  });

  it('persists across close and reopen', async () => {
    const e = await recorded(entry(42));
    await db.close();
    db = await openDatabase(opts);
    audit = new AuditLog(db);
    expect(await migrate(db)).toEqual([]);
    expect((await audit.list({ limit: 10 })).items).toEqual([e]);
  });
});
