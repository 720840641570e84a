import { context, propagation, trace, TraceFlags, type TextMapPropagator } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { z } from 'zod';
import { JobService, JobValidationError, JobWorker, PermanentJobError, defineJobType, type JobRunContext } from '../src/jobs/index.ts';
import { waitFor } from '@trafi-ops/devstack';
import { parseRunLogLine } from '@trafi-ops/contracts';
import { ctx, dropPrefix, redisFor, uniquePrefix } from './helpers.ts';

/** The structured log lines the jobs layer writes. */
const logLines: Record<string, any>[] = [];
const logger = pino({ level: 'warn' }, { write: (line: string) => void logLines.push(JSON.parse(line)) });

/** A minimal traceparent propagator, as an OpenTelemetry SDK would register. */
const traceparent: TextMapPropagator = {
  inject(ctx, carrier: Record<string, string>) {
    const sc = trace.getSpanContext(ctx);
    if (sc) carrier.traceparent = `00-${sc.traceId}-${sc.spanId}-01`;
  },
  extract(ctx, carrier: Record<string, string>) {
    const m = /^00-([0-9a-f]{32})-([0-9a-f]{16})-01$/.exec(carrier.traceparent ?? '');
    return m ? trace.setSpanContext(ctx, { traceId: m[1]!, spanId: m[2]!, traceFlags: TraceFlags.SAMPLED, isRemote: true }) : ctx;
  },
  fields: () => ['traceparent'],
};

const redis = redisFor();
const prefix = uniquePrefix();
const seen: { payload: unknown; ctx: JobRunContext; traceId?: string }[] = [];
let failuresLeft = 0;

const types = [
  defineJobType({
    name: 'email.send',
    queue: 'emails',
    payload: z.object({ to: z.string().email(), subject: z.string() }),
    handler: async (payload, c) => {
      seen.push({ payload, ctx: c, traceId: trace.getSpanContext(context.active())?.traceId });
      await c.log(`sending to ${payload.to}`);
      return { delivered: true };
    },
  }),
  defineJobType({
    name: 'webhook.flaky',
    payload: z.object({ n: z.number() }),
    attempts: 5,
    backoff: { baseMs: 200, jitter: 0.5 },
    handler: async () => {
      if (failuresLeft-- > 0) throw new Error('endpoint timed out');
      return 'ok';
    },
  }),
  defineJobType({
    name: 'report.broken',
    payload: z.object({}),
    attempts: 3,
    backoff: { baseMs: 20 },
    handler: async () => {
      throw new PermanentJobError('report template missing');
    },
  }),
];

let svc: JobService;
let workers: JobWorker[];

beforeAll(async () => {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(traceparent);
  svc = new JobService({ redis, prefix, logger, types });
  workers = svc.queueNames().map((q) => new JobWorker(svc, q).start());
});
afterAll(async () => {
  await Promise.all(workers.map((w) => w.close()));
  await svc.close();
  propagation.disable();
  context.disable();
  await dropPrefix(redis, prefix);
  redis.disconnect();
});

describe('enqueue validation', () => {
  test('unknown type is rejected naming the field', async () => {
    const err = await svc.enqueue('nope', {}, ctx()).catch((e) => e);
    expect(err).toBeInstanceOf(JobValidationError);
    expect(err.field).toBe('type');
    expect(err.message).toContain('unknown job type "nope"');
  });
  test('invalid payload is rejected with the path of the bad field', async () => {
    const err = await svc.enqueue('email.send', { to: 'not-an-email', subject: 'x' }, ctx()).catch((e) => e);
    expect(err).toBeInstanceOf(JobValidationError);
    expect(err.field).toBe('payload.to');
  });
  test('tenant context is required and validated', async () => {
    const err = await svc.enqueue('email.send', { to: 'a@b.co', subject: 'x' }, { tenantId: '', actor: 'x', requestId: 'r' }).catch((e) => e);
    expect(err.field).toBe('context.tenantId');
    const nothing = await svc.queue('emails').count();
    expect(nothing).toBe(0);
  });
});

