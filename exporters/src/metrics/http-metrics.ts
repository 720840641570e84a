// express middleware for the platform's services: requests by route template (never the
// raw URL), method, status code and tenant, and a duration histogram.
import express, { type Request, type RequestHandler, type Response } from 'express';
import type { Registry } from 'prom-client';
import { METRICS, SYNTHETIC_HEADER } from '@trafi-ops/contracts';
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

/** The label of every request that no route serves: paths never become labels. */
export const UNMATCHED = 'unmatched';

export function httpMetrics(opts: HttpMetricsOptions): RequestHandler {
  const tenants = opts.tenants ?? new TenantLabels();
  const tenantOf = opts.tenantOf ?? ((_req, res) => res.locals.tenantId as string | undefined);
  const { registry } = opts;
  const get = <T>(name: string, make: () => T): T => (registry.getSingleMetric(name) as T | undefined) ?? make();
  const requests = get(METRICS.httpRequests.name, () => counter(METRICS.httpRequests, { registry }));
  const duration = get(METRICS.httpRequestDuration.name, () => histogram(METRICS.httpRequestDuration, { registry, buckets: opts.buckets }));
  return (req, res, next) => {
    if (req.get(SYNTHETIC_HEADER)) return next(); // synthetic checks are not merchant traffic
    const started = process.hrtime.bigint();
    const app = req.app; // the app this middleware is mounted on (a sub-app may take over req.app)
    res.once('finish', () => {
      const route = routeTemplate(req, app);
      const tenant = tenants.label(tenantOf(req, res));
      requests.inc({ service: opts.service, route, method: req.method, code: String(res.statusCode), tenant });
      // A stream (SSE logs) lasts as long as someone watches: not a latency, it would swamp p99 and the latency SLO.
      if (String(res.getHeader('content-type') ?? '').startsWith('text/event-stream')) return;
      duration.observe({ service: opts.service, route, tenant }, Number(process.hrtime.bigint() - started) / 1e9);
    });
    next();
  };
}

/**
 * The full template (`/stores/:storeId/orders`, mount paths included) of the route that the
 * request's method and URL address in `app`, or UNMATCHED. It is looked up from the URL, not
 * from how far the request got, so one route has one label whatever it answered: a 401 from
 * authentication or a 400 from body parsing (both before routing), a validation error, an
 * error thrown in a handler. (express unwinds req.baseUrl and keeps only the innermost
 * pattern in req.route, so neither can say it once an error has left a router.)
 */
export function routeTemplate(req: Request, app: Request['app'] = req.app): string {
  if (req.method === 'OPTIONS') return UNMATCHED; // express answers those itself, from every route's methods
  const lookup = Object.create(req, { url: { value: req.originalUrl, writable: true } }) as Request & { [TEMPLATE]?: string };
  routeIndex(app)(lookup, {} as Response, () => undefined);
  return lookup[TEMPLATE] ?? UNMATCHED;
}

const TEMPLATE = Symbol('route template');

interface RouteInfo {
  path: string | RegExp;
  methods: string[] | undefined;
  router?: { listRoutes?(): RouteInfo[] };
}
type Listable = { listRoutes(): RouteInfo[] };

const indexes = new WeakMap<object, express.Router>();

/**
 * Every route of the app, flattened to its full template, in one router of the app's options:
 * express itself matches a URL against them (same order, case and trailing-slash rules), and
 * the route that matches writes its template on the lookup and answers nothing. Built at the
 * first request, when the service has registered its routes.
 */
function routeIndex(app: Request['app']): express.Router {
  let index = indexes.get(app);
  if (index) return index;
  index = express.Router({ caseSensitive: app.enabled('case sensitive routing'), strict: app.enabled('strict routing') });
  for (const { template, methods } of templates(app.router as unknown as Listable)) {
    const name: RequestHandler = (req) => void ((req as Request & { [TEMPLATE]?: string })[TEMPLATE] = template);
    const route = index.route(template);
    for (const m of methods) (m === '*' ? route.all(name) : route[m.toLowerCase() as 'get'](name));
  }
  indexes.set(app, index);
  return index;
}

/** String templates only: a RegExp route has no template to label it with. */
function templates(router: Listable, prefix = ''): { template: string; methods: string[] }[] {
  return router.listRoutes().flatMap(({ path, methods, router: inner }) => {
    if (typeof path !== 'string') return [];
    const template = joinPaths(prefix, path);
    if (methods) return [{ template, methods }];
    return inner?.listRoutes ? templates(inner as Listable, template) : [];
  });
}

const joinPaths = (prefix: string, path: string) => `${prefix}/${path}`.replace(/\/{2,}/g, '/').replace(/(.)\/$/, '$1');
