// The storefront's synthetic-monitoring side: the platform API health endpoint, carts and a
// cart checkout (what the k6 funnel drives), cleanup of a run's cart and order, and a fault
// toggle that breaks cart checkouts (to see the funnel fail and its alert fire). Orders of a
// synthetic test store or of a request with the synthetic header are marked `synthetic`: they
// enqueue no merchant emails or webhooks and report no events (the reporter drops synthetic
// stores' events anyway), so they never reach merchant metrics or the Profit Engine.
import { randomUUID } from 'node:crypto';
import { SYNTHETIC_HEADER, isSyntheticStore } from '@trafi-ops/contracts';
import type { EventReporter, JobService } from '@trafi-ops/exporters';
import express, { type Request, type Response, type Router } from 'express';
import { z } from 'zod';

interface Cart { id: string; store: string; items: { sku: string; quantity: number }[] }
interface Order { id: string; store: string; items: Cart['items']; synthetic: boolean }

const Store = z.string().regex(/^[a-z0-9-]{1,60}$/);
const CartParams = z.object({ storeId: Store, cartId: z.string().uuid() });
const OrderParams = z.object({ storeId: Store, orderId: z.string().uuid() });
const ItemBody = z.object({ sku: z.string().regex(/^[a-z0-9-]{1,40}$/), quantity: z.number().int().min(1).max(99) });
const FaultBody = z.object({ broken: z.boolean() });
/** Carts and orders kept at most (oldest dropped): the demo is memory only. */
const MAX_KEPT = 1000;

function invalid(res: Response, err: z.ZodError, where: string): void {
  const issue = err.issues[0]!;
  res.status(400).json({ error: { code: 'invalid_request', message: issue.message, field: [where, ...issue.path].filter(Boolean).join('.') } });
}

function keep<T>(map: Map<string, T>, id: string, value: T): void {
  map.set(id, value);
  if (map.size > MAX_KEPT) map.delete(map.keys().next().value!);
}

export interface SyntheticStoreDeps { jobs: JobService; events: EventReporter }

export function syntheticStoreRoutes(deps: SyntheticStoreDeps): Router {
  const carts = new Map<string, Cart>();
  const orders = new Map<string, Order>();
  const fault = { broken: false };
  const r = express.Router();
  const synthetic = (req: Request, store: string) => isSyntheticStore(store) || Boolean(req.get(SYNTHETIC_HEADER));

  r.get('/api/health', (_req, res) => void res.json({ status: 'ok' }));

  r.post('/api/stores/:storeId/carts', (req, res) => {
    const store = Store.safeParse(req.params.storeId);
    if (!store.success) return invalid(res, store.error, 'storeId');
    const cart: Cart = { id: randomUUID(), store: store.data, items: [] };
    keep(carts, cart.id, cart);
    res.status(201).json({ cartId: cart.id, items: cart.items });
  });

  const cartOf = (req: Request, res: Response): Cart | undefined => {
    const p = CartParams.safeParse(req.params);
    if (!p.success) return void invalid(res, p.error, '');
    const cart = carts.get(p.data.cartId);
    if (!cart || cart.store !== p.data.storeId) return void res.status(404).json({ error: { code: 'not_found', message: 'no such cart', field: 'cartId' } });
    return cart;
  };

  r.get('/api/stores/:storeId/carts/:cartId', (req, res) => {
    const cart = cartOf(req, res);
    if (cart) res.json({ cartId: cart.id, items: cart.items });
  });

  r.post('/api/stores/:storeId/carts/:cartId/items', (req, res) => {
    const cart = cartOf(req, res);
    if (!cart) return;
    const body = ItemBody.safeParse(req.body);
    if (!body.success) return invalid(res, body.error, 'body');
    const line = cart.items.find((i) => i.sku === body.data.sku);
    if (line) line.quantity += body.data.quantity;
    else cart.items.push({ ...body.data });
    res.json({ cartId: cart.id, items: cart.items });
  });

  r.delete('/api/stores/:storeId/carts/:cartId', (req, res) => {
    const cart = cartOf(req, res);
    if (cart) carts.delete(cart.id), res.status(204).end();
  });

  r.post('/api/stores/:storeId/carts/:cartId/checkout', async (req, res, next) => {
    const cart = cartOf(req, res);
    if (!cart) return;
    if (cart.items.length === 0) return void res.status(400).json({ error: { code: 'invalid_request', message: 'the cart is empty', field: 'cartId' } });
    if (fault.broken) return void res.status(503).json({ error: { code: 'unavailable', message: 'payment provider unavailable', field: undefined } });
    try {
      const order: Order = { id: randomUUID(), store: cart.store, items: cart.items, synthetic: synthetic(req, cart.store) };
      if (!order.synthetic) {
        const tenant = cart.store.replace(/-store-\d+$/, '');
        const context = { tenantId: tenant, storeId: cart.store, actor: 'shopper', requestId: `req-${Date.now().toString(36)}` };
        await deps.jobs.enqueueBulk([{ type: 'email.send', payload: { to: `orders@${tenant}.example`, template: 'order-confirmation' }, context }]);
        deps.events.report(cart.store, 'checkout_completed');
      }
      carts.delete(cart.id);
      keep(orders, order.id, order);
      res.status(201).json({ orderId: order.id, synthetic: order.synthetic });
    } catch (err) {
      next(err);
    }
  });

  // Cleanup after a synthetic run: only synthetic orders can be removed.
  r.delete('/api/stores/:storeId/orders/:orderId', (req, res) => {
    const p = OrderParams.safeParse(req.params);
    if (!p.success) return invalid(res, p.error, '');
    const order = orders.get(p.data.orderId);
    if (!order || order.store !== p.data.storeId) return void res.status(404).json({ error: { code: 'not_found', message: 'no such order', field: 'orderId' } });
    if (!order.synthetic) return void res.status(409).json({ error: { code: 'conflict', message: 'only synthetic orders are removed', field: 'orderId' } });
    orders.delete(order.id);
    res.status(204).end();
  });

  // Demo only: break (or mend) every cart checkout.
  r.post('/_faults/checkout', (req, res) => {
    const body = FaultBody.safeParse(req.body);
    if (!body.success) return invalid(res, body.error, 'body');
    fault.broken = body.data.broken;
    res.json(fault);
  });

  r.get('/_synthetic/state', (_req, res) => void res.json({ carts: carts.size, orders: [...orders.values()].map((o) => ({ id: o.id, store: o.store, synthetic: o.synthetic })), checkoutBroken: fault.broken }));
  return r;
}
