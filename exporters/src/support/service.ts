// Support mode's rules, in one place: who may move a grant from which state to which, how long
// access may last, what an activation hands out. The routes (api/routes/support.ts) add the
// authentication, the merchant's signed identity and the audit rows around these calls.
import { randomUUID } from 'node:crypto';
import { ApiError, type MerchantClaims, type SupportGrant, type SupportGrantState, type SupportGrantsQuery, type SupportRequestBody } from '@trafi-ops/contracts';
import type { JobService } from '../jobs/job-service.ts';
import type { SupportAccessLog } from './access-log.ts';
import type { OneTimeCodes } from './codes.ts';
import { publicGrant, type GrantStore, type StoredGrant, type TransitionRefusal } from './grant-store.ts';
import { SUPPORT_NOTIFY, type SupportNoticeEvent } from './notify.ts';
import type { SupportTokenIssuer } from './tokens.ts';

export interface SupportLimits {
  /** Minutes a request asks for when it names none (SUPPORT_DEFAULT_DURATION_MINUTES). */
  defaultMinutes: number;
  /** The longest grant (SUPPORT_MAX_DURATION_MINUTES). */
  maxMinutes: number;
}

export interface SupportServiceOptions {
  grants: GrantStore;
  codes: OneTimeCodes;
  issuer: SupportTokenIssuer;
  access: SupportAccessLog;
  jobs: JobService;
  limits: SupportLimits;
  /** The platform's code exchange URL (SUPPORT_VIEW_URL); the code is appended as `?code=`. */
  viewUrl?: string;
  /** A session token lives at most this long (and never past its grant); default 1 h. */
  sessionMaxMs?: number;
  onNotifyError?: (err: unknown) => void;
  now?: () => number;
}

/** A merchant acting on another tenant's grant: the route answers 403 and records the attempt. */
export class OtherTenantError extends Error {
  constructor(readonly grantId: string) {
    super('this grant belongs to another tenant');
  }
}

const TERMINAL: SupportGrantState[] = ['expired', 'denied', 'revoked'];

export class SupportService {
  protected readonly now: () => number;

  constructor(protected readonly o: SupportServiceOptions) {
    if (o.limits.defaultMinutes > o.limits.maxMinutes) throw new Error('SUPPORT_DEFAULT_DURATION_MINUTES must not exceed SUPPORT_MAX_DURATION_MINUTES');
    this.now = o.now ?? Date.now;
  }

  get limits(): SupportLimits {
    return this.o.limits;
  }

  async request(body: SupportRequestBody, operator: string): Promise<SupportGrant> {
    const durationMinutes = this.within(body.durationMinutes ?? this.o.limits.defaultMinutes);
    const grant = await this.o.grants.create({ state: 'pending', origin: 'ops', tenant: body.tenant, store: body.store ?? null, caseId: body.caseId, reasonCode: body.reasonCode, reason: body.reason, durationMinutes, requestedBy: operator });
    return publicGrant(grant);
  }

  /** The merchant grants first: approved at once, its clock running. */
  async merchantGrant(merchant: MerchantClaims, body: { store?: string; caseId: string; reasonCode: SupportGrant['reasonCode']; reason: string; durationMinutes: number }): Promise<SupportGrant> {
    const durationMinutes = this.within(body.durationMinutes);
    const now = this.now();
    const grant = await this.o.grants.create({
      state: 'approved', origin: 'merchant', tenant: merchant.tenant, store: body.store ?? null, caseId: body.caseId, reasonCode: body.reasonCode, reason: body.reason,
      durationMinutes, requestedBy: merchant.sub, decidedBy: merchant.sub, decidedAt: now, expiresAt: now + Math.round(durationMinutes * 60_000),
    });
    await this.notify(grant, 'approved');
    return publicGrant(grant);
  }

  /** The merchant consents, for the time asked or less; the clock starts now. */
  async approve(merchant: MerchantClaims, id: string, minutes?: number): Promise<SupportGrant> {
    const current = await this.ownGrant(merchant, id);
    const durationMinutes = minutes ?? current.durationMinutes;
    if (durationMinutes > current.durationMinutes) throw new ApiError(400, 'invalid_request', `durationMinutes: an approval may shorten the ${current.durationMinutes} minutes asked, not extend them`, 'durationMinutes');
    const now = this.now();
    const grant = await this.move(id, merchant.tenant, ['pending'], 'approved', { durationMinutes, decidedBy: merchant.sub, decidedAt: now, expiresAt: now + Math.round(durationMinutes * 60_000) });
    await this.notify(grant, 'approved');
    return publicGrant(grant);
  }

  async deny(merchant: MerchantClaims, id: string, reason?: string): Promise<SupportGrant> {
    await this.ownGrant(merchant, id);
    return publicGrant(await this.move(id, merchant.tenant, ['pending'], 'denied', { decidedBy: merchant.sub, decidedAt: this.now(), endedBy: merchant.sub, endedAt: this.now(), ...(reason && { endReason: reason }) }));
  }

