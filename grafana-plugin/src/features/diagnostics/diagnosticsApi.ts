// The Diagnostics page's calls: reports of a tenant, build one, follow its operation, read one,
// and the PDF's URL (same origin: Grafana's session cookie authenticates the download).
import { config } from '@grafana/runtime';
import { endpointPath, endpoints, type DiagnosticsBody } from '@trafi-ops/contracts';
import { opsApi } from '../../api/ops-api';
import { OPS_API } from '../../constants';

export const diagnosticsApi = {
  list: (tenant?: string) => opsApi.diagnostics(tenant ? { tenant } : {}),
  create: (body: DiagnosticsBody) => opsApi.createDiagnostic(body),
  operation: (id: string) => opsApi.diagnosticOperation(id),
  report: (id: string) => opsApi.diagnostic(id),
};
export type DiagnosticsApi = typeof diagnosticsApi;

export function reportPdfUrl(id: string): string {
  return `${config.appSubUrl ?? ''}/${OPS_API}${endpointPath(endpoints.getDiagnosticPdf.path, { id })}`;
}
