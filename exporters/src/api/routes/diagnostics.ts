import { API_BASE, PDF_MEDIA_TYPE, endpoints } from '@trafi-ops/contracts';
import { DIAGNOSTIC_STEPS } from '../../diagnostics/diagnostics-service.ts';
import type { ApiContext } from '../context.ts';
import { ApiError, notFound } from '../errors.ts';
import { beginAudit } from '../audited.ts';
import { handle, resourceRouter, type ResourceRouter } from '../handle.ts';

const unavailable = () => new ApiError(503, 'diagnostics_unavailable', 'diagnostic reports are not configured on this instance');

/** Diagnostic reports: list, build (audited tracked operation), progress, JSON, PDF. */
export function diagnosticsRoutes(ctx: ApiContext): ResourceRouter {
  const { diagnostics, audit, operations } = ctx;
  const at = resourceRouter('/diagnostics');
  const service = () => diagnostics ?? (() => { throw unavailable(); })();

  handle(at, endpoints.listDiagnostics, ({ query }) => service().reports.list(query));

  handle(at, endpoints.createDiagnostic, async ({ body }, req, res) => {
    const valid = await service().validate(body);
    let release: () => void;
    try {
      release = service().reserveBuild();
    } catch (err) {
      res.set('Retry-After', '10'); // a build takes seconds
      throw err;
    }
    const planned = operations.plan('diagnostic_report', DIAGNOSTIC_STEPS);
    const ticket = await beginAudit(audit, req, {
      action: 'diagnostics.create',
      target: `tenant ${valid.tenant}${valid.store ? ` store ${valid.store}` : ''}`,
      reason: body.reason,
      details: { caseId: body.caseId, tenant: valid.tenant, store: valid.store, from: valid.from, to: valid.to, operation: planned.id },
    }).catch((err: unknown) => {
      release();
      throw err;
    });
    const started = await service()
      .start(valid, { caseId: body.caseId, reason: body.reason, operator: req.principal!.user }, operations, planned, (final) =>
        final.status === 'succeeded' ? ticket.succeeded(`report built (operation ${final.id})`) : ticket.failed(final.error),
      release)
      .catch(async (err: unknown) => {
        release();
        await ticket.failed(err);
        throw err;
      });
    res.status(202).location(`${API_BASE}/diagnostics/${started.report.id}`);
    return { report: started.report };
  });

  handle(at, endpoints.getDiagnosticOperation, async ({ params: { id } }) => {
    const op = await operations.get(id);
    if (!op || op.kind !== 'diagnostic_report') throw notFound(`operation ${id}`, 'id');
    return { operation: op };
  });

  handle(at, endpoints.getDiagnostic, async ({ params: { id } }) => {
    const report = await service().reports.get(id);
    if (!report) throw notFound(`diagnostic report ${id}`, 'id');
    return report;
  });

  handle(at, endpoints.getDiagnosticPdf, async ({ params: { id } }, _req, res) => {
    const pdf = await service().reports.pdf(id);
    if (!pdf) {
      const report = await service().reports.get(id);
      if (report) throw new ApiError(409, 'not_ready', `diagnostic report ${id} is ${report.status}: no PDF`, 'id');
      throw notFound(`diagnostic report ${id}`, 'id');
    }
    res.type(PDF_MEDIA_TYPE).set('content-disposition', `attachment; filename="diagnostic-${id}.pdf"`);
    return pdf;
  });

  return at;
}
