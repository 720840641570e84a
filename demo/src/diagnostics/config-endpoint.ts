// The platform's internal config endpoint for diagnostic reports: `GET /tenants/:tenant/config`
// behind a bearer token (compared in constant time), answering publicConfig() (never secrets).
import { createHash, timingSafeEqual } from 'node:crypto';
import { Router, type RequestHandler } from 'express';
import { publicConfig, type TenantConfig } from './tenant-configs.ts';

const digest = (s: string) => createHash('sha256').update(s).digest();

export function bearer(token: string): RequestHandler {
  const expected = digest(token);
  return (req, res, next) => {
    const given = /^Bearer (.+)$/.exec(req.get('authorization') ?? '')?.[1];
    if (given && timingSafeEqual(digest(given), expected)) return next();
    res.status(401).set('www-authenticate', 'Bearer').json({ error: { code: 'unauthorized', message: 'a valid bearer token is required' } });
  };
}

export function configRouter(configs: TenantConfig[], token: string): Router {
  const byTenant = new Map(configs.map((c) => [c.tenant, c]));
  const router = Router();
  router.use(bearer(token));
  router.get('/tenants/:tenant/config', (req, res) => {
    const config = byTenant.get(String(req.params.tenant));
    if (!config) return void res.status(404).json({ error: { code: 'not_found', message: 'no such tenant', field: 'tenant' } });
    res.json(publicConfig(config));
  });
  return router;
}
