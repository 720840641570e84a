// The two audit-store backends every audit test runs on: real PostgreSQL (in a throwaway schema)
// and embedded PGlite (in a throwaway directory); both must behave identically.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type OpenDatabaseOptions } from '../src/db/database.ts';

export const DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface Backend {
  name: 'postgres' | 'pglite';
  setup(): Promise<OpenDatabaseOptions>;
  teardown(opts: OpenDatabaseOptions): Promise<void>;
}

export const backends: Backend[] = [
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
