// Story 11.8: per SLO its objective, the SLI now, the 30-day error budget left (a bar), the
// burn rate per window and the burn-rate alerts firing, from the generated SLO rules.
import { css, cx } from '@emotion/css';
import { SLO_WINDOWS_SHOWN, budgetStatus, burnStatus, SLO_THRESHOLDS } from './SloThresholds';
import { useSettings } from '../../settings';
import { COLORS, FONT_SIZE, MONO, STATUS_COLORS } from '../../theme/theme';
import { DashboardLink } from '../../ui/DashboardLink';
import { DataTable } from '../../ui/DataTable';
import { EmptyState, ErrorState, Loading } from '../../ui/Feedback';
import { formatPercent } from '../../ui/formatMetric';
import { usePoll } from '../../ui/hooks/usePoll';
import { PagePanel } from '../../ui/PagePanel';
import { rowTint, statusText, tableStyles } from '../../ui/tableStyles';
import { worst } from '../../ui/thresholds';
import { loadSlos, type SloStatus } from './sloQueries';

export interface SlosPageProps {
  load?: (prometheusUid: string) => Promise<SloStatus[]>;
  intervalMs?: number;
}

export function SlosPage({ load = loadSlos, intervalMs = 15_000 }: SlosPageProps) {
  const { prometheusUid } = useSettings();
  const slos = usePoll(() => load(prometheusUid), intervalMs, [prometheusUid]);
  const items = slos.data;
  const firing = items?.filter((s) => s.firing.length > 0).length ?? 0;

  return (
    <PagePanel title="SLOs and error budgets" testId="slos-page" summary={items && `${items.length} SLOs · ${firing} burning`} summaryTestId="slos-summary" dashboard="slos">
      <p className={styles.legend} data-testid="slos-legend">
        Budget: <span style={{ color: STATUS_COLORS.warn }}>under {formatPercent(SLO_THRESHOLDS.budgetLeft.warn)} warn</span> ·{' '}
        <span style={{ color: STATUS_COLORS.bad }}>under {formatPercent(SLO_THRESHOLDS.budgetLeft.bad)} bad</span>. Burn rate (1× spends the budget in exactly 30 days):{' '}
        <span style={{ color: STATUS_COLORS.warn }}>≥ {SLO_THRESHOLDS.burn.warn}× warn</span> · <span style={{ color: STATUS_COLORS.bad }}>≥ {SLO_THRESHOLDS.burn.bad}× bad</span>.
      </p>
      {slos.error && <ErrorState error={slos.error} onRetry={slos.reload} />}
      {!items && !slos.error && <Loading what="SLOs" />}
      {items && items.length === 0 && <EmptyState>No SLO series in Prometheus: are the generated rules (alert-rules/rules/slo.generated.yml) loaded?</EmptyState>}
      {items && items.length > 0 && (
        <DataTable
          testId="slos-table"
          links
          head={
            <>
              <th>SLO</th>
              <th className={tableStyles.num}>Objective</th>
              {/* Two-line headers: the columns are as wide as their figures, so the table fits 1440 px (firing alerts too). */}
              <th className={tableStyles.num}>
                SLI now
                <br />
                (5 m)
              </th>
              <th>
                Error budget left
                <br />
                (30 d)
              </th>
              {SLO_WINDOWS_SHOWN.map((w) => (
                <th key={w} className={cx(tableStyles.num, styles.burn)}>
                  Burn
                  <br />
                  {w}
                </th>
              ))}
              <th>Firing</th>
            </>
          }
        >
          {items.map((s) => (
            <SloRow key={s.slo} slo={s} />
          ))}
        </DataTable>
      )}
    </PagePanel>
  );
}

