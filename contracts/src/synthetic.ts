// Synthetic monitoring traffic (k6 funnel, health checks): marked by a request header and by
// the synthetic test stores' names, so the platform keeps it out of merchant metrics, the
// event-flow verdicts and the Profit Engine.
import { z } from 'zod';

/** Every synthetic request carries it (its value names the check, e.g. `checkout-funnel`). */
export const SYNTHETIC_HEADER = 'x-trafi-synthetic';

/** The synthetic test stores: `synthetic-store-<n>`, tenant `synthetic`. */
export const SYNTHETIC_TENANT = 'synthetic';
export const isSyntheticStore = (storeId: string) => /^synthetic-store-\d+$/.test(storeId);

/** GET /readyz/db and /readyz/redis: one dependency, its status and how long it took to answer. */
export const DependencyHealthSchema = z.object({
  dependency: z.enum(['database', 'redis']),
  status: z.enum(['up', 'down']),
  latencySeconds: z.number().nonnegative(),
  error: z.string().optional(),
});
export type DependencyHealth = z.infer<typeof DependencyHealthSchema>;
