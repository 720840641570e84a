// Synchronous HTTP for the adapter's k6/http: k6 scripts call http.get() and use the answer on
// the next line, so the script's thread blocks (Atomics.wait) while a worker thread fetches.
import { MessageChannel, Worker, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';

export interface SyncRequest { method: string; url: string; headers: Record<string, string>; body: string | null; timeoutMs: number }
export interface SyncAnswer { status: number; headers: Record<string, string>; body: string | null; durationMs: number; error?: string }

let channel: { worker: Worker; port: MessagePort } | undefined;

function open(): { worker: Worker; port: MessagePort } {
  if (channel) return channel;
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(new URL('./http-worker.mjs', import.meta.url), { workerData: { port: port2 }, transferList: [port2] });
  worker.unref();
  channel = { worker, port: port1 };
  return channel;
}

export function requestSync(request: SyncRequest): SyncAnswer {
  const { port } = open();
  const flag = new SharedArrayBuffer(4);
  port.postMessage({ request, flag });
  Atomics.wait(new Int32Array(flag), 0, 0, request.timeoutMs + 5_000);
  const msg = receiveMessageOnPort(port);
  if (!msg) return { status: 0, headers: {}, body: null, durationMs: request.timeoutMs, error: 'request_timeout' };
  return msg.message as SyncAnswer;
}

export async function closeSyncHttp(): Promise<void> {
  await channel?.worker.terminate();
  channel = undefined;
}
