import { Router } from 'express';
import type { QueueInfo } from '@trafi-ops/contracts';
import type { ApiContext } from '../app.ts';

export function queueRoutes({ jobs, dlq }: ApiContext): Router {
  const r = Router();
  r.get('/', async (_req, res) => {
    const names = jobs.queueNames();
    const sizes = await dlq.sizes();
    const items: QueueInfo[] = await Promise.all(
      names.map(async (name) => {
        const q = jobs.queue(name);
        const settings = jobs.queueSettings(name)!;
        const [c, isPaused] = await Promise.all([q.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'completed', 'failed'), q.isPaused()]);
        const waiting = (c.waiting ?? 0) + (c.prioritized ?? 0);
        return {
          name,
          jobTypes: settings.types,
          isolated: settings.isolated,
          concurrency: settings.concurrency,
          isPaused,
          counts: {
            waiting,
            active: c.active ?? 0,
            delayed: c.delayed ?? 0,
            prioritized: c.prioritized ?? 0,
            completed: c.completed ?? 0,
            failed: c.failed ?? 0,
            // BullMQ 6 pauses a queue in place: its waiting jobs are the paused ones.
            paused: isPaused ? waiting : 0,
            dlq: sizes[name] ?? 0,
          },
        };
      }),
    );
    res.json({ items });
  });
  return r;
}
