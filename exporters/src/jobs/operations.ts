// Long bulk actions run in the background as tracked operations with progress,
// kept in Redis for a day so any API instance can answer for them.
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { BulkResult, Operation } from '@trafi-ops/contracts';
import type { Keys } from '../redis/keys.ts';

const TTL_SECONDS = 24 * 3600;

export class OperationTracker {
  constructor(
    protected readonly redis: Redis,
    protected readonly keys: Keys,
  ) {}

  /** Starts `work` in the background; `onDone` sees the outcome (for the audit log). */
  start(kind: Operation['kind'], total: number, work: (progress: (p: BulkResult) => void) => Promise<BulkResult>, onDone: (op: Operation) => Promise<void>): Operation {
    const op: Operation = { id: randomUUID(), kind, status: 'running', done: 0, skipped: 0, total, startedAt: Date.now() };
    void this.save(op)
      .then(() => work((p) => void this.save({ ...op, ...p })))
      .then(
        (r) => ({ ...op, ...r, status: 'succeeded' as const, finishedAt: Date.now() }),
        (err: Error) => ({ ...op, status: 'failed' as const, error: err.message, finishedAt: Date.now() }),
      )
      .then(async (final) => {
        await this.save(final);
        await onDone(final);
      })
      .catch(() => undefined);
    return op;
  }

  async get(id: string): Promise<Operation | null> {
    const raw = await this.redis.get(this.keys.operation(id));
    return raw ? (JSON.parse(raw) as Operation) : null;
  }

  protected async save(op: Operation): Promise<void> {
    await this.redis.set(this.keys.operation(op.id), JSON.stringify(op), 'EX', TTL_SECONDS);
  }
}
