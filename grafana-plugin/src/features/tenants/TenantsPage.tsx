// Story 11.6: one row per tenant (requests and error rate over the selected range, API p95,
// jobs, queue depth, DB p95, storage), sortable by any column with the sort and the range in
// the URL; tenants past a threshold (TenantThresholds) highlighted and the thresholds in a legend.
import { css, cx } from '@emotion/css';
import { Button } from '@grafana/ui';
import { Link, useSearchParams } from 'react-router-dom';
import { PrometheusError } from '../../api/prometheus';
import { useSettings } from '../../settings';
import { COLORS, FONT_SIZE, MONO, STATUS_COLORS } from '../../theme/theme';
import { DataTable } from '../../ui/DataTable';
import { EmptyState, ErrorState, Loading } from '../../ui/Feedback';
import { formatCount } from '../../ui/formatCount';
import { formatBytes, formatPercent, formatSeconds } from '../../ui/formatMetric';
import { usePoll } from '../../ui/hooks/usePoll';
import { tenantDlqUrl, tenantRunsUrl } from '../../ui/links';
import { PagePanel } from '../../ui/PagePanel';
import { rowTint, statusText, tableStyles } from '../../ui/tableStyles';
import { loadTenants, TENANT_METRICS, TENANT_RANGES, type TenantMetric, type TenantRange, type TenantRow } from './tenantQueries';
import { cellStatus, TENANT_THRESHOLDS, tenantStatus, THRESHOLDED } from './TenantThresholds';

/** exporters' TenantLabels: tenants past the label cap are counted together under this name. */
export const OTHER_TENANT = '_other';

type SortKey = 'tenant' | TenantMetric;
type Direction = 'asc' | 'desc';

const COLUMNS: Record<TenantMetric, { title: string; format: (v: number | undefined) => string }> = {
  requests: { title: 'Requests', format: (v) => (v === undefined ? '—' : formatCount(Math.round(v))) },
  errorRate: { title: 'Error rate', format: (v) => formatPercent(v) },
  apiP95: { title: 'API p95', format: (v) => formatSeconds(v) },
  activeJobs: { title: 'Active jobs', format: (v) => (v === undefined ? '—' : formatCount(v)) },
  queueDepth: { title: 'Queue depth', format: (v) => (v === undefined ? '—' : formatCount(v)) },
  dbP95: { title: 'DB query p95', format: (v) => formatSeconds(v) },
  storageBytes: { title: 'Storage', format: (v) => formatBytes(v) },
};

export interface TenantsPageProps {
  load?: (prometheusUid: string, range: TenantRange) => Promise<TenantRow[]>;
  intervalMs?: number;
}

export function TenantsPage({ load = loadTenants, intervalMs = 15_000 }: TenantsPageProps) {
  const { prometheusUid } = useSettings();
  const [params, setParams] = useSearchParams();
  const range = (TENANT_RANGES as readonly string[]).includes(params.get('range') ?? '') ? (params.get('range') as TenantRange) : TENANT_RANGES[0];
  const sortParam = params.get('sort') ?? '';
  const sort: SortKey = sortParam === 'tenant' || (TENANT_METRICS as string[]).includes(sortParam) ? (sortParam as SortKey) : 'errorRate';
  const dir: Direction = params.get('dir') === 'asc' ? 'asc' : params.get('dir') === 'desc' ? 'desc' : sort === 'tenant' ? 'asc' : 'desc';
  const tenants = usePoll(() => load(prometheusUid, range), intervalMs, [prometheusUid, range]);

  const update = (patch: Record<string, string>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) next.set(k, v);
    setParams(next, { replace: true });
  };
  // The same column again flips the direction; a new one starts with its natural one.
  const sortBy = (key: SortKey) => update({ sort: key, dir: key === sort ? (dir === 'asc' ? 'desc' : 'asc') : key === 'tenant' ? 'asc' : 'desc' });
  const rows = tenants.data ? sortRows(tenants.data, sort, dir) : undefined;
  const flagged = rows?.filter((r) => tenantStatus(r) !== 'ok').length ?? 0;

  return (
    <PagePanel
      title="Tenants"
      testId="tenants-page"
      summary={rows && `${rows.length} tenants · ${flagged} need a look`}
      summaryTestId="tenants-summary"
      controls={
        <span role="group" aria-label="Range" className={styles.ranges}>
          {TENANT_RANGES.map((r) => (
            <Button key={r} size="sm" variant={r === range ? 'primary' : 'secondary'} fill={r === range ? 'solid' : 'outline'} aria-pressed={r === range} onClick={() => update({ range: r })}>
              {r}
            </Button>
          ))}
        </span>
      }
      dashboard="tenants"
    >
      <Legend />
      {tenants.error && <ErrorState error={explain(tenants.error)} onRetry={tenants.reload} />}
      {!rows && !tenants.error && <Loading what="tenants" />}
      {rows && rows.length === 0 && <EmptyState>No tenant series in Prometheus yet: no tenant-labelled requests, jobs or storage.</EmptyState>}
      {rows && rows.length > 0 && (
        <DataTable
          testId="tenants-table"
          links
          head={
            <>
              <SortHeader id="tenant" title="Tenant" sort={sort} dir={dir} onSort={sortBy} />
              {TENANT_METRICS.map((m) => (
                <SortHeader key={m} id={m} title={`${COLUMNS[m].title}${m === 'requests' || m === 'errorRate' || m.endsWith('P95') ? ` (${range})` : ''}`} sort={sort} dir={dir} onSort={sortBy} numeric />
              ))}
              <th>Open</th>
            </>
          }
        >
          {rows.map((r) => (
            <TenantRowView key={r.tenant} row={r} />
          ))}
        </DataTable>
      )}
    </PagePanel>
  );
}

