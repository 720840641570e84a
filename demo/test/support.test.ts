// Support mode attacked: the real ops API and jobs layer (Redis, PGlite), the demo storefront with
// the exported middleware, all over real HTTP. Each row of the issue's attack table is a test;
// every denied attempt must leave the merchant's data as it was and a row in the audit or access log.
import { generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dropPrefix, freePort, waitFor } from '@trafi-ops/devstack';
import { EventReporter, SUPPORT_COOKIE, SupportTokenIssuer, createLogger, loadConfig, signMerchantAssertion, startStack, type Stack, type SupportAccessEntry, type SupportGrant } from '@trafi-ops/exporters';
import { SignJWT, base64url, decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { serveDemoPlatform } from '../src/platform.ts';
import { REDIS_URL, redisFor, uniquePrefix } from './helpers.ts';

const OPERATOR = 'operator-token-0123456789';
const VIEWER = 'viewer-token-0123456789ab';
const PLATFORM = 'platform-token-0123456789';
const MAX_MINUTES = 120;
const logger = createLogger('silent');
const redis = redisFor();
const prefix = uniquePrefix();
let dir: string;
let stack: Stack;
let demo: Server;
let demoUrl: string;
let events: EventReporter;
let opsKey: KeyObject;
let platformKey: KeyObject;
const foreign = generateKeyPairSync('ed25519').privateKey;

type Json = Record<string, any>;
interface Answer {
  status: number;
  body: Json;
  headers: Headers;
}

async function http(url: string, init: { method?: string; headers?: Record<string, string>; body?: unknown } = {}): Promise<Answer> {
  const headers = { ...init.headers, ...(init.body !== undefined && { 'content-type': 'application/json' }) };
  const res = await fetch(url, { method: init.method ?? 'GET', headers, body: init.body === undefined ? undefined : JSON.stringify(init.body), redirect: 'manual' });
  const text = await res.text();
  let body: Json = {};
  try {
    body = text ? JSON.parse(text) : {};
  } catch {
    body = { text };
  }
  return { status: res.status, body, headers: res.headers };
}

const ops = (method: string, path: string, body?: unknown, token = OPERATOR, headers: Record<string, string> = {}) =>
  http(`${stack.apiUrl}/api/v1${path}`, { method, body, headers: { authorization: `Bearer ${token}`, ...headers } });

/** The merchant owner of `tenant`, signed in on the demo storefront (its cookie). */
const owners = new Map<string, string>();
async function owner(tenant: string): Promise<string> {
  if (!owners.has(tenant)) {
    const res = await http(`${demoUrl}/merchant/login?tenant=${tenant}&user=owner`);
    expect(res.status).toBe(303);
    owners.set(tenant, res.headers.get('set-cookie')!.split(';')[0]!);
  }
  return owners.get(tenant)!;
}
const asMerchant = async (tenant: string, method: string, path: string, body?: unknown) => http(`${demoUrl}/merchant/${tenant}/api${path}`, { method, body, headers: { cookie: await owner(tenant) } });
const asSupport = (cookie: string, method: string, path: string, body?: unknown) => http(`${demoUrl}${path}`, { method, body, headers: { cookie } });

/** Everything the merchant owns that an attempt could change: orders, settings, grants. */
async function merchantState(tenant: string) {
  const [orders, settings, grants] = await Promise.all([asMerchant(tenant, 'GET', '/orders'), asMerchant(tenant, 'GET', '/settings'), asMerchant(tenant, 'GET', '/support/grants')]);
  return { orders: orders.body, settings: settings.body, grants: grants.body };
}

async function request(tenant: string, minutes = 30, token = OPERATOR): Promise<Answer> {
  return ops('POST', '/support/grants', { tenant, caseId: `CASE-${randomUUID().slice(0, 6)}`, reasonCode: 'customer_initiated_support', reason: 'checkout fails for the customer', durationMinutes: minutes }, token);
}
async function pending(tenant: string, minutes = 30): Promise<SupportGrant> {
  const r = await request(tenant, minutes);
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body as SupportGrant;
}
async function approved(tenant: string, minutes = 30): Promise<SupportGrant> {
  const g = await pending(tenant, minutes);
  const r = await asMerchant(tenant, 'POST', `/support/grants/${g.id}/approve`, { durationMinutes: minutes });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body as SupportGrant;
}
async function activate(id: string, token = OPERATOR): Promise<Answer> {
  return ops('POST', `/support/grants/${id}/activate`, { reason: 'looking at the failed checkout' }, token);
}
/** An active support session on `tenant`: the HttpOnly cookie the one-time code was exchanged for. */
async function session(tenant: string, minutes = 30): Promise<{ grant: SupportGrant; cookie: string; token: string }> {
  const grant = await approved(tenant, minutes);
  const a = await activate(grant.id);
  expect(a.status, JSON.stringify(a.body)).toBe(201);
  const entered = await http(a.body.session.viewUrl);
  expect(entered.status).toBe(303);
  expect(entered.headers.get('location')).toBe(`/merchant/${tenant}/`);
  const setCookie = entered.headers.get('set-cookie')!;
  expect(setCookie).toMatch(/HttpOnly/i);
  expect(setCookie).toMatch(/SameSite=Lax/i);
  const token = /trafi_support=([^;]+)/.exec(setCookie)![1]!;
  return { grant, cookie: `${SUPPORT_COOKIE}=${token}`, token };
}
const access = async (grantId: string): Promise<SupportAccessEntry[]> => (await ops('GET', `/support/grants/${grantId}/access?limit=500`)).body.items;
async function auditRows(action: string, target: string) {
  const r = await ops('GET', '/audit?limit=500');
  return (r.body.items as Json[]).filter((e) => e.action === action && e.target === target);
}
/** The single last access row, after the request that wrote it has finished. */
async function lastAccess(grantId: string): Promise<SupportAccessEntry> {
  return waitFor('access row', async () => {
    const rows = await access(grantId);
    return rows[0] && rows[0].status !== 0 ? rows[0] : undefined;
  }, 5000);
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'trafi-support-'));
  const opsPair = generateKeyPairSync('ed25519');
  const platformPair = generateKeyPairSync('ed25519');
  opsKey = opsPair.privateKey;
  platformKey = platformPair.privateKey;
  await writeFile(join(dir, 'ops.pem'), opsKey.export({ type: 'pkcs8', format: 'pem' }));
  await writeFile(join(dir, 'platform.pub.pem'), platformPair.publicKey.export({ type: 'spki', format: 'pem' }));
  const demoPort = await freePort();
  const config = loadConfig({
    REDIS_URL, REDIS_PREFIX: prefix, DATA_DIR: dir, API_PORT: '0', METRICS_PORT: '0', LOG_LEVEL: 'silent',
    SUPPORT_SIGNING_KEY_FILE: join(dir, 'ops.pem'), SUPPORT_PLATFORM_KEY_FILE: join(dir, 'platform.pub.pem'),
    SUPPORT_MAX_DURATION_MINUTES: String(MAX_MINUTES), SUPPORT_VIEW_URL: `http://127.0.0.1:${demoPort}/support/enter`,
  });
  stack = await startStack(config, { types: [], logger, tokens: `operator@operator:${OPERATOR},viewer@viewer:${VIEWER},storefront@platform:${PLATFORM}` });
  events = new EventReporter({ redis, prefix, flushIntervalMs: 200 });
  ({ server: demo, url: demoUrl } = await serveDemoPlatform(stack, events, demoPort, '127.0.0.1', { token: PLATFORM, signingKey: platformKey }));
}, 60_000);

