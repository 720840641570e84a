// A bulk answer followed to its end: the API answers small bulks at once and big ones
// (above its sync limit) with a tracked operation that we poll until it finishes.
import type { BulkResult, Operation } from '@trafi-ops/exporters/contracts';
import { opsApi, type BulkAnswer } from '../../api/ops-api';

export interface SettleOptions {
  onProgress: (p: BulkResult) => void;
  intervalMs?: number;
  /** Stops polling (the page went away). */
  signal?: AbortSignal;
  poll?: (id: string) => Promise<Operation>;
}

export async function settleBulk(answer: BulkAnswer, { onProgress, intervalMs = 500, signal, poll = opsApi.operation }: SettleOptions): Promise<BulkResult> {
  if (!('operation' in answer)) return answer;
  let op = answer.operation;
  onProgress(counts(op));
  while (op.status === 'running') {
    await sleep(intervalMs, signal);
    op = await poll(op.id);
    onProgress(counts(op));
  }
  if (op.status === 'failed') {
    throw new Error(`the operation failed after ${op.done} done, ${op.skipped} skipped of ${op.total}: ${op.error ?? 'unknown error'}`);
  }
  return counts(op);
}

const counts = (op: Operation): BulkResult => ({ done: op.done, skipped: op.skipped, total: op.total });

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new Error('cancelled'));
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(new Error('cancelled'));
    }, { once: true });
  });
}
