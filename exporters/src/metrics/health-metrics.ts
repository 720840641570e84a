// Dependency probes (Redis, PostgreSQL): up 0/1 and latency, each bounded by a timeout
// so a hung dependency reads as down instead of hanging the scrape; plus worker heartbeats.
import type { Registry } from 'prom-client';
import { METRICS } from '@trafi-ops/contracts';
import type { RedisClient } from '../redis/client.ts';
import type { Database } from '../db/database.ts';
import type { Keys } from '../redis/keys.ts';
import { gauge } from './families.ts';
import { sharedLoad } from './shared-load.ts';
import { runProbe, type Probe, type ProbeResult } from '../probe.ts';


export interface HealthMetricsOptions {
  /** A probe slower than this counts as down (default 1000 ms). */
  timeoutMs?: number;
  /** Also export worker heartbeats written by JobWorker. */
  heartbeats?: { redis: RedisClient; keys: Keys };
  /** A worker silent this long is dropped from the heartbeat gauge (default 1 h). */
  forgetWorkersAfterMs?: number;
}

export const redisProbe = (redis: RedisClient): Probe => () => redis.ping();
export const databaseProbe = (db: Database): Probe => () => db.query('select 1');

export class HealthMetrics {
  constructor(registry: Registry, probes: Record<string, Probe>, opts: HealthMetricsOptions = {}) {
    const timeoutMs = opts.timeoutMs ?? 1000;
    // Both gauges read the same probe run per scrape.
    const results = sharedLoad(() => Promise.all(Object.entries(probes).map(async ([name, p]) => [name, await runProbe(p, timeoutMs)] as [string, ProbeResult])));
    gauge(METRICS.dependencyUp, {
      registry, helpWith: { timeoutMs },
      async collect() {
        for (const [dependency, r] of await results()) this.set({ dependency }, r.up ? 1 : 0);
      },
    });
    gauge(METRICS.dependencyLatency, {
      registry,
      async collect() {
        for (const [dependency, r] of await results()) this.set({ dependency }, r.latencySeconds);
      },
    });
    const hb = opts.heartbeats;
    if (hb) {
      const forgetAfterMs = opts.forgetWorkersAfterMs ?? 3_600_000;
      gauge(METRICS.workerLastSeen, {
        registry, helpWith: { forgetAfterSeconds: forgetAfterMs / 1000 },
        async collect() {
          this.reset();
          let all: Record<string, string> = {};
          await runProbe(async () => (all = await hb.redis.hgetall(hb.keys.heartbeat())), timeoutMs);
          const stale: string[] = [];
          for (const [field, at] of Object.entries(all)) {
            const [queue, worker] = field.split('/');
            if (Date.now() - Number(at) > forgetAfterMs) stale.push(field);
            else if (queue && worker) this.set({ queue, worker }, Number(at) / 1000);
          }
          // A worker killed without a clean stop leaves its field; forget it after a while.
          if (stale.length) await hb.redis.hdel(hb.keys.heartbeat(), ...stale).catch(() => 0);
        },
      });
    }
  }
}
