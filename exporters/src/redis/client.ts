// The connection the product talks through: one Redis, or a Redis Cluster through ioredis'
// Cluster client (REDIS_CLUSTER_NODES). Both run the same commands; what differs is said here.
//
// On a cluster every key of Trafi must live in ONE hash slot: the DLQ and runs indexes span
// queues and our scripts move a job between its queue's keys and those indexes atomically, so
// the key prefix must be a hash tag (`{trafi}`), which puts BullMQ's keys and ours in its slot.
// The cluster then gives failover and room for other applications' keys, not a spread of
// Trafi's own load over several masters (see README: Scaling out).
import { Cluster, type ClusterOptions, type Redis, type RedisOptions } from 'ioredis';

export type RedisClient = Redis | Cluster;

/** `host:port,host:port` as ioredis' startup nodes. */
export function parseClusterNodes(nodes: string): { host: string; port: number }[] {
  return nodes.split(',').map((n) => n.trim()).filter(Boolean).map((n) => {
    const at = n.lastIndexOf(':');
    return { host: n.slice(0, at), port: Number(n.slice(at + 1)) };
  });
}

/** True when `prefix` holds a hash tag, so every key built on it hashes to one slot. */
export const hasHashTag = (prefix: string): boolean => /\{[^}]+\}/.test(prefix);

export function createCluster(nodes: string, redisOptions: RedisOptions = {}, extra: ClusterOptions = {}): Cluster {
  return new Cluster(parseClusterNodes(nodes), {
    redisOptions,
    // after a failover the slots move: refresh the map and retry instead of failing the command
    clusterRetryStrategy: (times) => Math.min(times * 200, 2000),
    retryDelayOnFailover: 200,
    retryDelayOnClusterDown: 300,
    maxRedirections: 32,
    ...extra,
  });
}

/** `text` matched literally in a SCAN pattern. */
export const globEscape = (text: string): string => text.replace(/[*?[\]\\]/g, '\\$&');

/** Every key matching `pattern` (SCAN visits one node's keys: on a cluster, every master's). */
export async function scanKeys(redis: RedisClient, pattern: string): Promise<string[]> {
  const nodes: Redis[] = redis instanceof Cluster ? redis.nodes('master') : [redis];
  const found: string[] = [];
  for (const node of nodes) {
    let cursor = '0';
    do {
      const [next, keys] = await node.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
      cursor = next;
      found.push(...keys);
    } while (cursor !== '0');
  }
  return found;
}
