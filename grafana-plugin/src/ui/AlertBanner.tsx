// Shown on every page while critical alerts are firing (GET /api/v1/alerts: firing,
// not silenced, not inhibited). Quiet when there are none; says so when it cannot tell.
import { css } from '@emotion/css';
import type { ActiveAlert, AlertsResponse } from '@trafi-ops/contracts';
import type React from 'react';
import { opsApi } from '../api/ops-api';
import { useSettings } from '../settings';
import { usePoll } from './hooks/usePoll';
import { formatPercent } from './formatMetric';
import { COLORS, FONT_SIZE, MONO } from '../theme/theme';

export interface AlertBannerProps {
  /** How often to ask (ms); 0: once. */
  intervalMs?: number;
  load?: () => Promise<AlertsResponse>;
  /** How one alert is shown (RETRO-4: customizable). */
  renderAlert?: (alert: ActiveAlert, budgets: Record<string, number> | undefined) => React.ReactNode;
  /** Error budget left by SLO (Prometheus datasource `uid`), shown beside an SLO's alert. */
  loadBudgets?: (prometheusUid: string) => Promise<Record<string, number>>;
}

export function AlertBanner({ intervalMs = 30_000, load = opsApi.alerts, renderAlert = defaultAlert, loadBudgets }: AlertBannerProps) {
  const { prometheusUid } = useSettings();
  const { data, error } = usePoll(load, intervalMs, []);
  const critical = data?.alerts.filter((a) => a.severity === 'critical') ?? [];
  // Asked only while an SLO alert is critical; without an answer the alert shows without it.
  const sloKey = critical.map((a) => a.slo ?? '').filter(Boolean).join(',');
  const budgets = usePoll(() => (loadBudgets && sloKey ? loadBudgets(prometheusUid) : Promise.resolve(undefined)), sloKey ? intervalMs : 0, [sloKey, prometheusUid]);
  const unknown = error && (
    <div className={styles.unknown} role="status" data-testid="alert-banner-unavailable">
      Alert status unknown: {error.message}
    </div>
  );
  // A failed poll does not hide alerts we know are firing: they stay, marked as possibly stale.
  if (critical.length === 0) return unknown || null;
  return (
    <div className={styles.banner} role="alert" data-testid="alert-banner">
      <strong>
        {critical.length} critical alert{critical.length === 1 ? '' : 's'} firing{error ? ' (as of the last answer)' : ''}
      </strong>
      {unknown}
      <ul className={styles.list}>
        {critical.map((a) => (
          <li key={a.fingerprint}>{renderAlert(a, budgets.data)}</li>
        ))}
      </ul>
    </div>
  );
}

function defaultAlert(a: ActiveAlert, budgets: Record<string, number> | undefined) {
  const scope = [a.service, a.queue, a.tenant && `tenant ${a.tenant}`, a.store && `store ${a.store}`, a.slo && `SLO ${a.slo}`, a.dependency].filter(Boolean).join(' · ');
  const budget = a.slo === undefined ? undefined : budgets?.[a.slo];
  return (
    <>
      <span className={styles.name}>{a.name}</span> {a.summary}
      {scope && <span className={styles.scope}> [{scope}]</span>}
      {budget !== undefined && (
        <span className={styles.budget} data-testid="alert-budget">
          {budget < 0 ? `error budget overspent by ${formatPercent(-budget)}` : `error budget left ${formatPercent(budget)}`}
        </span>
      )}
      {a.runbookUrl && (
        <a className={styles.link} href={a.runbookUrl} target="_blank" rel="noreferrer">
          runbook
        </a>
      )}
      {a.dashboardUrl && (
        <a className={styles.link} href={a.dashboardUrl}>
          dashboard
        </a>
      )}
    </>
  );
}

const styles = {
  banner: css`
    border: 1px solid ${COLORS.error};
    background: ${COLORS.error};
    color: ${COLORS.black};
    padding: 8px 12px;
    margin-bottom: 16px;
  `,
  list: css`
    margin: 4px 0 0;
    padding: 0;
    list-style: none;
  `,
  name: css`
    font-family: ${MONO};
    font-weight: 700;
  `,
  scope: css`
    font-family: ${MONO};
  `,
  // && outranks the scope's plain-link reset (BrutalistTheme), which would drop the underline.
  link: css`
    && {
      color: ${COLORS.black};
      text-decoration: underline;
      text-underline-offset: 2px;
      font-weight: 700;
    }
    margin-left: 8px;
  `,
  budget: css`
    font-family: ${MONO};
    font-weight: 700;
    margin-left: 8px;
    padding: 0 4px;
    border: 1px solid ${COLORS.black};
  `,
  unknown: css`
    border: 1px solid ${COLORS.border};
    color: ${COLORS.muted};
    padding: 4px 12px;
    margin-bottom: 16px;
    font-size: ${FONT_SIZE.small};
  `,
};
