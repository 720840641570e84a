// The merchant's side of the demo storefront: its admin page and API (orders, settings), the
// merchant owner's support consent (list, approve or shorten, deny, grant first, revoke, access
// log, notices: each a call to the ops API with the platform's identity), and support mode's
// middleware in front of all of it, with the one-time code exchange at /support/enter.
import type { RedisClient } from '@trafi-ops/exporters';
import express, { type Express, type Request, type RequestHandler, type Response } from 'express';
import { createSupportMode, type Database, type SupportLocals, type SupportMode } from '@trafi-ops/exporters';
import type { KeyObject } from 'node:crypto';
import { z } from 'zod';
import { MerchantData } from './data.ts';
import { MerchantSessions } from './merchant-session.ts';
import type { SupportOpsClient } from './ops-client.ts';
import { merchantPage } from './page.ts';

export interface MerchantOptions {
  tenants: string[];
  redis: RedisClient;
  prefix: string;
  db: Database;
  /** The ops side's public key (support session tokens). */
  verifyKey: KeyObject;
  ops: SupportOpsClient;
}

export interface MountedMerchant {
  data: MerchantData;
  support: SupportMode;
  sessions: MerchantSessions;
}

const TENANT_PATH = /^\/merchant\/([a-z0-9-]+)(?:\/|$)/;
const Tenant = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/);
const User = z.string().regex(/^[a-z0-9._-]{1,60}$/);
const GrantId = z.string().uuid();
const SettingsBody = z.strictObject({ storeName: z.string().trim().min(1).max(100).optional(), contactEmail: z.string().email().max(200).optional(), currency: z.enum(['EUR', 'USD', 'GBP']).optional() });
const RefundBody = z.strictObject({ reason: z.string().trim().min(3).max(200) });
const DecisionPaths = ['approve', 'deny', 'revoke'] as const;

