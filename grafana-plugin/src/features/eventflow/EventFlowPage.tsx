// Story 11.7 / NFR-REL-6: per store, events in the last hour and day (Prometheus), their
// distribution by type, gaps (an expected type silent too long), freshness, the verdict and
// whether the Profit Engine gate is open (the ops API). Unhealthy stores first and flagged; a
// store's detail (GET /event-flow/stores/:store) opens below the table, its name in the URL.
import { css, cx } from '@emotion/css';
import { Button } from '@grafana/ui';
import type { StoreFlowHealth } from '@trafi-ops/contracts';
import { useSearchParams } from 'react-router-dom';
import { opsApi } from '../../api/ops-api';
import { useSettings } from '../../settings';
import { COLORS, FONT_SIZE, MONO, STATUS_COLORS } from '../../theme/theme';
import { DashboardLink } from '../../ui/DashboardLink';
import { formatDateTime } from '../../ui/dateTime';
import { DataTable } from '../../ui/DataTable';
import { EmptyState, ErrorState, Loading } from '../../ui/Feedback';
import { formatCount } from '../../ui/formatCount';
import { formatDuration } from '../../ui/formatDuration';
import { usePoll } from '../../ui/hooks/usePoll';
import { PagePanel } from '../../ui/PagePanel';
import { Panel } from '../../ui/Panel';
import { rowTint, tableStyles } from '../../ui/tableStyles';
import { loadEventFlowCounts, type StoreCounts } from './eventFlowQueries';

/** Event types in the distribution bar, in order of first appearance (a type keeps its colour). */
const TYPE_COLORS = [COLORS.active, '#A78BFA', '#22D3EE', '#F472B6', '#E5E7EB', '#FB923C'];

export interface EventFlowPageProps {
  loadStores?: () => Promise<StoreFlowHealth[]>;
  loadStore?: (store: string) => Promise<StoreFlowHealth>;
  loadCounts?: (prometheusUid: string) => Promise<StoreCounts>;
  intervalMs?: number;
}

export function EventFlowPage({ loadStores = opsApi.eventFlowStores, loadStore = opsApi.eventFlowStore, loadCounts = loadEventFlowCounts, intervalMs = 15_000 }: EventFlowPageProps) {
  const { prometheusUid } = useSettings();
  const [params, setParams] = useSearchParams();
  const open = params.get('store') ?? undefined;
  const stores = usePoll(loadStores, intervalMs, []);
  const counts = usePoll(() => loadCounts(prometheusUid), intervalMs, [prometheusUid]);
  const items = stores.data ? orderStores(stores.data) : undefined;
  const unhealthy = items?.filter((s) => !s.healthy).length ?? 0;
  const types = colourOrder(items ?? []);
  const select = (store: string | undefined) => {
    const next = new URLSearchParams(params);
    if (store) next.set('store', store);
    else next.delete('store');
    setParams(next, { replace: true });
  };

  return (
    <PagePanel title="Event flow" testId="event-flow-page" summary={items && `${items.length} stores · ${unhealthy} unhealthy`} summaryTestId="event-flow-summary" dashboard="eventFlow">
      {stores.error && <ErrorState error={stores.error} onRetry={stores.reload} />}
      {counts.error && (
        <p className={tableStyles.note} data-testid="event-flow-counts-error">
          No event counts from Prometheus ({counts.error.message}); verdicts and gaps come from the ops API and are current.
        </p>
      )}
      {!items && !stores.error && <Loading what="stores" />}
      {items && items.length === 0 && <EmptyState>No store has reported an event yet.</EmptyState>}
      {items && items.length > 0 && (
        <DataTable
          testId="event-flow-table"
          head={
            <>
              <th>Store</th>
              <th>Verdict</th>
              <th>Profit Engine</th>
              {/* Two-line headers and a clipped gaps cell keep the table within 1440 px. */}
              <th className={tableStyles.num}>
                Events
                <br />1 h
              </th>
              <th className={tableStyles.num}>
                Events
                <br />1 d
              </th>
              <th>By type (1 d)</th>
              <th>Gaps</th>
              <th className={tableStyles.num}>Freshness</th>
              <th />
            </>
          }
        >
          {items.map((s) => (
            <StoreRow key={s.store} store={s} counts={counts.data} types={types} open={s.store === open} onOpen={() => select(s.store === open ? undefined : s.store)} />
          ))}
        </DataTable>
      )}
      {open && <StoreDetail store={open} load={loadStore} onClose={() => select(undefined)} intervalMs={intervalMs} />}
    </PagePanel>
  );
}

