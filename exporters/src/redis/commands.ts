// Typed wrappers over the Lua commands of commands/: named options in, plain values out.
// Each command runs atomically in Redis; the keys it touches are built here from Keys
// and passed as KEYS (see each .lua file's header for what it reads and returns).
import type { RedisClient } from './client.ts';
import type { RunState } from '@trafi-ops/contracts';
import type { Keys } from './keys.ts';
import { loadCommands } from './lua-loader.ts';

/** BullMQ priorities are limited to 2^21 - 1 (its prioritized zset packs a priority and a counter in one score). */
export const MAX_PRIORITY = 2_097_151;

/** The fair repair recounts a queue of at most this many jobs (~200 ms of Redis time at 20,000). */
export const FAIR_REPAIR_MAX_JOBS = 20_000;

const COMMANDS = loadCommands();
/** ioredis names: prefixed so they never shadow one of its own commands. */
const commandName = (name: string) => `trafi${name[0]!.toUpperCase()}${name.slice(1)}`;

type Arg = string | number;
type Defined = Record<string, (...args: Arg[]) => Promise<unknown>>;

/** Where a scan goes on: strictly after the last member examined and its score (even once that member is gone or moved). */
export interface ScanPosition {
  member: string;
  score: string;
}

export interface ScanIndexOptions {
  /** The index key (the runs index or one of the DLQ indexes). */
  index: string;
  /** 'dlq' checks DLQ fields (type, tenant, error); 'runs' checks the job's and computes each run's state. */
  mode: 'dlq' | 'runs';
  after?: ScanPosition;
  from?: number;
  to?: number;
  limit: number;
  /** Members examined at most (a bounded page). */
  budget: number;
  queue?: string;
  type?: string;
  tenant?: string;
  state?: RunState;
  /** Case-insensitive substring of the error (a DLQ entry's, or a run's last failure). */
  error?: string;
}

export interface ScanIndexResult {
  members: string[];
  states: RunState[];
  /** null when the index is exhausted. */
  next: ScanPosition | null;
}

export interface QueueSnapshotRow {
  waiting: number;
  active: number;
  delayed: number;
  prioritized: number;
  completed: number;
  failed: number;
  paused: boolean;
  dlq: number;
  /** Creation time (ms) of the job that has waited longest, if any. */
  oldestWaitingAt?: number;
  /** Pending jobs per tenant (isolated queues only). */
  pendingByTenant: Map<string, number>;
  /** Active jobs per tenant ('none' for jobs without one). */
  activeByTenant: Map<string, number>;
}

export interface FairRepairResult {
  /** Pending jobs counted (summed over tenants). */
  pending: number;
  /** How far the counts were off: the sum over tenants of |old count - recount|. */
  drift: number;
}

export interface EventCount {
  /** `store\tevent_type` */
  field: string;
  count: number;
  firstAt: number;
  lastAt: number;
}

type SnapshotReply = [number, number, number, number, number, number, number, number, string, string[], Arg[]];

export class RedisCommands {
  constructor(
    readonly redis: RedisClient,
    readonly keys: Keys,
  ) {
    // Idempotent: several services may share a connection; ioredis caches scripts by SHA.
    for (const c of COMMANDS) {
      const name = commandName(c.name);
      if (typeof (redis as unknown as Defined)[name] !== 'function') redis.defineCommand(name, { numberOfKeys: c.numberOfKeys, lua: c.lua });
    }
  }

  protected call<T>(name: string, keys: string[], args: Arg[]): Promise<T> {
    return (this.redis as unknown as Defined)[commandName(name)]!(...keys, ...args) as Promise<T>;
  }

  /** BullMQ's failed set -> DLQ. True when the job moved (false: not in the failed set, or its hash is gone). */
  async deadLetter(o: { queue: string; jobId: string; isolated: boolean; now?: number }): Promise<boolean> {
    const k = this.keys;
    const moved = await this.call<number>(
      'deadLetter',
      [k.queueKey(o.queue, 'failed'), k.job(o.queue, o.jobId), k.dlqAll, k.dlqByQueue(o.queue), k.fair(o.queue), k.base],
      [o.jobId, o.queue, o.now ?? Date.now(), o.isolated ? '1' : '0'],
    );
    return moved === 1;
  }

  /** A job of an isolated queue is done: it stops counting for its tenant's fair priority, once
   *  (true when this call released it; false when it was already released or is gone). */
  async fairDone(o: { queue: string; jobId: string }): Promise<boolean> {
    return (await this.call<number>('fairDone', [this.keys.fair(o.queue), this.keys.job(o.queue, o.jobId)], [])) === 1;
  }

