// What the exporters tests share: the test Redis, a unique key prefix per test and its cleanup,
// tenant contexts, a command-counting connection, metric values. Polling, ports: @trafi-ops/devstack.
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { createRedis } from '../src/jobs/connections.ts';
import { createLogger } from '../src/logger.ts';

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
export const logger = createLogger('silent');

/** A unique BullMQ prefix per test, so tests never see each other's keys. */
export function uniquePrefix(): string {
  return `t-${randomUUID().slice(0, 12)}`;
}

export function redisFor(url = REDIS_URL): Redis {
  return createRedis(url, { connectionName: 'trafi-test' });
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

/** The value of one series (`name{labels}` exactly as exposed) in Prometheus text, or NaN. */
export function metricValue(text: string, series: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : NaN;
}
