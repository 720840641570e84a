// One-time codes: what the operator's browser carries to the platform instead of the token. A
// code is kept (by its SHA-256, never in clear) with the token for a minute; the first exchange
// takes the token out, any later one finds it used. The record stays ten minutes so a replay is
// recognised as one (and logged against its grant), not just "unknown".
import { createHash, randomBytes } from 'node:crypto';
import type { RedisClient } from '../redis/client.ts';
import type { Keys } from '../redis/keys.ts';

export const CODE_TTL_MS = 60_000;
const RECORD_TTL_MS = 10 * 60_000;

export interface CodeOwner {
  grantId: string;
  operator: string;
  tenant: string;
}

export type Exchange =
  | { ok: true; token: string; owner: CodeOwner }
  | { ok: false; why: 'unknown_code' | 'code_replayed' | 'code_expired'; owner?: CodeOwner };

const digest = (code: string) => createHash('sha256').update(code).digest('hex');

export class OneTimeCodes {
  constructor(
    protected readonly redis: RedisClient,
    protected readonly keys: Keys,
    protected readonly now: () => number = Date.now,
  ) {}

  async issue(token: string, owner: CodeOwner): Promise<{ code: string; expiresAt: number }> {
    const code = randomBytes(32).toString('base64url');
    const expiresAt = this.now() + CODE_TTL_MS;
    const key = this.keys.supportCode(digest(code));
    await this.redis.multi().hset(key, { token, exp: expiresAt, uses: 0, ...owner }).pexpire(key, RECORD_TTL_MS).exec();
    return { code, expiresAt };
  }

  /** The token, once: counting the use and reading the record is one MULTI, so two racing exchanges cannot both win. */
  async exchange(code: string): Promise<Exchange> {
    if (!/^[A-Za-z0-9_-]{43}$/.test(code)) return { ok: false, why: 'unknown_code' };
    const key = this.keys.supportCode(digest(code));
    const replies = await this.redis.multi().hincrby(key, 'uses', 1).hgetall(key).hdel(key, 'token').exec();
    const uses = Number(replies?.[0]?.[1]);
    const record = (replies?.[1]?.[1] ?? {}) as Record<string, string>;
    if (!record.grantId) {
      await this.redis.del(key); // the HINCRBY created it
      return { ok: false, why: 'unknown_code' };
    }
    const owner = { grantId: record.grantId, operator: record.operator!, tenant: record.tenant! };
    if (uses !== 1 || !record.token) return { ok: false, why: 'code_replayed', owner };
    if (Number(record.exp) < this.now()) return { ok: false, why: 'code_expired', owner };
    return { ok: true, token: record.token, owner };
  }
}
