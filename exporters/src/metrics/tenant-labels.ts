// Tenant labels are the cardinality risk: the first `cap` distinct tenants seen keep
// their own label, every later one is counted as tenant="_other".
export const OTHER_TENANT = '_other';

export class TenantLabels {
  protected readonly admitted = new Set<string>();

  constructor(readonly cap = 500) {}

  label(tenant: string | undefined): string {
    if (!tenant) return 'none';
    if (this.admitted.has(tenant)) return tenant;
    if (this.admitted.size < this.cap) {
      this.admitted.add(tenant);
      return tenant;
    }
    return OTHER_TENANT;
  }
}
