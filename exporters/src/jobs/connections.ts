// Redis connections: one shared connection per process for queues, producers and
// scripts; BullMQ adds one blocking connection per worker. So a process holds
// 1 + (number of workers) connections, whatever the number of queues or jobs.
// On a Redis Cluster (REDIS_CLUSTER_NODES) that is per node: ioredis' Cluster client keeps
// one connection to each node it uses (see README: Scaling out).
import { Redis, type RedisOptions } from 'ioredis';
import { ConfigError, type Config } from '../config.ts';
import { createCluster, hasHashTag, type RedisClient } from '../redis/client.ts';

const defaults: RedisOptions = {
  // BullMQ workers need commands to wait through a reconnect rather than fail.
  maxRetriesPerRequest: null,
  enableReadyCheck: true,
  retryStrategy: (times) => Math.min(times * 200, 2000),
  connectionName: 'trafi-ops',
};

export function createRedis(url: string, extra: RedisOptions = {}): Redis {
  return new Redis(url, { ...defaults, ...extra });
}

/** The configured connection: the cluster of REDIS_CLUSTER_NODES when set (REDIS_PREFIX must then
 *  be a hash tag such as `{trafi}`), else REDIS_URL. */
export function connectRedis(config: Pick<Config, 'REDIS_URL' | 'REDIS_CLUSTER_NODES' | 'REDIS_PREFIX'>, extra: RedisOptions = {}): RedisClient {
  if (!config.REDIS_CLUSTER_NODES) return createRedis(config.REDIS_URL, extra);
  if (!hasHashTag(config.REDIS_PREFIX)) {
    throw new ConfigError(`invalid configuration:\n  REDIS_PREFIX: on a Redis Cluster the prefix must be a hash tag such as {${config.REDIS_PREFIX}} (every key of Trafi in one slot) (got ${JSON.stringify(config.REDIS_PREFIX)})`);
  }
  return createCluster(config.REDIS_CLUSTER_NODES, { ...defaults, ...extra });
}
