import { Router } from 'express';
import { z } from 'zod';
import { DlqBulkBodySchema, DlqQuerySchema, ReasonBodySchema, type BulkResult } from '@trafi-ops/contracts';
import type { ApiContext } from '../app.ts';
import { audited } from '../audited.ts';
import { requireOperator } from '../auth.ts';
import { notFound, parse } from '../errors.ts';

const IdSchema = z.object({ id: z.string().min(3).max(300) });
const OperationIdSchema = z.object({ id: z.string().uuid() });
const counts = (r: BulkResult) => `done ${r.done}, skipped ${r.skipped} of ${r.total}`;

export function dlqRoutes(ctx: ApiContext): Router {
  const { dlq, audit, operations, syncBulkLimit = 1000 } = ctx;
  const r = Router();

  r.get('/', async (req, res) => {
    res.json(await dlq.list(parse(DlqQuerySchema, req.query, 'query')));
  });

  r.get('/operations/:id', async (req, res) => {
    const { id } = parse(OperationIdSchema, req.params, 'params');
    const op = await operations.get(id);
    if (!op) throw notFound(`operation ${id}`, 'id');
    res.json({ operation: op });
  });

  r.get('/:id', async (req, res) => {
    const { id } = parse(IdSchema, req.params, 'params');
    const entry = await dlq.get(id);
    if (!entry) throw notFound(`DLQ entry ${id}`, 'id');
    res.json(entry);
  });

  r.post('/:id/retry', requireOperator, async (req, res) => {
    const { id } = parse(IdSchema, req.params, 'params');
    const { reason } = parse(ReasonBodySchema, req.body, 'body');
    const result = await audited(audit, req, 'dlq.retry', id, reason, async () => {
      if (!(await dlq.get(id))) throw notFound(`DLQ entry ${id}`, 'id');
      return dlq.retry([id]);
    }, counts);
    res.json(result);
  });

  // Bulk retry / delete by ids or by filter; large ones run as tracked operations.
  for (const action of ['retry', 'delete'] as const) {
    r.post(`/${action}`, requireOperator, async (req, res) => {
      const body = parse(DlqBulkBodySchema, req.body, 'body');
      const target = body.ids ? `ids(${body.ids.length})` : `filter ${JSON.stringify(body.filter)}`;
      const ids = body.ids ?? (await dlq.idsMatching(body.filter!));
      // The audit row keeps exactly which entries the action covered.
      const details = { ids, ...(body.filter ? { filter: body.filter } : {}) };
      const run = (progress?: (p: BulkResult) => void) => (action === 'retry' ? dlq.retry(ids, progress) : dlq.delete(ids, progress));
      if (ids.length <= syncBulkLimit) {
        const result = await audited(audit, req, `dlq.bulk_${action}`, target, body.reason, () => run(), counts, details);
        return void res.json(result);
      }
      const principal = req.principal!;
      const op = operations.start(`dlq_${action}`, ids.length, run, async (final) => {
        await audit.record({
          actor: principal.user, role: principal.role, action: `dlq.bulk_${action}`, target, reason: body.reason, details,
          result: final.status === 'succeeded' ? counts(final) : `error: ${final.error}`,
        });
      });
      res.status(202).location(`/api/v1/dlq/operations/${op.id}`).json({ operation: op });
    });
  }

  return r;
}