test('handlers get the typed payload, the tenant context and the producer trace', async () => {
  const traceId = 'a'.repeat(32);
  const parent = trace.setSpanContext(context.active(), { traceId, spanId: 'b'.repeat(16), traceFlags: TraceFlags.SAMPLED });
  const ref = await context.with(parent, () =>
    svc.enqueue('email.send', { to: 'ops@trafi.io', subject: 'hi' }, { tenantId: 't1', storeId: 's9', actor: 'u1', requestId: 'req-1' }),
  );
  expect(ref.queue).toBe('emails');
  await waitFor('the handler to run', () => seen.length === 1);
  const run = seen[0]!;
  expect(run.payload).toEqual({ to: 'ops@trafi.io', subject: 'hi' });
  expect(run.ctx.tenant).toMatchObject({ tenantId: 't1', storeId: 's9', actor: 'u1', requestId: 'req-1' });
  expect(run.ctx.tenant.trace?.traceparent).toContain(traceId);
  expect(run.traceId).toBe(traceId);
  expect(run.ctx.job).toMatchObject({ queue: 'emails', type: 'email.send', attempt: 1, maxAttempts: 5 });
  const logs = await svc.queue('emails').getJobLogs(ref.id);
  expect(logs.logs.map((l) => parseRunLogLine(l).text)).toEqual(['sending to ops@trafi.io']);
});

test('a job whose stored context is corrupt goes to the DLQ without running', async () => {
  const before = seen.length;
  await svc.queue('emails').pause();
  const ref = await svc.enqueue('email.send', { to: 'x@y.co', subject: 's' }, ctx());
  await redis.hset(svc.keys.job('emails', ref.id), 'data', JSON.stringify({ p: { to: 'x@y.co', subject: 's' }, c: { tenantId: 7 } }));
  await svc.queue('emails').resume();
  await waitFor('the DLQ mark on the job', async () => (await redis.hget(svc.keys.job('emails', ref.id), 'dlq')) !== null);
  const h = await redis.hgetall(svc.keys.job('emails', ref.id));
  expect(h.failedReason).toMatch(/^stored context is invalid/);
  expect(h.atm).toBe('1');
  expect(seen.length).toBe(before);
});

test('retries back off exponentially within the jitter bounds and keep every attempt', async () => {
  failuresLeft = 4;
  const ref = await svc.enqueue('webhook.flaky', { n: 1 }, ctx('t-retry'));
  await waitFor('the flaky job to finish', async () => (await svc.queue('webhook.flaky').getJob(ref.id))?.finishedOn, 15_000);
  const h = await redis.hgetall(svc.keys.job('webhook.flaky', ref.id));
  expect(h.returnvalue).toBe('"ok"');
  expect(h.atm).toBe('5'); // BullMQ's attemptsMade: 4 retries + the success
  const failed = [1, 2, 3, 4].map((n) => JSON.parse(h[`ta:${n}`]!));
  expect(failed.map((a) => a.error)).toEqual(Array(4).fill('endpoint timed out'));
  expect(failed[0].stack).toContain('endpoint timed out');
  const starts = [...failed.map((a) => a.startedAt), Number(h.processedOn)];
  for (let n = 1; n <= 4; n++) {
    const delay = starts[n]! - failed[n - 1].finishedAt;
    const max = 200 * 2 ** (n - 1);
    // [d·(1−jitter), d], plus the scheduler's promotion latency on the upper side.
    expect(delay, `delay before attempt ${n + 1}`).toBeGreaterThanOrEqual(max * 0.5 - 2);
    expect(delay, `delay before attempt ${n + 1}`).toBeLessThanOrEqual(max + 150);
  }
  const lines = logLines.filter((l) => l.msg === 'job attempt failed' && l.jobId === ref.id);
  expect(lines.map((l) => [l.queue, l.type, l.tenant, l.attempt, l.maxAttempts, l.willRetry, l.err.message])).toEqual(
    [1, 2, 3, 4].map((n) => ['webhook.flaky', 'webhook.flaky', 't-retry', n, 5, true, 'endpoint timed out']),
  );
  expect(lines[0]!.err.stack).toContain('endpoint timed out');
  const logs = await svc.queue('webhook.flaky').getJobLogs(ref.id);
  const texts = logs.logs.map((l) => parseRunLogLine(l));
  expect(texts.filter((l) => l.text.startsWith('attempt '))).toHaveLength(4);
  expect(texts[0]!.text).toMatch(/^attempt 1\/5 failed: Error: endpoint timed out/);
  expect(texts.map((l) => l.attempt)).toEqual([1, 2, 3, 4]);
});

