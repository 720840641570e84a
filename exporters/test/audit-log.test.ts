// The same audit-log suite against real PostgreSQL (in a throwaway schema) and embedded PGlite
// (in a throwaway directory): both backends must behave identically.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AuditLog, InvalidCursorError } from '../src/db/audit-log.ts';
import { openDatabase, type Database, type OpenDatabaseOptions } from '../src/db/database.ts';
import { migrate } from '../src/db/migrate.ts';

const DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

interface Backend {
  name: 'postgres' | 'pglite';
  setup(): Promise<OpenDatabaseOptions>;
  teardown(opts: OpenDatabaseOptions): Promise<void>;
}

const backends: Backend[] = [
  {
    name: 'postgres',
    setup: async () => ({ url: DATABASE_URL, dataDir: tmpdir(), schema: `audit_${randomBytes(6).toString('hex')}` }),
    async teardown(opts) {
      // A connection without the schema on its search_path, so dropping it is unambiguous.
      const admin = await openDatabase({ url: DATABASE_URL, dataDir: tmpdir() });
      await admin.exec(`DROP SCHEMA IF EXISTS "${opts.schema}" CASCADE`);
      await admin.close();
    },
  },
  {
    name: 'pglite',
    setup: async () => ({ dataDir: await mkdtemp(join(tmpdir(), 'audit-pglite-')) }),
    teardown: (opts) => rm(opts.dataDir, { recursive: true, force: true }),
  },
];

const entry = (n: number) => ({ actor: `user-${n}`, role: 'operator', action: 'dlq.retry', target: `job-${n}`, reason: `because ${n}`, result: 'ok' });
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
    const rows = await db.query<{ name: string }>('SELECT name FROM schema_migrations');
    expect(rows.map((r) => r.name)).toEqual(['001_audit.sql']);
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
      expect(applied).toEqual(['001_audit.sql']);
      expect(await dbs[0]!.query('SELECT name FROM schema_migrations')).toEqual([{ name: '001_audit.sql' }]);
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
    const e = await audit.record({ ...entry(1), details: ['a', { b: 1 }] });
    expect(e).toEqual({ id: expect.stringMatching(/^[1-9]\d*$/), at: expect.any(String), user: 'user-1', role: 'operator', action: 'dlq.retry', target: 'job-1', reason: 'because 1', result: 'ok', details: ['a', { b: 1 }] });
    expect(new Date(e.at).toISOString()).toBe(e.at);
    expect(Date.parse(e.at)).toBeGreaterThanOrEqual(before - 5_000);
    // details is stored as JSON, arrays included (pg would otherwise send a JS array as a SQL array).
    const [row] = await db.query<{ details: unknown }>('SELECT details FROM audit_log WHERE id = $1', [e.id]);
    expect(row!.details).toEqual(['a', { b: 1 }]);
  });

  it('lists newest first', async () => {
    const a = await audit.record(entry(1));
    const b = await audit.record(entry(2));
    const c = await audit.record(entry(3));
    const page = await audit.list({ limit: 10 });
    expect(page.items).toEqual([c, b, a]);
    expect(page.nextCursor).toBeNull();
  });

  it('paginates 25 entries as 10/10/5 without duplicates', async () => {
    const recorded = [];
    for (let i = 0; i < 25; i++) recorded.push(await audit.record(entry(i)));
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
    expect(seen).toEqual(recorded.map((e) => e.id).reverse());
  });

  it('returns no cursor when the last page is exactly full', async () => {
    for (let i = 0; i < 20; i++) await audit.record(entry(i));
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

  it('persists across close and reopen', async () => {
    const e = await audit.record(entry(42));
    await db.close();
    db = await openDatabase(opts);
    audit = new AuditLog(db);
    expect(await migrate(db)).toEqual([]);
    expect((await audit.list({ limit: 10 })).items).toEqual([e]);
  });
});
