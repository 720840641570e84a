// The adapter's `k6/http`: synchronous requests with k6's metrics (http_reqs, http_req_duration,
// http_req_failed) and tags (method, status, name, expected_response), and the Response API the
// scripts use (status, body, headers, json(selector)).
import { emit } from '../runtime.ts';
import { requestSync } from '../sync-http.ts';

interface Params { headers?: Record<string, string>; tags?: Record<string, string>; timeout?: string | number }

/** k6's gjson-style selector, the part the scripts use: `a.0.b`. */
function select(value: unknown, selector?: string): unknown {
  if (!selector) return value;
  return selector.split('.').reduce<unknown>((v, key) => (v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined), value);
}

export class Response {
  constructor(readonly status: number, readonly body: string | null, readonly headers: Record<string, string>, readonly error: string, readonly timings: { duration: number }, readonly url: string) {}
  json(selector?: string): unknown {
    if (this.body === null) throw new Error('the response has no body');
    return select(JSON.parse(this.body), selector);
  }
}

const timeoutMs = (t: string | number | undefined) => (t === undefined ? 60_000 : typeof t === 'number' ? t : Number.parseFloat(t) * (t.endsWith('ms') ? 1 : 1000));

export function request(method: string, url: string, body?: string | null, params: Params = {}): Response {
  const answer = requestSync({ method, url, headers: params.headers ?? {}, body: body ?? null, timeoutMs: timeoutMs(params.timeout) });
  const expected = answer.status >= 200 && answer.status < 400; // k6's default expected statuses
  const tags = { method, status: String(answer.status), name: params.tags?.name ?? url, expected_response: String(expected), ...params.tags };
  emit('http_reqs', 'counter', 1, tags);
  emit('http_req_failed', 'rate', expected ? 0 : 1, tags);
  emit('http_req_duration', 'trend', answer.durationMs, tags);
  return new Response(answer.status, answer.body, answer.headers, answer.error ?? '', { duration: answer.durationMs }, url);
}

export const get = (url: string, params?: Params) => request('GET', url, null, params);
export const post = (url: string, body?: string | null, params?: Params) => request('POST', url, body, params);
export const put = (url: string, body?: string | null, params?: Params) => request('PUT', url, body, params);
export const del = (url: string, body?: string | null, params?: Params) => request('DELETE', url, body, params);

export default { request, get, post, put, del };
