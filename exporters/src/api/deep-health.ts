// Deep health for synthetic monitoring: /readyz/db and /readyz/redis answer for one dependency
// each, with its status and latency, so an external probe (which cannot reach the database or
// Redis itself) tells which one failed and how slow it was.
import { probes, type DependencyHealth } from '@trafi-ops/contracts';
import { databaseProbe, redisProbe } from '../metrics/health-metrics.ts';
import { runProbe, type Probe } from '../probe.ts';
import type { OpsApiDeps } from './context.ts';
import { handle, type ResourceRouter } from './handle.ts';

export function deepHealthRoutes(at: ResourceRouter, { jobs, db }: Pick<OpsApiDeps, 'jobs' | 'db'>): void {
  const answer = (dependency: DependencyHealth['dependency'], probe: Probe) => async (_input: unknown, _req: unknown, res: { status(code: number): unknown }): Promise<DependencyHealth> => {
    const r = await runProbe(probe, 1000);
    res.status(r.up ? 200 : 503);
    return { dependency, status: r.up ? 'up' : 'down', latencySeconds: r.latencySeconds, ...(r.error ? { error: r.error } : {}) };
  };
  handle(at, probes.readyDatabase, answer('database', databaseProbe(db)));
  handle(at, probes.readyRedis, answer('redis', redisProbe(jobs.redis)));
}
