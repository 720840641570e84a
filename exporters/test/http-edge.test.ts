// The ops API's HTTP edge: a request body that does not arrive is the client's fault (408,
// connection closed, not a 503 blaming Redis), and every answer carries the security headers.
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { waitFor } from '@trafi-ops/devstack';
import { ctx } from './helpers.ts';
import { OPERATOR, VIEWER, startOpsApi, type OpsApiFixture } from './fixtures/ops-api.ts';

let api: OpsApiFixture;
beforeAll(async () => {
  // The dependency timeout is far longer than the body timeout: a 503 would mean the wrong timer fired.
  api = await startOpsApi({ bodyTimeoutMs: 300, requestTimeoutMs: 5000 });
});
afterAll(() => api.stop());

/** Sends `head` then each of `chunks` `everyMs` apart over a raw socket; resolves with all it read once the server closes. */
function rawRequest(head: string, chunks: string[], everyMs = 0): Promise<{ text: string; ms: number }> {
  const { hostname, port } = new URL(api.base);
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, async () => {
      socket.write(head);
      for (const c of chunks) {
        if (everyMs) await new Promise((r) => setTimeout(r, everyMs));
        if (!socket.destroyed) socket.write(c);
      }
    });
    let text = '';
    socket.setEncoding('utf8');
    socket.on('data', (d) => (text += d));
    socket.on('error', () => undefined); // a reset after the answer: what was read is the answer
    socket.on('close', () => resolve({ text, ms: Date.now() - started }));
    setTimeout(() => { socket.destroy(); reject(new Error(`the server kept the connection open; read: ${text}`)); }, 4000);
  });
}

const post = (path: string, length: number, extra = '') =>
  `POST ${path} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${OPERATOR}\r\nContent-Type: application/json\r\nContent-Length: ${length}\r\n${extra}\r\n`;

describe('a request body that does not arrive', () => {
  test.each([
    ['announced, never sent', [] as string[], 0],
    ['half sent', ['{"ids":["orders:1"],'], 0],
    ['trickling in too slowly', Array.from({ length: 40 }, () => ' '), 50],
  ])('%s: 408 request_timeout naming the body, then the connection is closed', async (_name, chunks, everyMs) => {
    const { text, ms } = await rawRequest(post('/api/v1/dlq/retry', 100), chunks, everyMs);
    expect(text).toMatch(/^HTTP\/1\.1 408 /);
    expect(text.toLowerCase()).toContain('connection: close');
    expect(JSON.parse(text.slice(text.indexOf('\r\n\r\n') + 4))).toEqual({
      error: { code: 'request_timeout', message: expect.stringContaining('300 ms'), field: 'body' },
    });
    expect(ms).toBeLessThan(2500);
  });

  test('after an early answer (401), a body that never comes does not hold the connection', async () => {
    const { text, ms } = await rawRequest(post('/api/v1/dlq/retry', 100).replace(/Authorization: [^\r]*\r\n/, ''), []);
    expect(text).toMatch(/^HTTP\/1\.1 401 /);
    expect(ms).toBeLessThan(2500);
  });

  test('a body that arrives in time is served', async () => {
    const body = JSON.stringify({ ids: ['orders:404'], reason: 'slow but on time' });
    const { text } = await rawRequest(post('/api/v1/dlq/retry', body.length, 'Connection: close\r\n'), [body.slice(0, 10), body.slice(10)], 100);
    expect(text).toMatch(/^HTTP\/1\.1 200 /);
  });

  test('a body that arrives after its 408 is never acted on', async () => {
    const ref = await api.jobs.enqueue('order.sync', { order: 'late' }, ctx('acme'));
    const body = JSON.stringify({ reason: 'replay, too late' });
    const { text } = await rawRequest(post(`/api/v1/runs/orders/${ref.id}/replay`, body.length) + body.slice(0, 5), [body.slice(5)], 600);
    expect(text).toMatch(/^HTTP\/1\.1 408 /);
    await new Promise((r) => setTimeout(r, 500));
    const jobs = await api.jobs.queue('orders').getJobCounts('waiting', 'active', 'completed', 'failed', 'delayed', 'prioritized');
    expect(Object.values(jobs).reduce((a, b) => a + b, 0), 'no replayed copy').toBe(1);
  });
});

describe('security headers', () => {
  const common = (h: Headers, what: string) => {
    expect(h.get('x-content-type-options'), what).toBe('nosniff');
    expect(h.get('x-frame-options'), what).toBe('DENY');
    expect(h.get('referrer-policy'), what).toBe('no-referrer');
    const csp = h.get('content-security-policy') ?? '';
    expect(csp, what).toContain("default-src 'none'");
    expect(csp, what).toContain("frame-ancestors 'none'");
    expect(h.get('cache-control'), what).toBe('no-store');
  };
  const get = (path: string, token: string | null = VIEWER, headers: Record<string, string> = {}) =>
    fetch(api.base + path, { headers: { ...(token && { authorization: `Bearer ${token}` }), ...headers } });

  test('on answers, errors, probes and unknown paths', async () => {
    for (const [path, status] of [['/api/v1/queues', 200], ['/api/v1/dlq', 200], ['/api/v1/audit?limit=0', 400], ['/api/v1/runs/orders/404', 404], ['/api/v1/nothing', 404], ['/nothing', 404], ['/healthz', 200], ['/readyz', 200]] as const) {
      const res = await get(path);
      await res.arrayBuffer();
      expect(res.status, path).toBe(status);
      common(res.headers, path);
    }
    const forbidden = await fetch(`${api.base}/api/v1/dlq/retry`, { method: 'POST', headers: { authorization: `Bearer ${VIEWER}`, 'content-type': 'application/json' }, body: '{"ids":["orders:1"],"reason":"no"}' });
    expect(forbidden.status).toBe(403);
    common(forbidden.headers, '403');
  });

  test('401s challenge with Bearer (RFC 6750): invalid_token only when a token was given', async () => {
    const none = await get('/api/v1/queues', null);
    expect(none.status).toBe(401);
    common(none.headers, '401');
    expect(none.headers.get('www-authenticate')).toBe('Bearer realm="trafi-ops"');
    const basic = await get('/api/v1/queues', null, { authorization: 'Basic YTpi' });
    expect(basic.headers.get('www-authenticate')).toBe('Bearer realm="trafi-ops"');
    const wrong = await get('/api/v1/runs', 'x'.repeat(25));
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('www-authenticate')).toBe('Bearer realm="trafi-ops", error="invalid_token", error_description="the bearer token is not valid"');
    expect((await get('/api/v1/queues')).headers.get('www-authenticate')).toBeNull();
  });

  test('an SSE log stream still streams, with the headers', async () => {
    const ref = await api.jobs.enqueue('order.sync', { order: 'sse' }, ctx('acme'));
    await waitFor('the run completes', async () => (await api.jobs.queue('orders').getJobState(ref.id)) === 'completed');
    const res = await get(`/api/v1/runs/orders/${ref.id}/logs`, VIEWER, { accept: 'text/event-stream' });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    common(res.headers, 'SSE');
    expect(await res.text()).toContain('event: end');
  });
});
