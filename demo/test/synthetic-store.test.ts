// The storefront's synthetic side on its own: bad input is a 400 naming the field, a synthetic
// order is marked and enqueues nothing, a merchant's order enqueues its email and counts its
// event and cannot be deleted as "cleanup", the fault toggle breaks and mends checkouts.
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import type { EventReporter, JobService } from '@trafi-ops/exporters';
import express from 'express';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { syntheticStoreRoutes } from '../src/synthetic-store.ts';

const enqueued: unknown[] = [];
const reported: string[] = [];
let url: string;
let close: () => void;

beforeAll(async () => {
  // Recording stand-ins for the job service and the reporter: what the routes hand them is the subject here
  // (the end-to-end test runs them on the real stack).
  const jobs = { enqueueBulk: async (items: unknown[]) => void enqueued.push(...items) } as unknown as JobService;
  const events = { report: (store: string, type: string) => void reported.push(`${store} ${type}`) } as unknown as EventReporter;
  const app = express().use(express.json()).use(syntheticStoreRoutes({ jobs, events }));
  const server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = () => server.close();
});
afterAll(() => close?.());

const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
  const res = await fetch(`${url}${path}`, { method, headers: { 'content-type': 'application/json', ...headers }, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, body: res.status === 204 ? undefined : ((await res.json()) as Record<string, any>) };
};

async function order(store: string, headers: Record<string, string> = {}) {
  const cart = await call('POST', `/api/stores/${store}/carts`, {}, headers);
  expect(cart.status).toBe(201);
  expect((await call('POST', `/api/stores/${store}/carts/${cart.body!.cartId}/items`, { sku: 'tee-01', quantity: 2 }, headers)).body!.items).toEqual([{ sku: 'tee-01', quantity: 2 }]);
  return call('POST', `/api/stores/${store}/carts/${cart.body!.cartId}/checkout`, {}, headers);
}

test('bad input: 400 naming the field, unknown cart 404', async () => {
  expect(await call('POST', '/api/stores/Bad_Store/carts', {})).toMatchObject({ status: 400, body: { error: { code: 'invalid_request', field: 'storeId' } } });
  expect(await call('GET', '/api/stores/synthetic-store-1/carts/not-a-uuid')).toMatchObject({ status: 400, body: { error: { field: 'cartId' } } });
  const cart = await call('POST', '/api/stores/synthetic-store-1/carts', {});
  expect(await call('POST', `/api/stores/synthetic-store-1/carts/${cart.body!.cartId}/items`, { sku: 'tee-01', quantity: 0 })).toMatchObject({ status: 400, body: { error: { field: 'body.quantity' } } });
  expect(await call('POST', `/api/stores/synthetic-store-1/carts/${cart.body!.cartId}/checkout`, {})).toMatchObject({ status: 400, body: { error: { field: 'cartId' } } }); // empty
  expect((await call('GET', `/api/stores/acme-store-1/carts/${cart.body!.cartId}`)).status).toBe(404); // another store's cart
  expect(await call('POST', '/_faults/checkout', { broken: 'yes' })).toMatchObject({ status: 400, body: { error: { field: 'body.broken' } } });
});

test('a synthetic order is marked, enqueues nothing, reports nothing, and its cleanup removes it', async () => {
  const before = enqueued.length;
  const placed = await order('synthetic-store-1');
  expect(placed).toMatchObject({ status: 201, body: { synthetic: true } });
  const viaHeader = await order('acme-store-1', { 'x-trafi-synthetic': 'checkout-funnel' });
  expect(viaHeader.body!.synthetic).toBe(true);
  expect(enqueued.length).toBe(before);
  expect(reported).toEqual([]);
  expect((await call('DELETE', `/api/stores/synthetic-store-1/orders/${placed.body!.orderId}`)).status).toBe(204);
  expect((await call('DELETE', `/api/stores/synthetic-store-1/orders/${placed.body!.orderId}`)).status).toBe(404);
});

test("a merchant's order enqueues its email and counts its event; it is not removable as cleanup", async () => {
  const placed = await order('acme-store-1');
  expect(placed.body!.synthetic).toBe(false);
  expect(enqueued.at(-1)).toMatchObject({ type: 'email.send', context: { tenantId: 'acme', storeId: 'acme-store-1' } });
  expect(reported).toEqual(['acme-store-1 checkout_completed']);
  expect(await call('DELETE', `/api/stores/acme-store-1/orders/${placed.body!.orderId}`)).toMatchObject({ status: 409, body: { error: { field: 'orderId' } } });
});

test('the fault toggle breaks cart checkouts with 503 and mends them', async () => {
  expect((await call('POST', '/_faults/checkout', { broken: true })).body).toEqual({ broken: true });
  expect((await order('synthetic-store-1')).status).toBe(503);
  await call('POST', '/_faults/checkout', { broken: false });
  expect((await order('synthetic-store-1')).status).toBe(201);
  expect((await call('GET', '/api/health')).body).toEqual({ status: 'ok' });
});
