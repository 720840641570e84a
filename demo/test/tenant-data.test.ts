// The demo tenants' data on a real embedded PostgreSQL (PGlite): the storage collector finds a
// schema per tenant and reports their sizes, largest tenant first; seeding again adds nothing.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { METRICS } from '@trafi-ops/contracts';
import { openDatabase, StorageUsage, type Database } from '@trafi-ops/exporters';
import { seedTenantData } from '../src/tenant-data.ts';

let dir: string;
let db: Database;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'trafi-demo-tenants-'));
  db = await openDatabase({ dataDir: dir });
});
afterAll(async () => {
  await db.close();
  await rm(dir, { recursive: true, force: true });
});

test('every demo tenant gets a schema of its own whose size trafi_tenant_storage_bytes reports', async () => {
  const registry = new Registry();
  const storage = new StorageUsage(db, registry);
  expect(await storage.collect()).toBe(0); // nothing yet: no series at all
  await seedTenantData(db, { acme: 3000, globex: 800, initech: 100 });
  expect(await storage.collect()).toBe(3);
  const values = (await registry.getSingleMetric(METRICS.tenantStorage.name)!.get()).values;
  const bytes = Object.fromEntries(values.map((v) => [v.labels.tenant, v.value]));
  expect(Object.keys(bytes).sort()).toEqual(['acme', 'globex', 'initech']);
  expect(bytes.acme).toBeGreaterThan(bytes.globex!);
  expect(bytes.globex).toBeGreaterThan(bytes.initech!);
  expect(bytes.initech).toBeGreaterThan(8192); // a table and its index, not an empty schema

  await seedTenantData(db, { acme: 3000, globex: 800, initech: 100 });
  const [row] = await db.query<{ n: string }>('SELECT count(*)::text AS n FROM tenant_acme.orders');
  expect(row!.n).toBe('3000');
  await expect(seedTenantData(db, { 'bad; drop': 1 })).rejects.toThrow(/a-z, 0-9 and _ only/);
});
