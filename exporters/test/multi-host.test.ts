// Workers on several hosts: three network namespaces created by the test (veth pairs, a /30
// each), a worker process in each, sharing one queue through one redis-server of the test's own
// that listens on the host side of the pairs. Tenant fairness, exactly-once DLQ entries,
// connections per worker and graceful shutdown hold across hosts as on one. Needs root (ip netns).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { canCreateNetns, createNetnsHosts, freePort, reachable, waitFor, type NetnsHosts } from '@trafi-ops/devstack';
import { DeadLetterQueue, JobService, createRedis } from '../src/jobs/index.ts';
import { alwaysFails, workTypes } from './fixtures/worker-process.ts';
import { onCleanup, releaseAll, startWorker, type WorkerEnv } from './fixtures/processes.ts';
import { dropPrefix, logger } from './helpers.ts';

const QUEUE = 'shared';
const netns = await canCreateNetns();

describe.skipIf(!netns)('workers on three hosts (network namespaces) sharing one Redis', () => {
  let hosts: NetnsHosts;
  let server: ChildProcess;
  let dir: string;
  let port: number;
  const local = () => `redis://127.0.0.1:${port}`;

  beforeAll(async () => {
    hosts = await createNetnsHosts(3);
    dir = await mkdtemp(join(tmpdir(), 'trafi-hosts-'));
    port = await freePort();
    // reachable on loopback (the test) and on the host side of each pair (the workers) only
    server = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', ...hosts.hosts.map((h) => h.hostIp), '--protected-mode', 'no', '--save', '', '--appendonly', 'no', '--dir', dir], { stdio: 'ignore' });
    await waitFor('the hosts\' redis-server', () => reachable(local()), 10_000, 50);
  }, 30_000);
  afterEach(releaseAll);
  afterAll(async () => {
    server?.kill('SIGKILL');
    await hosts?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  function producer(types: ReturnType<typeof workTypes>) {
    const prefix = `t-hosts-${process.pid}-${Date.now()}`;
    const redis = createRedis(local(), { connectionName: 'trafi-test' });
    const svc = new JobService({ redis, prefix, logger, types });
    onCleanup(async () => {
      await svc.close();
      await dropPrefix(redis, prefix);
      redis.disconnect();
    });
    return { redis, svc, prefix };
  }

  const workers = (prefix: string, e: Omit<WorkerEnv, 'redisUrl' | 'prefix' | 'netns'>) =>
    Promise.all(hosts.hosts.map((h, i) => startWorker(`worker@${h.ns}`, { ...e, prefix, redisUrl: `redis://${h.hostIp}:${port}`, netns: h.ns }).then((w) => ({ w, h, i }))));

  test('tenant fairness and exactly-once DLQ entries across hosts; 2 connections per worker process, from its host', async () => {
    const work = { queue: QUEUE, isolated: true, jobMs: 10, concurrency: 4, failMod: 10 };
    const { redis, svc, prefix } = producer(workTypes(work));
    const dlq = new DeadLetterQueue(svc);
    const ctx = (tenantId: string, n: number) => ({ tenantId, actor: 'hosts-test', requestId: `r-${n}` });
    const BIG = 600;
    for (let from = 0; from < BIG; from += 300) {
      await svc.enqueueBulk(Array.from({ length: 300 }, (_, i) => ({ type: QUEUE, payload: { n: from + i }, context: ctx('big', from + i) })));
    }
    const started = await workers(prefix, work);
    // each worker process: its shared connection and its worker's blocking one, from its own host
    const clients = async () => String(await redis.client('LIST')).split('\n').filter(Boolean).map((l) => /addr=([\d.]+):/.exec(l)?.[1]);
    for (const { h } of started) expect((await clients()).filter((a) => a === h.nsIp)).toHaveLength(2);

    const queue = svc.queue(QUEUE);
    await waitFor('30 jobs done', async () => (await queue.getCompletedCount()) >= 30);
    await svc.enqueueBulk(Array.from({ length: 20 }, (_, i) => ({ type: QUEUE, payload: { n: 5000 + i }, context: ctx('small', 5000 + i) })));
    const all = [...Array(BIG).keys(), ...Array.from({ length: 20 }, (_, i) => 5000 + i)];
    const failing = all.filter((n) => alwaysFails(n, work.failMod));
    await waitFor('every job completed or dead-lettered', async () => (await queue.getCompletedCount()) + (await dlq.size()) === all.length, 45_000, 100);

    const completed = await queue.getJobs(['completed'], 0, -1);
    const finishedAt = (t: string) => completed.filter((j) => j.data.c.tenantId === t).map((j) => j.finishedOn!);
    const lastSmall = Math.max(...finishedAt('small'));
    expect(finishedAt('small')).toHaveLength(20 - failing.filter((n) => n >= 5000).length);
    // every tenant-B job waited behind at most a few rounds of A's backlog, not half of it
    expect(finishedAt('big').filter((t) => t <= lastSmall).length).toBeLessThan(BIG / 4);

    const ids = (await dlq.idsMatching({ queue: QUEUE })).sort();
    expect(ids).toEqual([...new Set(ids)]);
    // exactly the jobs that always fail, each once
    const dead = await Promise.all(ids.map(async (id) => JSON.parse((await redis.hget(`${prefix}:${id}`, 'data'))!).p.n as number));
    expect(dead.sort((a, b) => a - b)).toEqual(failing);
    expect(await queue.getFailedCount()).toBe(0);
    expect(await redis.hgetall(svc.keys.fair(QUEUE))).toEqual({});
  }, 60_000);

  test('graceful shutdown of one host mid-run: its active jobs finish, the others go on, no job lost or run twice', async () => {
    const work = { queue: QUEUE, jobMs: 300, concurrency: 3, failMod: 0 };
    const { redis, svc, prefix } = producer(workTypes(work));
    const N = 60;
    await svc.enqueueBulk(Array.from({ length: N }, (_, n) => ({ type: QUEUE, payload: { n }, context: { tenantId: 't', actor: 'hosts-test', requestId: `r-${n}` } })));
    const started = await workers(prefix, { ...work, graceMs: 10_000 });
    const queue = svc.queue(QUEUE);
    await waitFor('9 active jobs (3 per host)', async () => (await queue.getActiveCount()) >= 9, 20_000, 20);
    const leaving = started[0]!.w;
    leaving.proc.kill('SIGTERM');
    expect(await leaving.exitWithin(15_000)).toEqual({ code: 0, signal: null });
    expect(leaving.out).toContain('CLOSED');
    await waitFor(`${N} jobs completed`, async () => (await queue.getCompletedCount()) === N, 30_000, 100);
    // attempts started per job: a job cut off by the shutdown would have been restarted (2)
    const done = await queue.getJobs(['completed'], 0, -1);
    expect(done).toHaveLength(N);
    const ats = await Promise.all(done.map((j) => redis.hget(svc.keys.job(QUEUE, j.id!), 'ats')));
    expect(ats.every((a) => a === '1')).toBe(true);
    // the leaving host's connections are gone, the others' remain
    const addrs = String(await redis.client('LIST')).split('\n').map((l) => /addr=([\d.]+):/.exec(l)?.[1]);
    expect(addrs.filter((a) => a === started[0]!.h.nsIp)).toHaveLength(0);
    expect(addrs.filter((a) => a === started[1]!.h.nsIp)).toHaveLength(2);
  }, 60_000);
});
