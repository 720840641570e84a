// The platform reports storefront events through this: report() only counts in memory
// (never blocks, never throws); a timer flushes the counts to Redis in one script call.
// If Redis is away, counts wait in the buffer up to a bound; past it they are dropped
// and counted as dropped.
import { Redis } from 'ioredis';
import { createCluster, type RedisClient } from '../redis/client.ts';
import { EVENT_NAME, EventNameSchema, isSyntheticStore } from '@trafi-ops/contracts';
import { RedisCommands } from '../redis/commands.ts';
import { Keys } from '../redis/keys.ts';

export { EventNameSchema };

export interface EventReporterOptions {
  /** A connection of its own that fails fast (see createReporterRedis). */
  redis: RedisClient;
  prefix?: string;
  flushIntervalMs?: number;
  /** Distinct store/type pairs buffered at most while Redis is away. */
  maxBuffered?: number;
  onError?: (err: unknown) => void;
}

interface Pending {
  count: number;
  firstAt: number;
  lastAt: number;
}

export class EventReporter {
  protected buffer = new Map<string, Pending>();
  protected readonly commands: RedisCommands;
  protected timer: NodeJS.Timeout;
  protected flushing: Promise<void> | undefined;
  /** Events dropped because the buffer was full or their names were invalid. */
  dropped = 0;
  flushed = 0;
  /** Events of synthetic test stores, never stored: they must not feed the flow verdicts or the Profit Engine. */
  synthetic = 0;

  constructor(protected readonly opts: EventReporterOptions) {
    this.commands = new RedisCommands(opts.redis, new Keys(opts.prefix ?? 'trafi'));
    this.timer = setInterval(() => void this.flush(), opts.flushIntervalMs ?? 1000);
    this.timer.unref();
  }

  /** Counts `count` events of a type for a store. Synchronous and never throws. */
  report(storeId: string, eventType: string, count = 1, at = Date.now()): void {
    if (!EVENT_NAME.test(storeId) || !EVENT_NAME.test(eventType) || !(count > 0)) {
      this.dropped += count > 0 ? count : 1;
      return;
    }
    if (isSyntheticStore(storeId)) return void (this.synthetic += count);
    this.add(`${storeId}\t${eventType}`, { count, firstAt: at, lastAt: at });
  }

  /** Writes the buffered counts; on failure they go back into the buffer (bounded). */
  flush(): Promise<void> {
    if (this.flushing || this.buffer.size === 0) return this.flushing ?? Promise.resolve();
    const batch = this.buffer;
    this.buffer = new Map();
    const counts = [...batch].map(([field, p]) => ({ field, ...p }));
    this.flushing = this.commands
      .eventsFlush({ counts })
      .then(
        () => void (this.flushed += [...batch.values()].reduce((n, p) => n + p.count, 0)),
        (err) => {
          for (const [field, p] of batch) this.add(field, p);
          this.opts.onError?.(err);
        },
      )
      .finally(() => (this.flushing = undefined));
    return this.flushing;
  }

  /** Adds to the buffer, which holds at most `maxBuffered` store/type pairs. */
  protected add(field: string, p: Pending): void {
    const pending = this.buffer.get(field);
    if (pending) {
      pending.count += p.count;
      pending.firstAt = Math.min(pending.firstAt, p.firstAt);
      pending.lastAt = Math.max(pending.lastAt, p.lastAt);
    } else if (this.buffer.size < (this.opts.maxBuffered ?? 10_000)) {
      this.buffer.set(field, { ...p });
    } else {
      this.dropped += p.count;
    }
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }
}

/** A connection for reporters: commands fail fast while Redis is away instead of queueing,
 *  so a Redis outage costs the caller nothing (the buffer keeps the counts). */
export function createReporterRedis(url: string, clusterNodes?: string): RedisClient {
  const options = { maxRetriesPerRequest: 0, enableOfflineQueue: false, commandTimeout: 2000, connectionName: 'trafi-events' };
  const redis = clusterNodes ? createCluster(clusterNodes, options, { enableOfflineQueue: false }) : new Redis(url, options);
  redis.on('error', () => undefined); // reconnects on its own; flush() reports failures
  return redis;
}
