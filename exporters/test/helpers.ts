// What the exporters tests share: the test Redis, a unique key prefix per test and its cleanup,
// tenant contexts, a command-counting connection, metric values. Polling, ports: @trafi-ops/devstack.
import { randomUUID } from 'node:crypto';
import { Cluster, Redis, type RedisOptions } from 'ioredis';
import { inject } from 'vitest';
import { createRedis } from '../src/jobs/connections.ts';
import { createCluster, type RedisClient } from '../src/redis/client.ts';
import { createLogger } from '../src/logger.ts';

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
export const logger = createLogger('silent');

declare module 'vitest' {
  interface ProvidedContext {
    /** Set by the `exporters-cluster` project (test/cluster-setup.ts): the same suites on a Redis Cluster. */
    redisClusterNodes?: string;
  }
}

/** The backend of this run: the nodes of the test's Redis Cluster, or undefined for REDIS_URL. */
// (the bench imports this file outside vitest: no backend injected there)
export const CLUSTER_NODES: string | undefined = process.env.VITEST ? inject('redisClusterNodes') : undefined;

/** A unique BullMQ prefix per test, so tests never see each other's keys; on the cluster a hash
 *  tag, as the product requires there (every key of one prefix in one slot). */
export function uniquePrefix(): string {
  const id = `t-${randomUUID().slice(0, 12)}`;
  return CLUSTER_NODES ? `{${id}}` : id;
}

/** A connection to the backend of this run (or to `url`, always a single Redis). */
export function redisFor(url?: string): RedisClient {
  const options: RedisOptions = { connectionName: 'trafi-test' };
  if (CLUSTER_NODES && !url) return createCluster(CLUSTER_NODES, { maxRetriesPerRequest: null, ...options });
  return createRedis(url ?? REDIS_URL, options);
}

export { dropPrefix } from '@trafi-ops/devstack';

export const ctx = (tenantId = 'tenant-a') => ({ tenantId, actor: 'test', requestId: randomUUID() });

/** A connection that counts the commands it sends: the round trips an operation costs. */
export class CountingRedis extends Redis {
  sent = 0;
  override sendCommand(...args: Parameters<Redis['sendCommand']>) {
    this.sent++;
    return super.sendCommand(...args);
  }
}

/** The same on a cluster (commands sent by the client, whichever node serves them). */
export class CountingCluster extends Cluster {
  sent = 0;
  override sendCommand(...args: Parameters<Cluster['sendCommand']>) {
    this.sent++;
    return super.sendCommand(...args);
  }
}

/** A counting connection to the backend of this run. */
export function countingRedis(options: { maxRetriesPerRequest?: null } = {}): CountingRedis | CountingCluster {
  if (!CLUSTER_NODES) return new CountingRedis(REDIS_URL, options);
  return new CountingCluster(CLUSTER_NODES.split(',').map((n) => ({ host: n.split(':')[0]!, port: Number(n.split(':')[1]) })), { redisOptions: options });
}

/** The value of one series (`name{labels}` exactly as exposed) in Prometheus text, or NaN. */
export function metricValue(text: string, series: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : NaN;
}
