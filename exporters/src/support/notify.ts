// support.notify: the merchant hears of an approval, an activation and an expiry through the jobs
// layer (so each notice is a run in the Runs page, retried and dead-lettered like any job). A
// notice is delivered to the tenant's notice list (the platform shows it; a platform with its own
// mail or webhook overrides `deliver`). The expiry notice is enqueued at approval, delayed until
// the grant's expiry; it writes the `expired` state, and says nothing if the grant ended earlier.
import type { RedisClient } from '../redis/client.ts';
import { z } from 'zod';
import { defineJobType, type JobRunContext } from '../jobs/job-type.ts';
import type { Keys } from '../redis/keys.ts';
import type { GrantStore } from './grant-store.ts';

export const SUPPORT_NOTIFY = 'support.notify';
export const SUPPORT_QUEUE = 'support';
const KEPT_NOTICES = 200;

export const SupportNoticeEventSchema = z.enum(['approved', 'activated', 'expired']);
export type SupportNoticeEvent = z.infer<typeof SupportNoticeEventSchema>;
const PayloadSchema = z.object({ grantId: z.string().uuid(), event: SupportNoticeEventSchema });

export interface SupportNotice {
  at: number;
  grantId: string;
  event: SupportNoticeEvent;
  text: string;
}

/** The tenant's notices, newest first (what the platform shows the merchant). */
export class SupportNotices {
  constructor(
    protected readonly redis: RedisClient,
    protected readonly keys: Keys,
  ) {}

  async deliver(tenant: string, notice: SupportNotice): Promise<void> {
    await this.redis.multi().lpush(this.keys.supportNotices(tenant), JSON.stringify(notice)).ltrim(this.keys.supportNotices(tenant), 0, KEPT_NOTICES - 1).exec();
  }

  async list(tenant: string, limit = 50): Promise<SupportNotice[]> {
    return (await this.redis.lrange(this.keys.supportNotices(tenant), 0, limit - 1)).map((s) => JSON.parse(s) as SupportNotice);
  }
}

/** The job type, bound to the grant store it reads and the notices it writes. */
export function supportNotifyJobType(grants: GrantStore, notices: SupportNotices) {
  return defineJobType({
    name: SUPPORT_NOTIFY,
    queue: SUPPORT_QUEUE,
    payload: PayloadSchema,
    attempts: 5,
    backoff: { baseMs: 2000, jitter: 0.5 },
    handler: async ({ grantId, event }, ctx: JobRunContext) => {
      let grant = await grants.get(grantId);
      if (!grant) return { delivered: false, why: 'grant gone' };
      if (event === 'expired') {
        if (grant.state !== 'expired') {
          await ctx.log(`grant ${grantId} is ${grant.state}, not expired: no expiry notice`);
          return { delivered: false, why: grant.state };
        }
        const written = await grants.transition(grantId, { from: ['expired'], to: 'expired' });
        if ('grant' in written) grant = written.grant;
      }
      const text = describe(event, grant);
      await notices.deliver(grant.tenant, { at: Date.now(), grantId, event, text });
      await ctx.log(`notified tenant ${grant.tenant}: ${text}`);
      return { delivered: true, event };
    },
  });
}

function describe(event: SupportNoticeEvent, g: { caseId: string; activatedBy: string | null; expiresAt: number | null }): string {
  const until = g.expiresAt ? new Date(g.expiresAt).toISOString() : 'unset';
  if (event === 'approved') return `support access for case ${g.caseId} approved until ${until}`;
  if (event === 'activated') return `${g.activatedBy ?? 'an operator'} opened a read-only support session for case ${g.caseId} (until ${until})`;
  return `support access for case ${g.caseId} expired`;
}
