// The whole stack on the Redis Cluster, selected by configuration alone (REDIS_CLUSTER_NODES):
// jobs, DLQ (dead-letter, list, retry, delete through the ops API), the metrics scrape and the
// event reporter; afterwards every key it wrote is in one hash slot, on one master.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Cluster } from 'ioredis';
import { afterAll, expect, test } from 'vitest';
import { z } from 'zod';
import { ConfigError, loadConfig } from '../../src/config.ts';
import { EventReporter, createReporterRedis } from '../../src/events/reporter.ts';
import { connectRedis, defineJobType } from '../../src/jobs/index.ts';
import { scanKeys } from '../../src/redis/client.ts';
import { RedisCommands } from '../../src/redis/commands.ts';
import { Keys } from '../../src/redis/keys.ts';
import { startStack } from '../../src/stack.ts';
import { waitFor } from '@trafi-ops/devstack';
import { CLUSTER_NODES, ctx, dropPrefix, logger, metricValue, redisFor, uniquePrefix } from '../helpers.ts';

const admin = redisFor() as Cluster;
const prefixes: string[] = [];
afterAll(async () => {
  for (const p of prefixes) await dropPrefix(admin, p);
  admin.disconnect();
});

test('on a cluster the prefix must be a hash tag: the config names REDIS_PREFIX', () => {
  const config = loadConfig({ REDIS_CLUSTER_NODES: CLUSTER_NODES, REDIS_PREFIX: 'trafi' });
  expect(() => connectRedis(config)).toThrow(ConfigError);
  expect(() => connectRedis(config)).toThrow(/REDIS_PREFIX: on a Redis Cluster the prefix must be a hash tag such as \{trafi\}/);
  expect(() => loadConfig({ REDIS_CLUSTER_NODES: 'localhost' })).toThrow(/REDIS_CLUSTER_NODES: comma-separated host:port pairs/);
});

test('why: without the hash tag the keys of one DLQ move span slots, and the cluster refuses the script', async () => {
  const prefix = `t-notag-${Date.now()}`;
  prefixes.push(prefix);
  const commands = new RedisCommands(admin, new Keys(prefix));
  await expect(commands.deadLetter({ queue: 'q', jobId: '1', isolated: false })).rejects.toThrow(/CROSSSLOT|slot/i);
});

test('the stack runs unchanged on the cluster and keeps every key of its prefix in one slot', async () => {
  const prefix = uniquePrefix();
  prefixes.push(prefix);
  const dir = await mkdtemp(join(tmpdir(), 'trafi-cluster-stack-'));
  const token = 'operator-token-0123456789';
  let failing = true;
  const types = [
    defineJobType({ name: 'invoice.send', queue: 'invoices', isolation: 'tenant', payload: z.object({ n: z.number() }), attempts: 1, handler: async () => { if (failing) throw new Error('smtp down'); } }),
    defineJobType({ name: 'report.build', payload: z.object({}), handler: async () => 'ok' }),
  ];
  const config = loadConfig({ REDIS_CLUSTER_NODES: CLUSTER_NODES, REDIS_PREFIX: prefix, DATA_DIR: dir, API_PORT: '0', METRICS_PORT: '0', METRICS_CACHE_MS: '0' });
  const stack = await startStack(config, { types, logger, tokens: `ops@operator:${token}` });
  const events = new EventReporter({ redis: createReporterRedis(config.REDIS_URL, config.REDIS_CLUSTER_NODES), prefix, flushIntervalMs: 60_000 });
  try {
    expect(stack.jobs.redis).toBeInstanceOf(Cluster);
    await stack.jobs.enqueueBulk([...Array(6).keys()].map((n) => ({ type: 'invoice.send', payload: { n }, context: ctx(n % 2 ? 'acme' : 'globex') })));
    await stack.jobs.enqueue('report.build', {}, ctx());
    await waitFor('6 DLQ entries', async () => (await stack.dlq.size()) === 6);
    const api = (path: string, body?: unknown) => fetch(stack.apiUrl + path, {
      method: body ? 'POST' : 'GET', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: body ? JSON.stringify(body) : undefined,
    }).then(async (r) => ({ status: r.status, body: await r.json() as any }));

    const listed = await api('/api/v1/dlq?tenant=acme&limit=10');
    expect(listed.status).toBe(200);
    expect(listed.body.items).toHaveLength(3);
    failing = false;
    const retried = await api('/api/v1/dlq/retry', { filter: { tenant: 'acme' }, reason: 'smtp back' });
    expect(retried.body).toMatchObject({ done: 3, skipped: 0, total: 3 });
    const [first] = (await api('/api/v1/dlq?limit=1')).body.items;
    expect((await api('/api/v1/dlq/delete', { ids: [first.id], reason: 'obsolete' })).body).toMatchObject({ done: 1 });
    await waitFor('the 3 retried jobs completed', async () => (await stack.jobs.queue('invoices').getCompletedCount()) === 3);
    expect(await stack.dlq.size()).toBe(2);
    expect((await api('/api/v1/queues')).body.items.find((q: any) => q.name === 'invoices').counts).toMatchObject({ dlq: 2, completed: 3 });

    events.report('acme-1', 'page_view', 5);
    await events.flush();
    expect(events.flushed).toBe(5);
    const scrape = await (await fetch(stack.metricsUrl)).text();
    expect(metricValue(scrape, 'trafi_queue_dlq_jobs{queue="invoices"}')).toBe(2);
    expect(metricValue(scrape, 'trafi_queue_jobs{queue="report.build",state="completed"}')).toBe(1);
    expect(metricValue(scrape, 'trafi_events_received_total{store="acme-1",event_type="page_view"}')).toBe(5);
    expect(metricValue(scrape, 'trafi_dependency_up{dependency="redis"}')).toBe(1);

    // every key of the prefix: one slot, held by exactly one master
    const keys = await scanKeys(admin, `${prefix}:*`);
    expect(keys.length).toBeGreaterThan(20);
    const slots = new Set(await Promise.all(keys.map((k) => admin.cluster('KEYSLOT', k))));
    expect(slots.size).toBe(1);
    const holders = [];
    for (const node of admin.nodes('master')) if ((await scanKeys(node, `${prefix}:*`)).length > 0) holders.push(node.options.port);
    expect(holders).toHaveLength(1);
  } finally {
    await events.close().catch(() => undefined);
    await stack.stop();
    await rm(dir, { recursive: true, force: true });
  }
});
