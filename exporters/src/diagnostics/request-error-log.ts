// The platform's request error log: 5xx answers and exceptions, per tenant, in a capped Redis
// stream (bounded length, and trimmed by age on every append), so a diagnostic report can read
// a tenant's recent request errors without a log pipeline. Raw messages are stored as the
// platform produced them (they may hold PII): only sanitized copies ever leave, in a report.
import type { Request, RequestHandler, Response } from 'express';
import type { RedisClient } from '../redis/client.ts';
import { routeTemplate } from '../metrics/http-metrics.ts';

export interface RequestErrorEvent {
  at: number;
  tenant: string;
  method: string;
  route: string;
  status: number;
  message: string;
}

export interface RequestErrorLogOptions {
  /** Entries kept per tenant at most (approximate trimming, as Redis does it cheaply). */
  maxLength?: number;
  /** Entries older than this are trimmed on the next append. */
  maxAgeMs?: number;
}

export class RequestErrorLog {
  readonly maxLength: number;
  readonly maxAgeMs: number;

  constructor(
    protected readonly redis: RedisClient,
    protected readonly prefix: string,
    opts: RequestErrorLogOptions = {},
  ) {
    this.maxLength = opts.maxLength ?? 10_000;
    this.maxAgeMs = opts.maxAgeMs ?? 7 * 86_400_000;
  }

  key(tenant: string): string {
    return `${this.prefix}:~reqerr:${tenant}`;
  }

  /**
   * One XADD that trims by age (exactly: only the stream's head goes, so it is cheap), then a
   * length cap (approximate, as Redis does it cheaply); never throws (logging must not fail a request).
   * Entry ids are the append time, so age and the period of a report are read from them.
   */
  async append(e: RequestErrorEvent): Promise<void> {
    const minId = String(Math.max(0, Date.now() - this.maxAgeMs));
    await this.redis
      .multi()
      .xadd(this.key(e.tenant), 'MINID', minId, '*', 'at', String(e.at), 'method', e.method, 'route', e.route, 'status', String(e.status), 'message', e.message.slice(0, 2000))
      .xtrim(this.key(e.tenant), 'MAXLEN', '~', this.maxLength)
      .exec()
      .catch(() => undefined);
  }

  /** The tenant's events in [from, to], oldest first, at most `limit`. */
  async read(tenant: string, from: number, to: number, limit = 5000): Promise<RequestErrorEvent[]> {
    const rows = await this.redis.xrange(this.key(tenant), String(from), String(to), 'COUNT', limit);
    return rows.map(([, fields]) => {
      const f: Record<string, string> = {};
      for (let i = 0; i < fields.length; i += 2) f[fields[i]!] = fields[i + 1]!;
      return { at: Number(f.at), tenant, method: f.method ?? '', route: f.route ?? '', status: Number(f.status), message: f.message ?? '' };
    });
  }
}

/** Where a handler or error handler leaves what went wrong, for the error log. */
export const REQUEST_ERROR = 'requestError';

/**
 * express middleware: every 5xx answer of a request with a tenant is appended to the log, with
 * the route template and the error the handler left in `res.locals.requestError` (an Error or
 * text), else the status text.
 */
export function requestErrorLogger(log: RequestErrorLog, tenantOf: (req: Request, res: Response) => string | undefined = (_req, res) => res.locals.tenantId as string | undefined): RequestHandler {
  return (req, res, next) => {
    const app = req.app;
    res.once('finish', () => {
      if (res.statusCode < 500) return;
      const tenant = tenantOf(req, res);
      if (!tenant) return;
      const err = res.locals[REQUEST_ERROR] as unknown;
      const message = err instanceof Error ? err.message : typeof err === 'string' ? err : res.statusMessage || `HTTP ${res.statusCode}`;
      void log.append({ at: Date.now(), tenant, method: req.method, route: routeTemplate(req, app), status: res.statusCode, message });
    });
    next();
  };
}
