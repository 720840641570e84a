// The `route` label of the request metrics is the full route template of what a request
// addressed, whatever its answer (200, 400, 401, 403, 404, 413...), and every path that no
// route serves shares one label: per-route error ratios and SLOs depend on it.
import type { AddressInfo } from 'node:net';
import express from 'express';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { API_BASE, endpointPath, endpoints, probes, type Endpoint } from '@trafi-ops/contracts';
import { httpMetrics } from '../src/metrics/http-metrics.ts';
import { OPERATOR, VIEWER, startOpsApi, type OpsApiFixture } from './fixtures/ops-api.ts';

/** Requests per route label of `service`, over every method, code and tenant. */
async function countsByRoute(registry: Registry, service: string): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const m of (await registry.metrics()).matchAll(/^trafi_http_requests_total\{([^}]*)\} (\S+)$/gm)) {
    if (!m[1]!.includes(`service="${service}"`)) continue;
    const route = /route="([^"]*)"/.exec(m[1]!)![1]!;
    out.set(route, (out.get(route) ?? 0) + Number(m[2]));
  }
  return out;
}

/** Codes seen per route label. */
async function codesByRoute(registry: Registry, service: string): Promise<Map<string, Set<string>>> {
  const out = new Map<string, Set<string>>();
  for (const m of (await registry.metrics()).matchAll(/^trafi_http_requests_total\{([^}]*)\} \S+$/gm)) {
    if (!m[1]!.includes(`service="${service}"`)) continue;
    const route = /route="([^"]*)"/.exec(m[1]!)![1]!;
    out.set(route, (out.get(route) ?? new Set()).add(/code="(\d+)"/.exec(m[1]!)![1]!));
  }
  return out;
}

describe('an express service with nested routers (the platform middleware)', () => {
  test('errors thrown in handlers, nested mounts and 404s keep the full template', async () => {
    const registry = new Registry();
    const app = express();
    app.use(httpMetrics({ registry, service: 'storefront' }));
    const orders = express.Router();
    orders.get('/', (_req, res) => void res.json([]));
    orders.get('/:orderId', () => {
      throw Object.assign(new Error('no such order'), { status: 404 }); // thrown synchronously
    });
    orders.post('/:orderId/refund', async () => {
      throw Object.assign(new Error('already refunded'), { status: 409 }); // a rejected promise
    });
    orders.get('/:orderId/items', (_req, _res, next) => next(Object.assign(new Error('bad'), { status: 400 })));
    const v1 = express.Router();
    v1.use('/orders', orders);
    app.use('/api/v1', v1);
    const store = express.Router({ mergeParams: true });
    store.get('/products', (_req, res) => void res.json([]));
    app.use('/stores/:storeId', store); // a mount with a parameter: the store id never becomes a label
    app.get('/health', (_req, res) => void res.send('ok'));
    app.use((_req, res) => void res.status(404).json({ error: 'no route' }));
    app.use(((err, _req, res, _next) => void res.status(err.status ?? 500).json({ error: err.message })) as express.ErrorRequestHandler);
    const server = app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const send = (path: string, method = 'GET') => fetch(base + path, { method }).then((r) => r.status);
    try {
      expect(await send('/api/v1/orders')).toBe(200);
      expect(await send('/api/v1/orders/')).toBe(200);
      expect(await send('/api/v1/orders/o-1')).toBe(404);
      expect(await send('/api/v1/orders/o-2/refund', 'POST')).toBe(409);
      expect(await send('/api/v1/orders/o-3/items')).toBe(400);
      expect(await send('/health')).toBe(200);
      expect(await send('/API/V1/Orders')).toBe(200);
      expect(await send('/stores/s1/products')).toBe(200);
      expect(await send('/stores/s2/products')).toBe(200);
      expect(await send('/api/v1/orders/o-4/nothing')).toBe(404);
      expect(await send('/api/v1/orders/o-4', 'DELETE')).toBe(404);
      expect(await send('/elsewhere?token=secret')).toBe(404);
    } finally {
      server.close();
    }
    expect(Object.fromEntries(await countsByRoute(registry, 'storefront'))).toEqual({
      '/api/v1/orders': 3,
      '/stores/:storeId/products': 2,
      '/api/v1/orders/:orderId': 1,
      '/api/v1/orders/:orderId/refund': 1,
      '/api/v1/orders/:orderId/items': 1,
      '/health': 1,
      unmatched: 3,
    });
  });
});

/** A small deterministic PRNG, so a failing fuzz case can be replayed. */
function prng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface FuzzRequest {
  method: string;
  path: string;
  token: string | null;
  body?: string;
  /** The label it must be counted under. */
  route: string;
}

