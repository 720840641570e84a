// Support mode's enforcement, for the platform's services: an express middleware in front of the
// merchant's pages and API. A request that carries a support session (the HttpOnly cookie, or the
// X-Support-Session header for API clients) is let through only if its token verifies (signature,
// algorithm, issuer, audience, expiry, scope), its grant in Redis is active, unexpired and still
// holds this token's id (checked on every request: a revoke or an expiry takes effect on the next
// one), the request addresses the grant's tenant (and store) and its method only reads. Every
// such request, allowed or denied, is written to the access log; an allowed one before it is
// served, so an access the log cannot record does not happen. JSON answers are masked.
// A request without a support session is not this middleware's business (the platform's own auth).
import type { KeyObject } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import { decodeJwt } from 'jose';
import type { RedisClient } from '../redis/client.ts';
import { z } from 'zod';
import type { Database } from '../db/database.ts';
import { UNMATCHED, routeTemplate } from '../metrics/http-metrics.ts';
import { Keys } from '../redis/keys.ts';
import { SupportAccessLog, type AccessRecord } from './access-log.ts';
import { OneTimeCodes } from './codes.ts';
import { GrantStore } from './grant-store.ts';
import { maskSensitive, isSensitiveKey } from './mask.ts';
import { SupportNotices } from './notify.ts';
import { SupportTokenVerifier, type VerifiedSession } from './tokens.ts';

export const SUPPORT_COOKIE = 'trafi_support';
export const SUPPORT_HEADER = 'x-support-session';
const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface SupportModeOptions {
  /** The Redis holding the grants (the ops stack's) and its key prefix (REDIS_PREFIX). */
  redis: RedisClient;
  prefix: string;
  /** The audit database: the access log is written there. */
  db: Database;
  /** The ops side's public key (the pair of SUPPORT_SIGNING_KEY_FILE). */
  verifyKey: KeyObject;
  /** The tenant a request addresses (undefined: none, and a support session is refused there). */
  tenantOf: (req: Request) => string | undefined;
  /** The store a request addresses, if any (a grant for one store is pinned to it). */
  storeOf?: (req: Request) => string | undefined;
  /** Where the code exchange sends the browser: the merchant view of the grant's tenant. */
  landing: (session: VerifiedSession) => string;
  issuer?: string;
  audience?: string;
  sensitive?: (key: string) => boolean;
  now?: () => number;
}

/** What a route of the platform sees of an allowed support session (`res.locals.support`). */
export interface SupportLocals {
  grantId: string;
  operator: string;
  tenant: string;
  store: string | null;
  expiresAt: number;
}

export interface SupportMode {
  /** Mount before the merchant's routes. */
  middleware: RequestHandler;
  /** `GET <exchange URL>?code=…`: the one-time code for the session cookie, then a redirect to `landing`. */
  entry: RequestHandler;
  notices: SupportNotices;
  access: SupportAccessLog;
}

interface Refusal {
  status: number;
  code: string;
  message: string;
}

