import { endpoints } from '@trafi-ops/contracts';
import type { ApiContext } from '../context.ts';
import { notFound } from '../errors.ts';
import { handle, resourceRouter, type ResourceRouter } from '../handle.ts';

/** Event flow health per store: the prerequisite gate for the Profit Engine (NFR-REL-6). */
export function eventFlowRoutes({ eventFlow }: ApiContext): ResourceRouter {
  const at = resourceRouter('/event-flow');
  handle(at, endpoints.listEventFlowStores, async () => ({ items: eventFlow ? await eventFlow.all() : [] }));
  handle(at, endpoints.getEventFlowStore, async ({ params: { store } }) => {
    const health = eventFlow ? await eventFlow.store(store) : null;
    if (!health) throw notFound(`store "${store}" (no events received and none expected)`, 'store');
    return health;
  });
  return at;
}
