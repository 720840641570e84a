// Redis connections: one shared connection per process for queues, producers and
// scripts; BullMQ adds one blocking connection per worker. So a process holds
// 1 + (number of workers) connections, whatever the number of queues or jobs.
import { Redis, type RedisOptions } from 'ioredis';

export function createRedis(url: string, extra: RedisOptions = {}): Redis {
  return new Redis(url, {
    // BullMQ workers need commands to wait through a reconnect rather than fail.
    maxRetriesPerRequest: null,
    enableReadyCheck: true,
    retryStrategy: (times) => Math.min(times * 200, 2000),
    connectionName: 'trafi-ops',
    ...extra,
  });
}
