// Prometheus through Grafana's datasource proxy (the app's datasource uid is configurable).
import { getBackendSrv } from '@grafana/runtime';
import { lastValueFrom } from 'rxjs';
import { z } from 'zod';
import { fetchErrorMessage } from './fetch-error';

const VectorSchema = z.object({
  status: z.literal('success'),
  data: z.object({ resultType: z.literal('vector'), result: z.array(z.object({ metric: z.record(z.string(), z.string()), value: z.tuple([z.number(), z.string()]) })) }),
});
const MatrixSchema = z.object({
  status: z.literal('success'),
  data: z.object({ resultType: z.literal('matrix'), result: z.array(z.object({ metric: z.record(z.string(), z.string()), values: z.array(z.tuple([z.number(), z.string()])) })) }),
});

export interface Sample {
  labels: Record<string, string>;
  value: number;
}
export interface Series {
  labels: Record<string, string>;
  points: Array<[number, number]>;
}

/** A failed Prometheus request, with the datasource it went to. */
export class PrometheusError extends Error {
  constructor(
    readonly uid: string,
    cause: unknown,
  ) {
    super(fetchErrorMessage(cause));
  }
}

/** Runs `fn`, turning any failure into a PrometheusError naming `uid`. */
export async function viaPrometheus<T>(uid: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw new PrometheusError(uid, err);
  }
}

const base = (uid: string) => `api/datasources/proxy/uid/${encodeURIComponent(uid)}/api/v1`;

async function get(url: string, params: Record<string, string | number>): Promise<unknown> {
  const res = await lastValueFrom(getBackendSrv().fetch<unknown>({ url, params, showErrorAlert: false }));
  return res.data;
}

export async function instantQuery(uid: string, query: string): Promise<Sample[]> {
  const body = VectorSchema.parse(await get(`${base(uid)}/query`, { query }));
  return body.data.result.map((r) => ({ labels: r.metric, value: Number(r.value[1]) }));
}

export async function rangeQuery(uid: string, query: string, minutes: number, stepSeconds: number): Promise<Series[]> {
  const end = Math.floor(Date.now() / 1000);
  const body = MatrixSchema.parse(await get(`${base(uid)}/query_range`, { query, start: end - minutes * 60, end, step: stepSeconds }));
  return body.data.result.map((r) => ({ labels: r.metric, points: r.values.map(([t, v]) => [t, Number(v)] as [number, number]) }));
}
