import { randomUUID } from 'node:crypto';
import { afterAll, expect, test } from 'vitest';
import { z } from 'zod';
import { JobService, JobWorker, createRedis, defineJobType } from '../src/jobs/index.ts';
import { waitFor } from '@trafi-ops/devstack';
import { REDIS_URL, ctx, dropPrefix, logger, redisFor, uniquePrefix } from './helpers.ts';

const admin = redisFor();
const prefixes: string[] = [];
afterAll(async () => {
  for (const p of prefixes) await dropPrefix(admin, p);
  admin.disconnect();
});

test('an isolated queue: tenant B (20 jobs) finishes before half of tenant A backlog (5,000 jobs)', async () => {
  const prefix = uniquePrefix();
  prefixes.push(prefix);
  const redis = redisFor();
  const done: string[] = [];
  const svc = new JobService({
    redis, prefix, logger,
    types: [defineJobType({ name: 'sync', isolation: 'tenant', concurrency: 8, payload: z.object({}), handler: async (_p, c) => void done.push(c.tenant.tenantId) })],
  });
  for (let i = 0; i < 5000; i += 1000) {
    await svc.enqueueBulk(Array.from({ length: 1000 }, () => ({ type: 'sync', payload: {}, context: ctx('A') })));
  }
  const worker = new JobWorker(svc, 'sync').start();
  await waitFor('50 done jobs', () => done.length >= 50);
  await svc.enqueueBulk(Array.from({ length: 20 }, () => ({ type: 'sync', payload: {}, context: ctx('B') })));
  await waitFor("B's 20 jobs", () => done.filter((t) => t === 'B').length === 20, 30_000);
  const aDoneWhenBFinished = done.slice(0, done.lastIndexOf('B') + 1).filter((t) => t === 'A').length;
  expect(aDoneWhenBFinished).toBeLessThan(2500);
  // The pending count per tenant is what the exporters report as per-tenant depth.
  await waitFor("B's fair-share count to clear", async () => (await redis.hget(svc.keys.fair('sync'), 'B')) === null);
  await worker.close();
  await svc.queue('sync').obliterate({ force: true });
  await svc.close();
  redis.disconnect();
});

/** Ids of this test's connections in CLIENT LIST. */
async function ownConnectionIds(name: string): Promise<string[]> {
  const list = (await admin.client('LIST')) as string;
  return list
    .split('\n')
    .filter((l) => l.includes(` name=${name} `) || l.includes(` name=${prefix}:`))
    .map((l) => /^id=(\d+)/.exec(l)![1]!);
}

/** This process's connections from CLIENT LIST: the shared one (named by us) and
 *  BullMQ's blocking ones (which it names `<prefix>:<queue>`). */
let prefix = '';
async function connectionsNamed(name: string): Promise<number> {
  return (await ownConnectionIds(name)).length;
}

test('connections are shared: 1 for any number of queues and jobs, plus 1 per worker', async () => {
  prefix = uniquePrefix();
  prefixes.push(prefix);
  const name = `trafi-pool-${randomUUID().slice(0, 8)}`;
  const redis = createRedis(REDIS_URL, { connectionName: name });
  const types = Array.from({ length: 20 }, (_, i) =>
    defineJobType({ name: `type-${i}`, payload: z.object({ i: z.number() }), concurrency: 3, handler: async () => 'ok' }),
  );
  const svc = new JobService({ redis, prefix, logger, types });
  await svc.enqueueBulk(types.map((t, i) => ({ type: t.name, payload: { i }, context: ctx() })));
  for (let round = 0; round < 5; round++) {
    await Promise.all(types.map((t, i) => svc.enqueue(t.name, { i }, ctx())));
  }
  expect(await connectionsNamed(name)).toBe(1); // producers for 20 queues, 120 jobs

  const workers = svc.queueNames().map((q) => new JobWorker(svc, q).start());
  await Promise.all(workers.map((w) => w.worker.waitUntilReady()));
  await waitFor('6 completed jobs per queue', async () => (await Promise.all(svc.queueNames().map((q) => svc.queue(q).getCompletedCount()))).every((n) => n === 6));
  const withWorkers = await connectionsNamed(name);
  // Documented bound: 1 shared + 1 blocking per worker.
  expect(withWorkers).toBeLessThanOrEqual(1 + workers.length);
  expect(withWorkers).toBe(1 + workers.length);

  // More jobs do not open more connections.
  await svc.enqueueBulk(Array.from({ length: 400 }, (_, i) => ({ type: `type-${i % 20}`, payload: { i }, context: ctx() })));
  await waitFor('26 completed jobs per queue', async () => (await Promise.all(svc.queueNames().map((q) => svc.queue(q).getCompletedCount()))).every((n) => n === 26));
  expect(await connectionsNamed(name)).toBe(withWorkers);

  // Redis drops every connection of ours: nothing crashes, work resumes on reconnect.
  for (const id of await ownConnectionIds(name)) await admin.client('KILL', 'ID', id);
  await svc.enqueueBulk(Array.from({ length: 40 }, (_, i) => ({ type: `type-${i % 20}`, payload: { i }, context: ctx() })));
  await waitFor('28 completed jobs per queue', async () => (await Promise.all(svc.queueNames().map((q) => svc.queue(q).getCompletedCount()))).every((n) => n === 28), 30_000);
  expect(await connectionsNamed(name)).toBeLessThanOrEqual(1 + workers.length);

  await Promise.all(workers.map((w) => w.close()));
  await svc.close();
  redis.disconnect();
});
