// endpoints.ts (@trafi-ops/contracts) is what the plugin's client and the routes are built
// from: this checks it against what really serves and reaches them, the routes registered in
// createOpsApi's express app and the proxy routes of the plugin's plugin.json.
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import { API_BASE, endpoints, probes, type Endpoint } from '@trafi-ops/contracts';
import { createOpsApi, type OpsApiDeps } from '../src/api/app.ts';

// No request is served: the services are never called, only the routes are registered.
const app = createOpsApi({ tokens: `operator:${'t'.repeat(16)}`, jobs: {} } as unknown as OpsApiDeps);

interface Layer {
  route?: { path: string; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
  rawPath?: string;
}

/** "METHOD /path" of every route in an express 5 router stack, mounted routers included. */
function registered(stack: Layer[], prefix = ''): string[] {
  const join = (...parts: string[]) => parts.join('/').replace(/\/{2,}/g, '/').replace(/(.)\/$/, '$1');
  return stack.flatMap((layer) => {
    if (layer.route) {
      const path = join(prefix, layer.route.path);
      return Object.keys(layer.route.methods).map((m) => `${m.toUpperCase()} ${path}`);
    }
    const inner = layer.handle?.stack;
    if (!Array.isArray(inner)) return [];
    expect(typeof layer.rawPath, 'a mounted router has its mount path').toBe('string');
    return registered(inner, join(prefix, layer.rawPath!));
  });
}

const api = Object.values(endpoints) as Endpoint[];
const described = [
  ...Object.values(probes).map((e) => `${e.method} ${e.path}`),
  ...api.map((e) => `${e.method} ${API_BASE}${e.path}`),
];

test('the express app serves exactly the described endpoints: none missing, none extra, same methods', () => {
  const routes = registered((app as unknown as { router: { stack: Layer[] } }).router.stack);
  expect(new Set(routes).size, 'no route registered twice').toBe(routes.length);
  expect([...routes].sort()).toEqual([...described].sort());
});

describe('each endpoint is consistent', () => {
  test.each(api.map((e) => [`${e.method} ${e.path}`, e] as const))('%s', (_name, e) => {
    const keys = e.response instanceof z.ZodObject ? Object.keys(e.response.shape).sort() : [];
    if (e.envelope === 'page') expect(keys).toEqual(['items', 'nextCursor']);
    if (e.envelope === 'items') expect(keys.includes('items') && !keys.includes('nextCursor')).toBe(true);
    if (e.envelope === 'run' || e.envelope === 'operation') expect(keys).toEqual([e.envelope]);
    if (e.envelope === 'none') expect(keys.filter((k) => ['items', 'run', 'operation'].includes(k))).toEqual([]);
    // Path params and the params schema name the same fields.
    const named = [...e.path.matchAll(/:(\w+)/g)].map((m) => m[1]).sort();
    expect(Object.keys((e.params as z.ZodObject).shape).sort()).toEqual(named);
    if (e.method === 'GET') expect(e.body).toBeInstanceOf(z.ZodUndefined);
    // The platform's routes (support mode's merchant side) are its own, reads and mutations alike.
    if (e.role !== 'platform') expect(e.role === 'operator' || e.role === 'deployer', 'mutations (POST) need the operator (or deployer) role, reads do not').toBe(e.method === 'POST');
    expect(e.role).not.toBe('public');
  });
});

test("every endpoint is reachable through plugin.json's proxy routes with its method and permission", () => {
  const plugin = JSON.parse(readFileSync(new URL('../../grafana-plugin/src/plugin.json', import.meta.url), 'utf8')) as {
    routes: Array<{ path: string; method?: string; reqRole: string; reqAction: string; url: string }>;
    roles: Array<{ role: { permissions: Array<{ action: string }> }; grants: string[] }>;
  };
  const grantedTo = (action: string) => plugin.roles.filter((r) => r.role.permissions.some((p) => p.action === action)).flatMap((r) => r.grants);
  // The platform calls its routes directly with its own identity, never through Grafana.
  for (const e of api.filter((x) => x.role !== 'platform')) {
    const name = `${e.method} ${e.path}`;
    // Grafana uses the first route whose path prefixes the request and whose method matches.
    const route = plugin.routes.find((r) => r.path === 'ops' && (r.method ?? e.method) === e.method);
    expect(route, name).toBeDefined();
    // The route forwards its rest (`/api/v1/...`) to the API's base URL unchanged.
    expect(route!.url, name).toBe('{{ .JsonData.apiUrl }}');
    if (e.role === 'viewer') {
      expect(route!.reqRole, name).toBe('Viewer');
      expect(grantedTo(route!.reqAction), name).toContain('Viewer');
    } else {
      // A viewer is stopped at the proxy, not only by the API's 403.
      expect(['Editor', 'Admin'], name).toContain(route!.reqRole);
      expect(grantedTo(route!.reqAction), name).not.toContain('Viewer');
      expect(grantedTo(route!.reqAction), name).toContain('Editor');
    }
  }
});
