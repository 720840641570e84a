// One small query surface over a PostgreSQL pool or embedded PGlite, so the rest of the code
// (migrations, audit log, health probe) runs unchanged on either.
import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';

export interface Database {
  query<T>(sql: string, params?: unknown[]): Promise<T[]>;
  /**
   * Runs a (possibly multi-statement) script without parameters on ONE connection, so a script
   * may carry its own BEGIN/COMMIT. If it fails, any transaction it opened is rolled back.
   */
  exec(sql: string): Promise<void>;
  close(): Promise<void>;
  readonly kind: 'postgres' | 'pglite';
}

export interface OpenDatabaseOptions {
  /** PostgreSQL URL; without it an embedded PGlite persisted in `dataDir` is used. */
  url?: string;
  dataDir: string;
  /** Confines every table to this schema (created if missing), e.g. to isolate tests. */
  schema?: string;
}

export async function openDatabase(opts: OpenDatabaseOptions): Promise<Database> {
  const schema = opts.schema === undefined ? undefined : quoteSchema(opts.schema);
  return opts.url ? openPostgres(opts.url, schema) : openPglite(opts.dataDir, schema);
}

// The name ends up in a startup option and in DDL, neither of which takes bind parameters,
// so only plain identifiers are accepted rather than trying to escape arbitrary text.
function quoteSchema(name: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(name)) throw new Error(`invalid schema name: ${JSON.stringify(name)}`);
  return `"${name}"`;
}

async function openPostgres(url: string, schema: string | undefined): Promise<Database> {
  // search_path as a startup option applies to every pooled connection before its first query,
  // with no per-connection round trip and no race against the caller's first query.
  const pool = new pg.Pool({ connectionString: url, max: 5, ...(schema && { options: `-c search_path=${schema}` }) });
  // An idle client that loses its server connection emits 'error' on the pool; unhandled, that crashes the process.
  pool.on('error', () => undefined);
  const db: Database = {
    kind: 'postgres',
    async query<T>(sql: string, params?: unknown[]) {
      return (await pool.query(sql, params)).rows as T[];
    },
    async exec(sql: string) {
      // A script may BEGIN; if it fails midway the connection is left in an aborted transaction,
      // so it is discarded instead of going back to the pool.
      const client = await pool.connect();
      try {
        await client.query(sql);
        client.release();
      } catch (err) {
        client.release(err as Error);
        throw err;
      }
    },
    close: () => pool.end(),
  };
  try {
    if (schema) await db.exec(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
  } catch (err) {
    // IF NOT EXISTS is not race-free: a concurrent creator makes us hit the catalog's unique index,
    // which still means the schema exists.
    if ((err as { code?: string }).code !== '23505') {
      await pool.end();
      throw err;
    }
  }
  return db;
}

async function openPglite(dataDir: string, schema: string | undefined): Promise<Database> {
  await mkdir(dataDir, { recursive: true });
  const lite = await PGlite.create(dataDir);
  // PGlite is a single session, so one SET covers every later query.
  if (schema) await lite.exec(`CREATE SCHEMA IF NOT EXISTS ${schema}; SET search_path TO ${schema};`);
  // PGlite is one session shared by all callers: a script that fails after its BEGIN leaves that
  // session in an aborted transaction and every later query would fail. So calls are queued here
  // and a failed exec is rolled back before anyone else gets a turn (ROLLBACK outside a
  // transaction is harmless). PGlite runs one statement at a time anyway, so the queue costs nothing.
  let tail: Promise<unknown> = Promise.resolve();
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = tail.then(fn, fn);
    tail = run.catch(() => undefined);
    return run;
  };
  return {
    kind: 'pglite',
    query: <T>(sql: string, params?: unknown[]) => serial(async () => (await lite.query<T>(sql, params)).rows),
    exec: (sql: string) =>
      serial(async () => {
        try {
          await lite.exec(sql);
        } catch (err) {
          await lite.exec('ROLLBACK').catch(() => undefined);
          throw err;
        }
      }),
    close: () => serial(() => lite.close()),
  };
}