  /** Recounts an isolated queue's pending jobs per tenant from its lists and rewrites its fair counts;
   *  null (nothing done) when the queue holds more than `maxJobs` (Redis is blocked ~10 µs per job). */
  async fairRepair(o: { queue: string; maxJobs?: number }): Promise<FairRepairResult | null> {
    const [pending, drift] = await this.call<[number, number]>('fairRepair', [this.keys.fair(o.queue), this.keys.queueBase(o.queue)], [o.maxJobs ?? FAIR_REPAIR_MAX_JOBS]);
    return pending < 0 ? null : { pending, drift };
  }

  /** Deletes DLQ entries with their job; returns how many were in the DLQ. */
  dlqDelete(o: { members: string[] }): Promise<number> {
    return this.call('dlqDelete', [this.keys.dlqAll, this.keys.base], o.members);
  }

  /** Requeues DLQ entries in place with fresh attempts; returns how many were requeued. */
  dlqRequeue(o: { members: string[]; isolatedQueues: string[]; now?: number }): Promise<number> {
    return this.call(
      'dlqRequeue',
      [this.keys.dlqAll, this.keys.runs, this.keys.base],
      [o.now ?? Date.now(), `,${o.isolatedQueues.join(',')},`, MAX_PRIORITY, ...o.members],
    );
  }

  /** One bounded page of an index, newest first, filtered in Redis. */
  async scanIndex(o: ScanIndexOptions): Promise<ScanIndexResult> {
    const [members, states, last, lastScore] = await this.call<[string[], RunState[], string, string]>(
      'scanIndex',
      [o.index, this.keys.base],
      [
        o.after?.member ?? '', o.after?.score ?? '', o.from ?? '', o.to ?? '', o.limit, o.budget, o.mode,
        o.queue ?? '', o.type ?? '', o.tenant ?? '', o.state ?? '', (o.error ?? '').toLowerCase(),
      ],
    );
    return { members, states, next: last ? { member: last, score: lastScore } : null };
  }

  /** A run's job hash and its state, or null when the job is gone. */
  async getRun(o: { queue: string; jobId: string }): Promise<{ state: RunState; hash: Record<string, string> } | null> {
    const reply = await this.call<string[] | null>('getRun', [this.keys.job(o.queue, o.jobId), this.keys.queueBase(o.queue)], [o.jobId]);
    if (!reply) return null;
    const [state, ...flat] = reply;
    const hash: Record<string, string> = {};
    for (let i = 0; i < flat.length; i += 2) hash[flat[i]!] = flat[i + 1]!;
    return { state: state as RunState, hash };
  }

  /** Every queue's counts in one round trip, in the order given. */
  async queueSnapshot(o: { queues: { name: string; isolated: boolean }[] }): Promise<QueueSnapshotRow[]> {
    if (o.queues.length === 0) return [];
    const rows = await this.call<SnapshotReply[]>('queueSnapshot', [this.keys.base], o.queues.flatMap((q) => [q.name, q.isolated ? '1' : '0']));
    return rows.map(([waiting, active, delayed, prioritized, completed, failed, paused, dlq, oldest, pending, running]) => {
      const row: QueueSnapshotRow = {
        waiting, active, delayed, prioritized, completed, failed, paused: paused === 1, dlq,
        pendingByTenant: pairs(pending), activeByTenant: pairs(running),
      };
      if (oldest) row.oldestWaitingAt = Number(oldest);
      return row;
    });
  }

  /** A support grant leaves one of `from` for `to` with `set` (field/value pairs), unless it is
   *  gone, of another tenant than `tenant`, or in another (effective) state. */
  async supportTransition(o: { grantKey: string; from: string[]; tenant?: string; now: number; to: string; set: Record<string, string | number> }): Promise<{ ok: true } | { ok: false; why: 'not_found' | 'other_tenant' | 'state'; state?: string }> {
    const [why, state] = await this.call<[string, string?]>('supportTransition', [o.grantKey], [`,${o.from.join(',')},`, o.tenant ?? '', o.now, o.to, ...Object.entries(o.set).flat()]);
    if (why === 'ok') return { ok: true };
    return { ok: false, why: why as 'not_found' | 'other_tenant' | 'state', ...(state !== undefined && { state }) };
  }

  /** Adds buffered storefront event counts (first receipt only moves back, last only forward). */
  async eventsFlush(o: { counts: EventCount[] }): Promise<void> {
    if (o.counts.length === 0) return;
    const k = this.keys;
    await this.call(
      'eventsFlush',
      [k.events('total'), k.events('first'), k.events('last')],
      o.counts.flatMap((c) => [c.field, c.count, c.firstAt, c.lastAt]),
    );
  }
}

/** [k1, v1, k2, v2…] from a script, as a Map. */
function pairs(flat: Arg[]): Map<string, number> {
  const out = new Map<string, number>();
  for (let k = 0; k < flat.length; k += 2) out.set(String(flat[k]), Number(flat[k + 1]));
  return out;
}
