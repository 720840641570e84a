import { Router } from 'express';
import { AlertsQuerySchema, type AlertsResponse } from '@trafi-ops/contracts';
import { AlertmanagerUnavailableError } from '../../alerting/alertmanager-client.ts';
import type { ApiContext } from '../app.ts';
import { ApiError, parse } from '../errors.ts';

/** GET /alerts: what Alertmanager is notifying about right now, for the dashboard banner. */
export function alertRoutes({ alertmanager }: ApiContext): Router {
  const r = Router();
  r.get('/', async (req, res) => {
    const { severity } = parse(AlertsQuerySchema, req.query, 'query');
    if (!alertmanager) {
      const none: AlertsResponse = { alerts: [], counts: { critical: 0, warning: 0, info: 0 }, source: null };
      return void res.json(none);
    }
    try {
      const all = await alertmanager.active();
      res.json(severity ? { ...all, alerts: all.alerts.filter((a) => a.severity === severity) } : all);
    } catch (err) {
      if (err instanceof AlertmanagerUnavailableError) throw new ApiError(503, 'alertmanager_unavailable', err.message);
      throw err;
    }
  });
  return r;
}
