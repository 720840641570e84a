import type { Request, Response } from 'express';
import { LOG_LINES_PER_EVENT, endpoints, type LogEndEvent, type LogLinesEvent } from '@trafi-ops/contracts';
import type { RunStore } from '../../jobs/runs.ts';
import type { ApiContext } from '../context.ts';
import { audited } from '../audited.ts';
import { notFound } from '../errors.ts';
import { handle, resourceRouter, type ResourceRouter } from '../handle.ts';

/** Runs: the list, a run's detail and log (JSON or SSE), and replay. */
export function runRoutes({ jobs, runs, audit, logPollMs = 500 }: ApiContext): ResourceRouter {
  const at = resourceRouter('/runs');
  const declared = (queue: string) => {
    if (!jobs.queueSettings(queue)) throw notFound(`queue "${queue}"`, 'queue');
  };

  handle(at, endpoints.listRuns, async ({ query }) => {
    if (query.queue) declared(query.queue);
    return runs.list(query);
  });

  handle(at, endpoints.getRun, async ({ params: { queue, id } }) => {
    declared(queue);
    const run = await runs.get(queue, id);
    if (!run) throw notFound(`run ${queue}/${id}`, 'id');
    return run;
  });

  handle(at, endpoints.getRunLogs, async ({ params: { queue, id }, query: { start } }, req, res) => {
    declared(queue);
    if (!(await runs.get(queue, id))) throw notFound(`run ${queue}/${id}`, 'id');
    if (!req.accepts('text/event-stream') || req.get('accept')?.includes('text/event-stream') !== true) {
      const logs = await runs.logs(queue, id, start);
      return { items: logs.items, count: logs.count };
    }
    await streamLogs(runs, queue, id, start, logPollMs, req, res);
  });

  handle(at, endpoints.replayRun, async ({ params: { queue, id }, body: { reason } }, req) => {
    declared(queue);
    const run = await audited(audit, req, { action: 'run.replay', target: `${queue}/${id}`, reason }, async () => {
      const created = await runs.replay(queue, id, `ops:${req.principal!.user}`);
      if (!created) throw notFound(`run ${queue}/${id}`, 'id');
      return created;
    }, (c) => `replayed as ${c.queue}/${c.id}`);
    return { run };
  });

  return at;
}

/** SSE: every line from `start` in `lines` events, then new lines as they are written, then `end`. */
async function streamLogs(runs: RunStore, queue: string, id: string, start: number, pollMs: number, req: Request, res: Response): Promise<void> {
  res.writeHead(200, { 'content-type': 'text/event-stream', connection: 'keep-alive' }); // cache-control: no-store, as every answer (app.ts)
  let next = start;
  let closed = false;
  let lastWrite = Date.now();
  req.on('close', () => (closed = true));
  const finished = new Set(['completed', 'dead_lettered']);
  while (!closed) {
    const logs = await runs.logs(queue, id, next);
    for (let i = 0; i < logs.items.length; i += LOG_LINES_PER_EVENT) {
      const event: LogLinesEvent = { start: next, lines: logs.items.slice(i, i + LOG_LINES_PER_EVENT) };
      next += event.lines.length;
      res.write(`id: ${next - 1}\nevent: lines\ndata: ${JSON.stringify(event)}\n\n`);
    }
    if (logs.items.length > 0) lastWrite = Date.now();
    // A comment now and then keeps proxies from closing a quiet stream.
    if (Date.now() - lastWrite > 15_000) {
      res.write(': keep-alive\n\n');
      lastWrite = Date.now();
    }
    const run = await runs.get(queue, id);
    if (!run || (finished.has(run.state) && next >= logs.count)) {
      const end: LogEndEvent = { state: run?.state ?? 'gone' };
      res.write(`event: end\ndata: ${JSON.stringify(end)}\n\n`);
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
  res.end();
}
