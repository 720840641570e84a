// Shared helpers for `bench/run.ts`: scaled counts, progress lines, timing, Redis
// connections and per-benchmark key cleanup.
import { dropPrefix } from '@trafi-ops/devstack';
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { createRedis } from '../src/jobs/index.ts';
import { createLogger } from '../src/logger.ts';

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

export const SCALE = (() => {
  const raw = process.env.BENCH_SCALE ?? '1';
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`BENCH_SCALE must be a positive number, got "${raw}"`);
  return n;
})();

export const logger = createLogger('silent');

/** `n` scaled by BENCH_SCALE, never below `min`. */
export const scaled = (n: number, min = 20): number => Math.max(min, Math.round(n * SCALE));

const t0 = performance.now();
/** Progress goes to stderr so stdout keeps only the results. */
export const progress = (msg: string): void => {
  process.stderr.write(`[bench +${((performance.now() - t0) / 1000).toFixed(1)}s] ${msg}\n`);
};

/** A key prefix of our own per benchmark, removed afterwards with `dropPrefix`. */
export const benchPrefix = (name: string): string => `bench-${name}-${randomUUID().slice(0, 8)}`;

export function connect(name = 'trafi-bench'): Redis {
  return createRedis(REDIS_URL, { connectionName: name });
}


/** Runs `fn` with a fresh connection and prefix, and always cleans both up. */
export async function withPrefix<T>(name: string, fn: (redis: Redis, prefix: string) => Promise<T>): Promise<T> {
  const redis = connect();
  const prefix = benchPrefix(name);
  try {
    return await fn(redis, prefix);
  } finally {
    await dropPrefix(redis, prefix).catch((err) => progress(`cleanup of ${prefix} failed: ${(err as Error).message}`));
    redis.disconnect();
  }
}

export async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await fn();
  return { ms: performance.now() - start, value };
}

/** Polls `check` until true; throws (the benchmark fails loudly) after `timeoutMs`. */
export async function until(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 600_000, everyMs = 10): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`benchmark: "${what}" not reached within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** Throws unless `actual === expected`: a benchmark must never silently measure nothing. */
export function expectEqual(what: string, actual: unknown, expected: unknown): void {
  if (actual !== expected) throw new Error(`benchmark check failed: ${what}: expected ${String(expected)}, got ${String(actual)}`);
}

/** Nearest-rank percentile. */
export function percentile(samples: number[], p: number): number {
  if (samples.length === 0) throw new Error('percentile of no samples');
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export const TENANTS = 50;
/** Tenant context for job n: 50 tenants, round robin. */
export const ctxFor = (n: number) => ({ tenantId: `tenant-${n % TENANTS}`, actor: 'bench', requestId: `req-${n}` });

/** Splits 0..n-1 into consecutive chunks of `size`. */
export function* chunks(n: number, size: number): Generator<number[]> {
  for (let i = 0; i < n; i += size) yield Array.from({ length: Math.min(size, n - i) }, (_, k) => i + k);
}

export interface Row {
  benchmark: string;
  ours: string;
  baseline: string;
  ratio: string;
  target: string;
  meets: boolean;
}

export const fmtMs = (ms: number): string => (ms < 10 ? `${ms.toFixed(2)} ms` : ms < 10_000 ? `${ms.toFixed(1)} ms` : `${(ms / 1000).toFixed(2)} s`);
export const fmtRate = (perSec: number): string => `${Math.round(perSec).toLocaleString('en-US')} jobs/s`;
