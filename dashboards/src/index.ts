// Every dashboard, by uid (the alerts' `dashboard` annotations link to /d/<uid>/<uid>).
import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { eventFlow } from './event-flow.ts';
import { queues } from './queues.ts';
import { slos } from './slos.ts';
import { synthetics } from './synthetics.ts';
import { systemHealth } from './system-health.ts';
import { tenants } from './tenants.ts';

export function dashboards(): Dashboard[] {
  return [queues(), systemHealth(), tenants(), eventFlow(), slos(), synthetics()].map((b) => {
    const d = b.build();
    d.panels?.forEach((p, i) => (p.id = i + 1)); // stable ids for links like ?viewPanel=3
    return d;
  });
}