function SloRow({ slo: s }: { slo: SloStatus }) {
  const budget = budgetStatus(s.budgetRemaining);
  const status = worst('ok', budget, s.firing.length ? 'bad' : 'ok');
  const sliBelow = s.sliNow !== undefined && s.objective !== undefined && s.sliNow < s.objective;
  return (
    <tr className={rowTint(status)} data-testid="slo-row" data-slo={s.slo} data-status={status}>
      <td className={tableStyles.mono}>
        <strong>{s.slo}</strong>
        <div className={styles.service}>
          {s.service} <DashboardLink dashboard="slos" vars={{ slo: s.slo }} />
        </div>
      </td>
      <td className={tableStyles.num}>{formatPercent(s.objective)}</td>
      <td className={cx(tableStyles.num, sliBelow && statusText('bad'))} data-testid="slo-sli">
        {s.sliNow === undefined ? 'no traffic' : formatPercent(s.sliNow, '—')}
      </td>
      <td>
        <BudgetBar remaining={s.budgetRemaining} />
      </td>
      {SLO_WINDOWS_SHOWN.map((w) => (
        <td key={w} className={cx(tableStyles.num, styles.burn, statusText(burnStatus(s.burn[w])))} data-window={w} data-status={burnStatus(s.burn[w])}>
          {s.burn[w] === undefined ? '—' : `${s.burn[w]!.toFixed(s.burn[w]! >= 10 ? 0 : 2)}×`}
        </td>
      ))}
      <td data-testid="slo-firing">
        {s.firing.length === 0 ? (
          <span className={tableStyles.muted}>none</span>
        ) : (
          s.firing.map((a) => (
            <div key={`${a.longWindow}/${a.shortWindow}`} className={styles.alert} data-severity={a.severity}>
              {a.severity} · {a.longWindow}/{a.shortWindow}
            </div>
          ))
        )}
      </td>
    </tr>
  );
}

/** The share of the budget left as a bar: full is untouched, empty (or past zero) is spent. */
export function BudgetBar({ remaining }: { remaining: number | undefined }) {
  const status = budgetStatus(remaining);
  const width = remaining === undefined ? 0 : Math.max(0, Math.min(1, remaining)) * 100;
  return (
    <div className={styles.budget} data-testid="slo-budget" data-status={status} data-remaining={remaining ?? ''}>
      <div className={styles.track} role="meter" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(width)} aria-label="error budget left">
        <div className={styles.fill} style={{ width: `${width}%`, background: status === 'unknown' ? COLORS.waiting : STATUS_COLORS[status] }} />
      </div>
      <span className={cx(styles.budgetText, statusText(status))}>{remaining === undefined ? 'no data' : remaining < 0 ? `overspent ${formatPercent(-remaining)}` : formatPercent(remaining)}</span>
    </div>
  );
}

const styles = {
  legend: css`
    margin: 0;
    font-family: ${MONO};
    font-size: ${FONT_SIZE.label};
    color: ${COLORS.muted};
  `,
  service: css`
    font-size: ${FONT_SIZE.label};
    color: ${COLORS.muted};
  `,
  budget: css`
    display: flex;
    align-items: center;
    gap: 8px;
    min-width: 150px;
  `,
  burn: css`
    padding-left: 4px !important;
    padding-right: 6px !important;
  `,
  track: css`
    flex: 1;
    height: 12px;
    border: 1px solid ${COLORS.border};
    background: ${COLORS.black};
  `,
  fill: css`
    height: 100%;
  `,
  budgetText: css`
    font-family: ${MONO};
    font-size: ${FONT_SIZE.small};
    min-width: 96px;
    text-align: right;
  `,
  alert: css`
    display: inline-block;
    /* "critical · 1h/5m" on two lines: a firing alert must not push the table past the panel. */
    max-width: 84px;
    white-space: normal;
    margin: 1px 4px 1px 0;
    padding: 1px 6px;
    background: ${COLORS.error};
    color: ${COLORS.black};
    font-family: ${MONO};
    font-size: ${FONT_SIZE.label};
    text-transform: uppercase;
  `,
};
