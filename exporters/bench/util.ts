// Shared helpers for the benchmarks: scaled counts, progress, timing, cleanup.
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { createRedis } from '../src/jobs/index.ts';
import { createLogger } from '../src/logger.ts';

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
export const SCALE = Number(process.env.BENCH_SCALE ?? 1);
export const logger = createLogger('silent');

/** A count scaled by BENCH_SCALE, never below `min`. */
export const scaled = (n: number, min = 50) => Math.max(min, Math.round(n * SCALE));

export const progress = (msg: string) => process.stderr.write(`[bench] ${msg}\n`);

export const newPrefix = () => `bench-${randomUUID().slice(0, 8)}`;

export function connect(): Redis {
  return createRedis(REDIS_URL, { connectionName: 'trafi-bench' });
}

export async function dropPrefix(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 5000);
    cursor = next;
    if (keys.length) await redis.unlink(...keys);
  } while (cursor !== '0');
}

export async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await fn();
  return { ms: performance.now() - t0, value };
}

export function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export async function until(check: () => Promise<boolean> | boolean, timeoutMs = 600_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`benchmark condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export interface Row {
  benchmark: string;
  ours: string;
  baseline: string;
  ratio: string;
  target: string;
  meets: boolean;
}

export const ctx = (n: number) => ({ tenantId: `tenant-${n % 50}`, actor: 'bench', requestId: `r${n}` });
