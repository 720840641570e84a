// Support mode's parts on their own, against real Redis and both audit stores (PostgreSQL and
// PGlite): the access log, the rule that an access the log cannot record does not happen, atomic
// grant transitions under races, store pinning, masking, and the key configuration's checks.
// The attack table against the assembled stack is demo/test/support.test.ts.
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openDatabase, type Database } from '../src/db/database.ts';
import { migrate } from '../src/db/migrate.ts';
import { Keys } from '../src/redis/keys.ts';
import { SupportAccessLog } from '../src/support/access-log.ts';
import { OneTimeCodes } from '../src/support/codes.ts';
import { SupportConfigError, loadSupportKeys } from '../src/support/config.ts';
import { GrantStore } from '../src/support/grant-store.ts';
import { MASK, maskSensitive } from '../src/support/mask.ts';
import { SUPPORT_COOKIE, createSupportMode } from '../src/support/middleware.ts';
import { SupportTokenIssuer } from '../src/support/tokens.ts';
import { backends } from './audit-backends.ts';
import { dropPrefix, redisFor, uniquePrefix } from './helpers.ts';

const redis = redisFor();
const prefix = uniquePrefix();
const keys = new Keys(prefix);
const grants = new GrantStore(redis, keys);
const ops = generateKeyPairSync('ed25519');
const issuer = new SupportTokenIssuer(ops.privateKey);

afterAll(async () => {
  await dropPrefix(redis, prefix);
  redis.disconnect();
});

/** An active grant with a session token, as an activation leaves it. */
async function activeGrant(tenant: string, store: string | null = null) {
  const now = Date.now();
  const g = await grants.create({ state: 'approved', origin: 'merchant', tenant, store, caseId: 'C-1', reasonCode: 'billing', reason: 'invoice', durationMinutes: 10, requestedBy: 'owner', decidedBy: 'owner', decidedAt: now, expiresAt: now + 600_000 });
  const jti = randomUUID();
  const moved = await grants.transition(g.id, { from: ['approved'], to: 'active', set: { sessionJti: jti, activatedBy: 'op', activatedAt: now } });
  expect('grant' in moved).toBe(true);
  const token = await issuer.sign({ operator: 'op', consentBy: 'owner', tenant, store, grantId: g.id, jti, expiresAt: now + 600_000 });
  return { grant: g, token };
}

describe.each(backends)('on $name', (backend) => {
  let db: Database;
  let opts: Awaited<ReturnType<typeof backend.setup>>;
  let server: Server;
  let base: string;
  let served = 0;
  beforeAll(async () => {
    opts = await backend.setup();
    db = await openDatabase(opts);
    await migrate(db);
    const app = express();
    const mode = createSupportMode({
      redis, prefix, db, verifyKey: ops.publicKey,
      tenantOf: (req) => /^\/t\/([^/]+)/.exec(req.originalUrl)?.[1],
      storeOf: (req) => /^\/t\/[^/]+\/s\/([^/]+)/.exec(req.originalUrl)?.[1],
      landing: (s) => `/t/${s.tenant}/`,
    });
    app.use('/t', mode.middleware);
    app.get('/t/:tenant/s/:store/orders', (_req, res) => {
      served++;
      res.json({ items: [{ id: 1, card_number: '4242424242424242' }] });
    });
    server = app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server?.closeAllConnections();
    await new Promise((r) => server?.close(r));
    await db?.close().catch(() => undefined);
    await backend.teardown(opts);
  });
  const get = (path: string, token: string) => fetch(base + path, { headers: { cookie: `${SUPPORT_COOKIE}=${token}` } });

  test('the access log pages a grant newest first, every row once', async () => {
    const log = new SupportAccessLog(db);
    const grantId = randomUUID();
    for (let i = 0; i < 7; i++) await log.complete(await log.record({ grantId, operator: 'op', tenant: 'a', method: 'GET', route: `/r/${i}`, status: 0, outcome: 'allowed' }), 200);
    await log.record({ grantId: randomUUID(), operator: 'op', tenant: 'a', method: 'GET', route: '/other', status: 403, outcome: 'denied', reason: 'read_only' });
    const seen: string[] = [];
    let cursor: string | undefined;
    for (;;) {
      const page = await log.list(grantId, { cursor, limit: 3 });
      seen.push(...page.items.map((e) => e.route));
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    expect(seen).toEqual([6, 5, 4, 3, 2, 1, 0].map((i) => `/r/${i}`));
    await expect(log.list(grantId, { cursor: 'bad!', limit: 3 })).rejects.toThrow(/cursor/);
    // The caller's text is stored safely (no NUL, no lone surrogate).
    await log.record({ grantId, operator: 'op\u0000', tenant: 'a\uD800', method: 'GET', route: '/x', status: 401, outcome: 'denied' });
  });

  test('a grant pinned to a store: the store it names is served (masked), another store is a 403', async () => {
    const { grant, token } = await activeGrant('acme', 'acme-1');
    const before = served;
    const ok = await get('/t/acme/s/acme-1/orders', token);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ items: [{ id: 1, card_number: MASK }] });
    const other = await get('/t/acme/s/acme-2/orders', token);
    expect(other.status).toBe(403);
    expect(((await other.json()) as { error: { code: string } }).error.code).toBe('other_store');
    expect(served).toBe(before + 1);
    const rows = (await new SupportAccessLog(db).list(grant.id, { limit: 10 })).items;
    expect(rows.map((r) => [r.route, r.status, r.outcome])).toEqual([['/t/:tenant/s/:store/orders', 403, 'denied'], ['/t/:tenant/s/:store/orders', 200, 'allowed']]);
  });

  test('an access the log cannot record does not happen: 503, the route never runs', async () => {
    const { token } = await activeGrant('acme', null);
    await db.query('ALTER TABLE support_access_log RENAME TO support_access_log_away');
    try {
      const before = served;
      const r = await get('/t/acme/s/acme-1/orders', token);
      expect(r.status).toBe(503);
      expect(((await r.json()) as { error: { code: string } }).error.code).toBe('audit_unavailable');
      expect(served).toBe(before);
    } finally {
      await db.query('ALTER TABLE support_access_log_away RENAME TO support_access_log');
    }
    expect((await get('/t/acme/s/acme-1/orders', token)).status).toBe(200);
  });
});

