// The demo's stand-in for the platform's own merchant login: an HMAC-signed HttpOnly cookie
// naming the merchant user and tenant. A real platform has its own sessions; support mode only
// needs to know, per request, which merchant (if any) is signed in.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'express';

export const MERCHANT_COOKIE = 'demo_merchant';

export class MerchantSessions {
  protected readonly secret = randomBytes(32);

  signIn(res: Response, user: string, tenant: string): void {
    const value = `${user}@${tenant}`;
    res.cookie(MERCHANT_COOKIE, `${value}.${this.mac(value)}`, { httpOnly: true, sameSite: 'lax', path: '/' });
  }

  /** The signed-in merchant, or null. */
  of(req: Request): { user: string; tenant: string } | null {
    const raw = cookie(req, MERCHANT_COOKIE);
    if (!raw) return null;
    const dot = raw.lastIndexOf('.');
    const value = raw.slice(0, dot);
    const given = Buffer.from(raw.slice(dot + 1));
    const want = Buffer.from(this.mac(value));
    if (dot < 0 || given.length !== want.length || !timingSafeEqual(given, want)) return null;
    const at = value.lastIndexOf('@');
    return { user: value.slice(0, at), tenant: value.slice(at + 1) };
  }

  protected mac(value: string): string {
    return createHmac('sha256', this.secret).update(value).digest('base64url');
  }
}

export function cookie(req: Request, name: string): string | undefined {
  for (const part of (req.get('cookie') ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === name) return decodeURIComponent(part.slice(at + 1).trim());
  }
  return undefined;
}
