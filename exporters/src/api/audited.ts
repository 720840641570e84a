// Every mutation is written to the audit log: who, role, action, target, reason, result.
import type { Request } from 'express';
import type { AuditLog } from '../db/audit-log.ts';

export async function audited<T>(
  audit: AuditLog,
  req: Request,
  action: string,
  target: string,
  reason: string,
  run: () => Promise<T>,
  describe: (result: T) => string = () => 'ok',
  details?: unknown,
): Promise<T> {
  const who = { actor: req.principal!.user, role: req.principal!.role, action, target, reason, details };
  try {
    const result = await run();
    await audit.record({ ...who, result: describe(result) });
    return result;
  } catch (err) {
    await audit.record({ ...who, result: `error: ${(err as Error).message}` }).catch(() => undefined);
    throw err;
  }
}
