// A small simulated Trafi platform for `npm start` and the end-to-end tests: a storefront
// API instrumented with the middleware, tenants and stores, a checkout that enqueues jobs
// and reports events, database queries by tenant, and a fault switch to make a tenant fail.
import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { InstrumentedDatabase, httpMetrics, type EventReporter, type JobService, type Stack, type TenantLabels } from '@trafi-ops/exporters';
import express, { type Express } from 'express';
import type { Registry } from 'prom-client';
import { z } from 'zod';
import { merchantOptions, mountMerchant, type MerchantOptions, type PlatformIdentity } from './merchant/index.ts';
import { mountDemoDiagnostics, type DemoDiagnostics } from './diagnostics/index.ts';
import { syntheticStoreRoutes } from './synthetic-store.ts';

export interface DemoPlatformDeps {
  registry: Registry;
  tenants: TenantLabels;
  jobs: JobService;
  events: EventReporter;
  db: InstrumentedDatabase;
  /** The merchant admin pages and API with support mode (demo/src/merchant). */
  merchant?: MerchantOptions;
  /** Request error log and internal config endpoint for diagnostic reports. */
  diagnostics?: DemoDiagnostics;
  /** Share of checkouts failing with 503 whatever the tenant (a bad release, see release/instance.ts). */
  checkoutFailureRate?: number;
}

const StoreParams = z.object({ storeId: z.string().regex(/^[a-z0-9-]{1,60}$/) });
const FaultBody = z.object({ tenant: z.string().min(1), errorRate: z.number().min(0).max(1) });

/** Stores are named `<tenant>-store-<n>`: the tenant is the request context the platform would set. */
const tenantOfStore = (storeId: string) => storeId.replace(/-store-\d+$/, '');

export function createDemoPlatform(deps: DemoPlatformDeps): Express {
  const faults = new Map<string, number>();
  const app = express();
  app.disable('x-powered-by');
  // First, so support mode's middleware sees every merchant request before anything parses it.
  if (deps.merchant) app.locals.merchant = mountMerchant(app, deps.merchant);
  app.use(express.json());
  app.use('/api/stores/:storeId', (req, res, next) => {
    res.locals.tenantId = tenantOfStore(String(req.params.storeId));
    next();
  });
  app.use(httpMetrics({ registry: deps.registry, service: 'storefront', tenants: deps.tenants }));
  if (deps.diagnostics) mountDemoDiagnostics(app, deps.diagnostics);
  app.use(syntheticStoreRoutes(deps)); // health, carts, cart checkout and its fault toggle (synthetic monitoring)

  app.get('/api/stores/:storeId/products', async (req, res) => {
    const { storeId } = StoreParams.parse(req.params);
    const tenant = res.locals.tenantId as string;
    await deps.db.query('SELECT 1 AS product', [], { tenant, operation: 'products.list' });
    deps.events.report(storeId, 'page_view');
    res.json({ items: [{ sku: 'tee-01', price: 19 }] });
  });

  app.post('/api/stores/:storeId/checkout', async (req, res) => {
    const { storeId } = StoreParams.parse(req.params);
    const tenant = res.locals.tenantId as string;
    if (Math.random() < Math.max(faults.get(tenant) ?? 0, deps.checkoutFailureRate ?? 0)) return void res.status(503).json({ error: (res.locals.requestError = 'payment provider unavailable') });
    await deps.db.query('SELECT 1 AS order_id', [], { tenant, operation: 'orders.insert' });
    const context = { tenantId: tenant, storeId, actor: 'shopper', requestId: `req-${Date.now().toString(36)}` };
    await deps.jobs.enqueueBulk([
      { type: 'email.send', payload: { to: `orders@${tenant}.example`, template: 'order-confirmation' }, context },
      { type: 'webhook.deliver', payload: { url: `https://hooks.${tenant}.example/orders`, event: 'order.created' }, context },
    ]);
    deps.events.report(storeId, 'checkout_completed');
    res.status(201).json({ ok: true });
  });

  // Demo only: make a tenant's checkouts fail, to see errors and alerts.
  app.post('/_faults', (req, res) => {
    const parsed = FaultBody.safeParse(req.body);
    if (!parsed.success) return void res.status(400).json({ error: { code: 'invalid_request', message: parsed.error.issues[0]!.message, field: parsed.error.issues[0]!.path.join('.') } });
    faults.set(parsed.data.tenant, parsed.data.errorRate);
    res.json({ faults: Object.fromEntries(faults) });
  });

  app.use(((err, _req, res, _next) => {
    res.locals.requestError = err;
    const status = err instanceof z.ZodError ? 400 : 500;
    res.status(status).json({ error: { code: status === 400 ? 'invalid_request' : 'internal', message: status === 400 ? 'invalid store id' : 'internal error', field: status === 400 ? 'storeId' : undefined } });
  }) as express.ErrorRequestHandler);
  return app;
}

/** The demo platform on a running stack: its registry, tenant cap, jobs and database. */
/** What the demo platform adds when asked: support mode's platform identity, diagnostics' internal token. */
export interface DemoPlatformExtras {
  platform?: PlatformIdentity;
  diagnostics?: Omit<DemoDiagnostics, 'requestErrors'>;
}

export async function serveDemoPlatform(stack: Stack, events: EventReporter, port: number, host: string, extras: DemoPlatformExtras = {}): Promise<{ server: Server; url: string }> {
  const { platform, diagnostics } = extras;
  const app = createDemoPlatform({
    registry: stack.registry, tenants: stack.tenants, jobs: stack.jobs, events, db: new InstrumentedDatabase(stack.db, stack.registry, stack.tenants),
    merchant: merchantOptions(stack, platform),
    ...(diagnostics && { diagnostics: { ...diagnostics, requestErrors: stack.requestErrors } }),
  });
  const server = app.listen(port, host);
  await once(server, 'listening');
  return { server, url: `http://${host}:${(server.address() as AddressInfo).port}` };
}

/** Shopper traffic against the demo platform: browsing and checkouts for every demo store. */
export function startDemoTraffic(baseUrl: string, stores: string[], everyMs = 1000): () => void {
  const tick = async () => {
    for (const store of stores) {
      await fetch(`${baseUrl}/api/stores/${store}/products`).catch(() => undefined);
      if (Math.random() < 0.4) await fetch(`${baseUrl}/api/stores/${store}/checkout`, { method: 'POST' }).catch(() => undefined);
    }
  };
  const timer = setInterval(() => void tick(), everyMs);
  return () => clearInterval(timer);
}
