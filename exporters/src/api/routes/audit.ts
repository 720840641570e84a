import { endpoints } from '@trafi-ops/contracts';
import type { ApiContext } from '../context.ts';
import { handle, resourceRouter, type ResourceRouter } from '../handle.ts';

/** GET /audit: who changed what, newest first. */
export function auditRoutes({ audit }: ApiContext): ResourceRouter {
  const at = resourceRouter('/');
  handle(at, endpoints.listAudit, ({ query }) => audit.list(query));
  return at;
}
