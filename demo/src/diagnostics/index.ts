// The demo platform's side of diagnostic reports, mounted by one hook in platform.ts: its
// request errors go to the per-tenant error log, and its internal config endpoint answers the
// ops API under INTERNAL_PATH.
import type { Express } from 'express';
import { requestErrorLogger, type RequestErrorLog } from '@trafi-ops/exporters';
import { configRouter } from './config-endpoint.ts';
import { DEMO_TENANT_CONFIGS, type TenantConfig } from './tenant-configs.ts';

export { DEMO_TENANT_CONFIGS, publicConfig, type TenantConfig } from './tenant-configs.ts';

export const INTERNAL_PATH = '/_internal';

export interface DemoDiagnostics {
  requestErrors: RequestErrorLog;
  /** Bearer token of the internal config endpoint. */
  token: string;
  configs?: TenantConfig[];
}

export function mountDemoDiagnostics(app: Express, d: DemoDiagnostics): void {
  app.use(requestErrorLogger(d.requestErrors));
  app.use(INTERNAL_PATH, configRouter(d.configs ?? DEMO_TENANT_CONFIGS, d.token));
}
