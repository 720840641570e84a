// Every mutation is in the audit log: who, role, action, target, reason, result. The row is
// written (pending) before the action runs and completed after it: if it cannot be written the
// action does not run and the caller gets a 503, so no action ever goes unrecorded.
import type { Request } from 'express';
import type { AuditLog } from '../db/audit-log.ts';
import { ApiError } from './errors.ts';

/** What an action does, for its audit row. */
export interface AuditSubject {
  action: string;
  target: string;
  reason: string;
  details?: unknown;
}

/** The pending row of an action under way; settle it once the action has ended. */
export interface AuditTicket {
  id: string;
  succeeded(result: string): Promise<void>;
  failed(err: unknown): Promise<void>;
}

/** Writes the pending row, or refuses the request (nothing has happened yet). */
export async function beginAudit(audit: AuditLog, req: Request, what: AuditSubject): Promise<AuditTicket> {
  let id: string;
  try {
    ({ id } = await audit.begin({ actor: req.principal!.user, role: req.principal!.role, ...what }));
  } catch (err) {
    // A data exception (SQLSTATE class 22) is text the store refuses, which the contracts' TextSchema
    // should have caught already; anything else is the store being unavailable.
    if ((err as { code?: string }).code?.startsWith('22')) throw new ApiError(400, 'invalid_request', 'the request holds text the audit log cannot store; nothing was changed', 'body');
    throw new ApiError(503, 'audit_unavailable', 'the audit log cannot be written, so nothing was changed; try again later');
  }
  // Completing can fail too (the store went away meanwhile): the action has happened, so the
  // caller still gets its answer, and the row stays pending, visibly unfinished.
  const settle = (outcome: 'succeeded' | 'failed', result: string) => audit.complete(id, outcome, result).then(() => undefined, () => undefined);
  return {
    id,
    succeeded: (result) => settle('succeeded', result),
    failed: (err) => settle('failed', `error: ${err instanceof Error ? err.message : String(err)}`),
  };
}

/** Runs `run` between writing its audit row and completing it with `describe(result)` or the error. */
export async function audited<T>(audit: AuditLog, req: Request, what: AuditSubject, run: () => Promise<T>, describe: (result: T) => string = () => 'ok'): Promise<T> {
  const ticket = await beginAudit(audit, req, what);
  let result: T;
  try {
    result = await run();
  } catch (err) {
    await ticket.failed(err);
    throw err;
  }
  await ticket.succeeded(describe(result));
  return result;
}
