// The ops API as the plugin sees it: every call goes through Grafana's backend
// (getBackendSrv) to the plugin proxy, and every answer is checked against the
// shared contract, so a drifted API fails loudly here instead of rendering garbage.
import { config, getBackendSrv, type FetchError } from '@grafana/runtime';
import { lastValueFrom } from 'rxjs';
import { z } from 'zod';
import {
  AlertsResponseSchema,
  ApiError,
  ApiErrorBodySchema,
  BulkAnswerSchema,
  BulkResultSchema,
  DlqEntrySchema,
  OperationEnvelopeSchema,
  QueueListSchema,
  RunCreatedSchema,
  RunDetailSchema,
  RunLogsSchema,
  RunSummarySchema,
  pageOf,
  type DlqFilter,
  type DlqQuery,
  type RunsQuery,
} from '@trafi-ops/contracts';
import { OPS_API } from '../constants';

export { ApiError } from '@trafi-ops/contracts';

type Params = Record<string, string | number | undefined>;

async function call<T extends z.ZodType>(schema: T, method: 'GET' | 'POST', path: string, opts: { params?: Params; body?: unknown } = {}): Promise<z.infer<T>> {
  const params = Object.fromEntries(Object.entries(opts.params ?? {}).filter(([, v]) => v !== undefined && v !== ''));
  let data: unknown;
  try {
    const res = await lastValueFrom(
      getBackendSrv().fetch<unknown>({ url: `${OPS_API}${path}`, method, params, data: opts.body, showErrorAlert: false, showSuccessAlert: false }),
    );
    data = res.data;
  } catch (err) {
    throw toOpsError(err as FetchError);
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success) throw new ApiError(502, 'contract_mismatch', `unexpected answer from ${path}: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  return parsed.data;
}

function toOpsError(err: FetchError | Error): ApiError {
  if (!('status' in err)) return new ApiError(0, 'network', err.message ?? 'the request failed');
  const body = ApiErrorBodySchema.safeParse(err.data);
  if (body.success) return new ApiError(err.status, body.data.error.code, body.data.error.message, body.data.error.field);
  // Grafana's own answers (proxy not configured, missing permission) carry { message }.
  const message = (err.data as { message?: string } | undefined)?.message ?? err.statusText ?? `HTTP ${err.status}`;
  return new ApiError(err.status, err.status === 403 ? 'forbidden' : 'proxy_error', message);
}

export type { BulkAnswer } from '@trafi-ops/contracts';

export type BulkTarget = { ids: string[] } | { filter: DlqFilter };

export const opsApi = {
  queues: () => call(QueueListSchema, 'GET', '/queues').then((r) => r.items),
  runs: (q: Partial<RunsQuery>) => call(pageOf(RunSummarySchema), 'GET', '/runs', { params: q }),
  run: (queue: string, id: string) => call(RunDetailSchema, 'GET', `/runs/${enc(queue)}/${enc(id)}`),
  runLogs: (queue: string, id: string, start = 0) =>
    call(RunLogsSchema, 'GET', `/runs/${enc(queue)}/${enc(id)}/logs`, { params: { start } }),
  replay: (queue: string, id: string, reason: string) =>
    call(RunCreatedSchema, 'POST', `/runs/${enc(queue)}/${enc(id)}/replay`, { body: { reason } }).then((r) => r.run),
  dlq: (q: Partial<DlqQuery>) => call(pageOf(DlqEntrySchema), 'GET', '/dlq', { params: q }),
  dlqEntry: (id: string) => call(DlqEntrySchema, 'GET', `/dlq/${enc(id)}`),
  dlqRetryOne: (id: string, reason: string) => call(BulkResultSchema, 'POST', `/dlq/${enc(id)}/retry`, { body: { reason } }),
  /** Bulk retry/delete; more than the API's sync limit answers with a tracked operation. */
  dlqBulk: (action: 'retry' | 'delete', target: BulkTarget, reason: string) => call(BulkAnswerSchema, 'POST', `/dlq/${action}`, { body: { ...target, reason } }),
  operation: (id: string) => call(OperationEnvelopeSchema, 'GET', `/dlq/operations/${enc(id)}`).then((r) => r.operation),
  alerts: () => call(AlertsResponseSchema, 'GET', '/alerts'),
};

/** URL for an EventSource on a run's logs (same origin: Grafana's session cookie authenticates it). */
export function runLogsStreamUrl(queue: string, id: string, start = 0): string {
  return `${config.appSubUrl ?? ''}/${OPS_API}/runs/${enc(queue)}/${enc(id)}/logs?start=${start}`;
}

const enc = encodeURIComponent;
