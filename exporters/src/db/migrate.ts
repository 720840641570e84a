// Applies migrations/*.sql in name order, each exactly once, each atomically.
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Database } from './database.ts';

const MIGRATIONS = new URL('./migrations/', import.meta.url);
const LOCK_KEY = 0x6d696772; // arbitrary, fixed: "migr"

/** Applies pending migrations; returns the names applied by this call. */
export async function migrate(db: Database, dir: URL = MIGRATIONS): Promise<string[]> {
  // Concurrent CREATE TABLE IF NOT EXISTS can still collide in the catalog (unique violation), so
  // instances starting together against one database take turns here.
  await db.exec(`BEGIN;
    SELECT pg_advisory_xact_lock(${LOCK_KEY});
    CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now());
    COMMIT;`);
  const done = new Set((await db.query<{ name: string }>('SELECT name FROM schema_migrations')).map((r) => r.name));
  const files = (await readdir(fileURLToPath(dir))).filter((f) => f.endsWith('.sql')).sort();
  const applied: string[] = [];
  for (const name of files) {
    if (done.has(name)) continue;
    const sql = await readFile(new URL(name, dir), 'utf8');
    // One exec = one connection: separate BEGIN/COMMIT calls could land on different pooled connections.
    // The bookkeeping row goes in first so a concurrent migrator blocks on its primary key and then
    // fails with a unique violation instead of running the same DDL twice.
    try {
      await db.exec(`BEGIN;\nINSERT INTO schema_migrations (name) VALUES ('${name.replaceAll("'", "''")}');\n${sql}\n;\nCOMMIT;`);
    } catch (err) {
      if ((err as { code?: string }).code === '23505') continue; // applied concurrently by someone else
      throw new Error(`migration ${name} failed: ${(err as Error).message}`, { cause: err });
    }
    applied.push(name);
  }
  return applied;
}
