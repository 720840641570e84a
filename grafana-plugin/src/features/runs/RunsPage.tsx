// UX-5..8: every run across queues, newest first, filtered from the URL, live (polled),
// paged by the API's cursor. Wrap it with other `columns`, row actions or a `load`.
import { css } from '@emotion/css';
import { Button, Stack } from '@grafana/ui';
import type { QueueInfo, RunSummary, RunsQuery } from '@trafi-ops/contracts';
import type React from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { opsApi } from '../../api/ops-api';
import { EmptyState, ErrorState, Loading } from '../../ui/Feedback';
import { Panel } from '../../ui/Panel';
import { runDuration, Timestamp } from './RunFields';
import { formatDuration } from '../../ui/formatDuration';
import { runUrl } from '../../ui/links';
import { filterFromParams, filterToParams, RunsFilters, type RunsFilter } from './RunsFilters';
import { StatusBadge } from '../../ui/StatusBadge';
import { usePoll } from '../../ui/hooks/usePoll';
import { COLORS, FONT_SIZE, MONO } from '../../theme/theme';

export interface RunColumn {
  id: string;
  header: React.ReactNode;
  /** `now` lets a cell show live values (e.g. a running run's duration). */
  render: (run: RunSummary, now: number) => React.ReactNode;
}

export const DEFAULT_RUN_COLUMNS: RunColumn[] = [
  { id: 'state', header: 'State', render: (r) => <StatusBadge state={r.state} /> },
  {
    id: 'id',
    header: 'Run',
    render: (r) => (
      <Link className="mono" to={runUrl(r)}>
        {r.id}
      </Link>
    ),
  },
  { id: 'queue', header: 'Queue', render: (r) => <span className="mono">{r.queue}</span> },
  { id: 'type', header: 'Type', render: (r) => <span className="mono">{r.type}</span> },
  { id: 'tenant', header: 'Tenant', render: (r) => <span className="mono">{r.tenantId ?? '—'}</span> },
  { id: 'created', header: 'Created', render: (r) => <Timestamp ms={r.createdAt} /> },
  {
    id: 'duration',
    header: 'Duration',
    render: (r, now) => {
      const d = runDuration(r, now);
      return <span className="mono">{d === undefined ? '—' : formatDuration(d)}</span>;
    },
  },
  { id: 'attempts', header: 'Attempts', render: (r) => <span className="mono">{`${r.attemptsMade}/${r.maxAttempts}`}</span> },
  {
    id: 'error',
    header: 'Error',
    render: (r) =>
      r.error ? (
        <span className={styles.error} title={r.error}>
          {r.error}
        </span>
      ) : null,
  },
];

export type RunsPageResult = { items: RunSummary[]; nextCursor: string | null };

export interface RunsPageProps {
  columns?: RunColumn[];
  /** Extra per-row actions, shown in a last column. */
  extraActions?: (run: RunSummary) => React.ReactNode;
  load?: (q: Partial<RunsQuery>) => Promise<RunsPageResult>;
  loadQueues?: () => Promise<QueueInfo[]>;
  pageSize?: number;
  /** Auto-refresh period; 0 turns it off. */
  refreshMs?: number;
}

export function RunsPage({ columns = DEFAULT_RUN_COLUMNS, extraActions, load = opsApi.runs, loadQueues = opsApi.queues, pageSize = 50, refreshMs = 5000 }: RunsPageProps) {
  const [params, setParams] = useSearchParams();
  const filter = filterFromParams(params);
  const cursor = params.get('cursor') || undefined;
  const key = `${filterToParams(filter).toString()}|${cursor ?? ''}|${pageSize}`;

  const runs = usePoll(() => load({ ...filter, cursor, limit: pageSize }), refreshMs, [key]);
  const queues = usePoll(loadQueues, 0, []);
  const now = Date.now();

  // A new filter starts from the first page; replace, so editing does not flood history.
  const setFilter = (f: RunsFilter) => setParams(filterToParams(f), { replace: true });
  const goTo = (c: string | undefined) => {
    const next = filterToParams(filter);
    if (c) next.set('cursor', c);
    setParams(next);
  };

  const page = runs.data;
  return (
    <Panel
      title="Runs"
      actions={
        <span className={styles.meta} aria-live="polite">
          {page && `${page.items.length} shown${cursor ? ' · later page' : ''}${refreshMs ? ` · live (${refreshMs / 1000} s)` : ''}`}
        </span>
      }
    >
      <div className={styles.body}>
        <RunsFilters value={filter} onChange={setFilter} queues={queues.data} />
        {runs.error && <ErrorState error={runs.error} onRetry={runs.reload} />}
        {!page && !runs.error && <Loading what="runs" />}
        {page && page.items.length === 0 && <EmptyState>{cursor ? 'No more runs on this page' : 'No runs match these filters'}</EmptyState>}
        {page && page.items.length > 0 && (
          <div className={styles.scroll}>
            <table className={styles.table}>
              <thead>
                <tr>
                  {columns.map((c) => (
                    <th key={c.id}>{c.header}</th>
                  ))}
                  {extraActions && <th>Actions</th>}
                </tr>
              </thead>
              <tbody>
                {page.items.map((r) => (
                  <tr key={`${r.queue}/${r.id}`} data-testid="run-row" data-state={r.state}>
                    {columns.map((c) => (
                      <td key={c.id} data-col={c.id}>
                        {c.render(r, now)}
                      </td>
                    ))}
                    {extraActions && <td>{extraActions(r)}</td>}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <Stack direction="row" gap={1} justifyContent="flex-end">
          <Button size="sm" variant="secondary" fill="outline" icon="angle-double-left" disabled={!cursor} onClick={() => goTo(undefined)}>
            First page
          </Button>
          <Button size="sm" variant="secondary" fill="outline" icon="angle-right" disabled={!page?.nextCursor} onClick={() => goTo(page?.nextCursor ?? undefined)}>
            Next page
          </Button>
        </Stack>
      </div>
    </Panel>
  );
}

const styles = {
  meta: css`
    font-family: ${MONO};
    font-size: ${FONT_SIZE.label};
    color: ${COLORS.muted};
  `,
  body: css`
    display: flex;
    flex-direction: column;
    gap: 12px;
  `,
  scroll: css`
    overflow-x: auto;
  `,
  error: css`
    display: inline-block;
    max-width: 320px;
    overflow: hidden;
    text-overflow: ellipsis;
    vertical-align: bottom;
    font-family: ${MONO};
    color: ${COLORS.error};
  `,
  table: css`
    width: 100%;
    border-collapse: collapse;
    font-size: ${FONT_SIZE.body};
    th,
    td {
      border: 1px solid ${COLORS.border};
      padding: 6px 8px;
      text-align: left;
      vertical-align: middle;
      white-space: nowrap;
    }
    th {
      font-size: ${FONT_SIZE.label};
      font-weight: 600;
      letter-spacing: 0.06em;
      text-transform: uppercase;
      color: ${COLORS.muted};
    }
    tbody tr:hover {
      background: ${COLORS.ink2};
    }
    && a {
      color: ${COLORS.acid};
    }
  `,
};
