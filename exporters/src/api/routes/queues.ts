import { endpoints, type QueueInfo } from '@trafi-ops/contracts';
import type { ApiContext } from '../context.ts';
import { audited } from '../audited.ts';
import { notFound } from '../errors.ts';
import { handle, resourceRouter, type ResourceRouter } from '../handle.ts';

/** GET /queues: every declared queue with its counts per state and its DLQ size; pause and resume one (audited). */
export function queueRoutes({ jobs, dlq, audit }: ApiContext): ResourceRouter {
  const at = resourceRouter('/queues');
  handle(at, endpoints.listQueues, async () => {
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
    return { items };
  });

  // BullMQ keeps the paused flag in the queue's meta hash in Redis: every worker of the queue, in
  // any process, stops taking jobs until it is resumed; jobs already running finish.
  for (const [endpoint, action] of [[endpoints.pauseQueue, 'pause'], [endpoints.resumeQueue, 'resume']] as const) {
    handle(at, endpoint, async ({ params: { queue }, body: { reason } }, req) => {
      if (!jobs.queueSettings(queue)) throw notFound(`queue "${queue}"`, 'queue');
      const q = jobs.queue(queue);
      const isPaused = await audited(audit, req, { action: `queue.${action}`, target: queue, reason }, async () => {
        await (action === 'pause' ? q.pause() : q.resume());
        return q.isPaused();
      }, (paused) => (paused ? 'paused' : 'running'));
      return { queue, isPaused };
    });
  }
  return at;
}
