import { Router } from 'express';
import { z } from 'zod';
import { EventNameSchema } from '../../events/reporter.ts';
import type { ApiContext } from '../app.ts';
import { notFound, parse } from '../errors.ts';

const StoreParamsSchema = z.object({ store: EventNameSchema });

/** Event flow health per store: the prerequisite gate for the Profit Engine (NFR-REL-6). */
export function eventFlowRoutes({ eventFlow }: ApiContext): Router {
  const r = Router();
  r.get('/stores', async (_req, res) => {
    res.json({ items: eventFlow ? await eventFlow.all() : [] });
  });
  r.get('/stores/:store', async (req, res) => {
    const { store } = parse(StoreParamsSchema, req.params, 'params');
    const health = eventFlow ? await eventFlow.store(store) : null;
    if (!health) throw notFound(`store "${store}" (no events received and none expected)`, 'store');
    res.json(health);
  });
  return r;
}
