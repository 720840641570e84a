import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { openDatabase, type Database } from '../src/db/database.ts';
import { InstrumentedDatabase, StorageUsage, sqlVerb } from '../src/metrics/db-metrics.ts';
import { TenantLabels } from '../src/metrics/tenant-labels.ts';
import { metricValue } from './helpers.ts';

const URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const run = randomBytes(4).toString('hex');
const schemas = [`tenant_a${run}`, `tenant_b${run}`];
let db: Database;

beforeAll(async () => {
  db = await openDatabase({ url: URL, dataDir: tmpdir() });
  for (const [i, s] of schemas.entries()) {
    await db.exec(`CREATE SCHEMA ${s}; CREATE TABLE ${s}.orders (id int, note text);
      INSERT INTO ${s}.orders SELECT g, repeat('x', 200) FROM generate_series(1, ${(i + 1) * 2000}) g;`);
  }
});
afterAll(async () => {
  for (const s of schemas) await db.exec(`DROP SCHEMA IF EXISTS ${s} CASCADE`);
  await db.close();
});


test('queries are timed by tenant and operation, failures included', async () => {
  const registry = new Registry();
  const idb = new InstrumentedDatabase(db, registry, new TenantLabels(1));
  await idb.query(`SELECT count(*) FROM ${schemas[0]}.orders`, [], { tenant: `a${run}` });
  await idb.query(`SELECT count(*) FROM ${schemas[0]}.orders`, [], { tenant: `a${run}`, operation: 'orders.count' });
  await expect(idb.query('SELECT * FROM no_such_table', [], { tenant: `b${run}` })).rejects.toThrow();
  const text = await registry.metrics();
  expect(metricValue(text, `trafi_db_query_duration_seconds_count{tenant="a${run}",operation="select"}`)).toBe(1);
  expect(metricValue(text, `trafi_db_query_duration_seconds_count{tenant="a${run}",operation="orders.count"}`)).toBe(1);
  expect(metricValue(text, `trafi_db_query_duration_seconds_count{tenant="_other",operation="select"}`)).toBe(1);
  expect(['SELECT 1', ' insert into x', '-- c\nUPDATE t', 'VACUUM'].map(sqlVerb)).toEqual(['select', 'insert', 'update', 'other']);
});

test('storage usage per tenant comes from one bounded query, not from scrapes', async () => {
  const registry = new Registry();
  const usage = new StorageUsage(db, registry);
  expect(await registry.metrics()).not.toMatch(/^trafi_tenant_storage_bytes\{/m); // nothing until collected
  expect(await usage.collect()).toBeGreaterThanOrEqual(2);
  const text = await registry.metrics();
  const a = metricValue(text, `trafi_tenant_storage_bytes{tenant="a${run}"}`);
  const b = metricValue(text, `trafi_tenant_storage_bytes{tenant="b${run}"}`);
  expect(a).toBeGreaterThan(400_000); // 2,000 rows of ~200 bytes
  expect(b).toBeGreaterThan(a); // twice the rows
});
