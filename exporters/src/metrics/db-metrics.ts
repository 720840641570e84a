// Database instrumentation for the platform: query duration by tenant and operation,
// and per-tenant storage usage collected periodically by one bounded query (never per scrape).
import { Gauge, Histogram, type Registry } from 'prom-client';
import type { Database } from '../db/database.ts';
import { TenantLabels } from './tenant-labels.ts';

const BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

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
  protected readonly histogram: Histogram<'tenant' | 'operation'>;

  constructor(
    readonly db: Database,
    registry: Registry,
    protected readonly tenants = new TenantLabels(),
  ) {
    this.histogram = (registry.getSingleMetric('trafi_db_query_duration_seconds') as Histogram<'tenant' | 'operation'> | undefined) ?? new Histogram({
      name: 'trafi_db_query_duration_seconds', help: 'Database query duration by tenant and operation (failed queries included).',
      labelNames: ['tenant', 'operation'], buckets: BUCKETS, registers: [registry],
    });
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
  protected readonly gauge: Gauge<'tenant'>;
  protected timer: NodeJS.Timeout | undefined;
  protected readonly tenants: TenantLabels;

  constructor(
    protected readonly db: Database,
    registry: Registry,
    protected readonly opts: StorageUsageOptions = {},
  ) {
    this.tenants = opts.tenants ?? new TenantLabels();
    this.gauge = new Gauge({ name: 'trafi_tenant_storage_bytes', help: 'Storage used per tenant (collected periodically).', labelNames: ['tenant'], registers: [registry] });
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
