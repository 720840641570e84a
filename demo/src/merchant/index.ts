// The merchant side of the demo storefront, for platform.ts (one hook) and start.ts.
import type { KeyObject } from 'node:crypto';
import type { Stack } from '@trafi-ops/exporters';
import { DEMO_TENANTS } from '../jobs.ts';
import { SupportOpsClient } from './ops-client.ts';
import type { MerchantOptions } from './routes.ts';

export { mountMerchant, type MerchantOptions, type MountedMerchant } from './routes.ts';
export { devSupportKeys, type DevSupportKeys } from './dev-keys.ts';
export { SupportOpsClient } from './ops-client.ts';

/** How the platform reaches the ops API for its merchants: a `platform` token and the key that signs their identity. */
export interface PlatformIdentity {
  token: string;
  signingKey: KeyObject;
}

/** The merchant side on a running stack (undefined when support mode is off there). */
export function merchantOptions(stack: Stack, identity: PlatformIdentity | undefined): MerchantOptions | undefined {
  if (!identity || !stack.support) return undefined;
  return {
    tenants: DEMO_TENANTS, redis: stack.jobs.redis, prefix: stack.jobs.keys.prefix, db: stack.db, verifyKey: stack.support.verifyKey,
    ops: new SupportOpsClient({ apiUrl: stack.apiUrl, token: identity.token, signingKey: identity.signingKey }),
  };
}
