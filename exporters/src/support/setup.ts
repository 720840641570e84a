// Support mode in the ops stack: its job type (registered with the others), then, once the jobs
// layer and the database are up, the service and the merchant-assertion check the routes use.
import type { RedisClient } from '../redis/client.ts';
import type { Database } from '../db/database.ts';
import type { JobService } from '../jobs/job-service.ts';
import type { JobTypeDefinition } from '../jobs/job-type.ts';
import { Keys } from '../redis/keys.ts';
import { SupportAccessLog } from './access-log.ts';
import { OneTimeCodes } from './codes.ts';
import { loadSupportKeys, type SupportKeys, type SupportSettings } from './config.ts';
import { GrantStore } from './grant-store.ts';
import { MerchantAssertionVerifier } from './merchant-assertion.ts';
import { SupportNotices, supportNotifyJobType } from './notify.ts';
import { SupportService } from './service.ts';
import { SupportTokenIssuer } from './tokens.ts';

/** What the ops API's support routes need. */
export type { SupportKeys };

export interface SupportApi {
  service: SupportService;
  merchants: MerchantAssertionVerifier;
}

export interface SupportParts {
  keys: SupportKeys;
  jobType: JobTypeDefinition<any>;
  connect(jobs: JobService, db: Database, onNotifyError?: (err: unknown) => void): SupportApi;
}

/** Undefined when support mode is off (no keys configured). */
export function supportParts(config: SupportSettings & { REDIS_PREFIX: string }, redis: RedisClient): SupportParts | undefined {
  const keys = loadSupportKeys(config);
  if (!keys) return undefined;
  const redisKeys = new Keys(config.REDIS_PREFIX);
  const grants = new GrantStore(redis, redisKeys);
  return {
    keys,
    jobType: supportNotifyJobType(grants, new SupportNotices(redis, redisKeys)),
    connect: (jobs, db, onNotifyError) => ({
      service: new SupportService({
        grants, jobs, onNotifyError,
        codes: new OneTimeCodes(redis, redisKeys),
        issuer: new SupportTokenIssuer(keys.signingKey),
        access: new SupportAccessLog(db),
        limits: { defaultMinutes: config.SUPPORT_DEFAULT_DURATION_MINUTES, maxMinutes: config.SUPPORT_MAX_DURATION_MINUTES },
        viewUrl: config.SUPPORT_VIEW_URL,
      }),
      merchants: new MerchantAssertionVerifier(keys.platformKey),
    }),
  };
}
