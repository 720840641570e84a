// What the demo's end-to-end tests share: the test Redis and a key prefix of their own.
import { randomUUID } from 'node:crypto';
import { createRedis } from '@trafi-ops/exporters';

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

export const uniquePrefix = () => `t-demo-${randomUUID().slice(0, 12)}`;

export const redisFor = (url = REDIS_URL) => createRedis(url, { connectionName: 'trafi-demo-test' });
