// The demo tenants' own data: a schema per tenant (`tenant_<id>`, the layout the storage collector
// reads, exporters/src/metrics/db-metrics.ts) with an orders table of a different size each, so
// trafi_tenant_storage_bytes has a series per tenant in `npm start` and the Tenants page and
// dashboard show real sizes. Idempotent: a restart on the same data directory adds nothing.
import type { Database } from '@trafi-ops/exporters';

/** Orders per demo tenant: different sizes, so the storage column sorts visibly. */
export const DEMO_TENANT_ORDERS: Record<string, number> = { acme: 4000, globex: 1500, initech: 400 };

/** Creates each tenant's schema and orders (when empty); then the collector is asked to read the sizes. */
export async function seedTenantData(db: Pick<Database, 'query' | 'exec'>, orders: Record<string, number> = DEMO_TENANT_ORDERS): Promise<void> {
  for (const [tenant, count] of Object.entries(orders)) {
    if (!/^[a-z0-9_]{1,40}$/.test(tenant)) throw new Error(`demo tenant "${tenant}": a-z, 0-9 and _ only`);
    const schema = `tenant_${tenant}`;
    await db.exec(`CREATE SCHEMA IF NOT EXISTS ${schema};
      CREATE TABLE IF NOT EXISTS ${schema}.orders (id bigserial PRIMARY KEY, placed_at timestamptz NOT NULL DEFAULT now(), total_cents integer NOT NULL, lines jsonb NOT NULL)`);
    const [row] = await db.query<{ n: string }>(`SELECT count(*)::text AS n FROM ${schema}.orders`);
    if (Number(row?.n ?? 0) > 0) continue;
    await db.query(
      `INSERT INTO ${schema}.orders (total_cents, lines)
       SELECT 500 + (g * 37) % 20000, jsonb_build_array(jsonb_build_object('sku', 'tee-' || (g % 40), 'qty', 1 + g % 3, 'note', repeat('x', 40 + g % 60)))
       FROM generate_series(1, $1::int) AS g`,
      [count],
    );
  }
}
