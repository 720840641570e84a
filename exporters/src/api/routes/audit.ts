import { Router } from 'express';
import { AuditQuerySchema } from '@trafi-ops/contracts';
import type { ApiContext } from '../app.ts';
import { parse } from '../errors.ts';

export function auditRoutes({ audit }: ApiContext): Router {
  const r = Router();
  r.get('/audit', async (req, res) => {
    res.json(await audit.list(parse(AuditQuerySchema, req.query, 'query')));
  });
  return r;
}
