import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { Registry } from 'prom-client';
import { afterAll, expect, test } from 'vitest';
import { EventFlowHealth } from '../src/events/flow-health.ts';
import { EventReporter, createReporterRedis } from '../src/events/reporter.ts';
import { Keys } from '../src/redis/keys.ts';
import { freePort, waitFor } from '@trafi-ops/devstack';
import { dropPrefix, redisFor, uniquePrefix, countingRedis, metricValue } from './helpers.ts';

const admin = redisFor();
const prefixes: string[] = [];
afterAll(async () => {
  for (const p of prefixes) await dropPrefix(admin, p);
  admin.disconnect();
});



test('reports are batched: thousands of events, one script call per flush', async () => {
  const prefix = uniquePrefix();
  prefixes.push(prefix);
  const redis = countingRedis();
  const reporter = new EventReporter({ redis, prefix, flushIntervalMs: 60_000 });
  await redis.ping();
  const before = redis.sent;
  for (let i = 0; i < 3000; i++) reporter.report(`store-${i % 3}`, i % 2 ? 'page_view' : 'add_to_cart');
  reporter.report('bad store name!', 'page_view');
  await reporter.flush();
  expect(redis.sent - before).toBe(1);
  expect(reporter.flushed).toBe(3000);
  expect(reporter.dropped).toBe(1);
  const totals = await admin.hgetall(new Keys(prefix).events('total'));
  expect(totals['store-0\tpage_view']).toBe('500');
  expect(Object.values(totals).reduce((n, v) => n + Number(v), 0)).toBe(3000);
  await reporter.close();
  redis.disconnect();
});

test('a Redis outage neither blocks nor crashes the caller; counts wait (bounded), overflow is counted, then delivered', async () => {
  const prefix = uniquePrefix();
  prefixes.push(prefix);
  const port = await freePort();
  const errors: unknown[] = [];
  const redis = createReporterRedis(`redis://127.0.0.1:${port}`); // nothing listens yet
  const reporter = new EventReporter({ redis, prefix, flushIntervalMs: 50, maxBuffered: 2, onError: (e) => errors.push(e) });
  for (let i = 0; i < 10; i++) reporter.report('s1', 'page_view');
  reporter.report('s1', 'checkout');
  reporter.report('s1', 'refund'); // a third pair: over maxBuffered
  await waitFor('two flush errors', () => errors.length >= 2, 5000);
  expect(reporter.dropped).toBe(1);
  expect(reporter.flushed).toBe(0);

  const dir = await mkdtemp(join(tmpdir(), 'trafi-ev-redis-'));
  const server = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', ''], { stdio: 'ignore' });
  try {
    await waitFor('11 flushed events', () => reporter.flushed === 11, 15_000, 50);
    const own = new Redis(`redis://127.0.0.1:${port}`);
    expect(await own.hgetall(new Keys(prefix).events('total'))).toEqual({ 's1\tpage_view': '10', 's1\tcheckout': '1' });
    own.disconnect();
  } finally {
    await reporter.close().catch(() => undefined);
    redis.disconnect();
    server.kill('SIGKILL');
    await rm(dir, { recursive: true, force: true });
  }
});

test('gap detection: configured and learned expectations, freshness and the metrics', async () => {
  const prefix = uniquePrefix();
  prefixes.push(prefix);
  const redis = redisFor();
  const reporter = new EventReporter({ redis, prefix, flushIntervalMs: 60_000 });
  const now = Date.now();
  const min = 60_000;
  // acme: page views every minute until a minute ago (healthy); checkouts stopped 2 h ago (configured: 1 h).
  for (let i = 0; i < 30; i++) reporter.report('acme', 'page_view', 1, now - (30 - i) * min);
  reporter.report('acme', 'checkout', 1, now - 120 * min);
  // globex: page views every minute that stopped an hour ago (learned: 10 × 60 s = 600 s); 3 refunds (too few to learn).
  for (let i = 0; i < 30; i++) reporter.report('globex', 'page_view', 1, now - (90 - i) * min);
  for (let i = 0; i < 3; i++) reporter.report('globex', 'refund', 1, now - (200 - i) * min);
  await reporter.flush();
  const flow = new EventFlowHealth(redis, new Keys(prefix), { stores: { acme: { checkout: 3600 }, initech: { order_placed: 600 } } });

  const acme = (await flow.store('acme', now))!;
  expect(acme.healthy).toBe(false);
  expect(acme.reasons).toEqual(['no checkout event for 7200s (expected within 3600s, configured)']);
  expect(acme.types.find((t) => t.eventType === 'page_view')).toMatchObject({ status: 'ok', expectation: 'learned', expectedWithinSeconds: 600, total: 30 });
  const globex = (await flow.store('globex', now))!;
  expect(globex.healthy).toBe(false);
  expect(globex.types.find((t) => t.eventType === 'page_view')).toMatchObject({ status: 'gap', expectation: 'learned', ageSeconds: 3660 });
  expect(globex.types.find((t) => t.eventType === 'refund')).toMatchObject({ status: 'unknown', expectation: 'none' });
  const initech = (await flow.store('initech', now))!;
  expect(initech).toMatchObject({ healthy: false, reasons: ['no order_placed event received yet (expected within 600s)'] });
  expect(await flow.store('nobody', now)).toBeNull();

  const registry = new Registry();
  flow.register(registry);
  const text = await registry.metrics();
  expect(metricValue(text, 'trafi_events_received_total{store="acme",event_type="page_view"}')).toBe(30);
  expect(metricValue(text, 'trafi_events_last_received_timestamp_seconds{store="acme",event_type="checkout"}')).toBeCloseTo((now - 120 * min) / 1000, 0);
  expect(metricValue(text, 'trafi_event_flow_healthy{store="acme"}')).toBe(0);
  expect(metricValue(text, 'trafi_event_flow_gap{store="globex",event_type="page_view",expectation="learned"}')).toBe(1);
  expect(text).not.toMatch(/trafi_event_flow_gap\{store="acme",event_type="page_view"/);
  await reporter.close();
  redis.disconnect();
});
