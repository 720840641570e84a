// /metrics serialization with the tenant cap at its default (500) vs uncapped, for 10,000
// tenants of HTTP traffic; also the memory each labelled tenant costs.
import { EventEmitter } from 'node:events';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import express from 'express';
import { Registry } from 'prom-client';
import { httpMetrics } from '../src/metrics/http-metrics.ts';
import { TenantLabels } from '../src/metrics/tenant-labels.ts';
import { fmtMs, percentile, progress, scaled, type Row } from './common.ts';

// A real gc() for the heap figures (the flag is read when the function is created).
setFlagsFromString('--expose_gc');
const gc = runInNewContext('gc') as () => void;

const ROUTES = ['/api/stores/:storeId/products', '/api/stores/:storeId/checkout', '/api/stores/:storeId/orders'];

/** Feeds the middleware's metrics as if each tenant made requests on every route. */
function populate(cap: number, tenants: number) {
  const registry = new Registry();
  const handler = httpMetrics({ registry, service: 'storefront', tenants: new TenantLabels(cap) });
  const app = express(); // the routes the middleware labels requests with
  for (const route of ROUTES) app.get(route, () => undefined);
  gc();
  const heapBefore = process.memoryUsage().heapUsed;
  for (let t = 0; t < tenants; t++) {
    for (const route of ROUTES) {
      const res = Object.assign(new EventEmitter(), { statusCode: 200, locals: { tenantId: `tenant-${t}` }, getHeader: () => 'application/json' });
      handler({ method: 'GET', originalUrl: route.replace(':storeId', `store-${t}`), app, get: () => undefined } as never, res as never, () => undefined);
      res.emit('finish');
    }
  }
  gc();
  return { registry, heapBytes: process.memoryUsage().heapUsed - heapBefore };
}

async function serialize(registry: Registry) {
  const ms: number[] = [];
  let size = 0;
  for (let i = 0; i < 10; i++) {
    const t0 = performance.now();
    size = (await registry.metrics()).length;
    ms.push(performance.now() - t0);
  }
  return { p50: percentile(ms, 50), size };
}

export async function serializeBench(): Promise<Row[]> {
  const tenants = scaled(10_000, 600);
  progress(`[serialize] ${tenants} tenants × ${ROUTES.length} routes, cap 500 vs uncapped`);
  const capped = populate(500, tenants);
  const uncapped = populate(tenants, tenants);
  const c = await serialize(capped.registry);
  const u = await serialize(uncapped.registry);
  const perTenantBytes = (u.size - c.size) / (tenants - 500);
  const perTenantHeap = (uncapped.heapBytes - capped.heapBytes) / (tenants - 500);
  console.log(`serialize: capped ${fmtMs(c.p50)} ${c.size} B; uncapped ${fmtMs(u.p50)} ${u.size} B; per extra tenant ~${Math.round(perTenantBytes)} B of scrape and ~${Math.round(perTenantHeap)} B of heap`);
  return [{
    benchmark: `/metrics with ${tenants} tenants (cap 500 vs none)`,
    ours: `${fmtMs(c.p50)}, ${(c.size / 1024).toFixed(0)} KiB`,
    baseline: `${fmtMs(u.p50)}, ${(u.size / 1024).toFixed(0)} KiB uncapped; +${Math.round(perTenantBytes)} B scrape, +${Math.round(perTenantHeap)} B heap per tenant`,
    ratio: `${(u.p50 / c.p50).toFixed(1)}x`, target: 'capped < 50 ms', meets: c.p50 < 50,
  }];
}