test('a permanent error goes to the DLQ at once, with its attempt recorded', async () => {
  const ref = await svc.enqueue('report.broken', {}, ctx('t-perm'));
  await waitFor('the DLQ entry', async () => (await redis.zscore(svc.keys.dlqAll, `report.broken:${ref.id}`)) !== null);
  const h = await redis.hgetall(svc.keys.job('report.broken', ref.id));
  expect(h.atm).toBe('1');
  expect(JSON.parse(h['ta:1']!).error).toBe('report template missing');
  expect(await redis.zscore(svc.keys.queueKey('report.broken', 'failed'), ref.id)).toBeNull();
  expect(h.dlqTenant).toBe('t-perm');
});

test('concurrency comes from the type, overridable per queue by environment', () => {
  const s = new JobService({ redis, prefix, logger, types, env: { QUEUE_CONCURRENCY_WEBHOOK_FLAKY: '12' } });
  expect(s.queueSettings('webhook.flaky')?.concurrency).toBe(12);
  expect(s.queueSettings('emails')?.concurrency).toBe(5);
  expect(() => new JobService({ redis, prefix, logger, types, env: { QUEUE_CONCURRENCY_EMAILS: 'lots' } })).toThrow(
    'QUEUE_CONCURRENCY_EMAILS must be an integer 1..1000, got "lots"',
  );
});

test('close(grace) is bounded: past the grace period handlers are signalled and close returns', async () => {
  let aborted = false;
  const p = uniquePrefix();
  const s = new JobService({
    redis, prefix: p, logger,
    types: [defineJobType({
      name: 'stuck', payload: z.object({}),
      handler: (_payload, c) => new Promise(() => c.signal.addEventListener('abort', () => (aborted = true))), // never settles
    })],
  });
  const w = new JobWorker(s, 'stuck').start();
  await s.enqueue('stuck', {}, ctx());
  await waitFor('the stuck job to be active', async () => (await s.queue('stuck').getActiveCount()) === 1);
  const t0 = Date.now();
  await w.close(300);
  expect(Date.now() - t0).toBeLessThan(3000);
  expect(aborted).toBe(true);
  expect(logLines.some((l) => l.msg === 'active jobs did not finish in time; cancelling them')).toBe(true);
  await s.close();
  await dropPrefix(redis, p);
});

test('failureLogLevel: a type that fails on purpose logs those failures at its level, the surprises at warn', async () => {
  const lines: Record<string, any>[] = [];
  const debugLogger = pino({ level: 'debug' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
  const planned = new WeakSet<Error>();
  const p = uniquePrefix();
  const s = new JobService({
    redis, prefix: p, logger: debugLogger,
    types: [
      defineJobType({
        name: 'probe.failing', payload: z.object({ planned: z.boolean() }), attempts: 1,
        failureLogLevel: (err) => (planned.has(err) ? 'debug' : 'warn'),
        handler: async ({ planned: onPurpose }) => {
          const err = new Error(onPurpose ? 'failing on purpose' : 'a surprise');
          if (onPurpose) planned.add(err);
          throw err;
        },
      }),
      defineJobType({ name: 'probe.quiet', payload: z.object({}), attempts: 1, failureLogLevel: 'info', handler: async () => { throw new Error('quiet'); } }),
      defineJobType({ name: 'probe.default', payload: z.object({}), attempts: 1, handler: async () => { throw new Error('loud'); } }),
    ],
  });
  const ws = s.queueNames().map((q) => new JobWorker(s, q).start());
  await s.enqueue('probe.failing', { planned: true }, ctx());
  await s.enqueue('probe.failing', { planned: false }, ctx());
  await s.enqueue('probe.quiet', {}, ctx());
  await s.enqueue('probe.default', {}, ctx());
  const failed = () => lines.filter((l) => l.msg === 'job attempt failed');
  await waitFor('four failure lines', () => failed().length === 4);
  const levelOf = (message: string) => failed().find((l) => l.err.message === message)?.level;
  expect([levelOf('failing on purpose'), levelOf('a surprise'), levelOf('quiet'), levelOf('loud')]).toEqual([20, 40, 30, 40]);
  await Promise.all(ws.map((w) => w.close()));
  await s.close();
  await dropPrefix(redis, p);
});
