// Store configuration from the platform's internal, authenticated config endpoint
// (`GET <url>/tenants/:tenant/config`). The platform leaves secrets out; the report's
// sanitizer still goes over every value.
export interface PlatformConfigSource {
  /** The tenant's configuration, or null when the platform does not know the tenant. */
  tenantConfig(tenant: string): Promise<Record<string, unknown> | null>;
}

export class PlatformConfigClient implements PlatformConfigSource {
  constructor(
    protected readonly baseUrl: string,
    protected readonly token: string,
    protected readonly timeoutMs = 5000,
  ) {}

  async tenantConfig(tenant: string): Promise<Record<string, unknown> | null> {
    const res = await fetch(`${this.baseUrl.replace(/\/$/, '')}/tenants/${encodeURIComponent(tenant)}/config`, {
      headers: { authorization: `Bearer ${this.token}` },
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    if (res.status === 404) return null;
    if (!res.ok) throw new Error(`platform config answered ${res.status}`);
    return (await res.json()) as Record<string, unknown>;
  }
}
