// Redis keys: BullMQ's and the ones Trafi adds next to them, built here only and passed
// to the Lua commands as KEYS. Ours share BullMQ's prefix (so a `{trafi}` hash-tag prefix
// keeps every key of a script in one Cluster slot) and start with `~`, which a queue name
// may not contain, so they never collide.

import { QUEUE_NAME } from '@trafi-ops/contracts';

export { QUEUE_NAME };

export class Keys {
  constructor(readonly prefix: string) {}

  /** The key prefix `<prefix>:`, passed as a KEYS entry to a script whose keys depend on data
   *  it reads itself (a member's queue, a job's type or tenant), as BullMQ passes its queue prefix. */
  get base(): string {
    return `${this.prefix}:`;
  }
  /** A queue's key prefix `<prefix>:<queue>:` (BullMQ's own keys of the queue extend it). */
  queueBase(queue: string): string {
    return `${this.prefix}:${queue}:`;
  }
  job(queue: string, jobId: string): string {
    return `${this.prefix}:${queue}:${jobId}`;
  }
  queueKey(queue: string, type: string): string {
    return `${this.prefix}:${queue}:${type}`;
  }
  /** Every run, newest last: score = creation time, member = `queue:jobId`. */
  get runs(): string {
    return `${this.prefix}:~runs`;
  }
  /** Pending jobs per tenant of an isolated queue (hash tenant -> count). */
  fair(queue: string): string {
    return `${this.prefix}:~fair:${queue}`;
  }
  get dlqAll(): string {
    return `${this.prefix}:~dlq:all`;
  }
  dlqByQueue(queue: string): string {
    return `${this.prefix}:~dlq:q:${queue}`;
  }
  dlqByType(type: string): string {
    return `${this.prefix}:~dlq:t:${type}`;
  }
  dlqByTenant(tenant: string): string {
    return `${this.prefix}:~dlq:tn:${tenant}`;
  }
  operation(id: string): string {
    return `${this.prefix}:~op:${id}`;
  }
  /** Storefront events: hashes keyed `store\tevent_type` (total count, first and last receipt). */
  events(kind: 'total' | 'first' | 'last'): string {
    return `${this.prefix}:~ev:${kind}`;
  }
  heartbeat(): string {
    return `${this.prefix}:~workers`;
  }
  /** Support mode: a grant (hash), every grant by request time, a tenant's grants, a one-time code (by its digest). */
  supportGrant(id: string): string {
    return `${this.prefix}:~support:g:${id}`;
  }
  get supportGrants(): string {
    return `${this.prefix}:~support:all`;
  }
  supportTenantGrants(tenant: string): string {
    return `${this.prefix}:~support:tn:${tenant}`;
  }
  supportCode(digest: string): string {
    return `${this.prefix}:~support:code:${digest}`;
  }
  /** The notices support.notify delivered to a tenant, newest first (a capped list). */
  supportNotices(tenant: string): string {
    return `${this.prefix}:~support:notices:${tenant}`;
  }
}

/** A run or DLQ entry id is `queue:jobId`; queue names never contain `:`. */
export function splitRef(ref: string): { queue: string; jobId: string } | null {
  const at = ref.indexOf(':');
  if (at <= 0 || at === ref.length - 1) return null;
  const queue = ref.slice(0, at);
  if (!QUEUE_NAME.test(queue)) return null;
  return { queue, jobId: ref.slice(at + 1) };
}

export const joinRef = (queue: string, jobId: string): string => `${queue}:${jobId}`;