describe('grants in Redis', () => {
  test('racing decisions on one pending grant: exactly one wins', async () => {
    for (let round = 0; round < 10; round++) {
      const g = await grants.create({ state: 'pending', origin: 'ops', tenant: 'acme', store: null, caseId: 'C', reasonCode: 'billing', reason: 'invoice', durationMinutes: 10, requestedBy: 'op' });
      const results = await Promise.all([
        grants.transition(g.id, { from: ['pending'], to: 'approved', tenant: 'acme', set: { expiresAt: Date.now() + 60_000 } }),
        grants.transition(g.id, { from: ['pending'], to: 'denied', tenant: 'acme' }),
        grants.transition(g.id, { from: ['pending', 'approved', 'active'], to: 'revoked', tenant: 'acme' }),
      ]);
      const won = results.filter((r) => 'grant' in r);
      const final = (await grants.get(g.id))!.state;
      // The revoke may also follow an approval; a deny never follows anything.
      expect(won.length).toBeGreaterThanOrEqual(1);
      expect(['approved', 'denied', 'revoked']).toContain(final);
      if (final === 'denied') expect(won).toHaveLength(1);
    }
  });

  test("the tenant check is atomic with the change: another tenant's transition changes nothing", async () => {
    const g = await grants.create({ state: 'pending', origin: 'ops', tenant: 'acme', store: null, caseId: 'C', reasonCode: 'billing', reason: 'invoice', durationMinutes: 10, requestedBy: 'op' });
    expect(await grants.transition(g.id, { from: ['pending'], to: 'revoked', tenant: 'globex' })).toEqual({ why: 'other_tenant' });
    expect((await grants.get(g.id))!.state).toBe('pending');
    expect(await grants.transition(randomUUID(), { from: ['pending'], to: 'revoked' })).toEqual({ why: 'not_found' });
  });

  test('a grant past its expiry reads as expired at once and cannot be activated', async () => {
    const now = Date.now();
    const g = await grants.create({ state: 'approved', origin: 'merchant', tenant: 'acme', store: null, caseId: 'C', reasonCode: 'billing', reason: 'invoice', durationMinutes: 1, requestedBy: 'o', decidedBy: 'o', decidedAt: now - 61_000, expiresAt: now - 1000 });
    expect(g.state).toBe('expired');
    expect(await grants.transition(g.id, { from: ['approved', 'active'], to: 'active' })).toEqual({ why: 'state', state: 'expired' });
  });

  test('one-time codes: once, and only with their exact text', async () => {
    const codes = new OneTimeCodes(redis, keys);
    const { code } = await codes.issue('tok', { grantId: randomUUID(), operator: 'op', tenant: 'acme' });
    expect(await codes.exchange(`${code.slice(0, -1)}${code.endsWith('A') ? 'B' : 'A'}`)).toMatchObject({ ok: false, why: 'unknown_code' });
    expect(await codes.exchange(code)).toMatchObject({ ok: true, token: 'tok' });
    expect(await codes.exchange(code)).toMatchObject({ ok: false, why: 'code_replayed' });
    // Codes are stored by digest: the code itself is not a key.
    expect(await redis.keys(`${prefix}:~support:code:*${code}*`)).toEqual([]);
    const late = new OneTimeCodes(redis, keys, () => Date.now() + 120_000);
    const fresh = await codes.issue('tok2', { grantId: randomUUID(), operator: 'op', tenant: 'acme' });
    expect(await late.exchange(fresh.code)).toMatchObject({ ok: false, why: 'code_expired' });
  });
});