function TenantRowView({ row }: { row: TenantRow }) {
  const status = tenantStatus(row);
  const other = row.tenant === OTHER_TENANT;
  return (
    <tr className={rowTint(status)} data-testid="tenant-row" data-tenant={row.tenant} data-status={status}>
      <td className={tableStyles.mono}>
        {other ? (
          <span title="Tenants past the exporters' label cap, counted together" data-testid="tenant-other">
            {OTHER_TENANT} <span className={tableStyles.muted}>all other tenants</span>
          </span>
        ) : (
          <strong>{row.tenant}</strong>
        )}
      </td>
      {TENANT_METRICS.map((m) => (
        <td key={m} className={cx(tableStyles.num, statusText(cellStatus(m, row.values[m])))} data-metric={m} data-status={cellStatus(m, row.values[m])}>
          {COLUMNS[m].format(row.values[m])}
        </td>
      ))}
      <td>
        {other ? (
          <span className={tableStyles.muted}>not one tenant</span>
        ) : (
          <span className={styles.links}>
            <Link to={tenantRunsUrl(row.tenant)}>runs</Link>
            <Link to={tenantDlqUrl(row.tenant)}>DLQ</Link>
          </span>
        )}
      </td>
    </tr>
  );
}

function SortHeader({ id, title, sort, dir, onSort, numeric }: { id: SortKey; title: string; sort: SortKey; dir: Direction; onSort: (k: SortKey) => void; numeric?: boolean }) {
  const active = id === sort;
  return (
    <th aria-sort={active ? (dir === 'asc' ? 'ascending' : 'descending') : 'none'} className={numeric ? tableStyles.num : undefined}>
      <button type="button" className={cx(styles.sort, active && styles.sortActive)} onClick={() => onSort(id)} data-testid={`sort-${id}`}>
        {title}
        <span aria-hidden>{active ? (dir === 'asc' ? ' ▲' : ' ▼') : ' ↕'}</span>
      </button>
    </th>
  );
}

/** The thresholds, as the page applies them (TENANT_THRESHOLDS). */
function Legend() {
  const fmt = (m: (typeof THRESHOLDED)[number], v: number) => COLUMNS[m].format(v);
  return (
    <dl className={styles.legend} data-testid="tenants-legend">
      <dt>Highlighted when</dt>
      {THRESHOLDED.map((m) => (
        <dd key={m}>
          {COLUMNS[m].title}: <span style={{ color: STATUS_COLORS.warn }}>≥ {fmt(m, TENANT_THRESHOLDS[m].warn)} warn</span> ·{' '}
          <span style={{ color: STATUS_COLORS.bad }}>≥ {fmt(m, TENANT_THRESHOLDS[m].bad)} bad</span>
        </dd>
      ))}
    </dl>
  );
}

/** Sorted by `key`; tenants without a value for it always last, ties by name. */
export function sortRows(rows: TenantRow[], key: SortKey, dir: Direction): TenantRow[] {
  const sign = dir === 'asc' ? 1 : -1;
  return [...rows].sort((a, b) => {
    if (key === 'tenant') return sign * a.tenant.localeCompare(b.tenant);
    const [x, y] = [a.values[key], b.values[key]];
    if (x === undefined || y === undefined) return x === y ? a.tenant.localeCompare(b.tenant) : x === undefined ? 1 : -1;
    return x === y ? a.tenant.localeCompare(b.tenant) : sign * (x - y);
  });
}

function explain(err: Error): Error {
  return err instanceof PrometheusError ? new Error(`Prometheus (datasource uid "${err.uid}") did not answer: ${err.message}`) : err;
}

const styles = {
  ranges: css`
    display: inline-flex;
    gap: 4px;
  `,
  sort: css`
    all: unset;
    cursor: pointer;
    font: inherit;
    letter-spacing: inherit;
    text-transform: inherit;
    color: inherit;
    &:hover {
      color: ${COLORS.text};
    }
  `,
  sortActive: css`
    color: ${COLORS.acid} !important;
  `,
  links: css`
    display: inline-flex;
    gap: 12px;
    font-family: ${MONO};
    font-size: ${FONT_SIZE.small};
  `,
  legend: css`
    display: flex;
    flex-wrap: wrap;
    gap: 4px 16px;
    margin: 0;
    font-family: ${MONO};
    font-size: ${FONT_SIZE.label};
    color: ${COLORS.muted};
    dt {
      font-weight: 700;
      text-transform: uppercase;
      letter-spacing: 0.08em;
    }
    dd {
      margin: 0;
    }
  `,
};