export function mountMerchant(app: Express, o: MerchantOptions): MountedMerchant {
  const data = new MerchantData(o.tenants);
  const sessions = new MerchantSessions();
  const support = createSupportMode({
    redis: o.redis, prefix: o.prefix, db: o.db, verifyKey: o.verifyKey,
    tenantOf: (req) => TENANT_PATH.exec(req.originalUrl)?.[1],
    landing: (s) => `/merchant/${s.tenant}/`,
  });

  app.get('/support/enter', support.entry);
  app.use('/merchant', support.middleware);

  // Demo only: the platform's login, so the merchant owner has a session.
  app.get('/merchant/login', (req, res) => {
    const tenant = Tenant.safeParse(req.query.tenant);
    const user = User.safeParse(req.query.user ?? 'owner');
    if (!tenant.success || !data.has(tenant.data)) return bad(res, 'tenant', 'an existing tenant is required');
    if (!user.success) return bad(res, 'user', 'letters, digits, ".", "_" or "-"');
    sessions.signIn(res, user.data, tenant.data);
    res.redirect(303, `/merchant/${tenant.data}/`);
  });

  // Who is asking: a support session (already pinned to this tenant, read-only) or the tenant's merchant.
  const who: RequestHandler = (req, res, next) => {
    const tenant = String(req.params.tenant);
    if (!data.has(tenant)) return void res.status(404).json({ error: { code: 'not_found', message: `tenant ${tenant} not found`, field: 'tenant' } });
    if (res.locals.support) return next();
    const merchant = sessions.of(req);
    if (!merchant) return void res.status(401).json({ error: { code: 'unauthenticated', message: 'sign in as the merchant (or open a support session)' } });
    if (merchant.tenant !== tenant) return void res.status(403).json({ error: { code: 'forbidden', message: "another tenant's store" } });
    res.locals.merchant = merchant;
    next();
  };
  const merchantOnly: RequestHandler = (_req, res, next) => {
    if (res.locals.merchant) return next();
    res.status(403).json({ error: { code: 'merchant_only', message: "support consent is the merchant owner's" } });
  };
  const setTenant: RequestHandler = (req, res, next) => {
    res.locals.tenantId = String(req.params.tenant);
    next();
  };
  app.use('/merchant/:tenant', setTenant);

  app.get('/merchant/:tenant/', who, (req, res) => {
    res.set('cache-control', 'no-store').type('html').send(merchantPage(String(req.params.tenant)));
  });
  app.get('/merchant/:tenant/api/session', who, (_req, res) => {
    const s = res.locals.support as SupportLocals | undefined;
    res.json(s ? { mode: 'support', support: { operator: s.operator, grantId: s.grantId, expiresAt: s.expiresAt } } : { mode: 'merchant', merchant: res.locals.merchant });
  });

  app.get('/merchant/:tenant/api/orders', who, (req, res) => void res.json({ items: data.of(String(req.params.tenant)).orders }));
  app.get('/merchant/:tenant/api/orders/:orderId', who, (req, res) => {
    const order = data.of(String(req.params.tenant)).orders.find((x) => x.id === req.params.orderId);
    if (!order) return void res.status(404).json({ error: { code: 'not_found', message: 'no such order', field: 'orderId' } });
    res.json(order);
  });
  app.post('/merchant/:tenant/api/orders/:orderId/refund', who, express.json(), (req, res) => {
    const order = data.of(String(req.params.tenant)).orders.find((x) => x.id === req.params.orderId);
    if (!order) return void res.status(404).json({ error: { code: 'not_found', message: 'no such order', field: 'orderId' } });
    const body = RefundBody.safeParse(req.body ?? {});
    if (!body.success) return bad(res, `body.${body.error.issues[0]!.path.join('.') || 'reason'}`, body.error.issues[0]!.message);
    if (order.status !== 'paid') return void res.status(409).json({ error: { code: 'invalid_state', message: `order is ${order.status}`, field: 'orderId' } });
    order.status = 'refunded';
    res.json(order);
  });
  app.delete('/merchant/:tenant/api/orders/:orderId', who, (req, res) => {
    const orders = data.of(String(req.params.tenant)).orders;
    const at = orders.findIndex((x) => x.id === req.params.orderId);
    if (at < 0) return void res.status(404).json({ error: { code: 'not_found', message: 'no such order', field: 'orderId' } });
    orders[at]!.status = 'cancelled';
    res.status(204).end();
  });
  app.get('/merchant/:tenant/api/settings', who, (req, res) => void res.json(data.of(String(req.params.tenant)).settings));
  app.put('/merchant/:tenant/api/settings', who, express.json(), (req, res) => {
    const body = SettingsBody.safeParse(req.body ?? {});
    if (!body.success) return bad(res, `body.${body.error.issues[0]!.path.join('.') || (body.error.issues[0] as { keys?: string[] }).keys?.[0] || ''}`, body.error.issues[0]!.message);
    Object.assign(data.of(String(req.params.tenant)).settings, body.data);
    res.json(data.of(String(req.params.tenant)).settings);
  });
  app.post('/merchant/:tenant/api/settings/rotate-key', who, (req, res) => {
    const s = data.of(String(req.params.tenant)).settings;
    s.apiKeys[0]!.apiKey = `trafi_key_${req.params.tenant}_${Date.now().toString(36)}`;
    res.json(s);
  });

  // The merchant owner's support consent, through the ops API.
  const relay = (res: Response) => (r: { status: number; body: unknown }) => void res.status(r.status).json(r.body);
  const failed = (res: Response) => () => void res.status(502).json({ error: { code: 'ops_unavailable', message: 'the ops API did not answer' } });
  const merchantOf = (res: Response) => res.locals.merchant as { user: string; tenant: string };
  const grantParam = (req: Request, res: Response): string | null => {
    const id = GrantId.safeParse(req.params.grantId);
    if (!id.success) bad(res, 'grantId', 'a grant id (uuid)', 404);
    return id.success ? id.data : null;
  };
  app.get('/merchant/:tenant/api/support/grants', who, merchantOnly, (req, res) => {
    const state = typeof req.query.state === 'string' ? `?state=${encodeURIComponent(req.query.state)}` : '';
    o.ops.call(merchantOf(res), 'GET', `/grants${state}`).then(relay(res), failed(res));
  });
  app.post('/merchant/:tenant/api/support/grants', who, merchantOnly, express.json(), (req, res) => {
    o.ops.call(merchantOf(res), 'POST', '/grants', req.body ?? {}).then(relay(res), failed(res));
  });
  for (const decision of DecisionPaths) {
    app.post(`/merchant/:tenant/api/support/grants/:grantId/${decision}`, who, merchantOnly, express.json(), (req, res) => {
      const id = grantParam(req, res);
      if (id) o.ops.call(merchantOf(res), 'POST', `/grants/${id}/${decision}`, req.body ?? {}).then(relay(res), failed(res));
    });
  }
  app.get('/merchant/:tenant/api/support/grants/:grantId/access', who, merchantOnly, (req, res) => {
    const id = grantParam(req, res);
    if (id) o.ops.call(merchantOf(res), 'GET', `/grants/${id}/access`).then(relay(res), failed(res));
  });
  app.get('/merchant/:tenant/api/support/notices', who, merchantOnly, (req, res) => {
    support.notices.list(String(req.params.tenant)).then((items) => void res.json({ items }), failed(res));
  });

  return { data, support, sessions };
}

function bad(res: Response, field: string, message: string, status = 400): void {
  res.status(status).json({ error: { code: status === 404 ? 'not_found' : 'invalid_request', message: `${field}: ${message}`, field } });
}
