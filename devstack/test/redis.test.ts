// ensureRedis as `npm start` uses it: the URL given, the local Redis, else a redis-server of our own.
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { ensureRedis, reachable } from '../src/redis.ts';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

test('npm start uses REDIS_URL as given, the local Redis when it answers', async () => {
  expect(await ensureRedis(true, 'redis://127.0.0.1:1', '/nonexistent')).toEqual({ url: 'redis://127.0.0.1:1' });
  expect(await ensureRedis(false, REDIS_URL, '/nonexistent')).toEqual({ url: REDIS_URL });
});

test('npm start starts its own redis-server under the data dir when nothing answers', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'trafi-own-redis-'));
  // Port 1 on loopback: nothing listens there.
  const own = await ensureRedis(false, 'redis://127.0.0.1:1', dir);
  try {
    expect(own.child).toBeDefined();
    expect(own.url).not.toBe('redis://127.0.0.1:1');
    expect(await reachable(own.url)).toBe(true);
    expect(existsSync(join(dir, 'redis'))).toBe(true);
  } finally {
    own.child?.kill('SIGTERM');
    await new Promise((r) => own.child?.once('exit', r));
    await rm(dir, { recursive: true, force: true });
  }
  expect(await reachable(own.url)).toBe(false);
});
