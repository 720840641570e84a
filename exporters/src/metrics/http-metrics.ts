// express middleware for the platform's services: requests by route template (never the
// raw URL), method, status code and tenant, and a duration histogram.
import type { Request, RequestHandler, Response } from 'express';
import type { Registry } from 'prom-client';
import { METRICS } from '@trafi-ops/contracts';
import { counter, histogram } from './families.ts';
import { TenantLabels } from './tenant-labels.ts';

export interface HttpMetricsOptions {
  registry: Registry;
  /** The service label (e.g. "storefront-api"). */
  service: string;
  /** The tenant of a request, from the request context (default: `res.locals.tenantId`). */
  tenantOf?: (req: Request, res: Response) => string | undefined;
  /** Shared cap on distinct tenant labels (default: 500). */
  tenants?: TenantLabels;
  /** Default: the catalogue's (the latency SLO's threshold is one of them). */
  buckets?: number[];
}

/** The matched route's template (`/stores/:storeId/orders`); unmatched requests share one label. */
export function routeTemplate(req: Request): string {
  const path = req.route?.path;
  if (typeof path !== 'string') return 'unmatched';
  return `${req.baseUrl}${path}` || '/';
}

export function httpMetrics(opts: HttpMetricsOptions): RequestHandler {
  const tenants = opts.tenants ?? new TenantLabels();
  const tenantOf = opts.tenantOf ?? ((_req, res) => res.locals.tenantId as string | undefined);
  const { registry } = opts;
  const get = <T>(name: string, make: () => T): T => (registry.getSingleMetric(name) as T | undefined) ?? make();
  const requests = get(METRICS.httpRequests.name, () => counter(METRICS.httpRequests, { registry }));
  const duration = get(METRICS.httpRequestDuration.name, () => histogram(METRICS.httpRequestDuration, { registry, buckets: opts.buckets }));
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
