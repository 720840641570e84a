// Demo job types for `npm start`: one that succeeds, one that fails sometimes
// (retries, some reach the DLQ), one that always fails, so every page has data within a minute.
// Their planned failures log at debug (npm start's progress line counts them); anything else
// they throw is a surprise and logs at warn.
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { defineJobType, PermanentJobError, type FailureLogLevel } from '@trafi-ops/exporters';

const planned = new WeakSet<Error>();
/** Marks an error the demo throws on purpose. */
const onPurpose = <E extends Error>(err: E): E => (planned.add(err), err);
const failureLogLevel: FailureLogLevel = (err) => (planned.has(err) ? 'debug' : 'warn');

export const demoJobTypes = [
  defineJobType({
    name: 'email.send',
    queue: 'emails',
    payload: z.object({ to: z.string().email(), template: z.string() }),
    concurrency: 5,
    handler: async (p, ctx) => {
      await ctx.log(`rendering ${p.template} for ${p.to}`);
      await sleep(50 + Math.random() * 250);
      await ctx.log('handed to SMTP relay');
      return { messageId: `msg-${ctx.job.id}` };
    },
  }),
  defineJobType({
    name: 'webhook.deliver',
    queue: 'webhooks',
    isolation: 'tenant',
    attempts: 4,
    backoff: { baseMs: 1000, jitter: 0.5 },
    failureLogLevel,
    payload: z.object({ url: z.string().url(), event: z.string() }),
    handler: async (p, ctx) => {
      await ctx.log(`POST ${p.url} (${p.event}), attempt ${ctx.job.attempt}/${ctx.job.maxAttempts}`);
      await sleep(100 + Math.random() * 300);
      if (Math.random() < 0.45) throw onPurpose(new Error(`${p.url} answered 503 Service Unavailable`));
      return { status: 200 };
    },
  }),
  defineJobType({
    name: 'report.generate',
    queue: 'reports',
    attempts: 3,
    backoff: { baseMs: 1000 },
    failureLogLevel,
    payload: z.object({ report: z.enum(['sales', 'inventory', 'tax']) }),
    handler: async (p, ctx) => {
      await ctx.log(`loading ${p.report} data`);
      await sleep(200);
      if (p.report === 'tax') throw onPurpose(new PermanentJobError('tax report template is missing for this store'));
      throw onPurpose(new Error(`warehouse query timed out after 30s (${p.report})`));
    },
  }),
];

export const DEMO_TENANTS = ['acme', 'globex', 'initech'];
/** One store per demo tenant: what the demo's shoppers visit. */
export const DEMO_STORES = DEMO_TENANTS.map((t) => `${t}-store-1`);
const pick = <T>(xs: T[]): T => xs[Math.floor(Math.random() * xs.length)]!;

/** One tick of demo traffic: a handful of jobs for random tenants. */
export function demoBatch() {
  const tenantId = pick(DEMO_TENANTS);
  const context = { tenantId, storeId: `${tenantId}-store-1`, actor: 'demo-producer', requestId: `req-${Date.now().toString(36)}` };
  const batch = [
    { type: 'email.send', payload: { to: `orders@${tenantId}.example`, template: 'order-confirmation' }, context },
    { type: 'webhook.deliver', payload: { url: `https://hooks.${tenantId}.example/orders`, event: 'order.created' }, context },
  ];
  if (Math.random() < 0.3) batch.push({ type: 'report.generate', payload: { report: pick(['sales', 'inventory', 'tax']) } as never, context });
  return batch;
}

