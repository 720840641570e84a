// Queue gauges for Prometheus: every queue of the jobs layer (and BullMQ queues found
// under the prefix) in one Redis round trip per scrape, cached briefly so several
// Prometheus replicas scraping at once do not multiply the load on Redis.
import type { Registry } from 'prom-client';
import { METRICS } from '@trafi-ops/contracts';
import type { JobService } from '../jobs/job-service.ts';
import { globEscape, scanKeys } from '../redis/client.ts';
import { QUEUE_NAME } from '../redis/keys.ts';
import { gauge } from './families.ts';
import { sharedLoad } from './shared-load.ts';
import { OTHER_TENANT } from './tenant-labels.ts';

export const QUEUE_STATES = ['waiting', 'active', 'delayed', 'prioritized', 'completed', 'failed'] as const;

export interface QueueSnapshot {
  queue: string;
  counts: Record<(typeof QUEUE_STATES)[number], number>;
  paused: boolean;
  dlq: number;
  /** Creation time (ms) of the job that has waited longest, if any. */
  oldestWaitingAt?: number;
  /** Pending jobs per tenant, for isolated queues. */
  tenants: Map<string, number>;
  /** Active jobs per tenant, for every queue. */
  activeTenants: Map<string, number>;
}

export interface QueueMetricsOptions {
  /** Scrapes within this window share one snapshot (default 1000 ms). */
  cacheMs?: number;
  /** Distinct tenants labelled at most; the rest are summed as tenant="_other" (default 500). */
  tenantCap?: number;
  /** How often to look for BullMQ queues under the prefix that the layer did not declare. */
  discoverIntervalMs?: number;
  /** A snapshot slower than this (Redis down or hung) leaves the queue series out of that scrape (default 5000 ms). */
  timeoutMs?: number;
}


export class QueueMetrics {
  protected readonly tenantCap: number;
  /** One snapshot serves every gauge of a scrape, and every scrape within cacheMs. */
  readonly snapshot: () => Promise<QueueSnapshot[]>;
  protected discovered = new Set<string>();
  protected discoverTimer: NodeJS.Timeout | undefined;

  constructor(
    protected readonly jobs: JobService,
    registry: Registry,
    protected readonly opts: QueueMetricsOptions = {},
  ) {
    this.tenantCap = opts.tenantCap ?? 500;
    this.snapshot = sharedLoad(() => this.fetch(), {
      cacheMs: opts.cacheMs ?? 1000,
      timeoutMs: opts.timeoutMs ?? 5000,
      fallback: [],
      onError: (err) => jobs.logger.warn({ err }, 'queue snapshot failed: queue series left out of this scrape'),
    });
    const snapshot = this.snapshot;
    gauge(METRICS.queueJobs, {
      registry,
      async collect() {
        this.reset(); // absent, not stale, when the snapshot failed
        for (const s of await snapshot()) for (const state of QUEUE_STATES) this.set({ queue: s.queue, state }, s.counts[state]);
      },
    });
    gauge(METRICS.queueDlqJobs, {
      registry,
      async collect() {
        this.reset(); // absent, not stale, when the snapshot failed
        for (const s of await snapshot()) this.set({ queue: s.queue }, s.dlq);
      },
    });
    gauge(METRICS.queuePaused, {
      registry,
      async collect() {
        this.reset(); // absent, not stale, when the snapshot failed
        for (const s of await snapshot()) this.set({ queue: s.queue }, s.paused ? 1 : 0);
      },
    });
    gauge(METRICS.queueOldestWaitingAge, {
      registry,
      async collect() {
        this.reset(); // absent, not stale, when the snapshot failed
        const now = Date.now();
        for (const s of await snapshot()) this.set({ queue: s.queue }, s.oldestWaitingAt ? Math.max(0, (now - s.oldestWaitingAt) / 1000) : 0);
      },
    });
    const tenantCap = this.tenantCap;
    gauge(METRICS.queueTenantJobs, {
      registry, helpWith: { tenantCap, otherTenant: OTHER_TENANT },
      async collect() {
        this.reset(); // tenants come and go: drop series of tenants with nothing pending
        for (const s of await snapshot()) {
          for (const [tenant, n] of capTenants(s.tenants, tenantCap)) this.set({ queue: s.queue, tenant, state: 'pending' }, n);
          for (const [tenant, n] of capTenants(s.activeTenants, tenantCap)) this.set({ queue: s.queue, tenant, state: 'active' }, n);
        }
      },
    });
  }

  /** The queues measured: declared ones, then discovered ones. */
  queues(): { name: string; isolated: boolean }[] {
    const declared = this.jobs.queueNames().map((name) => ({ name, isolated: this.jobs.queueSettings(name)!.isolated }));
    const extra = [...this.discovered].filter((q) => !this.jobs.queueSettings(q)).map((name) => ({ name, isolated: false }));
    return [...declared, ...extra];
  }

  protected async fetch(): Promise<QueueSnapshot[]> {
    const queues = this.queues();
    const rows = await this.jobs.commands.queueSnapshot({ queues });
    return rows.map(({ waiting, active, delayed, prioritized, completed, failed, paused, dlq, oldestWaitingAt, pendingByTenant, activeByTenant }, i) => {
      const snap: QueueSnapshot = {
        queue: queues[i]!.name, counts: { waiting, active, delayed, prioritized, completed, failed }, paused, dlq,
        tenants: pendingByTenant, activeTenants: activeByTenant,
      };
      if (oldestWaitingAt !== undefined) snap.oldestWaitingAt = oldestWaitingAt;
      return snap;
    });
  }

  /** Finds BullMQ queues under the prefix by their meta keys (a SCAN, so not per scrape). */
  async discover(): Promise<string[]> {
    const found = new Set<string>();
    for (const key of await scanKeys(this.jobs.redis, `${globEscape(this.jobs.prefix)}:*:meta`)) {
      const name = key.slice(this.jobs.prefix.length + 1, -':meta'.length);
      if (QUEUE_NAME.test(name)) found.add(name);
    }
    this.discovered = found;
    return [...found];
  }

  startDiscovery(): void {
    const run = () => void this.discover().catch((err) => this.jobs.logger.warn({ err }, 'queue discovery failed'));
    run();
    this.discoverTimer = setInterval(run, this.opts.discoverIntervalMs ?? 60_000);
  }

  stop(): void {
    if (this.discoverTimer) clearInterval(this.discoverTimer);
  }
}

/** The `cap` largest tenants by value, the rest summed under OTHER_TENANT. */
export function capTenants(values: Map<string, number>, cap: number): Map<string, number> {
  if (values.size <= cap) return values;
  const sorted = [...values].sort((a, b) => b[1] - a[1]);
  const out = new Map(sorted.slice(0, cap));
  out.set(OTHER_TENANT, sorted.slice(cap).reduce((sum, [, n]) => sum + n, 0));
  return out;
}