afterAll(async () => {
  demo?.closeAllConnections();
  await new Promise((r) => demo?.close(r));
  await events?.close().catch(() => undefined);
  await stack?.stop();
  await dropPrefix(redis, prefix);
  redis.disconnect();
  await rm(dir, { recursive: true, force: true });
});

describe('the consented path works', () => {
  test('request → merchant approves → activate → one-time code → read-only merchant view, masked, with notices as runs', async () => {
    const before = await merchantState('acme');
    const { grant, cookie } = await session('acme');
    const orders = await asSupport(cookie, 'GET', '/merchant/acme/api/orders');
    expect(orders.status).toBe(200);
    expect(orders.body).toEqual(before.orders);
    const settings = await asSupport(cookie, 'GET', '/merchant/acme/api/settings');
    expect(settings.status).toBe(200);
    // What the merchant sees, with credentials masked for support.
    expect(settings.body.storeName).toBe(before.settings.storeName);
    expect(settings.body.payment.publishableKey).toBe(before.settings.payment.publishableKey);
    for (const secret of [settings.body.payment.secretKey, settings.body.apiKeys[0].apiKey, settings.body.webhookSecret]) expect(secret).toMatch(/hidden in support mode/);
    expect(JSON.stringify(settings.body)).not.toContain('sk_live_');
    expect(before.settings.payment.secretKey).toMatch(/^sk_live_/);
    const page = await http(`${demoUrl}/merchant/acme/`, { headers: { cookie } });
    expect(page.status).toBe(200);
    expect(page.body.text).toContain('support mode — read-only — expires in');
    // Approval and activation reached the merchant through support.notify runs.
    const runs = await waitFor('notify runs', async () => {
      const r = await ops('GET', '/runs?type=support.notify&limit=100');
      const mine = (r.body.items as Json[]).filter((x) => x.state === 'completed' && x.tenantId === 'acme');
      return mine.length >= 2 ? mine : undefined;
    }, 15_000);
    expect(runs.length).toBeGreaterThanOrEqual(2);
    const notices = await asMerchant('acme', 'GET', '/support/notices');
    expect(notices.body.items.map((n: Json) => `${n.grantId}:${n.event}`)).toEqual(expect.arrayContaining([`${grant.id}:approved`, `${grant.id}:activated`]));
    const activation = await auditRows('support.activate', `grant:${grant.id}`);
    expect(activation[0]).toMatchObject({ outcome: 'succeeded', user: 'operator', reason: 'looking at the failed checkout' });
  });

  test('the merchant sees exactly what support accessed, allowed and denied', async () => {
    const { grant, cookie } = await session('acme');
    const tried: [string, string, number][] = [
      ['GET', '/merchant/acme/api/orders', 200],
      ['GET', '/merchant/acme/api/orders/acme-o-1002', 200],
      ['POST', '/merchant/acme/api/orders/acme-o-1002/refund', 403],
      ['GET', '/merchant/acme/api/settings', 200],
      ['GET', '/merchant/globex/api/orders', 403],
      ['GET', '/merchant/acme/api/orders/nope', 404],
    ];
    for (const [method, path, status] of tried) expect((await asSupport(cookie, method, path, method === 'POST' ? { reason: 'test refund' } : undefined)).status, `${method} ${path}`).toBe(status);
    await lastAccess(grant.id);
    const seen = await asMerchant('acme', 'GET', `/support/grants/${grant.id}/access`);
    expect(seen.status).toBe(200);
    const rows = (seen.body.items as SupportAccessEntry[]).slice().reverse();
    expect(rows.map((r) => [r.method, r.route, r.status, r.outcome])).toEqual([
      ['GET', '/support/enter', 303, 'allowed'],
      ['GET', '/merchant/:tenant/api/orders', 200, 'allowed'],
      ['GET', '/merchant/:tenant/api/orders/:orderId', 200, 'allowed'],
      ['POST', '/merchant/:tenant/api/orders/:orderId/refund', 403, 'denied'],
      ['GET', '/merchant/:tenant/api/settings', 200, 'allowed'],
      ['GET', '/merchant/:tenant/api/orders', 403, 'denied'],
      ['GET', '/merchant/:tenant/api/orders/:orderId', 404, 'allowed'],
    ]);
    expect(new Set(rows.map((r) => `${r.grantId} ${r.operator} ${r.tenant}`))).toEqual(new Set([`${grant.id} operator acme`]));
    // The ops side reads the same trail.
    expect((await access(grant.id)).map((r) => r.id)).toEqual(seen.body.items.map((r: SupportAccessEntry) => r.id));
  });
});

