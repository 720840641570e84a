// Active alerts from Alertmanager's v2 API, for the dashboard banner. With an HA pair every
// member knows every alert: ask them in order and take the first that answers.
import type { ActiveAlert, AlertsResponse } from '@trafi-ops/contracts';

/** One alert as Alertmanager's GET /api/v2/alerts returns it (the fields we read). */
interface AmAlert {
  fingerprint: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
}

export class AlertmanagerUnavailableError extends Error {}

const SEVERITY_ORDER = { critical: 0, warning: 1, info: 2 } as const;
const SCOPES = ['service', 'tenant', 'queue', 'store', 'slo', 'dependency'] as const;

export class AlertmanagerClient {
  constructor(
    protected readonly urls: string[],
    protected readonly opts: { grafanaUrl?: string; timeoutMs?: number } = {},
  ) {}

  async active(): Promise<AlertsResponse> {
    const errors: string[] = [];
    for (const url of this.urls) {
      try {
        const res = await fetch(`${url.replace(/\/$/, '')}/api/v2/alerts?active=true&silenced=false&inhibited=false&unprocessed=false`, {
          signal: AbortSignal.timeout(this.opts.timeoutMs ?? 2000),
        });
        if (!res.ok) throw new Error(`HTTP ${res.status}`);
        const alerts = ((await res.json()) as AmAlert[]).map((a) => this.toActive(a));
        alerts.sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || b.startsAt.localeCompare(a.startsAt));
        const counts = { critical: 0, warning: 0, info: 0 };
        for (const a of alerts) counts[a.severity]++;
        return { alerts, counts, source: url };
      } catch (err) {
        errors.push(`${url}: ${(err as Error).message}`);
      }
    }
    throw new AlertmanagerUnavailableError(`no Alertmanager answered (${errors.join('; ')})`);
  }

  protected toActive(a: AmAlert): ActiveAlert {
    const severity = a.labels.severity === 'critical' || a.labels.severity === 'warning' ? a.labels.severity : 'info';
    const alert: ActiveAlert = {
      fingerprint: a.fingerprint,
      name: a.labels.alertname ?? 'unnamed',
      severity,
      summary: a.annotations.summary ?? a.labels.alertname ?? '',
      description: a.annotations.description ?? '',
      labels: a.labels,
      startsAt: a.startsAt,
    };
    for (const scope of SCOPES) if (a.labels[scope]) alert[scope] = a.labels[scope];
    if (a.annotations.runbook_url) alert.runbookUrl = a.annotations.runbook_url;
    const dashboard = a.annotations.dashboard;
    if (dashboard) alert.dashboardUrl = /^https?:\/\//.test(dashboard) ? dashboard : `${(this.opts.grafanaUrl ?? '').replace(/\/$/, '')}${dashboard}`;
    return alert;
  }
}
