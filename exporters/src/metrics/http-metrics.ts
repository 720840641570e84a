// express middleware for the platform's services: requests by route template (never the
// raw URL), method, status code and tenant, and a duration histogram.
import type { Request, RequestHandler, Response } from 'express';
import { Counter, Histogram, type Registry } from 'prom-client';
import { TenantLabels } from './tenant-labels.ts';

export interface HttpMetricsOptions {
  registry: Registry;
  /** The service label (e.g. "storefront-api"). */
  service: string;
  /** The tenant of a request, from the request context (default: `res.locals.tenantId`). */
  tenantOf?: (req: Request, res: Response) => string | undefined;
  /** Shared cap on distinct tenant labels (default: 500). */
  tenants?: TenantLabels;
  buckets?: number[];
}

const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** The matched route's template (`/stores/:storeId/orders`); unmatched requests share one label. */
export function routeTemplate(req: Request): string {
  const path = req.route?.path;
  if (typeof path !== 'string') return 'unmatched';
  return `${req.baseUrl}${path}` || '/';
}

export function httpMetrics(opts: HttpMetricsOptions): RequestHandler {
  const tenants = opts.tenants ?? new TenantLabels();
  const tenantOf = opts.tenantOf ?? ((_req, res) => res.locals.tenantId as string | undefined);
  const get = <T>(name: string, make: () => T): T => (opts.registry.getSingleMetric(name) as T | undefined) ?? make();
  const requests = get('trafi_http_requests_total', () => new Counter({
    name: 'trafi_http_requests_total', help: 'HTTP requests by service, route template, method, status code and tenant.',
    labelNames: ['service', 'route', 'method', 'code', 'tenant'], registers: [opts.registry],
  }));
  const duration = get('trafi_http_request_duration_seconds', () => new Histogram({
    name: 'trafi_http_request_duration_seconds', help: 'HTTP request duration by service, route template and tenant.',
    labelNames: ['service', 'route', 'tenant'], buckets: opts.buckets ?? BUCKETS, registers: [opts.registry],
  }));
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    res.once('finish', () => {
      const route = routeTemplate(req);
      const tenant = tenants.label(tenantOf(req, res));
      requests.inc({ service: opts.service, route, method: req.method, code: String(res.statusCode), tenant });
      // A stream (SSE logs) lasts as long as someone watches: not a latency, it would swamp p99 and the latency SLO.
      if (String(res.getHeader('content-type') ?? '').startsWith('text/event-stream')) return;
      duration.observe({ service: opts.service, route, tenant }, Number(process.hrtime.bigint() - started) / 1e9);
    });
    next();
  };
}