describe('the attack table', () => {
  test('no grant: nothing to activate, no merchant view without a session', async () => {
    const id = randomUUID();
    const before = await merchantState('acme');
    const a = await activate(id);
    expect(a.status).toBe(404);
    expect(a.body.error.field).toBe('id');
    expect((await http(`${demoUrl}/merchant/acme/api/orders`)).status).toBe(401);
    expect(await merchantState('acme')).toEqual(before);
    expect((await auditRows('support.activate', `grant:${id}`))[0]).toMatchObject({ outcome: 'failed' });
  });

  test('pending grant: activation refused until the merchant approves', async () => {
    const g = await pending('acme');
    const a = await activate(g.id);
    expect(a.status).toBe(409);
    expect(a.body.error).toMatchObject({ code: 'invalid_state', field: 'id' });
    expect((await ops('GET', `/support/grants/${g.id}`)).body.state).toBe('pending');
    expect((await auditRows('support.activate', `grant:${g.id}`))[0]).toMatchObject({ outcome: 'failed' });
  });

  test('denied grant: cannot be activated, approved later or revived', async () => {
    const g = await pending('acme');
    expect((await asMerchant('acme', 'POST', `/support/grants/${g.id}/deny`, { reason: 'not now' })).body.state).toBe('denied');
    expect((await activate(g.id)).status).toBe(409);
    expect((await asMerchant('acme', 'POST', `/support/grants/${g.id}/approve`, {})).status).toBe(409);
    expect((await ops('GET', `/support/grants/${g.id}`)).body).toMatchObject({ state: 'denied', endReason: 'not now' });
    expect((await auditRows('support.activate', `grant:${g.id}`))[0]).toMatchObject({ outcome: 'failed' });
  });

  test('expired grant: the session fails on its next request, activation is refused, the expiry is notified', async () => {
    const { grant, cookie } = await session('acme', 3 / 60); // three seconds
    expect((await asSupport(cookie, 'GET', '/merchant/acme/api/orders')).status).toBe(200);
    await waitFor('expiry', async () => (await ops('GET', `/support/grants/${grant.id}`)).body.state === 'expired', 8000, 100);
    const after = await asSupport(cookie, 'GET', '/merchant/acme/api/orders');
    expect(after.status).toBe(401);
    expect(['grant_expired', 'token_expired']).toContain(after.body.error.code);
    expect((await lastAccess(grant.id))).toMatchObject({ outcome: 'denied', status: 401 });
    const again = await activate(grant.id);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('grant_expired');
    const notices = await waitFor('expiry notice', async () => {
      const n = (await asMerchant('acme', 'GET', '/support/notices')).body.items as Json[];
      return n.find((x) => x.grantId === grant.id && x.event === 'expired');
    }, 15_000, 200);
    expect(notices.text).toContain('expired');
  });

  test('revoked mid-session: the next request fails', async () => {
    const before = await merchantState('acme');
    const { grant, cookie } = await session('acme');
    expect((await asSupport(cookie, 'GET', '/merchant/acme/api/settings')).status).toBe(200);
    const revoked = await asMerchant('acme', 'POST', `/support/grants/${grant.id}/revoke`, { reason: 'done, thanks' });
    expect(revoked.body.state).toBe('revoked');
    const next = await asSupport(cookie, 'GET', '/merchant/acme/api/settings');
    expect(next.status).toBe(401);
    expect(next.body.error.code).toBe('grant_revoked');
    expect(await lastAccess(grant.id)).toMatchObject({ outcome: 'denied', reason: 'grant_revoked', status: 401 });
    expect((await activate(grant.id)).status).toBe(409);
    expect((await auditRows('support.revoke', `grant:${grant.id}`))[0]).toMatchObject({ outcome: 'succeeded', user: expect.stringContaining('merchant:owner@acme') });
    expect((await merchantState('acme')).orders).toEqual(before.orders);
  });

  test("a token for tenant A used on tenant B: 403, B's data untouched", async () => {
    const before = await merchantState('globex');
    const { grant, cookie, token } = await session('acme');
    for (const path of ['/merchant/globex/api/orders', '/merchant/globex/api/settings', '/merchant/globex/']) {
      const r = await asSupport(cookie, 'GET', path);
      expect(r.status, path).toBe(403);
      expect(r.body.error.code).toBe('other_tenant');
    }
    // The header form of the session is pinned the same way, and a session never reaches the merchant's login.
    expect((await http(`${demoUrl}/merchant/globex/api/orders`, { headers: { 'x-support-session': token } })).status).toBe(403);
    expect((await asSupport(cookie, 'GET', '/merchant/login?tenant=globex')).status).toBe(403);
    expect(await merchantState('globex')).toEqual(before);
    const rows = await access(grant.id);
    expect(rows.filter((r) => r.reason === 'other_tenant')).toHaveLength(5);
  });

  test('every mutating method on every demo route: 403 read_only, nothing changed, each attempt logged', async () => {
    const before = await merchantState('acme');
    const { grant, cookie } = await session('acme');
    const pendingGrant = await pending('acme');
    const routes = [
      '/merchant/acme/', '/merchant/acme/api/session', '/merchant/acme/api/orders', '/merchant/acme/api/orders/acme-o-1001',
      '/merchant/acme/api/orders/acme-o-1001/refund', '/merchant/acme/api/settings', '/merchant/acme/api/settings/rotate-key',
      '/merchant/acme/api/support/grants', `/merchant/acme/api/support/grants/${pendingGrant.id}/approve`, `/merchant/acme/api/support/grants/${pendingGrant.id}/deny`,
      `/merchant/acme/api/support/grants/${grant.id}/revoke`, `/merchant/acme/api/support/grants/${grant.id}/access`, '/merchant/acme/api/support/notices',
    ];
    const methods = ['POST', 'PUT', 'PATCH', 'DELETE'];
    const countBefore = (await access(grant.id)).length;
    for (const path of routes) {
      for (const method of methods) {
        const r = await asSupport(cookie, method, path, { reason: 'forced by support', storeName: 'pwned', durationMinutes: 60 });
        expect(r.status, `${method} ${path}`).toBe(403);
        expect(r.body.error.code).toBe('read_only');
      }
    }
    const after = await merchantState('acme');
    expect(after.orders).toEqual(before.orders);
    expect(after.settings).toEqual(before.settings);
    expect((await ops('GET', `/support/grants/${pendingGrant.id}`)).body.state).toBe('pending');
    expect((await ops('GET', `/support/grants/${grant.id}`)).body.state).toBe('active');
    const rows = (await access(grant.id)).slice(0, (await access(grant.id)).length - countBefore);
    expect(rows).toHaveLength(routes.length * methods.length);
    expect(rows.filter((r) => !(r.outcome === 'denied' && r.reason === 'read_only' && r.status === 403 && r.route.startsWith('/merchant/:tenant')))).toEqual([]);
  });

  describe('forged tokens', () => {
    let live: { grant: SupportGrant; cookie: string; token: string };
    beforeAll(async () => {
      live = await session('acme');
    });
    const claimsOf = (token: string) => decodeJwt(token) as Json;
    const resign = (key: KeyObject, claims: Json, header: Json = { alg: 'EdDSA', typ: 'support+jwt' }) => new SignJWT(claims).setProtectedHeader(header as { alg: string }).sign(key);
    const cases: [string, () => Promise<string>, string][] = [
      ['signed with another key', () => resign(foreign, claimsOf(live.token)), 'invalid_token'],
      ['claims modified under the real signature', async () => {
        const [h, , s] = live.token.split('.');
        const body = base64url.encode(JSON.stringify({ ...claimsOf(live.token), tenant: 'globex', scope: 'support:write' }));
        return `${h}.${body}.${s}`;
      }, 'invalid_token'],
      ['alg: none', async () => `${base64url.encode(JSON.stringify({ alg: 'none', typ: 'support+jwt' }))}.${base64url.encode(JSON.stringify(claimsOf(live.token)))}.`, 'invalid_token'],
      ['HS256 keyed with the public key', async () => new SignJWT(claimsOf(live.token)).setProtectedHeader({ alg: 'HS256', typ: 'support+jwt' }).sign(new TextEncoder().encode(String(stack.support!.verifyKey.export({ type: 'spki', format: 'pem' })))), 'invalid_token'],
      ['expired', () => new SupportTokenIssuer(opsKey).sign({ operator: 'operator', consentBy: 'owner', tenant: 'acme', store: null, grantId: live.grant.id, jti: claimsOf(live.token).jti, expiresAt: Date.now() - 60_000 }), 'token_expired'],
      ['wrong audience', () => new SupportTokenIssuer(opsKey, { audience: 'another-platform' }).sign({ operator: 'operator', consentBy: 'owner', tenant: 'acme', store: null, grantId: live.grant.id, jti: claimsOf(live.token).jti, expiresAt: Date.now() + 60_000 }), 'wrong_audience'],
      ['another session id (jti) for the grant', () => new SupportTokenIssuer(opsKey).sign({ operator: 'operator', consentBy: 'owner', tenant: 'acme', store: null, grantId: live.grant.id, jti: randomUUID(), expiresAt: Date.now() + 60_000 }), 'session_ended'],
      ['not a JWT', async () => 'garbage.token', 'invalid_token'],
    ];
    test.each(cases)('%s: 401, nothing changed, logged', async (_name, forge, code) => {
      const before = await merchantState('acme');
      const token = await forge();
      for (const [method, path] of [['GET', '/merchant/acme/api/orders'], ['POST', '/merchant/acme/api/orders/acme-o-1003/refund']] as const) {
        const r = await http(`${demoUrl}${path}`, { method, headers: { cookie: `${SUPPORT_COOKIE}=${token}` }, body: method === 'POST' ? { reason: 'forged refund' } : undefined });
        expect(r.status, `${method} ${path}`).toBe(401);
        expect(r.body.error.code).toBe(code);
      }
      expect(await merchantState('acme')).toEqual(before);
      // A token without a readable grant claim is logged under grant "-", its claims marked unverified.
      const rows = token.includes('.') && /grant/.test(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString())
        ? await access(live.grant.id)
        : await stack.db.query<SupportAccessEntry>(`SELECT outcome, status, reason, operator FROM support_access_log WHERE grant_id = '-' ORDER BY id DESC LIMIT 1`);
      expect(rows[0]).toMatchObject({ outcome: 'denied', status: 401, reason: code });
      // The real session still works: a forgery does not end it.
      expect((await asSupport(live.cookie, 'GET', '/merchant/acme/api/orders')).status).toBe(200);
    });
  });

  test('a replayed one-time code: refused, logged against its grant; an unknown code too', async () => {
    const grant = await approved('acme');
    const a = await activate(grant.id);
    const first = await http(a.body.session.viewUrl);
    expect(first.status).toBe(303);
    const replay = await http(a.body.session.viewUrl);
    expect(replay.status).toBe(401);
    expect(replay.body.error.code).toBe('code_replayed');
    expect(replay.headers.get('set-cookie') ?? '').not.toMatch(/trafi_support=[^;]+\./);
    expect(await lastAccess(grant.id)).toMatchObject({ outcome: 'denied', reason: 'code_replayed', route: '/support/enter' });
    expect((await http(`${demoUrl}/support/enter?code=${'x'.repeat(43)}`)).status).toBe(401);
    const missing = await http(`${demoUrl}/support/enter`);
    expect(missing.status).toBe(400);
    expect(missing.body.error.field).toBe('code');
    // Two racing exchanges of a fresh code: exactly one wins.
    const b = await activate(grant.id);
    const race = await Promise.all([http(b.body.session.viewUrl), http(b.body.session.viewUrl), http(b.body.session.viewUrl)]);
    expect(race.map((r) => r.status).sort()).toEqual([303, 401, 401]);
  });

  test('a viewer activating: 403, recorded as denied, the grant untouched', async () => {
    const grant = await approved('acme');
    const r = await activate(grant.id, VIEWER);
    expect(r.status).toBe(403);
    expect((await ops('GET', `/support/grants/${grant.id}`)).body.state).toBe('approved');
    const denied = await waitFor('denied row', async () => {
      const rows = (await ops('GET', '/audit?limit=500')).body.items as Json[];
      return rows.find((e) => e.outcome === 'denied' && e.target === `/api/v1/support/grants/${grant.id}/activate`);
    }, 5000);
    expect(denied).toMatchObject({ user: 'viewer', role: 'viewer', result: 'denied: needs operator' });
    expect((await request('acme', 30, VIEWER)).status).toBe(403);
  });

  test('a grant longer than the maximum: 400 naming durationMinutes, for ops and merchant alike, and approval cannot extend', async () => {
    const r = await request('acme', MAX_MINUTES + 1);
    expect(r.status).toBe(400);
    expect(r.body.error.field).toBe('durationMinutes');
    const rows = (await ops('GET', '/audit?limit=50')).body.items as Json[];
    expect(rows.find((e) => e.action === 'support.request' && e.outcome === 'failed')?.result).toMatch(/at most 120 minutes/);
    const m = await asMerchant('acme', 'POST', '/support/grants', { caseId: 'T-9', reasonCode: 'billing', reason: 'invoice question', durationMinutes: MAX_MINUTES + 1 });
    expect(m.status).toBe(400);
    expect(m.body.error.field).toBe('durationMinutes');
    const g = await pending('acme', 30);
    const extend = await asMerchant('acme', 'POST', `/support/grants/${g.id}/approve`, { durationMinutes: 45 });
    expect(extend.status).toBe(400);
    expect(extend.body.error.field).toBe('durationMinutes');
    expect((await ops('GET', `/support/grants/${g.id}`)).body.state).toBe('pending');
    // Shortening is the merchant's right.
    const shorter = await asMerchant('acme', 'POST', `/support/grants/${g.id}/approve`, { durationMinutes: 10 });
    expect(shorter.body).toMatchObject({ state: 'approved', durationMinutes: 10 });
    expect(shorter.body.expiresAt - shorter.body.decidedAt).toBe(600_000);
  });

  test("a merchant revoking (approving, reading) someone else's grant: 403, recorded, nothing changed", async () => {
    const { grant, cookie } = await session('acme');
    for (const action of ['revoke', 'approve', 'deny']) {
      const r = await asMerchant('globex', 'POST', `/support/grants/${grant.id}/${action}`, {});
      expect(r.status, action).toBe(403);
    }
    expect((await asMerchant('globex', 'GET', `/support/grants/${grant.id}/access`)).status).toBe(403);
    expect((await asMerchant('globex', 'GET', '/support/grants')).body.items.some((g: SupportGrant) => g.tenant !== 'globex')).toBe(false);
    expect((await ops('GET', `/support/grants/${grant.id}`)).body.state).toBe('active');
    expect((await asSupport(cookie, 'GET', '/merchant/acme/api/orders')).status).toBe(200);
    const denied = await waitFor('denied rows', async () => {
      const rows = ((await ops('GET', '/audit?limit=500')).body.items as Json[]).filter((e) => e.outcome === 'denied' && e.target.startsWith(`/api/v1/support/merchant/grants/${grant.id}`));
      return rows.length >= 4 ? rows : undefined;
    }, 5000);
    expect(denied[0]!.user).toContain('merchant:owner@globex');
  });

  test('the platform identity: an unsigned or foreign-signed merchant claim is refused; the platform token reaches nothing else', async () => {
    const grant = await pending('acme');
    const path = `/support/merchant/grants/${grant.id}/approve`;
    expect((await ops('POST', path, {}, PLATFORM)).status).toBe(403);
    const forged = await signMerchantAssertion(foreign, { sub: 'owner', tenant: 'acme' });
    expect((await ops('POST', path, {}, PLATFORM, { 'x-merchant-assertion': forged })).status).toBe(403);
    const unsigned = `${base64url.encode('{"alg":"none","typ":"merchant+jwt"}')}.${base64url.encode(JSON.stringify({ sub: 'owner', tenant: 'acme', iss: 'trafi-platform', aud: 'trafi-ops', iat: Math.floor(Date.now() / 1000), exp: Math.floor(Date.now() / 1000) + 60 }))}.`;
    expect((await ops('POST', path, {}, PLATFORM, { 'x-merchant-assertion': unsigned })).status).toBe(403);
    // A real assertion, but the operator's token: merchant routes are the platform's only.
    const real = await signMerchantAssertion(platformKey, { sub: 'owner', tenant: 'acme' });
    expect((await ops('POST', path, {}, OPERATOR, { 'x-merchant-assertion': real })).status).toBe(403);
    expect((await ops('GET', '/queues', undefined, PLATFORM)).status).toBe(403);
    expect((await ops('GET', '/support/grants', undefined, PLATFORM)).status).toBe(403);
    expect((await ops('GET', `/support/grants/${grant.id}`)).body.state).toBe('pending');
    // With both, it works.
    expect((await ops('POST', path, {}, PLATFORM, { 'x-merchant-assertion': real })).body.state).toBe('approved');
  });
});

