// The merchant's own data in the demo storefront: orders and store settings per tenant, with the
// secrets a real store has (payment provider key, API keys, webhook secret) so that support mode's
// masking has something to hide. Kept in memory: the demo's state, not the product's.
export interface Order {
  id: string;
  customer: string;
  totalCents: number;
  status: 'paid' | 'refunded' | 'cancelled';
  createdAt: string;
}

export interface StoreSettings {
  storeName: string;
  currency: string;
  contactEmail: string;
  payment: { provider: string; publishableKey: string; secretKey: string };
  apiKeys: { name: string; apiKey: string }[];
  webhookSecret: string;
}

export interface TenantData {
  orders: Order[];
  settings: StoreSettings;
}

export class MerchantData {
  protected readonly tenants = new Map<string, TenantData>();

  constructor(tenants: string[]) {
    for (const t of tenants) this.tenants.set(t, seed(t));
  }

  has(tenant: string): boolean {
    return this.tenants.has(tenant);
  }

  of(tenant: string): TenantData {
    const d = this.tenants.get(tenant);
    if (!d) throw new Error(`unknown tenant ${tenant}`);
    return d;
  }

  /** A deep copy, to compare before and after an attempt. */
  snapshot(tenant: string): TenantData {
    return structuredClone(this.of(tenant));
  }
}

function seed(tenant: string): TenantData {
  const orders: Order[] = Array.from({ length: 6 }, (_, i) => ({
    id: `${tenant}-o-${1001 + i}`,
    customer: `customer${i + 1}@${tenant}.example`,
    totalCents: 1900 + i * 750,
    status: 'paid',
    createdAt: new Date(Date.UTC(2026, 10, 20 + i, 9, 30)).toISOString(),
  }));
  return {
    orders,
    settings: {
      storeName: `${tenant[0]!.toUpperCase()}${tenant.slice(1)} Store`,
      currency: 'EUR',
      contactEmail: `owner@${tenant}.example`,
      payment: { provider: 'stripe', publishableKey: `pk_live_${tenant}_4242`, secretKey: `sk_live_${tenant}_SECRET_9f8e7d` },
      apiKeys: [{ name: 'erp-sync', apiKey: `trafi_key_${tenant}_c0ffee` }],
      webhookSecret: `whsec_${tenant}_deadbeef`,
    },
  };
}
