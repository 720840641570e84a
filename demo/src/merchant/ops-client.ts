// The platform's calls to the ops API for the merchant's side of support mode: its `platform`
// bearer token plus, on every call, an X-Merchant-Assertion JWS signed with the platform's key
// naming the merchant user and tenant (the ops API trusts nothing else about who the merchant is).
import type { KeyObject } from 'node:crypto';
import { API_BASE, MERCHANT_ASSERTION_HEADER, signMerchantAssertion } from '@trafi-ops/exporters';

export interface OpsClientOptions {
  apiUrl: string;
  /** A `platform` token of OPS_API_TOKENS. */
  token: string;
  /** The platform's private key (the pair of SUPPORT_PLATFORM_KEY_FILE). */
  signingKey: KeyObject;
}

export class SupportOpsClient {
  constructor(protected readonly o: OpsClientOptions) {}

  /** Calls `path` (under /api/v1/support/merchant) for the merchant; answers the ops API's status and JSON. */
  async call(merchant: { user: string; tenant: string }, method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; body: unknown }> {
    const assertion = await signMerchantAssertion(this.o.signingKey, { sub: merchant.user, tenant: merchant.tenant });
    const res = await fetch(`${this.o.apiUrl}${API_BASE}/support/merchant${path}`, {
      method,
      headers: { authorization: `Bearer ${this.o.token}`, [MERCHANT_ASSERTION_HEADER]: assertion, ...(body !== undefined && { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : {} };
  }
}
