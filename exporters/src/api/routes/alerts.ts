import { endpoints } from '@trafi-ops/contracts';
import { AlertmanagerUnavailableError } from '../../alerting/alertmanager-client.ts';
import type { ApiContext } from '../context.ts';
import { ApiError } from '../errors.ts';
import { handle, resourceRouter, type ResourceRouter } from '../handle.ts';

/** GET /alerts: what Alertmanager is notifying about right now, for the dashboard banner. */
export function alertRoutes({ alertmanager }: ApiContext): ResourceRouter {
  const at = resourceRouter('/alerts');
  handle(at, endpoints.listAlerts, async ({ query: { severity } }) => {
    if (!alertmanager) return { alerts: [], counts: { critical: 0, warning: 0, info: 0 }, source: null };
    try {
      const all = await alertmanager.active();
      return severity ? { ...all, alerts: all.alerts.filter((a) => a.severity === severity) } : all;
    } catch (err) {
      if (err instanceof AlertmanagerUnavailableError) throw new ApiError(503, 'alertmanager_unavailable', err.message);
      throw err;
    }
  });
  return at;
}