function StoreRow({ store: s, counts, types, open, onOpen }: { store: StoreFlowHealth; counts: StoreCounts | undefined; types: string[]; open: boolean; onOpen: () => void }) {
  const hour = sum(counts?.lastHour[s.store]);
  const day = counts?.lastDay[s.store];
  const fresh = counts?.freshness[s.store] ?? freshestAge(s);
  return (
    <tr className={rowTint(s.healthy ? 'ok' : 'bad')} data-testid="store-row" data-store={s.store} data-healthy={String(s.healthy)}>
      <td className={tableStyles.mono}>
        <strong>{s.store}</strong>
      </td>
      <td>
        <Flag ok={s.healthy} yes="healthy" no="unhealthy" />
      </td>
      <td>
        <Flag ok={s.healthy} yes="gate open" no="gate closed" />
      </td>
      <td className={tableStyles.num} data-testid="store-events-1h">
        {counts ? formatCount(Math.round(hour)) : '…'}
      </td>
      <td className={tableStyles.num} data-testid="store-events-1d">
        {counts ? formatCount(Math.round(sum(day))) : '…'}
      </td>
      <td>
        <Distribution counts={day ?? {}} types={types} />
      </td>
      <td data-testid="store-gaps">
        {s.reasons.length === 0 ? (
          <span className={tableStyles.muted}>none</span>
        ) : (
          s.reasons.map((r) => (
            <div key={r} className={cx(tableStyles.clip, styles.gap)} title={r}>
              {r}
            </div>
          ))
        )}
      </td>
      <td className={tableStyles.num} data-testid="store-freshness">
        {fresh === undefined ? '—' : `${formatDuration(fresh * 1000)} ago`}
      </td>
      <td>
        <Button size="sm" variant="secondary" fill="outline" onClick={onOpen} aria-expanded={open} data-testid={`store-detail-${s.store}`}>
          {open ? 'Close' : 'Detail'}
        </Button>
      </td>
    </tr>
  );
}

/** A store's event types, from its own endpoint. */
function StoreDetail({ store, load, onClose, intervalMs }: { store: string; load: (store: string) => Promise<StoreFlowHealth>; onClose: () => void; intervalMs: number }) {
  const detail = usePoll(() => load(store), intervalMs, [store]);
  const d = detail.data;
  return (
    <Panel
      title={`Store ${store}`}
      testId="store-detail"
      actions={
        <>
          {d && <Flag ok={d.healthy} yes="Profit Engine gate open" no="Profit Engine gate closed" />}
          <DashboardLink dashboard="eventFlow" vars={{ store }} />
          <Button size="sm" variant="secondary" fill="outline" onClick={onClose}>
            Close
          </Button>
        </>
      }
    >
      {detail.error && <ErrorState error={detail.error} onRetry={detail.reload} />}
      {!d && !detail.error && <Loading what={`store ${store}`} />}
      {d && (
        <>
          <p className={tableStyles.note}>checked {formatDateTime(d.checkedAt)}</p>
          <DataTable
            testId="store-types"
            head={
              <>
                <th>Event type</th>
                <th>Status</th>
                <th className={tableStyles.num}>Total</th>
                <th>Last received</th>
                <th className={tableStyles.num}>Silent for</th>
                <th className={tableStyles.num}>Expected within</th>
                <th>Expectation</th>
                <th>Reason</th>
              </>
            }
          >
            {d.types.map((t) => (
              <tr key={t.eventType} className={rowTint(t.status === 'gap' ? 'bad' : 'ok')} data-testid="store-type-row" data-type={t.eventType} data-status={t.status}>
                <td className={tableStyles.mono}>{t.eventType}</td>
                <td>{t.status === 'gap' ? <Flag ok={false} yes="" no="gap" /> : <span className={tableStyles.mono}>{t.status}</span>}</td>
                <td className={tableStyles.num}>{formatCount(t.total)}</td>
                <td className={tableStyles.mono}>{t.lastReceivedAt ? formatDateTime(t.lastReceivedAt) : 'never'}</td>
                <td className={tableStyles.num}>{t.ageSeconds === null ? '—' : formatDuration(t.ageSeconds * 1000)}</td>
                <td className={tableStyles.num}>{t.expectedWithinSeconds === null ? '—' : formatDuration(t.expectedWithinSeconds * 1000)}</td>
                <td className={tableStyles.mono}>{t.expectation}</td>
                <td>
                  <span className={cx(tableStyles.clip, styles.reason)} title={t.reason ?? ''}>
                    {t.reason ?? ''}
                  </span>
                </td>
              </tr>
            ))}
          </DataTable>
        </>
      )}
    </Panel>
  );
}

