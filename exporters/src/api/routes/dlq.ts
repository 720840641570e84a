import { API_BASE, endpoints, type BulkResult } from '@trafi-ops/contracts';
import type { ApiContext } from '../context.ts';
import { audited, beginAudit } from '../audited.ts';
import { notFound } from '../errors.ts';
import { handle, resourceRouter, type ResourceRouter } from '../handle.ts';

const counts = (r: BulkResult) => `done ${r.done}, skipped ${r.skipped} of ${r.total}`;

/** The DLQ: list, entry, tracked operations, retry one, bulk retry/delete. */
export function dlqRoutes(ctx: ApiContext): ResourceRouter {
  const { dlq, audit, operations, syncBulkLimit = 1000 } = ctx;
  const at = resourceRouter('/dlq');

  handle(at, endpoints.listDlq, ({ query }) => dlq.list(query));

  handle(at, endpoints.dlqErrorGroups, ({ query }) => dlq.errorGroups(query));

  handle(at, endpoints.getDlqOperation, async ({ params: { id } }) => {
    const op = await operations.get(id);
    if (!op) throw notFound(`operation ${id}`, 'id');
    return { operation: op };
  });

  handle(at, endpoints.getDlqEntry, async ({ params: { id } }) => {
    const entry = await dlq.get(id);
    if (!entry) throw notFound(`DLQ entry ${id}`, 'id');
    return entry;
  });

  handle(at, endpoints.retryDlqEntry, ({ params: { id }, body: { reason } }, req) =>
    audited(audit, req, { action: 'dlq.retry', target: id, reason }, async () => {
      // The requeue script says what it did: nothing requeued means no such entry (no pre-read, no race).
      const result = await dlq.retry([id]);
      if (result.done === 0) throw notFound(`DLQ entry ${id}`, 'id');
      return result;
    }, counts),
  );

  // Bulk retry / delete by ids or by filter; large ones run as tracked operations.
  for (const [action, endpoint] of [['retry', endpoints.retryDlq], ['delete', endpoints.deleteDlq]] as const) {
    handle(at, endpoint, async ({ body }, req, res) => {
      const target = body.ids ? `ids(${body.ids.length})` : `filter ${JSON.stringify(body.filter)}`;
      const ids = body.ids ?? (await dlq.idsMatching(body.filter!));
      // The audit row keeps exactly which entries the action covered.
      const subject = { action: `dlq.bulk_${action}`, target, reason: body.reason, details: { ids, ...(body.filter ? { filter: body.filter } : {}) } };
      const run = (progress?: (p: BulkResult) => void) => (action === 'retry' ? dlq.retry(ids, progress) : dlq.delete(ids, progress));
      if (ids.length <= syncBulkLimit) return audited(audit, req, subject, () => run(), counts);
      // Tracked: the row names the operation and is completed with its final counts when it ends.
      const planned = operations.plan(`dlq_${action}`, ids.length);
      const ticket = await beginAudit(audit, req, { ...subject, details: { ...subject.details, operation: planned.id } });
      const op = await operations
        .start(planned, run, (final) => (final.status === 'succeeded' ? ticket.succeeded(counts(final)) : ticket.failed(final.error)))
        .catch(async (err: unknown) => {
          await ticket.failed(err);
          throw err;
        });
      res.status(202).location(`${API_BASE}/dlq/operations/${op.id}`);
      return { operation: op };
    });
  }

  return at;
}
