// Where one page links to another: the app URLs of runs, a queue's runs and the DLQ, in one
// place so a feature links to another without importing it (test/components/layout.test.ts).
import type { RunState } from '@trafi-ops/contracts';
import { config } from '@grafana/runtime';
import { APP_URL } from '../constants';

/** A run's detail page. */
export const runUrl = (run: { queue: string; id: string }) => `${APP_URL}/runs/${encodeURIComponent(run.queue)}/${encodeURIComponent(run.id)}`;

/** The runs of a queue, optionally in one state. */
export const runsUrl = (queue: string, state?: RunState) => `${APP_URL}/runs?queue=${encodeURIComponent(queue)}${state ? `&state=${state}` : ''}`;

/** The dead-letter queue filtered to one original queue. */
export const dlqUrl = (queue: string) => `${APP_URL}/dlq?queue=${encodeURIComponent(queue)}`;

/** The DLQ page with one entry's drawer open. */
export const dlqEntryUrl = (id: string) => `${APP_URL}/dlq?entry=${encodeURIComponent(id)}`;

/** A tenant's runs. */
export const tenantRunsUrl = (tenant: string) => `${APP_URL}/runs?tenant=${encodeURIComponent(tenant)}`;

/** A tenant's DLQ entries. */
export const tenantDlqUrl = (tenant: string) => `${APP_URL}/dlq?tenant=${encodeURIComponent(tenant)}`;

/** The provisioned dashboards (provisioning/dashboards/json/<uid>.json), by what they show. */
export const DASHBOARDS = {
  queues: 'trafi-queues',
  health: 'trafi-system-health',
  tenants: 'trafi-tenants',
  eventFlow: 'trafi-event-flow',
  slos: 'trafi-slos',
} as const;

/** A provisioned dashboard in Grafana (outside the app's router), with template variables (`var-<name>`). */
export function dashboardUrl(dashboard: keyof typeof DASHBOARDS, vars: Record<string, string> = {}): string {
  const uid = DASHBOARDS[dashboard];
  const query = new URLSearchParams(Object.entries(vars).map(([k, v]) => [`var-${k}`, v])).toString();
  return `${config.appSubUrl ?? ''}/d/${uid}/${uid}${query ? `?${query}` : ''}`;
}
