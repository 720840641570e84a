// Support grants in Redis: one hash per grant, an index of every grant and one per tenant (score =
// request time). State changes go through one Lua command that checks the state, the tenant and
// the expiry and applies the change atomically; reads compute `expired` from the clock, so a
// grant is expired the millisecond its time is over, whether or not anything has written it yet.
import { randomUUID } from 'node:crypto';
import type { RedisClient } from '../redis/client.ts';
import type { SupportGrant, SupportGrantState, SupportGrantsQuery } from '@trafi-ops/contracts';
import { InvalidCursorError } from '../jobs/cursor.ts';
import { RedisCommands } from '../redis/commands.ts';
import type { Keys } from '../redis/keys.ts';

/** The fields a grant hash may hold besides `state` (absent = null). */
const NUMBERS = ['durationMinutes', 'requestedAt', 'decidedAt', 'expiresAt', 'activatedAt', 'endedAt'] as const;
const TEXTS = ['store', 'decidedBy', 'activatedBy', 'activationReason', 'endedBy', 'endReason'] as const;

export type GrantDraft = Pick<SupportGrant, 'tenant' | 'store' | 'caseId' | 'reasonCode' | 'reason' | 'origin' | 'durationMinutes' | 'requestedBy'> &
  Partial<Pick<SupportGrant, 'decidedBy' | 'decidedAt' | 'expiresAt'>> & { state: 'pending' | 'approved' };

/** A grant with the session it currently has (the token id the platform middleware checks). */
export interface StoredGrant extends SupportGrant {
  sessionJti: string | null;
}

export type TransitionRefusal = { why: 'not_found' } | { why: 'other_tenant' } | { why: 'state'; state: SupportGrantState };

export class GrantStore {
  protected readonly commands: RedisCommands;

  constructor(
    readonly redis: RedisClient,
    readonly keys: Keys,
    protected readonly now: () => number = Date.now,
  ) {
    this.commands = new RedisCommands(redis, keys);
  }

  async create(draft: GrantDraft): Promise<StoredGrant> {
    const id = randomUUID();
    const requestedAt = this.now();
    const fields: Record<string, string | number> = { id, state: draft.state, tenant: draft.tenant, caseId: draft.caseId, reasonCode: draft.reasonCode, reason: draft.reason, origin: draft.origin, durationMinutes: draft.durationMinutes, requestedBy: draft.requestedBy, requestedAt };
    for (const k of ['store', 'decidedBy', 'decidedAt', 'expiresAt'] as const) if (draft[k] !== undefined && draft[k] !== null) fields[k] = draft[k]!;
    await this.redis
      .multi()
      .hset(this.keys.supportGrant(id), fields)
      .zadd(this.keys.supportGrants, requestedAt, id)
      .zadd(this.keys.supportTenantGrants(draft.tenant), requestedAt, id)
      .exec();
    return (await this.get(id))!;
  }

  async get(id: string): Promise<StoredGrant | null> {
    const hash = await this.redis.hgetall(this.keys.supportGrant(id));
    return hash.id ? this.fromHash(hash) : null;
  }

  /** Newest first; `cursor` is the last id of the previous page (paging by index position after it). */
  async list(q: Omit<SupportGrantsQuery, 'limit'> & { limit: number }): Promise<{ items: StoredGrant[]; nextCursor: string | null }> {
    const index = q.tenant ? this.keys.supportTenantGrants(q.tenant) : this.keys.supportGrants;
    let after: { score: number; id: string } | undefined;
    if (q.cursor) after = decodeCursor(q.cursor);
    const items: StoredGrant[] = [];
    let max = after ? String(after.score) : '+inf';
    // A state filter is applied here; a page reads at most 10 batches (it may then be short, with a cursor to go on).
    for (let batch = 0; batch < 10 && items.length < q.limit; batch++) {
      const flat = await this.redis.zrevrangebyscore(index, max, '-inf', 'WITHSCORES', 'LIMIT', 0, q.limit + 50);
      if (flat.length === 0) break;
      let progressed = false;
      for (let i = 0; i < flat.length; i += 2) {
        const id = flat[i]!;
        const score = Number(flat[i + 1]);
        if (after && (score > after.score || (score === after.score && id >= after.id))) continue;
        progressed = true;
        after = { score, id };
        const grant = await this.get(id);
        if (grant && (!q.state || grant.state === q.state)) items.push(grant);
        if (items.length === q.limit) break;
      }
      if (!progressed) break;
      max = String(after!.score);
    }
    const more = after !== undefined && (await this.redis.zcount(index, '-inf', `(${after.score}`)) + (await this.sameScoreAfter(index, after)) > 0;
    return { items, nextCursor: more ? encodeCursor(after!) : null };
  }

  /** Applies a state change if the grant may make it (see supportTransition-1.lua). */
  async transition(id: string, o: { from: SupportGrantState[]; to: SupportGrantState; tenant?: string; set?: Record<string, string | number> }): Promise<{ grant: StoredGrant } | TransitionRefusal> {
    const r = await this.commands.supportTransition({ grantKey: this.keys.supportGrant(id), from: o.from, to: o.to, tenant: o.tenant, now: this.now(), set: o.set ?? {} });
    if (!r.ok) return r.why === 'state' ? { why: 'state', state: r.state as SupportGrantState } : { why: r.why };
    return { grant: (await this.get(id))! };
  }

  protected async sameScoreAfter(index: string, after: { score: number; id: string }): Promise<number> {
    const same = await this.redis.zrangebyscore(index, after.score, after.score);
    return same.filter((id) => id < after.id).length;
  }

  protected fromHash(h: Record<string, string>): StoredGrant {
    const num = (k: string) => (h[k] === undefined ? null : Number(h[k]));
    const text = (k: string) => h[k] ?? null;
    let state = h.state as SupportGrantState;
    const expiresAt = num('expiresAt');
    if ((state === 'approved' || state === 'active') && expiresAt !== null && expiresAt <= this.now()) state = 'expired';
    const grant = { id: h.id!, tenant: h.tenant!, caseId: h.caseId!, reasonCode: h.reasonCode, reason: h.reason!, state, origin: h.origin, requestedBy: h.requestedBy!, sessionJti: text('sessionJti') } as StoredGrant;
    for (const k of NUMBERS) (grant as unknown as Record<string, number | null>)[k] = num(k);
    for (const k of TEXTS) (grant as unknown as Record<string, string | null>)[k] = text(k);
    return grant;
  }
}

/** A grant as the API shows it: without its session's token id. */
export function publicGrant({ sessionJti: _jti, ...grant }: StoredGrant): SupportGrant {
  return grant;
}

const encodeCursor = (p: { score: number; id: string }) => Buffer.from(`${p.score}|${p.id}`).toString('base64url');

function decodeCursor(raw: string): { score: number; id: string } {
  const text = Buffer.from(raw, 'base64url').toString('utf8');
  const m = /^(\d{1,16})\|([0-9a-f-]{36})$/.exec(text);
  if (!m || encodeCursor({ score: Number(m[1]), id: m[2]! }) !== raw) throw new InvalidCursorError();
  return { score: Number(m[1]), id: m[2]! };
}
