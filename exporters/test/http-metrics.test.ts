import type { AddressInfo } from 'node:net';
import express from 'express';
import { Registry } from 'prom-client';
import { expect, test } from 'vitest';
import { httpMetrics } from '../src/metrics/http-metrics.ts';
import { TenantLabels } from '../src/metrics/tenant-labels.ts';

function series(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const m of text.matchAll(/^(\w+\{[^}]*\}) (\S+)$/gm)) out.set(m[1]!, Number(m[2]));
  return out;
}

test('requests are counted by route template, method, code and tenant, with a duration histogram', async () => {
  const registry = new Registry();
  const app = express();
  app.use((req, res, next) => {
    res.locals.tenantId = req.get('x-tenant'); // what the platform's auth middleware would set
    next();
  });
  app.use(httpMetrics({ registry, service: 'storefront', tenants: new TenantLabels(2) }));
  const api = express.Router();
  api.get('/stores/:storeId/orders', (_req, res) => void res.json([]));
  api.post('/checkout', (req, res) => void res.status(req.get('x-fail') ? 503 : 201).end());
  api.get('/runs/:id/logs', (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.write('event: line\ndata: {}\n\n');
    setTimeout(() => res.end(), 300); // a stream held open for a while
  });
  app.use('/api', api);
  const server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const call = (path: string, tenant: string, init: RequestInit = {}) =>
    fetch(base + path, { ...init, headers: { 'x-tenant': tenant, ...(init.headers as Record<string, string>) } }).then((r) => r.text());

  for (const store of ['s1', 's2', 's3']) await call(`/api/stores/${store}/orders`, 'acme');
  for (let i = 0; i < 5; i++) await call('/api/checkout', 'globex', { method: 'POST', headers: i === 0 ? { 'x-fail': '1' } : {} });
  await call('/api/checkout', 'initech', { method: 'POST' }); // a third tenant: over the cap of 2
  await call('/no/such/page?token=secret', 'acme');
  await call('/api/runs/7/logs', 'acme');
  server.close();

  const text = await registry.metrics();
  const m = series(text);
  expect(m.get('trafi_http_requests_total{service="storefront",route="/api/stores/:storeId/orders",method="GET",code="200",tenant="acme"}')).toBe(3);
  expect(m.get('trafi_http_requests_total{service="storefront",route="/api/checkout",method="POST",code="201",tenant="globex"}')).toBe(4);
  expect(m.get('trafi_http_requests_total{service="storefront",route="/api/checkout",method="POST",code="503",tenant="globex"}')).toBe(1);
  expect(m.get('trafi_http_requests_total{service="storefront",route="/api/checkout",method="POST",code="201",tenant="_other"}')).toBe(1);
  expect(m.get('trafi_http_requests_total{service="storefront",route="unmatched",method="GET",code="404",tenant="acme"}')).toBe(1);
  expect(m.get('trafi_http_request_duration_seconds_count{service="storefront",route="/api/checkout",tenant="globex"}')).toBe(5);
  // An SSE stream is counted as a request but is no latency sample.
  expect(m.get('trafi_http_requests_total{service="storefront",route="/api/runs/:id/logs",method="GET",code="200",tenant="acme"}')).toBe(1);
  expect(m.get('trafi_http_request_duration_seconds_count{service="storefront",route="/api/runs/:id/logs",tenant="acme"}')).toBeUndefined();
  // Raw URLs never become labels.
  expect(text).not.toMatch(/s1|s2|secret|no\/such/);
  expect(text).not.toContain('initech');
});

test('the tenant cap admits the first N tenants and folds the rest', () => {
  const t = new TenantLabels(2);
  expect(['a', 'b', 'c', 'a', undefined, 'd'].map((x) => t.label(x))).toEqual(['a', 'b', '_other', 'a', 'none', '_other']);
});
