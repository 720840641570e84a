// GET /readyz/db and /readyz/redis (synthetic monitoring's deep health): open like the other
// probes, one dependency each with its status and latency; a dead Redis is 503 "down" within
// the probe's second while the database still answers 200.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DependencyHealthSchema } from '@trafi-ops/contracts';
import { freePort, spawnRedisServer } from '@trafi-ops/devstack';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createLogger, loadConfig, startStack, type Stack } from '../src/index.ts';

let dir: string;
let stack: Stack;
let redis: Awaited<ReturnType<typeof spawnRedisServer>>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'trafi-deep-health-'));
  redis = await spawnRedisServer(await freePort(), join(dir, 'redis'));
  const config = loadConfig({ REDIS_URL: redis.url, REDIS_PREFIX: 'trafi', DATA_DIR: dir, API_PORT: '0', METRICS_PORT: '0' });
  stack = await startStack(config, { types: [], logger: createLogger('silent'), tokens: 'viewer:viewer-token-0123456789' });
}, 60_000);

afterAll(async () => {
  await stack?.stop();
  redis?.child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
}, 30_000);

const probe = async (path: string) => {
  const res = await fetch(`${stack.apiUrl}${path}`);
  return { status: res.status, body: DependencyHealthSchema.parse(await res.json()) };
};

test('both up: 200 with the dependency, "up" and a latency, without a token', async () => {
  for (const [path, dependency] of [['/readyz/db', 'database'], ['/readyz/redis', 'redis']] as const) {
    const r = await probe(path);
    expect(r.status, path).toBe(200);
    expect(r.body).toMatchObject({ dependency, status: 'up' });
    expect(r.body.latencySeconds).toBeGreaterThan(0);
    expect(r.body.latencySeconds).toBeLessThan(1);
    expect(r.body.error).toBeUndefined();
  }
});

test('Redis killed: /readyz/redis is 503 down with the error, /readyz/db stays 200', async () => {
  redis.child.kill('SIGKILL');
  await new Promise((r) => redis.child.once('exit', r));
  const started = Date.now();
  const r = await probe('/readyz/redis');
  expect(r.status).toBe(503);
  expect(r.body).toMatchObject({ dependency: 'redis', status: 'down' });
  expect(r.body.error).toBeTruthy();
  expect(r.body.latencySeconds).toBeLessThanOrEqual(1.1);
  expect(Date.now() - started).toBeLessThan(5000);
  expect((await probe('/readyz/db')).status).toBe(200);
  // A query parameter is refused like on every probe (no silent extras).
  expect((await fetch(`${stack.apiUrl}/readyz/redis?x=1`)).status).toBe(400);
}, 30_000);
