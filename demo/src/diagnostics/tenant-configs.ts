// What the demo platform knows about each tenant, secrets included (as a real platform holds
// them). Only publicConfig() of it ever leaves, through the internal config endpoint.
import { z } from 'zod';

export const TenantConfigSchema = z.object({
  tenant: z.string(),
  plan: z.enum(['starter', 'growth', 'pro', 'enterprise']),
  currency: z.string().length(3),
  stores: z.array(z.object({ id: z.string(), name: z.string(), domain: z.string() })),
  contact: z.object({ name: z.string(), email: z.string(), phone: z.string() }),
  integrations: z.array(z.object({ name: z.string(), enabled: z.boolean(), mode: z.string(), apiKey: z.string(), notes: z.string().optional() })),
  webhooks: z.array(z.object({ url: z.string(), events: z.array(z.string()), active: z.boolean(), signingSecret: z.string() })),
  jobTypes: z.array(z.string()),
  instrumentation: z.object({ tracing: z.boolean(), traceSampleRate: z.number(), metrics: z.boolean(), eventReporter: z.boolean(), logLevel: z.string() }),
  smtp: z.object({ host: z.string(), user: z.string(), password: z.string() }),
});
export type TenantConfig = z.infer<typeof TenantConfigSchema>;

/** The config as the endpoint serves it: named fields only, so a secret added later cannot slip out. */
export function publicConfig(c: TenantConfig) {
  return {
    tenant: c.tenant,
    plan: c.plan,
    currency: c.currency,
    stores: c.stores.map((s) => ({ id: s.id, name: s.name, domain: s.domain })),
    contact: { name: c.contact.name, email: c.contact.email, phone: c.contact.phone },
    integrations: c.integrations.map((i) => ({ name: i.name, enabled: i.enabled, mode: i.mode, ...(i.notes ? { notes: i.notes } : {}) })),
    webhooks: c.webhooks.map((w) => ({ url: w.url, events: w.events, active: w.active })),
    jobTypes: c.jobTypes,
    instrumentation: { ...c.instrumentation },
    smtp: { host: c.smtp.host },
  };
}

const demoTenant = (tenant: string, plan: TenantConfig['plan'], currency: string): TenantConfig => ({
  tenant,
  plan,
  currency,
  stores: [{ id: `${tenant}-store-1`, name: `${tenant} main store`, domain: `shop.${tenant}.example` }],
  contact: { name: `${tenant} merchant support`, email: `support@${tenant}.example`, phone: '+1 415 555 0100' },
  integrations: [
    { name: 'stripe', enabled: true, mode: 'live', apiKey: `sk_live_${tenant}0000000000000000` },
    { name: 'mailer', enabled: true, mode: 'smtp', apiKey: `mk_${tenant}_demo_key_123456` },
  ],
  webhooks: [{ url: `https://hooks.${tenant}.example/orders`, events: ['order.created'], active: true, signingSecret: `whsec_${tenant}_demo` }],
  jobTypes: ['email.send', 'webhook.deliver', 'report.generate'],
  instrumentation: { tracing: true, traceSampleRate: 0.1, metrics: true, eventReporter: true, logLevel: 'info' },
  smtp: { host: `smtp.${tenant}.example`, user: `mailer@${tenant}.example`, password: 'demo-password' },
});

export const DEMO_TENANT_CONFIGS: TenantConfig[] = [demoTenant('acme', 'pro', 'USD'), demoTenant('globex', 'growth', 'EUR'), demoTenant('initech', 'starter', 'GBP')];
