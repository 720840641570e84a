import { Router, type Request } from 'express';
import { z } from 'zod';
import { LOG_LINES_PER_EVENT, ReasonBodySchema, RunsQuerySchema, type LogEndEvent, type LogLinesEvent } from '@trafi-ops/contracts';
import type { ApiContext } from '../app.ts';
import { audited } from '../audited.ts';
import { notFound, parse } from '../errors.ts';
import { requireOperator } from '../auth.ts';

const RefSchema = z.object({ queue: z.string().min(1).max(100), id: z.string().min(1).max(200) });
const LogsQuerySchema = z.object({ start: z.coerce.number().int().min(0).default(0) }).strict();

export function runRoutes({ jobs, runs, audit, logPollMs = 500 }: ApiContext): Router {
  const r = Router();

  const ref = (req: Request) => {
    const p = parse(RefSchema, req.params, 'params');
    if (!jobs.queueSettings(p.queue)) throw notFound(`queue "${p.queue}"`, 'queue');
    return p;
  };

  r.get('/', async (req, res) => {
    const q = parse(RunsQuerySchema, req.query, 'query');
    if (q.queue && !jobs.queueSettings(q.queue)) throw notFound(`queue "${q.queue}"`, 'queue');
    res.json(await runs.list(q));
  });

  r.get('/:queue/:id', async (req, res) => {
    const { queue, id } = ref(req);
    const run = await runs.get(queue, id);
    if (!run) throw notFound(`run ${queue}/${id}`, 'id');
    res.json(run);
  });

  r.get('/:queue/:id/logs', async (req, res) => {
    const { queue, id } = ref(req);
    const { start } = parse(LogsQuerySchema, req.query, 'query');
    if (!(await runs.get(queue, id))) throw notFound(`run ${queue}/${id}`, 'id');
    if (!req.accepts('text/event-stream') || req.get('accept')?.includes('text/event-stream') !== true) {
      const logs = await runs.logs(queue, id, start);
      return void res.json({ items: logs.items, count: logs.count });
    }
    // SSE: every line as an event with its index, then new lines as they are written.
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
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
      await new Promise((resolve) => setTimeout(resolve, logPollMs));
    }
    res.end();
  });

  r.post('/:queue/:id/replay', requireOperator, async (req, res) => {
    const { queue, id } = ref(req);
    const { reason } = parse(ReasonBodySchema, req.body, 'body');
    const run = await audited(audit, req, 'run.replay', `${queue}/${id}`, reason, async () => {
      const created = await runs.replay(queue, id, `ops:${req.principal!.user}`);
      if (!created) throw notFound(`run ${queue}/${id}`, 'id');
      return created;
    }, (c) => `replayed as ${c.queue}/${c.id}`);
    res.status(201).json({ run });
  });

  return r;
}

