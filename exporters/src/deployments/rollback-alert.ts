// A failed rollback verification is an alert: posted to Alertmanager's v2 API, so it is routed,
// grouped and delivered like every other alert (Slack, PagerDuty for critical), and shows in the
// ops API's GET /alerts banner. It resolves by itself after `endsAt`.
import type { Rollback } from '@trafi-ops/contracts';

export interface RollbackAlerter {
  verificationFailed(rollback: Rollback): Promise<void>;
}

export class AlertmanagerRollbackAlerter implements RollbackAlerter {
  constructor(
    protected readonly urls: string[],
    protected readonly holdMs = 3600_000,
  ) {}

  async verificationFailed(r: Rollback): Promise<void> {
    const last = r.verification?.measurements.at(-1);
    const figures = last ? `error ratio ${last.errorRatio ?? 'n/a'}, p95 ${last.p95Seconds ?? 'n/a'} s` : (r.error ?? 'readiness failed');
    const alert = {
      labels: { alertname: 'RollbackVerificationFailed', severity: 'critical', service: 'deployments', scope: r.scope, target_version: r.targetVersion },
      annotations: {
        summary: `Rollback of ${r.scope} to ${r.targetVersion} failed verification and was aborted`,
        description: `${figures} (${r.verification?.condition ?? 'readiness'}); the previous versions are live again: ${Object.entries(r.fromVersions).map(([c, v]) => `${c} ${v}`).join(', ')}. Rollback ${r.id}, reason: ${r.reason}`,
      },
      startsAt: new Date().toISOString(),
      endsAt: new Date(Date.now() + this.holdMs).toISOString(),
    };
    let lastError: unknown;
    // Every Alertmanager of an HA pair gets it (they dedup); one accepting it is enough.
    let delivered = false;
    for (const url of this.urls) {
      try {
        const res = await fetch(`${url.replace(/\/$/, '')}/api/v2/alerts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify([alert]), signal: AbortSignal.timeout(5000) });
        if (!res.ok) throw new Error(`${url} answered ${res.status}`);
        delivered = true;
      } catch (err) {
        lastError = err;
      }
    }
    if (!delivered) throw new Error(`the rollback alert reached no Alertmanager: ${(lastError as Error)?.message}`);
  }
}
