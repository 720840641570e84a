// Long bulk actions run in the background as tracked operations with progress,
// kept in Redis for a day so any API instance can answer for them.
import { randomUUID } from 'node:crypto';
import type { RedisClient } from '../redis/client.ts';
import type { BulkResult, Operation } from '@trafi-ops/contracts';
import type { Keys } from '../redis/keys.ts';

const TTL_SECONDS = 24 * 3600;

export class OperationTracker {
  constructor(
    protected readonly redis: RedisClient,
    protected readonly keys: Keys,
  ) {}

  /** A new operation, not yet started: its id can go into the audit row written before it starts. */
  plan(kind: Operation['kind'], total: number): Operation {
    return { id: randomUUID(), kind, status: 'running', done: 0, skipped: 0, total, startedAt: Date.now() };
  }

  /**
   * Saves `op` (so its Location answers at once; throws, with nothing done, if Redis cannot take
   * it), then runs `work` in the background; `onDone` sees the outcome (for the audit log).
   */
  async start(op: Operation, work: (progress: (p: BulkResult) => void) => Promise<BulkResult>, onDone: (op: Operation) => Promise<void>): Promise<Operation> {
    await this.save(op);
    // A lost progress or final save only makes the poll lag; it must not stop the work or its audit row.
    const save = (o: Operation) => this.save(o).catch(() => undefined);
    void work((p) => void save({ ...op, ...p }))
      .then(
        (r) => ({ ...op, ...r, status: 'succeeded' as const, finishedAt: Date.now() }),
        (err: Error) => ({ ...op, status: 'failed' as const, error: err.message, finishedAt: Date.now() }),
      )
      .then(async (final) => {
        await save(final);
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