describe('the ops API under a fuzz of malformed requests', () => {
  let api: OpsApiFixture;
  beforeAll(async () => {
    api = await startOpsApi();
  });
  afterAll(() => api.stop());

  test('labels are exactly the templates addressed plus `unmatched`, the same for every status', async () => {
    const random = prng(11);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
    const junk = () => Array.from({ length: 1 + Math.floor(random() * 12) }, () => pick([...'abcxyz019-_:~@!$,;=+ é%/'])).join('');
    const segment = () => encodeURIComponent(`x${junk()}`); // never a dot segment, never empty
    const queries = ['', '?limit=0', '?limit=-1', '?limit=ten', '?limit=100000', '?cursor=%%%', '?cursor=eyJ4Ijox', '?nope=1', '?state=exploded', '?from=yesterday', '?queue=a&queue=b', '?start=-1', '?severity=loud'];
    const bodies = ['{"ids": [', '[]', '{}', '{"reason":7}', '{"ids":"x","reason":"because"}', '{"ids":[],"reason":"empty"}', '{"filter":{"colour":"red"},"reason":"r"}', '"just a string"', `{"reason":"${'x'.repeat(200_000)}"}`, '{"reason":"fuzzing"}'];
    const tokens = [OPERATOR, OPERATOR, VIEWER, null, 'not-a-valid-token-at-all'];
    const params = () => ({ queue: pick(['orders', 'nope', junk() || 'q']), id: pick([`orders:${junk()}`, '999999', junk() || 'z', 'reports:1']) });
    const uuid = () => pick(['3f1c2a4e-0000-4000-8000-000000000000', 'not-a-uuid']);

    const described = Object.values(endpoints) as Endpoint[];
    const requests: FuzzRequest[] = [];
    for (let i = 0; i < 600; i++) {
      const kind = random();
      if (kind < 0.7) {
        // An endpoint, with odd params, queries, bodies and tokens.
        const e = pick(described);
        const p = params();
        const values = { ...p, store: pick(['acme-1', 'bad name!', junk() || 's']), id: e.path.includes('operations') ? uuid() : p.id };
        const path = `${API_BASE}${endpointPath(e.path, values)}${e.method === 'GET' ? pick(queries) : ''}`;
        requests.push({ method: e.method, path, token: pick(tokens), body: e.method === 'POST' ? pick(bodies) : undefined, route: `${API_BASE}${e.path}` });
      } else if (kind < 0.8) {
        // Another spelling of an endpoint's path: a trailing slash, other case.
        const e = pick(described.filter((d) => d.method === 'GET' && !d.path.includes(':')));
        const path = pick([`${API_BASE}${e.path}/`, `${API_BASE}${e.path}`.toUpperCase()]);
        requests.push({ method: 'GET', path, token: pick(tokens), route: `${API_BASE}${e.path}` });
      } else if (kind < 0.9) {
        // Paths no route serves.
        const path = pick([`${API_BASE}/${segment()}`, `/${segment()}`, `${API_BASE}/dlq/${segment()}/${segment()}/x`, `${API_BASE}/runs/a/b/c/d/e`, `/api/v2/queues`, `${API_BASE}/dlq/%E0%A4%A`, `${API_BASE}`]);
        requests.push({ method: pick(['GET', 'POST']), path, token: pick(tokens), body: '{}', route: 'unmatched' });
      } else {
        // Methods no route serves.
        const e = pick(described);
        requests.push({ method: pick(['PUT', 'DELETE', 'PATCH']), path: `${API_BASE}${endpointPath(e.path, { ...params(), store: 'acme-1' })}`, token: OPERATOR, body: '{}', route: 'unmatched' });
      }
    }
    for (const probe of Object.values(probes)) requests.push({ method: 'GET', path: `${probe.path}?x=1`, token: null, route: probe.path });
    // The statuses checked below, whatever the draw gave (each added endpoint shifts it).
    const dlqRetry = `${API_BASE}/dlq/retry`;
    for (const [token, body] of [[OPERATOR, bodies[8]], [null, '{}'], [VIEWER, '{}'], [OPERATOR, '{}']] as const) requests.push({ method: 'POST', path: dlqRetry, token, body, route: dlqRetry });
    for (const [token, query] of [[OPERATOR, ''], [OPERATOR, '?limit=0'], [null, '']] as const) requests.push({ method: 'GET', path: `${API_BASE}/dlq${query}`, token, route: `${API_BASE}/dlq` });
    requests.push({ method: 'GET', path: `${API_BASE}/dlq/orders:nope`, token: OPERATOR, route: `${API_BASE}/dlq/:id` });

    const expected = new Map<string, number>();
    for (const r of requests) {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (r.token) headers.authorization = `Bearer ${r.token}`;
      const res = await fetch(api.base + r.path, { method: r.method, headers, body: r.method === 'GET' ? undefined : r.body });
      await res.arrayBuffer();
      expected.set(r.route, (expected.get(r.route) ?? 0) + 1);
    }

    const counted = await countsByRoute(api.registry, 'ops-api');
    expect(new Set(counted.keys())).toEqual(new Set(expected.keys()));
    expect(Object.fromEntries(counted)).toEqual(Object.fromEntries(expected));
    // One route's successes and failures share its label.
    const codes = await codesByRoute(api.registry, 'ops-api');
    expect([...codes.get(`${API_BASE}/dlq`)!]).toEqual(expect.arrayContaining(['200', '400', '401']));
    expect([...codes.get(`${API_BASE}/dlq/retry`)!]).toEqual(expect.arrayContaining(['400', '401', '403', '413']));
    expect([...codes.get(`${API_BASE}/dlq/:id`)!]).toEqual(expect.arrayContaining(['404']));
  });
});
