// A Redis Cluster of our own for the tests: 3 masters + 3 replicas, `redis-server
// --cluster-enabled yes` on free loopback ports in a temp dir, joined by `redis-cli --cluster
// create`, stopped and deleted by whoever started it. Nodes can be killed (failover tests).
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Cluster, Redis } from 'ioredis';
import { freePort } from './ports.ts';
import { reachable } from './redis.ts';
import { sleep, waitFor } from './wait.ts';

const run = promisify(execFile);

export interface ClusterNode {
  port: number;
  child: ChildProcess;
}

export interface RedisCluster {
  /** `host:port,host:port…` of every node, as REDIS_CLUSTER_NODES takes them. */
  nodesEnv: string;
  nodes: ClusterNode[];
  /** A client on the cluster (closed by stop). */
  admin: Cluster;
  /** The node serving `slot` as master now (asks the cluster). */
  masterOf(slot: number): Promise<ClusterNode>;
  /** SIGKILLs a node (a crash: no shutdown save, no failover handshake). */
  kill(node: ClusterNode): void;
  stop(): Promise<void>;
}

export interface RedisClusterOptions {
  masters?: number;
  replicasPerMaster?: number;
  /** Milliseconds a master may be unreachable before its replica is promoted (redis default 15 s). */
  nodeTimeoutMs?: number;
}

export async function startRedisCluster(opts: RedisClusterOptions = {}): Promise<RedisCluster> {
  const masters = opts.masters ?? 3;
  const replicas = opts.replicasPerMaster ?? 1;
  const dir = mkdtempSync(join(tmpdir(), 'trafi-cluster-'));
  const nodes: ClusterNode[] = [];
  const stopAll = async () => {
    await Promise.all(nodes.map((n) => stopNode(n)));
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    for (let i = 0; i < masters * (1 + replicas); i++) {
      const port = await freePort();
      const nodeDir = join(dir, String(port));
      const child = spawn('redis-server', [
        '--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--cluster-enabled', 'yes',
        '--cluster-config-file', `${nodeDir}.conf`, '--cluster-node-timeout', String(opts.nodeTimeoutMs ?? 2000),
        '--appendonly', 'no', '--save', '', '--dbfilename', `${port}.rdb`, '--repl-diskless-sync-delay', '0',
      ], { stdio: 'ignore' });
      await new Promise<void>((ok, fail) => {
        child.once('error', (err) => fail(new Error(`redis-server could not start (${err.message}); install it: apt-get install -y redis-server`)));
        child.once('spawn', () => ok());
      });
      nodes.push({ port, child });
    }
    for (const n of nodes) await waitFor(`cluster node ${n.port}`, () => reachable(`redis://127.0.0.1:${n.port}`), 10_000, 50);
    await run('redis-cli', ['--cluster', 'create', ...nodes.map((n) => `127.0.0.1:${n.port}`), '--cluster-replicas', String(replicas), '--cluster-yes'], { timeout: 30_000 });
    const admin = new Cluster(nodes.map((n) => ({ host: '127.0.0.1', port: n.port })), { clusterRetryStrategy: (t) => Math.min(100 * t, 1000) });
    admin.on('error', () => undefined);
    await waitFor('the cluster to be ok on every node', async () => {
      for (const n of nodes) {
        const c = new Redis(n.port, '127.0.0.1', { lazyConnect: true, maxRetriesPerRequest: 0 });
        try {
          await c.connect();
          const info = String(await c.call('CLUSTER', 'INFO'));
          const known = Number(/cluster_known_nodes:(\d+)/.exec(info)?.[1]);
          if (!info.includes('cluster_state:ok') || known !== nodes.length) return false;
          // a replica that never synced cannot be promoted: wait for every link to be up
          const replication = await c.info('replication');
          if (replication.includes('role:slave') && !replication.includes('master_link_status:up')) return false;
        } finally {
          c.disconnect();
        }
      }
      return true;
    }, 30_000, 100);
    return {
      nodesEnv: nodes.map((n) => `127.0.0.1:${n.port}`).join(','),
      nodes,
      admin,
      async masterOf(slot) {
        const slots = await admin.cluster('SLOTS');
        const range = slots.find(([from, to]) => slot >= from && slot <= to);
        const node = nodes.find((n) => n.port === range?.[2]?.[1]);
        if (!node) throw new Error(`no master serves slot ${slot}`);
        return node;
      },
      kill(node) {
        node.child.kill('SIGKILL');
      },
      async stop() {
        admin.disconnect();
        await stopAll();
      },
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
}

async function stopNode(n: ClusterNode): Promise<void> {
  if (n.child.exitCode !== null || n.child.signalCode !== null) return;
  const exited = new Promise((r) => n.child.once('exit', r));
  n.child.kill('SIGTERM');
  const timer = setTimeout(() => n.child.kill('SIGKILL'), 3000);
  await Promise.race([exited, sleep(4000)]);
  clearTimeout(timer);
}