export function createSupportMode(o: SupportModeOptions): SupportMode {
  const keys = new Keys(o.prefix);
  const now = o.now ?? Date.now;
  const grants = new GrantStore(o.redis, keys, now);
  const codes = new OneTimeCodes(o.redis, keys, now);
  const verifier = new SupportTokenVerifier(o.verifyKey, { issuer: o.issuer, audience: o.audience });
  const access = new SupportAccessLog(o.db);
  const sensitive = o.sensitive ?? isSensitiveKey;

  /** Why this session may not make this request, or null. */
  async function check(req: Request, s: VerifiedSession): Promise<Refusal | null> {
    const grant = await grants.get(s.grantId);
    if (!grant) return { status: 401, code: 'session_ended', message: 'the support grant does not exist' };
    if (grant.state === 'revoked') return { status: 401, code: 'grant_revoked', message: 'the merchant revoked this support access' };
    if (grant.state === 'expired') return { status: 401, code: 'grant_expired', message: 'this support access has expired' };
    if (grant.state !== 'active' || grant.sessionJti !== s.jti) return { status: 401, code: 'session_ended', message: 'this support session is no longer valid' };
    if (grant.tenant !== s.tenant || o.tenantOf(req) !== grant.tenant) return { status: 403, code: 'other_tenant', message: "support access is limited to the grant's tenant" };
    const store = o.storeOf?.(req);
    if (grant.store && store !== undefined && store !== grant.store) return { status: 403, code: 'other_store', message: "support access is limited to the grant's store" };
    if (!READ_METHODS.has(req.method)) return { status: 403, code: 'read_only', message: 'support mode is read-only: nothing was changed' };
    return null;
  }

  const middleware: RequestHandler = async (req, res, next) => {
    const token = credentialOf(req);
    if (!token) return next();
    const route = templateOf(req);
    let session: VerifiedSession;
    try {
      session = await verifier.verify(token);
    } catch (err) {
      const code = (err as { code?: string }).code ?? 'invalid_token';
      await refuse(res, access, { ...unverified(token, o.tenantOf(req)), method: req.method, route }, { status: 401, code, message: (err as Error).message });
      return;
    }
    const who = { grantId: session.grantId, operator: session.operator, tenant: session.tenant };
    let refusal: Refusal | null;
    try {
      refusal = await check(req, session);
    } catch {
      return void res.status(503).json({ error: { code: 'support_unavailable', message: 'support sessions cannot be checked right now' } });
    }
    if (refusal) return refuse(res, access, { ...who, method: req.method, route }, refusal);
    let rowId: string;
    try {
      rowId = await access.record({ ...who, method: req.method, route, status: 0, outcome: 'allowed' });
    } catch {
      return void res.status(503).json({ error: { code: 'audit_unavailable', message: 'the access log cannot be written, so support access is paused' } });
    }
    res.once('finish', () => void access.complete(rowId, res.statusCode).catch(() => undefined));
    const locals: SupportLocals = { grantId: session.grantId, operator: session.operator, tenant: session.tenant, store: session.store, expiresAt: session.expiresAt };
    res.locals.support = locals;
    res.set('cache-control', 'no-store');
    const json = res.json.bind(res);
    res.json = (body: unknown) => json(maskSensitive(body, sensitive));
    next();
  };

  const entry: RequestHandler = async (req, res) => {
    const code = typeof req.query.code === 'string' ? req.query.code : '';
    res.set({ 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' });
    if (!code) return void res.status(400).json({ error: { code: 'invalid_request', message: 'code: the one-time code is required', field: 'code' } });
    const route = templateOf(req);
    const exchanged = await codes.exchange(code);
    if (!exchanged.ok) {
      const who = exchanged.owner ?? { grantId: '-', operator: '-', tenant: '-' };
      return refuse(res, access, { ...who, method: req.method, route }, { status: 401, code: exchanged.why, message: exchanged.why === 'code_replayed' ? 'this code has been used already' : 'this code is not valid (or too old)' });
    }
    let session: VerifiedSession;
    try {
      session = await verifier.verify(exchanged.token);
      const refusal = await check(Object.create(req, { method: { value: 'GET' } }) as Request, session).then((r) => (r?.code === 'other_tenant' ? null : r));
      if (refusal) return refuse(res, access, { ...exchanged.owner, method: req.method, route }, refusal);
    } catch {
      return refuse(res, access, { ...exchanged.owner, method: req.method, route }, { status: 401, code: 'invalid_token', message: 'the support session is not valid' });
    }
    await access.record({ ...exchanged.owner, method: req.method, route, status: 303, outcome: 'allowed' }).catch(() => undefined);
    res.cookie(SUPPORT_COOKIE, exchanged.token, { httpOnly: true, sameSite: 'lax', secure: req.secure, path: '/', maxAge: Math.max(0, session.expiresAt - now()) });
    res.redirect(303, o.landing(session));
  };

  return { middleware, entry, notices: new SupportNotices(o.redis, keys), access };
}

async function refuse(res: Response, access: SupportAccessLog, who: Omit<AccessRecord, 'status' | 'outcome' | 'reason'>, r: Refusal): Promise<void> {
  // A denied request is answered whether or not its row can be written: it changes nothing.
  await access.record({ ...who, status: r.status, outcome: 'denied', reason: r.code }).catch(() => undefined);
  if (r.status === 401) res.clearCookie(SUPPORT_COOKIE, { path: '/' });
  res.status(r.status).json({ error: { code: r.code, message: r.message } });
}

function credentialOf(req: Request): string | undefined {
  const header = req.get(SUPPORT_HEADER);
  if (header) return header.trim();
  for (const part of (req.get('cookie') ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === SUPPORT_COOKIE) return decodeURIComponent(part.slice(at + 1).trim()) || undefined;
  }
  return undefined;
}

/** The route template the request addresses; a method the route lacks is named by the route it aims at. */
function templateOf(req: Request): string {
  const direct = routeTemplate(req);
  if (direct !== UNMATCHED) return direct;
  for (const method of ['GET', 'POST', 'PUT', 'DELETE']) {
    if (method === req.method) continue;
    const other = routeTemplate(Object.create(req, { method: { value: method } }) as Request);
    if (other !== UNMATCHED) return other;
  }
  return UNMATCHED;
}

const UnverifiedSchema = z.object({ grant: z.string().uuid().optional(), sub: z.string().max(200).optional() });

/** A refused token's claims are the attacker's words: logged as such, only to name what was tried. */
function unverified(token: string, tenant: string | undefined): { grantId: string; operator: string; tenant: string } {
  let claims: z.infer<typeof UnverifiedSchema> = {};
  try {
    claims = UnverifiedSchema.catch({}).parse(decodeJwt(token));
  } catch {
    // not even a JWT
  }
  return { grantId: claims.grant ?? '-', operator: `unverified:${claims.sub ?? '-'}`, tenant: tenant ?? '-' };
}
