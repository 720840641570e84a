// One query rule for every route: a query field the endpoint does not declare is a 400 naming
// it, checked on every endpoint of contracts/endpoints.ts (probes included) before any service
// is called, so the app here has none.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { z } from 'zod';
import { API_BASE, endpointPath, endpoints, probes, type Endpoint } from '@trafi-ops/contracts';
import { createOpsApi, type OpsApiDeps } from '../src/api/app.ts';

const TOKEN = 't'.repeat(16);
const PLATFORM_TOKEN = 'p'.repeat(16);
const DEPLOYER_TOKEN = 'd'.repeat(16); // the routes CI calls
let server: Server;
let base: string;

beforeAll(async () => {
  server = createOpsApi({ tokens: `operator:${TOKEN},platform:${PLATFORM_TOKEN},deployer:${DEPLOYER_TOKEN}`, jobs: {} } as unknown as OpsApiDeps).listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((r) => server.close(r)));

/** A value each path parameter accepts, so the request gets as far as its query. */
const SAMPLES = ['orders', '1', 'orders:1', '3f1c2a4e-0000-4000-8000-000000000000'];
function sampleParams(e: Endpoint): Record<string, string> {
  const shape = (e.params as z.ZodObject).shape as Record<string, z.ZodType>;
  return Object.fromEntries(Object.entries(shape).map(([name, schema]) => [name, SAMPLES.find((s) => schema.safeParse(s).success)!]));
}

const all = [...Object.values(probes).map((e) => ['', e] as const), ...Object.values(endpoints).map((e) => [API_BASE, e] as const)];

test.each(all.map(([at, e]) => [`${e.method} ${at}${e.path}`, at, e] as const))('%s rejects an unknown query field', async (_name, at, e) => {
  const path = `${at}${endpointPath(e.path, sampleParams(e))}`;
  // Each endpoint with a token of its role, so the request gets past the role check.
  const tokenOf: Record<string, string> = { platform: PLATFORM_TOKEN, deployer: DEPLOYER_TOKEN };
  const headers: Record<string, string> = { authorization: `Bearer ${tokenOf[e.role] ?? TOKEN}`, 'content-type': 'application/json' };
  const reason = { reason: 'query rule' };
  const body = e.method === 'GET' ? undefined : JSON.stringify(e.body.safeParse(reason).success ? reason : { ...reason, ids: ['orders:1'] });
  // a declared field next to it does not make it pass
  const declared = Object.keys((e.query as z.ZodObject).shape ?? {})[0];
  const query = declared === 'start' || declared === 'limit' ? `${declared}=1&colour=red` : 'colour=red';
  const res = await fetch(`${base}${path}?${query}`, { method: e.method, headers, body });
  expect(res.status).toBe(400);
  expect((await res.json()).error).toEqual({ code: 'invalid_request', message: 'unknown query field "colour"', field: 'colour' });
});

test('every endpoint declares a strict query', () => {
  for (const [, e] of all) {
    expect(e.query, e.path).toBeInstanceOf(z.ZodObject);
    expect((e.query as z.ZodObject).safeParse({ colour: 'red' }).success, e.path).toBe(false);
  }
});
