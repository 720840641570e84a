// Bearer-token auth with two roles. Tokens come from OPS_API_TOKENS
// ("[name@]role:token,..."); comparison is constant-time over every token.
// A 403 (a known caller without the role) is recorded in the audit log, bounded there; a 401 is
// not: anyone can send those, so they only show in the request metrics.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { ErrorRequestHandler, Request, RequestHandler } from 'express';
import { RoleSchema, type Role } from '@trafi-ops/contracts';
import type { AuditLog, DeniedAttempt } from '../db/audit-log.ts';
import { ApiError } from './errors.ts';

export interface Principal {
  user: string;
  role: Role;
}

interface TokenEntry extends Principal {
  digest: Buffer;
}

const digest = (s: string) => createHash('sha256').update(s).digest();

export function parseTokens(spec: string): TokenEntry[] {
  return spec.split(',').map((raw, i) => {
    const part = raw.trim();
    const m = /^(?:([^@:]+)@)?([a-z]+):(.+)$/.exec(part);
    if (!m) throw new Error(`OPS_API_TOKENS entry ${i + 1} must be "[name@]role:token"`);
    const role = RoleSchema.safeParse(m[2]);
    if (!role.success) throw new Error(`OPS_API_TOKENS entry ${i + 1}: role must be one of ${RoleSchema.options.join(', ')}`);
    if (m[3]!.length < 16) throw new Error(`OPS_API_TOKENS entry ${i + 1}: token must be at least 16 characters`);
    return { user: m[1] ?? `${role.data}-${i + 1}`, role: role.data, digest: digest(m[3]!) };
  });
}

declare module 'express-serve-static-core' {
  interface Request {
    principal?: Principal;
  }
}

/** The challenge of a 401 (RFC 6750 section 3): an error code only when a bearer token was given. */
const challenge = (error?: { code: string; description: string }) =>
  `Bearer realm="trafi-ops"${error ? `, error="${error.code}", error_description="${error.description}"` : ''}`;

export function authenticate(tokens: TokenEntry[]): RequestHandler {
  return (req, res, next) => {
    const header = req.get('authorization') ?? '';
    const m = /^Bearer\s+(\S+)$/i.exec(header);
    if (!m) {
      res.set('www-authenticate', challenge());
      return next(new ApiError(401, 'unauthenticated', 'a bearer token is required', 'authorization'));
    }
    const given = digest(m[1]!);
    let found: TokenEntry | undefined;
    for (const t of tokens) if (timingSafeEqual(t.digest, given) && !found) found = t;
    if (!found) {
      const invalid = new ApiError(401, 'unauthenticated', 'the bearer token is not valid', 'authorization');
      res.set('www-authenticate', challenge({ code: 'invalid_token', description: invalid.message }));
      return next(invalid);
    }
    // Behind Grafana's plugin proxy the token is the plugin's; the header names the person.
    const via = req.get('x-grafana-user');
    req.principal = { user: via ? `${via} (grafana:${found.user})` : found.user, role: found.role };
    next();
  };
}

/** A 403 that says what was attempted, for the audit log. */
export class ForbiddenError extends ApiError {
  constructor(
    readonly attempt: DeniedAttempt,
    message = `this action needs the ${attempt.needs} role`,
  ) {
    super(403, 'forbidden', message);
  }
}

const MAX_TARGET = 300; // the path is the caller's text: keep what is recorded short

/** A 403 for this request, naming what it needed (for the audit log). */
export function forbidden(req: Request, needs: string, message?: string): ForbiddenError {
  const { user, role } = req.principal!;
  // The route template names the action; the path (without its query) the target.
  const action = `${req.method} ${req.baseUrl}${req.route?.path ?? req.path}`;
  return new ForbiddenError({ actor: user, role, action, target: req.originalUrl.split('?')[0]!.slice(0, MAX_TARGET), needs }, message);
}

/** Who may call an endpoint of each role: people read (viewer, operator) and act (operator); CI/CD
 *  (deployer) reads and records releases; the platform's service identity only reaches the routes
 *  made for it, and those only it. */
const ALLOWED: Record<Role, readonly Role[]> = { viewer: ['viewer', 'operator', 'deployer'], operator: ['operator'], platform: ['platform'], deployer: ['deployer'] };

export function requireRole(needed: Role): RequestHandler {
  return (req, _res, next) => (ALLOWED[needed].includes(req.principal!.role) ? next() : next(forbidden(req, needed)));
}

/** Error middleware after the routes: records each 403 (bounded by the audit log) and passes it on. */
export function recordDenied(audit: AuditLog): ErrorRequestHandler {
  return (err, _req, _res, next) => {
    // Not awaited: the 403 is the answer whether the store takes the row, is slow or is down.
    if (err instanceof ForbiddenError) void audit.recordDenied(err.attempt).catch(() => undefined);
    next(err);
  };
}
