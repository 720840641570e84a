// A bulk answer followed to its end: the API answers small bulks at once and big ones
// (above its sync limit) with a tracked operation that we poll until it finishes.
import type { BulkResult, Operation } from '@trafi-ops/contracts';
import { opsApi, type BulkAnswer } from '../../api/ops-api';

export interface SettleOptions {
  onProgress: (p: BulkResult) => void;
  intervalMs?: number;
  /** Stops polling (the page went away). */
  signal?: AbortSignal;
  poll?: (id: string) => Promise<Operation>;
  /** Failed polls in a row retried (with doubling waits) before giving up. */
  pollRetries?: number;
}

/**
 * The bulk request was accepted but its operation could not be followed to the end: what it
 * did is unknown, so the caller must not offer to send it again.
 */
export class OperationStatusUnknownError extends Error {
  constructor(
    readonly operationId: string,
    readonly pollError: Error,
  ) {
    super(`operation ${operationId}: status unknown (${pollError.message})`);
    this.name = 'OperationStatusUnknownError';
  }
}

export async function settleBulk(answer: BulkAnswer, { onProgress, intervalMs = 500, signal, poll = opsApi.operation, pollRetries = 3 }: SettleOptions): Promise<BulkResult> {
  if (!('operation' in answer)) return answer;
  let op = answer.operation;
  onProgress(counts(op));
  let failures = 0;
  while (op.status === 'running') {
    // A failed poll waits twice as long as the one before (a brief API or network hiccup).
    await sleep(intervalMs * 2 ** failures, signal);
    try {
      op = await poll(op.id);
    } catch (err) {
      if (signal?.aborted) throw err;
      if (++failures > pollRetries) throw new OperationStatusUnknownError(op.id, err as Error);
      continue;
    }
    failures = 0;
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
