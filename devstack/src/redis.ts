// Redis for `npm start` and the outage tests: the URL given, else the local default if it
// answers, else a redis-server of our own (from PATH) under a data dir, stopped by its owner;
// and the cleanup of one key prefix (a test's, or `npm start --fresh`).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { Cluster, Redis } from 'ioredis';
import { freePort } from './ports.ts';
import { sleep } from './wait.ts';

export interface LocalRedis { url: string; child?: ChildProcess }

export async function reachable(url: string): Promise<boolean> {
  const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 1000 });
  probe.on('error', () => undefined);
  try {
    await probe.connect();
    await probe.ping();
    return true;
  } catch {
    return false;
  } finally {
    probe.disconnect();
  }
}

/** A redis-server of our own on a loopback port, answering when this resolves (tests stop and
 *  restart it on the same port and dir to play an outage). */
export async function spawnRedisServer(port: number, dir: string, bind = '127.0.0.1'): Promise<{ url: string; child: ChildProcess }> {
  mkdirSync(dir, { recursive: true });
  const child = spawn('redis-server', ['--port', String(port), '--bind', bind, '--dir', dir, '--appendonly', 'yes', '--save', '', ...(bind === '127.0.0.1' ? [] : ['--protected-mode', 'no'])], { stdio: 'ignore' }); // another address: a test's netns reaches it
  await new Promise<void>((ok, fail) => {
    child.once('error', (err) => fail(new Error(`redis-server could not start (${err.message}); install it: apt-get install -y redis-server`)));
    child.once('spawn', () => ok());
  });
  const url = `redis://${bind.split(' ')[0]}:${port}`;
  for (let i = 0; i < 50; i++) {
    if (await reachable(url)) return { url, child };
    await sleep(100);
  }
  child.kill('SIGKILL');
  throw new Error(`redis-server started under ${dir} but did not answer on ${url} within 5 s`);
}

/** `url` as given when `explicit`, else `url` if it answers, else a redis-server of our own
 *  under `dataDir`/redis. */
export async function ensureRedis(explicit: boolean, url: string, dataDir: string): Promise<LocalRedis> {
  if (explicit || (await reachable(url))) return { url };
  return spawnRedisServer(await freePort(), resolve(dataDir, 'redis'));
}

/** Deletes every key under `${prefix}:` (the prefix taken literally) and nothing else; returns how many.
 *  On a cluster, every master is scanned (SCAN walks one node's keys). */
export async function dropPrefix(redis: Redis | Cluster, prefix: string): Promise<number> {
  if (redis instanceof Cluster) {
    let deleted = 0;
    // keys of different slots may not share a command: one UNLINK per key, sent together
    const unlink = async (keys: string[]) => (await Promise.all(keys.map((k) => redis.unlink(k)))).reduce((a, b) => a + b, 0);
    for (const node of redis.nodes('master')) deleted += await dropPrefixOn(node, prefix, unlink);
    return deleted;
  }
  return dropPrefixOn(redis, prefix, (keys) => redis.unlink(...keys));
}

async function dropPrefixOn(node: Redis, prefix: string, unlink: (keys: string[]) => Promise<number>): Promise<number> {
  const pattern = `${prefix.replace(/[*?[\]\\]/g, '\\$&')}:*`;
  let cursor = '0';
  let deleted = 0;
  do {
    const [next, keys] = await node.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    cursor = next;
    if (keys.length) deleted += await unlink(keys);
  } while (cursor !== '0');
  return deleted;
}