test('masking hides credential values at any depth and keeps the rest', () => {
  const masked = maskSensitive({ storeName: 'A', payment: { secretKey: 'sk', publishableKey: 'pk' }, apiKeys: [{ name: 'erp', apiKey: 'k' }], webhook_secret: 'w', password: '', token: 12 }) as Record<string, any>;
  expect(masked).toEqual({ storeName: 'A', payment: { secretKey: MASK, publishableKey: 'pk' }, apiKeys: [{ name: 'erp', apiKey: MASK }], webhook_secret: MASK, password: '', token: MASK });
});

describe('key configuration', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'support-keys-'));
    const ed = generateKeyPairSync('ed25519');
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
    await writeFile(join(dir, 'ops.pem'), ed.privateKey.export({ type: 'pkcs8', format: 'pem' }));
    await writeFile(join(dir, 'platform.pub.pem'), ed.publicKey.export({ type: 'spki', format: 'pem' }));
    await writeFile(join(dir, 'rsa.pem'), rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }));
    await writeFile(join(dir, 'junk.pem'), 'not a key');
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));
  const base = { SUPPORT_MAX_DURATION_MINUTES: 1440, SUPPORT_DEFAULT_DURATION_MINUTES: 60 };

  test('off without keys; both keys load', () => {
    expect(loadSupportKeys(base)).toBeUndefined();
    const k = loadSupportKeys({ ...base, SUPPORT_SIGNING_KEY_FILE: join(dir, 'ops.pem'), SUPPORT_PLATFORM_KEY_FILE: join(dir, 'platform.pub.pem') })!;
    expect([k.signingKey.type, k.verifyKey.type, k.platformKey.type]).toEqual(['private', 'public', 'public']);
  });

  test.each([
    ['only one key', { SUPPORT_SIGNING_KEY_FILE: 'ops.pem' }, /both SUPPORT_SIGNING_KEY_FILE and SUPPORT_PLATFORM_KEY_FILE/],
    ['a missing file', { SUPPORT_SIGNING_KEY_FILE: 'nope.pem', SUPPORT_PLATFORM_KEY_FILE: 'platform.pub.pem' }, /SUPPORT_SIGNING_KEY_FILE: cannot read/],
    ['a public key to sign with', { SUPPORT_SIGNING_KEY_FILE: 'platform.pub.pem', SUPPORT_PLATFORM_KEY_FILE: 'platform.pub.pem' }, /SUPPORT_SIGNING_KEY_FILE: .* not a PKCS#8 private key/],
    ['an RSA key', { SUPPORT_SIGNING_KEY_FILE: 'rsa.pem', SUPPORT_PLATFORM_KEY_FILE: 'platform.pub.pem' }, /SUPPORT_SIGNING_KEY_FILE: support keys must be Ed25519 or P-256/],
    ['not a key', { SUPPORT_SIGNING_KEY_FILE: 'ops.pem', SUPPORT_PLATFORM_KEY_FILE: 'junk.pem' }, /SUPPORT_PLATFORM_KEY_FILE: .* not a SPKI public key/],
  ])('%s is refused naming the variable', (_name, files, message) => {
    const withDir = Object.fromEntries(Object.entries(files).map(([k, v]) => [k, join(dir, v)]));
    expect(() => loadSupportKeys({ ...base, ...withDir })).toThrow(SupportConfigError);
    expect(() => loadSupportKeys({ ...base, ...withDir })).toThrow(message);
  });

  test('a default above the maximum is refused', () => {
    expect(() => loadSupportKeys({ SUPPORT_MAX_DURATION_MINUTES: 30, SUPPORT_DEFAULT_DURATION_MINUTES: 60 })).toThrow(/SUPPORT_DEFAULT_DURATION_MINUTES/);
  });
});
