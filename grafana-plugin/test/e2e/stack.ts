// The real stack behind the plugin in end-to-end tests and the benchmark: Redis (unique
// prefix), PGlite, the jobs layer with workers, the ops API, Prometheus scraping the
// exporters every second with the shipped rules, and the Grafana host in front.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { EXPORTERS_JOB, RULES_DIR } from '@trafi-ops/alert-rules';
import { freePort, prometheusConfig, startAlertmanager, startPrometheus, type Alertmanager, type Prometheus } from '@trafi-ops/devstack';
import { seedTenantData, serveDemoPlatform } from '@trafi-ops/demo';
import { createLogger, createReporterRedis, defineJobType, EventReporter, loadConfig, PermanentJobError, startStack, type Stack } from '@trafi-ops/exporters';
import { z } from 'zod';
import { startGrafanaHost, type GrafanaHost, type HostOptions } from './host/server';

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const OPERATOR_TOKEN = 'operator-token-e2e-0123456789';

/** What the platform's partners do; tests flip it to break and fix them. */
export const downstream = { erpUp: false, pdfUp: false };

export const e2eJobTypes = [
  // Quick work: the queue whose counts the Queues page should see move.
  defineJobType({ name: 'email.send', queue: 'emails', payload: z.object({ to: z.string() }), handler: async () => ({ sent: true }) }),
  // Slow work with a log line per step, failing while the ERP is down: the run to follow live and replay.
  defineJobType({
    name: 'order.sync',
    queue: 'orders',
    attempts: 2,
    backoff: { baseMs: 200, jitter: 0 },
    payload: z.object({ orderId: z.string(), steps: z.number().int().min(1).max(50) }),
    handler: async ({ orderId, steps }, ctx) => {
      for (let i = 1; i <= steps; i++) {
        await ctx.log(`step ${i}/${steps}: syncing ${orderId} (attempt ${ctx.job.attempt})`);
        await new Promise((r) => setTimeout(r, 150));
      }
      if (!downstream.erpUp) throw new Error(`ERP refused order ${orderId}: 503 Service Unavailable`);
      await ctx.log(`order ${orderId} synced`);
      return { orderId, erpRef: `ERP-${orderId}` };
    },
  }),
  // Fails permanently while the PDF service is down: DLQ entries to bulk-retry.
  defineJobType({
    name: 'invoice.render',
    queue: 'invoices',
    attempts: 1,
    concurrency: 50,
    payload: z.object({ invoice: z.number() }),
    handler: async ({ invoice }) => {
      if (!downstream.pdfUp) throw new PermanentJobError(`pdf service rejected invoice ${invoice}: template missing`);
      return { pages: 1 };
    },
  }),
];

export interface E2eStack {
  stack: Stack;
  prometheus: Prometheus;
  /** Behind GET /api/v1/alerts (no receivers: the tests post alerts to it directly). */
  alertmanager: Alertmanager;
  host: GrafanaHost;
  /** The demo storefront on this stack (tenant-labelled requests, events per store). */
  storefrontUrl: string;
  stop(): Promise<void>;
}

/** The stores of the demo tenants; initech's checkouts must arrive within 5 s, and all of them fail. */
export const STORES = ['acme-store-1', 'globex-store-1', 'initech-store-1'];
const EVENT_FLOW = { stores: { 'initech-store-1': { checkout_completed: 5 } } };

/** `config`: more settings for the stack (e.g. support mode's keys); `tokens`: more OPS_API_TOKENS entries. */
export async function startE2eStack(opts: { user?: HostOptions['user']; config?: Record<string, string>; tokens?: string } = {}): Promise<E2eStack> {
  const dir = mkdtempSync(path.join(tmpdir(), 'trafi-plugin-e2e-'));
  const prefix = `trafi-plugin-e2e-${process.pid}-${Date.now()}`;
  const amConfig = path.join(dir, 'alertmanager.yml');
  writeFileSync(amConfig, 'route: { receiver: blackhole }\nreceivers: [ { name: blackhole } ]\n');
  const alertmanager = await startAlertmanager({ configFile: amConfig, dir: path.join(dir, 'alertmanager'), port: await freePort() });
  const config = loadConfig({ REDIS_URL, REDIS_PREFIX: prefix, DATA_DIR: dir, API_PORT: '0', METRICS_PORT: '0', METRICS_CACHE_MS: '0', ALERTMANAGER_URL: alertmanager.url, GRAFANA_URL: 'http://grafana.example', ...opts.config });
  const stack = await startStack(config, { types: e2eJobTypes, logger: createLogger('silent'), tokens: `ops-grafana@operator:${OPERATOR_TOKEN}${opts.tokens ? `,${opts.tokens}` : ''}`, eventFlow: EVENT_FLOW });
  let prometheus: Prometheus | undefined;
  let host: GrafanaHost | undefined;
  // Real tenant data (a schema per tenant, as the storage collector reads) and real storefront
  // traffic: browsing for every store, initech's checkouts all failing (errors, a gap in its events).
  const eventsRedis = createReporterRedis(REDIS_URL);
  const events = new EventReporter({ redis: eventsRedis, prefix, flushIntervalMs: 250, onError: () => undefined });
  await seedTenantData(stack.db, { acme: 3000, globex: 1000, initech: 200 });
  await stack.storage.collect();
  const storefront = await serveDemoPlatform(stack, events, 0, '127.0.0.1');
  const storefrontUrl = storefront.url;
  await fetch(`${storefrontUrl}/_faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ tenant: 'initech', errorRate: 1 }) });
  const traffic = setInterval(() => {
    for (const store of STORES) void fetch(`${storefrontUrl}/api/stores/${store}/products`).catch(() => undefined);
    void fetch(`${storefrontUrl}/api/stores/initech-store-1/checkout`, { method: 'POST' }).catch(() => undefined);
  }, 300);
  const stopStorefront = async () => {
    clearInterval(traffic);
    storefront.server.closeAllConnections();
    await new Promise((r) => storefront.server.close(r));
    await events.close().catch(() => undefined);
    eventsRedis.disconnect();
  };
  try {
    const promConfig = prometheusConfig({ scrape: [{ job: EXPORTERS_JOB, targets: [new URL(stack.metricsUrl).host] }], ruleFiles: [path.join(RULES_DIR, '*.yml')], scrapeInterval: '1s', evaluationInterval: '1s' });
    prometheus = await startPrometheus({ config: promConfig, dir: path.join(dir, 'prometheus'), port: await freePort() });
    host = await startGrafanaHost({
      jsonData: { apiUrl: stack.apiUrl, prometheusUid: 'prometheus', refreshSeconds: 5 },
      secureJsonData: { apiToken: OPERATOR_TOKEN },
      datasources: { prometheus: prometheus.url },
      user: opts.user,
    });
  } catch (err) {
    await stopStorefront();
    await prometheus?.proc.stop();
    await alertmanager.proc.stop();
    await stack.stop();
    throw err;
  }
  return {
    stack,
    prometheus,
    alertmanager,
    host,
    storefrontUrl,
    async stop() {
      await stopStorefront();
      await host.close();
      await prometheus.proc.stop();
      await alertmanager.proc.stop();
      const keys = await stack.jobs.redis.keys(`${prefix}:*`);
      if (keys.length) await stack.jobs.redis.del(...keys);
      await stack.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
