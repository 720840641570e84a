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

/** Deletes every key under a prefix. */
export async function dropPrefix(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length) await redis.unlink(...keys);
  } while (cursor !== '0');
}

export async function waitFor<T>(fn: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 20_000, everyMs = 25): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

export const ctx = (tenantId = 'tenant-a') => ({ tenantId, actor: 'test', requestId: randomUUID() });

export { freePort } from '../src/local-redis.ts';

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
