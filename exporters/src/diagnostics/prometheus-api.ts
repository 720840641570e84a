// The two calls of Prometheus' HTTP API a report needs: an instant query and query_range.
export interface PromSample { metric: Record<string, string>; value: [number, string] }
export interface PromSeries { metric: Record<string, string>; values: [number, string][] }

export class PrometheusApi {
  constructor(
    readonly url: string,
    protected readonly timeoutMs = 10_000,
  ) {}

  async query(q: string, atMs: number): Promise<PromSample[]> {
    return this.get<PromSample[]>('query', { query: q, time: String(atMs / 1000) });
  }

  async queryRange(q: string, fromMs: number, toMs: number, stepSec: number): Promise<PromSeries[]> {
    return this.get<PromSeries[]>('query_range', { query: q, start: String(fromMs / 1000), end: String(toMs / 1000), step: String(stepSec) });
  }

  /** The single value of an instant query, or null when it returned nothing (or NaN). */
  async scalar(q: string, atMs: number): Promise<number | null> {
    const r = await this.query(q, atMs);
    const v = r[0] ? Number(r[0].value[1]) : NaN;
    return Number.isFinite(v) ? v : null;
  }

  protected async get<T>(path: string, params: Record<string, string>): Promise<T> {
    const res = await fetch(`${this.url.replace(/\/$/, '')}/api/v1/${path}`, {
      method: 'POST',
      body: new URLSearchParams(params),
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    const body = (await res.json()) as { status: string; data?: { result: T }; error?: string };
    if (body.status !== 'success') throw new Error(`prometheus ${path}: ${body.error ?? res.status}`);
    return body.data!.result;
  }
}

/** A PromQL string literal. */
export const promString = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