/** A stacked bar of the day's events by type, each segment titled with its count and share. */
function Distribution({ counts, types }: { counts: Record<string, number>; types: string[] }) {
  const total = sum(counts);
  if (total <= 0) return <span className={tableStyles.muted}>no events</span>;
  const present = types.filter((t) => (counts[t] ?? 0) > 0);
  return (
    <div className={styles.dist} data-testid="store-distribution" aria-label={present.map((t) => `${t} ${share(counts[t]!, total)}`).join(', ')}>
      <div className={styles.bar}>
        {present.map((t) => (
          <span key={t} style={{ width: `${(counts[t]! / total) * 100}%`, background: TYPE_COLORS[types.indexOf(t) % TYPE_COLORS.length] }} title={`${t}: ${formatCount(Math.round(counts[t]!))} (${share(counts[t]!, total)})`} data-type={t} />
        ))}
      </div>
      <span className={styles.types}>{present.map((t) => `${t} ${share(counts[t]!, total)}`).join(' · ')}</span>
    </div>
  );
}

function Flag({ ok, yes, no }: { ok: boolean; yes: string; no: string }) {
  return (
    <span className={styles.flag} style={ok ? { color: STATUS_COLORS.ok, borderColor: STATUS_COLORS.ok } : { background: STATUS_COLORS.bad, color: COLORS.black, borderColor: STATUS_COLORS.bad }} data-ok={String(ok)}>
      {ok ? yes : no}
    </span>
  );
}

/** Unhealthy first, then by name. */
export function orderStores(stores: StoreFlowHealth[]): StoreFlowHealth[] {
  return [...stores].sort((a, b) => Number(a.healthy) - Number(b.healthy) || a.store.localeCompare(b.store));
}

function colourOrder(stores: StoreFlowHealth[]): string[] {
  return [...new Set(stores.flatMap((s) => s.types.map((t) => t.eventType)))].sort();
}

function freshestAge(s: StoreFlowHealth): number | undefined {
  const ages = s.types.map((t) => t.ageSeconds).filter((a): a is number => a !== null);
  return ages.length ? Math.min(...ages) : undefined;
}

const sum = (m: Record<string, number> | undefined) => Object.values(m ?? {}).reduce((a, b) => a + b, 0);
const share = (n: number, total: number) => `${Math.round((n / total) * 100)}%`;

const styles = {
  gap: css`
    color: ${COLORS.error};
    font-family: ${MONO};
    font-size: ${FONT_SIZE.small};
    max-width: 220px;
  `,
  reason: css`
    max-width: 210px;
  `,
  flag: css`
    display: inline-block;
    padding: 1px 6px;
    border: 1px solid;
    font-family: ${MONO};
    font-size: ${FONT_SIZE.label};
    text-transform: uppercase;
    white-space: nowrap;
  `,
  dist: css`
    display: flex;
    flex-direction: column;
    gap: 2px;
    min-width: 150px;
  `,
  bar: css`
    display: flex;
    height: 10px;
    border: 1px solid ${COLORS.border};
    & > span {
      display: block;
      height: 100%;
    }
  `,
  types: css`
    font-family: ${MONO};
    font-size: ${FONT_SIZE.label};
    color: ${COLORS.muted};
  `,
};