describe('bad input: 4xx naming the field', () => {
  test.each([
    ['tenant', { caseId: 'C-1', reasonCode: 'billing', reason: 'invoice' }],
    ['tenant', { tenant: 'ACME!', caseId: 'C-1', reasonCode: 'billing', reason: 'invoice' }],
    ['reasonCode', { tenant: 'acme', caseId: 'C-1', reasonCode: 'curiosity', reason: 'invoice' }],
    ['reason', { tenant: 'acme', caseId: 'C-1', reasonCode: 'billing', reason: 'x' }],
    ['caseId', { tenant: 'acme', caseId: '', reasonCode: 'billing', reason: 'invoice' }],
    ['durationMinutes', { tenant: 'acme', caseId: 'C-1', reasonCode: 'billing', reason: 'invoice', durationMinutes: 0 }],
    ['durationMinutes', { tenant: 'acme', caseId: 'C-1', reasonCode: 'billing', reason: 'invoice', durationMinutes: '60' }],
    ['extra', { tenant: 'acme', caseId: 'C-1', reasonCode: 'billing', reason: 'invoice', extra: 1 }],
  ])('request: %s', async (field, body) => {
    const r = await ops('POST', '/support/grants', body);
    expect(r.status).toBe(400);
    expect(r.body.error.field).toBe(field);
  });

  test('ids, states, reasons and cursors', async () => {
    expect((await ops('GET', '/support/grants/not-a-uuid')).body.error.field).toBe('id');
    expect((await ops('GET', `/support/grants/${randomUUID()}`)).status).toBe(404);
    expect((await ops('GET', '/support/grants?state=sleeping')).body.error.field).toBe('state');
    expect((await ops('GET', '/support/grants?cursor=zzz')).body.error.field).toBe('cursor');
    expect((await ops('GET', '/support/grants?limit=0')).body.error.field).toBe('limit');
    const g = await approved('initech');
    const noReason = await ops('POST', `/support/grants/${g.id}/activate`, {});
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.field).toBe('reason');
    expect((await asMerchant('initech', 'POST', `/support/grants/${g.id}/approve`, { durationMinutes: -1 })).body.error.field).toBe('durationMinutes');
    expect((await asMerchant('initech', 'POST', '/support/grants/nope/revoke', {})).body.error.field).toBe('grantId');
    expect((await asMerchant('initech', 'PUT', '/settings', { storeName: '' })).body.error.field).toBe('body.storeName');
  });

  test('paging the grants: every grant once', async () => {
    for (let i = 0; i < 5; i++) await pending('initech');
    const seen: string[] = [];
    let cursor: string | null = '';
    while (cursor !== null) {
      const r = await ops('GET', `/support/grants?tenant=initech&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(r.status).toBe(200);
      seen.push(...r.body.items.map((g: SupportGrant) => g.id));
      cursor = r.body.nextCursor;
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBeGreaterThanOrEqual(6);
    const pendingOnly = await ops('GET', '/support/grants?tenant=initech&state=pending&limit=500');
    expect(pendingOnly.body.items.every((g: SupportGrant) => g.state === 'pending')).toBe(true);
  });
});
