// The metric catalogue (@trafi-ops/contracts METRICS) is what the collectors register: every
// collector on one registry, and its families match the catalogue's exactly (name, type,
// label names, buckets), none missing and none extra. The rules and dashboards are checked
// against the same catalogue in their workspaces.
import type { Redis } from 'ioredis';
import { Registry } from 'prom-client';
import { expect, test } from 'vitest';
import { METRICS, type MetricFamily } from '@trafi-ops/contracts';
import type { Database } from '../src/db/database.ts';
import { EventFlowHealth } from '../src/events/flow-health.ts';
import type { JobService } from '../src/jobs/index.ts';
import { Keys } from '../src/redis/keys.ts';
import { InstrumentedDatabase, StorageUsage } from '../src/metrics/db-metrics.ts';
import { HealthMetrics } from '../src/metrics/health-metrics.ts';
import { httpMetrics } from '../src/metrics/http-metrics.ts';
import { JobMetrics } from '../src/metrics/job-metrics.ts';
import { QueueMetrics } from '../src/metrics/queue-metrics.ts';

/** What prom-client keeps of a metric's definition (not in its typings). */
interface Registered { name: string; type: string; help: string; labelNames: string[]; upperBounds?: number[] }

/** Registering touches no dependency (they are read at scrape time), so stand-ins do. */
function registerEveryCollector(): Registered[] {
  const registry = new Registry();
  const redis = {} as Redis;
  const db = {} as Database;
  const keys = new Keys('trafi');
  httpMetrics({ registry, service: 'ops-api' });
  new JobMetrics(registry);
  new QueueMetrics({} as JobService, registry);
  new InstrumentedDatabase(db, registry);
  new StorageUsage(db, registry);
  new HealthMetrics(registry, {}, { heartbeats: { redis, keys } });
  new EventFlowHealth(redis, keys).register(registry);
  return registry.getMetricsAsArray() as unknown as Registered[];
}

/** What a family is, as far as a query can tell. */
const shape = (f: { name: string; type: string; labelNames: readonly string[]; buckets?: readonly number[] }) => ({
  name: f.name, type: f.type, labelNames: [...f.labelNames], ...(f.type === 'histogram' && { buckets: [...(f.buckets ?? [])] }),
});

test('the collectors register exactly the catalogue\'s families: names, types, label names and buckets', () => {
  const registered = registerEveryCollector().map((m) => shape({ ...m, buckets: m.upperBounds }));
  const catalogue = (Object.values(METRICS) as MetricFamily[]).map(shape);
  const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
  expect(registered.sort(byName)).toEqual(catalogue.sort(byName));
});

test('help texts come from the catalogue, settings filled in', () => {
  const help = new Map(registerEveryCollector().map((m) => [m.name, m.help]));
  expect(help.get(METRICS.httpRequests.name)).toBe(METRICS.httpRequests.help);
  expect(help.get(METRICS.dependencyUp.name)).toBe('1 when the dependency answered a probe within 1000 ms.');
  expect(help.get(METRICS.workerLastSeen.name)).toMatch(/silent for 3600 s\.$/);
  expect(help.get(METRICS.queueTenantJobs.name)).toMatch(/\(top 500 tenants, the rest as "_other"\)\.$/);
});
