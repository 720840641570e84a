import type { Request } from 'express';
import { MERCHANT_ASSERTION_HEADER, endpoints, type MerchantClaims } from '@trafi-ops/contracts';
import type { SupportApi } from '../../support/setup.ts';
import { OtherTenantError } from '../../support/service.ts';
import { audited } from '../audited.ts';
import { forbidden } from '../auth.ts';
import type { ApiContext } from '../context.ts';
import { ApiError, notFound } from '../errors.ts';
import { handle, resourceRouter, type ResourceRouter } from '../handle.ts';

/**
 * Support mode: ops request, read and activate grants; the platform (role `platform`) acts for
 * the merchant whose identity it signed (X-Merchant-Assertion), on that tenant's grants only.
 * Every change is audited; a merchant reaching for another tenant's grant is a recorded 403.
 */
export function supportRoutes({ support, audit }: ApiContext): ResourceRouter {
  const at = resourceRouter('/support');
  const on = (): SupportApi => {
    if (!support) throw new ApiError(503, 'support_unconfigured', 'support mode is off: set SUPPORT_SIGNING_KEY_FILE and SUPPORT_PLATFORM_KEY_FILE');
    return support;
  };
  /** The merchant the platform vouches for; the audit log names them with the platform identity. */
  const merchant = async (req: Request): Promise<MerchantClaims> => {
    const claims = await on().merchants.verify(req.get(MERCHANT_ASSERTION_HEADER));
    if (!claims) throw forbidden(req, 'a merchant assertion signed by the platform', `${MERCHANT_ASSERTION_HEADER}: a merchant identity signed by the platform's key is required`);
    req.principal = { user: `merchant:${claims.sub}@${claims.tenant} (platform:${req.principal!.user})`, role: 'platform' };
    return claims;
  };
  /** Another tenant's grant: 403, recorded as a denied attempt, nothing changed. */
  const ownTenant = async <T>(req: Request, run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (err) {
      if (err instanceof OtherTenantError) throw forbidden(req, 'the grant\'s own tenant', err.message);
      throw err;
    }
  };

  handle(at, endpoints.listSupportGrants, async ({ query }) => on().service.list(query));

  handle(at, endpoints.requestSupportGrant, async ({ body }, req) =>
    audited(audit, req, { action: 'support.request', target: `tenant:${body.tenant}`, reason: body.reason, details: { caseId: body.caseId, reasonCode: body.reasonCode, store: body.store ?? null, durationMinutes: body.durationMinutes ?? null } },
      () => on().service.request(body, req.principal!.user), (g) => `grant ${g.id} pending`));

  handle(at, endpoints.getSupportGrant, async ({ params: { id } }) => {
    const grant = await on().service.get(id);
    if (!grant) throw notFound(`support grant ${id}`, 'id');
    return grant;
  });

  handle(at, endpoints.activateSupportGrant, async ({ params: { id }, body: { reason } }, req) =>
    audited(audit, req, { action: 'support.activate', target: `grant:${id}`, reason }, () => on().service.activate(id, req.principal!.user, reason),
      (a) => `session until ${new Date(a.session.expiresAt).toISOString()} on tenant ${a.grant.tenant}`));

  handle(at, endpoints.listSupportAccess, async ({ params: { id }, query }) => {
    if (!(await on().service.get(id))) throw notFound(`support grant ${id}`, 'id');
    return on().service.access(id, query);
  });

  // The merchant's side, through the platform.
  handle(at, endpoints.listMerchantGrants, async ({ query }, req) => {
    const m = await merchant(req);
    return on().service.list({ ...query, tenant: m.tenant });
  });

  handle(at, endpoints.grantMerchantSupport, async ({ body }, req) => {
    const m = await merchant(req);
    return audited(audit, req, { action: 'support.grant', target: `tenant:${m.tenant}`, reason: body.reason, details: { caseId: body.caseId, reasonCode: body.reasonCode, store: body.store ?? null, durationMinutes: body.durationMinutes } },
      () => on().service.merchantGrant(m, body), (g) => `grant ${g.id} approved until ${new Date(g.expiresAt!).toISOString()}`);
  });

  handle(at, endpoints.approveMerchantGrant, async ({ params: { id }, body }, req) => {
    const m = await merchant(req);
    await ownTenant(req, () => on().service.ownGrant(m, id));
    return ownTenant(req, () => audited(audit, req, { action: 'support.approve', target: `grant:${id}`, reason: 'merchant consent', details: { durationMinutes: body.durationMinutes ?? null } },
      () => on().service.approve(m, id, body.durationMinutes), (g) => `approved until ${new Date(g.expiresAt!).toISOString()}`));
  });

  handle(at, endpoints.denyMerchantGrant, async ({ params: { id }, body }, req) => {
    const m = await merchant(req);
    await ownTenant(req, () => on().service.ownGrant(m, id));
    return ownTenant(req, () => audited(audit, req, { action: 'support.deny', target: `grant:${id}`, reason: body.reason ?? 'merchant refused' }, () => on().service.deny(m, id, body.reason), () => 'denied'));
  });

  handle(at, endpoints.revokeMerchantGrant, async ({ params: { id }, body }, req) => {
    const m = await merchant(req);
    await ownTenant(req, () => on().service.ownGrant(m, id));
    return ownTenant(req, () => audited(audit, req, { action: 'support.revoke', target: `grant:${id}`, reason: body.reason ?? 'merchant revoked' }, () => on().service.revoke(m, id, body.reason), () => 'revoked'));
  });

  handle(at, endpoints.listMerchantAccess, async ({ params: { id }, query }, req) => {
    const m = await merchant(req);
    await ownTenant(req, () => on().service.ownGrant(m, id));
    return on().service.access(id, query);
  });

  return at;
}