  /** Ends access now: the next request of its session fails (the platform checks the grant every time). */
  async revoke(merchant: MerchantClaims, id: string, reason?: string): Promise<SupportGrant> {
    await this.ownGrant(merchant, id);
    return publicGrant(await this.move(id, merchant.tenant, ['pending', 'approved', 'active'], 'revoked', { endedBy: merchant.sub, endedAt: this.now(), ...(reason && { endReason: reason }) }));
  }

  /**
   * Opens a session on an approved (or active: a new session replaces the old one), unexpired
   * grant: a signed token whose id the grant keeps, handed out behind a one-time code.
   */
  async activate(id: string, operator: string, reason: string) {
    const jti = randomUUID();
    const now = this.now();
    const grant = await this.move(id, undefined, ['approved', 'active'], 'active', { activatedBy: operator, activatedAt: now, activationReason: reason, sessionJti: jti });
    const expiresAt = Math.min(grant.expiresAt!, now + (this.o.sessionMaxMs ?? 3600_000));
    const token = await this.o.issuer.sign({ operator, consentBy: grant.decidedBy ?? 'merchant', tenant: grant.tenant, store: grant.store, grantId: grant.id, jti, expiresAt });
    const { code, expiresAt: codeExpiresAt } = await this.o.codes.issue(token, { grantId: grant.id, operator, tenant: grant.tenant });
    await this.notify(grant, 'activated');
    const viewUrl = this.o.viewUrl ? `${this.o.viewUrl}${this.o.viewUrl.includes('?') ? '&' : '?'}code=${code}` : null;
    return { grant: publicGrant(grant), session: { code, codeExpiresAt, expiresAt, viewUrl } };
  }

  async get(id: string): Promise<SupportGrant | null> {
    const g = await this.o.grants.get(id);
    return g && publicGrant(g);
  }

  /** A grant of the merchant's tenant (another tenant's is an OtherTenantError, an unknown one a 404). */
  async ownGrant(merchant: MerchantClaims, id: string): Promise<StoredGrant> {
    const g = await this.o.grants.get(id);
    if (!g) throw new ApiError(404, 'not_found', `support grant ${id} not found`, 'id');
    if (g.tenant !== merchant.tenant) throw new OtherTenantError(id);
    return g;
  }

  async list(q: SupportGrantsQuery) {
    const page = await this.o.grants.list(q);
    return { items: page.items.map(publicGrant), nextCursor: page.nextCursor };
  }

  access(id: string, q: { cursor?: string; limit: number }) {
    return this.o.access.list(id, q);
  }

  protected within(minutes: number): number {
    if (minutes > this.o.limits.maxMinutes) throw new ApiError(400, 'invalid_request', `durationMinutes: at most ${this.o.limits.maxMinutes} minutes (SUPPORT_MAX_DURATION_MINUTES)`, 'durationMinutes');
    return minutes;
  }

  protected async move(id: string, tenant: string | undefined, from: SupportGrantState[], to: SupportGrantState, set: Record<string, string | number>): Promise<StoredGrant> {
    const r = await this.o.grants.transition(id, { from, to, tenant, set });
    if ('grant' in r) return r.grant;
    throw refusal(id, r, from, to);
  }

  protected async notify(grant: StoredGrant, event: SupportNoticeEvent): Promise<void> {
    const context = { tenantId: grant.tenant, ...(grant.store && { storeId: grant.store }), actor: 'support-mode', requestId: `support-${grant.id}` };
    const jobs: Promise<unknown>[] = [this.o.jobs.enqueue(SUPPORT_NOTIFY, { grantId: grant.id, event }, context)];
    // The expiry notice waits for the expiry (one per grant: its id is fixed).
    if (event === 'approved' && grant.expiresAt) jobs.push(this.o.jobs.enqueue(SUPPORT_NOTIFY, { grantId: grant.id, event: 'expired' }, context, { delayMs: Math.max(0, grant.expiresAt - this.now()) + 1000, jobId: `support-expiry-${grant.id}` }));
    // The state change has happened; a notice that cannot be queued is reported, not a failed request.
    await Promise.all(jobs).catch((err) => this.o.onNotifyError?.(err));
  }
}

function refusal(id: string, r: TransitionRefusal, from: SupportGrantState[], to: SupportGrantState): Error {
  if (r.why === 'not_found') return new ApiError(404, 'not_found', `support grant ${id} not found`, 'id');
  if (r.why === 'other_tenant') return new OtherTenantError(id);
  if (r.state === 'expired') return new ApiError(409, 'grant_expired', `support grant ${id} has expired`, 'id');
  const ended = TERMINAL.includes(r.state) ? ' (it has ended)' : '';
  return new ApiError(409, 'invalid_state', `support grant ${id} is ${r.state}${ended}; ${to} needs it ${from.join(' or ')}`, 'id');
}
