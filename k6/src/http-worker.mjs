// The worker thread behind the adapter's synchronous k6/http: it does the fetch while the
// script's thread waits on a shared flag (Atomics.wait), then posts the answer and wakes it.
import { workerData } from 'node:worker_threads';

const { port } = workerData;
// Load Node's fetch (undici) before the first timed request: k6's timings do not include its start-up.
await fetch('data:,').catch(() => undefined);
port.on('message', async ({ request, flag }) => {
  const started = performance.now();
  let answer;
  try {
    const res = await fetch(request.url, { method: request.method, headers: request.headers, body: request.body ?? undefined, signal: AbortSignal.timeout(request.timeoutMs), redirect: 'follow' });
    const body = await res.text();
    answer = { status: res.status, headers: Object.fromEntries(res.headers), body, durationMs: performance.now() - started };
  } catch (err) {
    answer = { status: 0, headers: {}, body: null, durationMs: performance.now() - started, error: String(err?.cause?.code ?? err?.name ?? err) };
  }
  port.postMessage(answer);
  const cell = new Int32Array(flag);
  Atomics.store(cell, 0, 1);
  Atomics.notify(cell, 0);
});
