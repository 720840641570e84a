// Database instrumentation for the platform: query duration by tenant and operation,
// and per-tenant storage usage collected periodically by one bounded query (never per scrape).
import type { Gauge, Histogram, Registry } from 'prom-client';
import { METRICS, type LabelsOf } from '@trafi-ops/contracts';
import type { Database } from '../db/database.ts';
import { gauge, histogram } from './families.ts';
import { TenantLabels } from './tenant-labels.ts';

export interface QueryLabels {
  tenant?: string;
  /** A short name ("orders.list"); defaults to the statement's verb (select, insert, …). */
  operation?: string;
}

/** The SQL verb of a statement, as a bounded label. */
export function sqlVerb(sql: string): string {
  const verb = /^\s*(?:--[^\n]*\n\s*)*(\w+)/.exec(sql)?.[1]?.toLowerCase() ?? 'other';
  return ['select', 'insert', 'update', 'delete', 'with', 'copy'].includes(verb) ? verb : 'other';
}

/** Wraps a Database so each query is timed by tenant and operation. */
export class InstrumentedDatabase {
  protected readonly histogram: Histogram<LabelsOf<typeof METRICS.dbQueryDuration>>;

  constructor(
    readonly db: Database,
    registry: Registry,
    protected readonly tenants = new TenantLabels(),
  ) {
    this.histogram = (registry.getSingleMetric(METRICS.dbQueryDuration.name) as typeof this.histogram | undefined) ?? histogram(METRICS.dbQueryDuration, { registry });
  }

  async query<T>(sql: string, params: unknown[] = [], labels: QueryLabels = {}): Promise<T[]> {
    const end = this.histogram.startTimer({ tenant: this.tenants.label(labels.tenant), operation: labels.operation ?? sqlVerb(sql) });
    try {
      return await this.db.query<T>(sql, params);
    } finally {
      end();
    }
  }
}

export interface StorageUsageOptions {
  /** Rows `{tenant, bytes}`; must be bounded (LIMIT). Default: schema-per-tenant sizes of `tenant_*` schemas. */
  query?: string;
  intervalMs?: number;
  tenants?: TenantLabels;
}

export const SCHEMA_PER_TENANT_USAGE = `
  SELECT substr(n.nspname, 8) AS tenant, sum(pg_total_relation_size(c.oid))::bigint AS bytes
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE n.nspname LIKE 'tenant\\_%' AND c.relkind IN ('r', 'm')
  GROUP BY n.nspname ORDER BY bytes DESC LIMIT 5000`;

/** trafi_tenant_storage_bytes{tenant}, refreshed every `intervalMs` (default 5 min). */
export class StorageUsage {
  protected readonly gauge: Gauge<LabelsOf<typeof METRICS.tenantStorage>>;
  protected timer: NodeJS.Timeout | undefined;
  protected readonly tenants: TenantLabels;

  constructor(
    protected readonly db: Database,
    registry: Registry,
    protected readonly opts: StorageUsageOptions = {},
  ) {
    this.tenants = opts.tenants ?? new TenantLabels();
    this.gauge = gauge(METRICS.tenantStorage, { registry });
  }

  async collect(): Promise<number> {
    const rows = await this.db.query<{ tenant: string; bytes: string | number }>(this.opts.query ?? SCHEMA_PER_TENANT_USAGE);
    const totals = new Map<string, number>();
    for (const r of rows) {
      const label = this.tenants.label(r.tenant);
      totals.set(label, (totals.get(label) ?? 0) + Number(r.bytes));
    }
    this.gauge.reset();
    for (const [tenant, bytes] of totals) this.gauge.set({ tenant }, bytes);
    return rows.length;
  }

  start(onError: (err: unknown) => void): void {
    const run = () => void this.collect().catch(onError);
    run();
    this.timer = setInterval(run, this.opts.intervalMs ?? 300_000);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
