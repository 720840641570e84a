// The Support page's calls to the ops API (contracts' support endpoints, through the plugin proxy);
// not a *Queries.ts module: it asks no Prometheus.
import { endpoints, type SupportGrantState, type SupportRequestBody } from '@trafi-ops/contracts';
import { call } from '../../api/ops-api';

export const supportApi = {
  grants: (q: { state?: SupportGrantState; tenant?: string; cursor?: string; limit?: number }) => call(endpoints.listSupportGrants, { query: { limit: 100, ...q } }),
  request: (body: SupportRequestBody) => call(endpoints.requestSupportGrant, { body }),
  activate: (id: string, reason: string) => call(endpoints.activateSupportGrant, { params: { id }, body: { reason } }),
  access: (id: string) => call(endpoints.listSupportAccess, { params: { id }, query: { limit: 200 } }),
};
export type SupportApi = typeof supportApi;

/** mm:ss until `at` (00:00 once past); hours are counted in the minutes (90:00). */
export function countdown(at: number, now: number): string {
  const left = Math.max(0, at - now);
  const m = Math.floor(left / 60_000);
  const s = Math.floor(left / 1000) % 60;
  return `${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
}
