// The Redis `npm start` runs on: REDIS_URL if set, else the local default if it answers,
// else a redis-server of our own (from PATH) under the data dir, stopped with the stack.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { Redis } from 'ioredis';

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

/** A free loopback port. */
export async function freePort(): Promise<number> {
  const srv = createServer().listen(0, '127.0.0.1');
  await new Promise((r) => srv.once('listening', r));
  const port = (srv.address() as { port: number }).port;
  await new Promise((r) => srv.close(r));
  return port;
}

/** A redis-server of our own on a loopback port, answering when this resolves (tests stop and
 *  restart it on the same port and dir to play an outage). */
export async function spawnRedisServer(port: number, dir: string): Promise<{ url: string; child: ChildProcess }> {
  mkdirSync(dir, { recursive: true });
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--save', ''], { stdio: 'ignore' });
  await new Promise<void>((ok, fail) => {
    child.once('error', (err) => fail(new Error(`redis-server could not start (${err.message}); install it: apt-get install -y redis-server`)));
    child.once('spawn', () => ok());
  });
  const url = `redis://127.0.0.1:${port}`;
  for (let i = 0; i < 50; i++) {
    if (await reachable(url)) return { url, child };
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`redis-server started under ${dir} but did not answer on ${url} within 5 s`);
}

/** REDIS_URL, else the local 127.0.0.1:6379, else a redis-server of our own under DATA_DIR. */
export async function ensureRedis(explicit: boolean, url: string, dataDir: string): Promise<{ url: string; child?: ChildProcess }> {
  if (explicit || (await reachable(url))) return { url };
  return spawnRedisServer(await freePort(), resolve(dataDir, 'redis'));
}
