// The ops API as the plugin sees it: every call goes through Grafana's backend
// (getBackendSrv) to the plugin proxy, typed from the endpoint it calls (contracts'
// endpoints.ts), and every answer is checked against that endpoint's response schema,
// so a drifted API fails loudly here instead of rendering garbage.
import { config, getBackendSrv, type FetchError } from '@grafana/runtime';
import { lastValueFrom } from 'rxjs';
import type { z } from 'zod';
import { ApiError, ApiErrorBodySchema, endpointPath, endpoints, type DlqFilter, type Endpoint, type RollbackBody } from '@trafi-ops/contracts';
import { OPS_API } from '../constants';

export { ApiError } from '@trafi-ops/contracts';
export type { BulkAnswer } from '@trafi-ops/contracts';

/** What a call sends: path params and a body where the endpoint has them (then required), a query where it takes one. */
type CallInput<E extends Endpoint> = ({} extends z.input<E['params']> ? { params?: z.input<E['params']> } : { params: z.input<E['params']> }) & {
  query?: Partial<z.output<E['query']>>;
} & (z.input<E['body']> extends undefined ? { body?: undefined } : { body: z.input<E['body']> });

export async function call<E extends Endpoint>(endpoint: E, ...[input]: {} extends CallInput<E> ? [CallInput<E>?] : [CallInput<E>]): Promise<z.output<E['response']>> {
  const path = endpointPath(endpoint.path, input?.params as Record<string, unknown> | undefined);
  const query = Object.fromEntries(Object.entries(input?.query ?? {}).filter(([, v]) => v !== undefined && v !== ''));
  let data: unknown;
  try {
    const res = await lastValueFrom(
      getBackendSrv().fetch<unknown>({ url: `${OPS_API}${path}`, method: endpoint.method, params: query, data: input?.body, showErrorAlert: false, showSuccessAlert: false }),
    );
    data = res.data;
  } catch (err) {
    throw toOpsError(err as FetchError);
  }
  const parsed = endpoint.response.safeParse(data);
  if (!parsed.success) throw new ApiError(502, 'contract_mismatch', `unexpected answer from ${path}: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  return parsed.data as z.output<E['response']>;
}

function toOpsError(err: FetchError | Error): ApiError {
  if (!('status' in err)) return new ApiError(0, 'network', err.message ?? 'the request failed');
  const body = ApiErrorBodySchema.safeParse(err.data);
  if (body.success) return new ApiError(err.status, body.data.error.code, body.data.error.message, body.data.error.field);
  // Grafana's own answers (proxy not configured, missing permission) carry { message }.
  const message = (err.data as { message?: string } | undefined)?.message ?? err.statusText ?? `HTTP ${err.status}`;
  return new ApiError(err.status, err.status === 403 ? 'forbidden' : 'proxy_error', message);
}

export type BulkTarget = { ids: string[] } | { filter: DlqFilter };

type Query<E extends Endpoint> = Partial<z.output<E['query']>>;

export const opsApi = {
  queues: () => call(endpoints.listQueues).then((r) => r.items),
  runs: (q: Query<typeof endpoints.listRuns>) => call(endpoints.listRuns, { query: q }),
  run: (queue: string, id: string) => call(endpoints.getRun, { params: { queue, id } }),
  runLogs: (queue: string, id: string, start = 0) => call(endpoints.getRunLogs, { params: { queue, id }, query: { start } }),
  replay: (queue: string, id: string, reason: string) => call(endpoints.replayRun, { params: { queue, id }, body: { reason } }).then((r) => r.run),
  dlq: (q: Query<typeof endpoints.listDlq>) => call(endpoints.listDlq, { query: q }),
  dlqErrorGroups: (q: Query<typeof endpoints.dlqErrorGroups>) => call(endpoints.dlqErrorGroups, { query: q }),
  dlqEntry: (id: string) => call(endpoints.getDlqEntry, { params: { id } }),
  dlqRetryOne: (id: string, reason: string) => call(endpoints.retryDlqEntry, { params: { id }, body: { reason } }),
  /** Bulk retry/delete; more than the API's sync limit answers with a tracked operation. */
  dlqBulk: (action: 'retry' | 'delete', target: BulkTarget, reason: string) =>
    call(action === 'retry' ? endpoints.retryDlq : endpoints.deleteDlq, { body: { ...target, reason } }),
  operation: (id: string) => call(endpoints.getDlqOperation, { params: { id } }).then((r) => r.operation),
  alerts: () => call(endpoints.listAlerts),
  diagnostics: (q: Query<typeof endpoints.listDiagnostics>) => call(endpoints.listDiagnostics, { query: q }),
  createDiagnostic: (body: z.input<typeof endpoints.createDiagnostic.body>) => call(endpoints.createDiagnostic, { body }).then((r) => r.report),
  diagnosticOperation: (id: string) => call(endpoints.getDiagnosticOperation, { params: { id } }).then((r) => r.operation),
  diagnostic: (id: string) => call(endpoints.getDiagnostic, { params: { id } }),
  pauseQueue: (queue: string, reason: string) => call(endpoints.pauseQueue, { params: { queue }, body: { reason } }),
  resumeQueue: (queue: string, reason: string) => call(endpoints.resumeQueue, { params: { queue }, body: { reason } }),
  eventFlowStores: () => call(endpoints.listEventFlowStores).then((r) => r.items),
  eventFlowStore: (store: string) => call(endpoints.getEventFlowStore, { params: { store } }),
  audit: (q: Query<typeof endpoints.listAudit>) => call(endpoints.listAudit, { query: q }),
  deployments: (q: Query<typeof endpoints.listDeployments>) => call(endpoints.listDeployments, { query: q }),
  liveDeployments: () => call(endpoints.getLiveDeployments).then((r) => r.items),
  rollbacks: (q: Query<typeof endpoints.listRollbacks> = {}) => call(endpoints.listRollbacks, { query: q }),
  rollback: (id: string) => call(endpoints.getRollback, { params: { id } }).then((r) => r.rollback),
  startRollback: (body: RollbackBody) => call(endpoints.startRollback, { body }),
};

/** URL for an EventSource on a run's logs (same origin: Grafana's session cookie authenticates it). */
export function runLogsStreamUrl(queue: string, id: string, start = 0): string {
  return `${config.appSubUrl ?? ''}/${OPS_API}${endpointPath(endpoints.getRunLogs.path, { queue, id })}?start=${start}`;
}
