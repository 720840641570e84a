// Story 11.3: the dead-letter queue. Filters live in the URL (a view can be shared), entries
// load in cursor pages into a virtualized list, and bulk retry/delete work on a selection
// of loaded ids or on everything matching the filter.
import { css } from '@emotion/css';
import { Button } from '@grafana/ui';
import type { BulkResult, DlqEntry, DlqFilter, QueueInfo } from '@trafi-ops/contracts';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { opsApi } from '../../api/ops-api';
import { DEFAULT_DLQ_BULK_ACTIONS, DlqBulkActions, type DlqBulkAction } from './DlqBulkActions';
import { DlqEntryDetail } from './DlqEntryDetail';
import { filterFromParams, filterKey, isEmptyFilter, withFilter } from './DlqFilterParams';
import { DlqFilters } from './DlqFilters';
import { DlqErrorGroups, type DlqGroupsLoad } from './DlqErrorGroups';
import { useDlqPages, type DlqLoad } from './useDlqPages';
import { useDlqSelection } from './useDlqSelection';
import { DEFAULT_DLQ_COLUMNS, DlqTable, type DlqColumn } from './DlqTable';
import { EmptyState, ErrorState, Loading, Notice } from '../../ui/Feedback';
import { formatCount } from '../../ui/formatCount';
import { Panel } from '../../ui/Panel';
import { usePoll } from '../../ui/hooks/usePoll';
import { COLORS, FONT_SIZE, MONO } from '../../theme/theme';

export interface DlqPageProps {
  columns?: DlqColumn[];
  /** Bulk actions after Retry and Delete (same dialog, progress and reload). */
  extraActions?: DlqBulkAction[];
  load?: DlqLoad;
  /** Queue names and DLQ sizes (filter choices and the total). */
  loadQueues?: () => Promise<QueueInfo[]>;
  loadEntry?: (id: string) => Promise<DlqEntry>;
  /** "Group by error": the matching entries grouped on the server. */
  loadGroups?: DlqGroupsLoad;
  /** Entries in the first request: small, so the first rows show at once. */
  firstPageSize?: number;
  /** Entries per request after the first ("Load more", scrolling; the API takes at most 500). */
  pageSize?: number;
  /** Height of the scrolling list, px. */
  listHeight?: number;
  /** How often a tracked bulk operation is polled, ms. */
  pollMs?: number;
}

const ENTRY_PARAM = 'entry';
/** `?view=errors`: the matching entries grouped by error instead of listed. */
const VIEW_PARAM = 'view';

export function DlqPage({
  columns = DEFAULT_DLQ_COLUMNS,
  extraActions = [],
  load = opsApi.dlq,
  loadQueues = opsApi.queues,
  loadEntry,
  loadGroups,
  firstPageSize = 100,
  pageSize = 500,
  listHeight = 560,
  pollMs,
}: DlqPageProps) {
  const [params, setParams] = useSearchParams();
  const key = filterKey(filterFromParams(params));
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const filter = useMemo(() => filterFromParams(params), [key]);
  const pages = useDlqPages(load, filter, { first: firstPageSize, more: pageSize });
  const selection = useDlqSelection(pages.items);
  const queues = usePoll(loadQueues, 0, []);
  const [notice, setNotice] = useState<string>();
  const total = matchingTotal(queues.data, filter);
  const actions = useMemo(() => [...DEFAULT_DLQ_BULK_ACTIONS, ...extraActions], [extraActions]);

  const { clear } = selection;
  useEffect(() => clear(), [key, clear]);

  const apply = (f: DlqFilter) => {
    setNotice(undefined);
    if (filterKey(f) === key) pages.reload();
    else setParams(withFilter(params, f, [ENTRY_PARAM]));
  };

  const grouped = params.get(VIEW_PARAM) === 'errors';
  const setView = (v: string) => {
    const next = new URLSearchParams(params);
    if (v === 'errors') next.set(VIEW_PARAM, v);
    else next.delete(VIEW_PARAM);
    setParams(next, { replace: true });
  };
  // A group filters the list to its error text and shows the entries.
  const pickError = (error: string) => {
    const next = withFilter(params, { ...filter, error }, [ENTRY_PARAM]);
    next.delete(VIEW_PARAM);
    setParams(next);
  };

  const openId = params.get(ENTRY_PARAM) ?? undefined;
  const setOpen = (id: string | undefined) => {
    const next = new URLSearchParams(params);
    if (id) next.set(ENTRY_PARAM, id);
    else next.delete(ENTRY_PARAM);
    setParams(next);
  };
  const openEntry = useMemo(() => pages.items.find((e) => e.id === openId), [pages.items, openId]);

  const { reload } = pages;
  const { reload: reloadQueues } = queues;
  const refresh = useCallback(() => {
    reload();
    reloadQueues();
  }, [reload, reloadQueues]);

  const onBulkDone = useCallback(() => {
    clear();
    refresh();
  }, [clear, refresh]);

  const onRetried = (id: string, r: BulkResult) => {
    setOpen(undefined);
    setNotice(r.done > 0 ? `Entry ${id} retried: back on its queue` : `Entry ${id} was not retried: it had already left the dead-letter queue`);
    refresh();
  };

  const loadMore = (
    <Button size="sm" variant="secondary" onClick={pages.loadMore} disabled={pages.loading} data-testid="dlq-load-more">
      {pages.loading ? 'Loading…' : `Load more (${formatCount(pageSize)})`}
    </Button>
  );

  return (
    <Panel
      title="Dead-letter queue"
      actions={
        <>
          <span className={styles.counts}>
            <span data-testid="dlq-loaded-count">{formatCount(pages.items.length)} loaded</span>
            {total !== undefined && <span data-testid="dlq-total"> of {formatCount(total)}</span>}
          </span>
          <Button size="sm" variant="secondary" fill={grouped ? 'solid' : 'outline'} icon={grouped ? 'list-ul' : 'layer-group'} onClick={() => setView(grouped ? 'entries' : 'errors')} data-testid="dlq-view-toggle">
            {grouped ? 'Show entries' : 'Group by error'}
          </Button>
          <Button size="sm" variant="secondary" fill="outline" icon="sync" onClick={refresh} aria-label="Refresh" />
        </>
      }
    >
      <DlqFilters value={filter} queues={queues.data} onApply={apply} />
      {notice && (
        <Notice className={styles.notice} data-testid="dlq-notice">
          {notice}
        </Notice>
      )}
      <DlqBulkActions
        selection={selection}
        filter={filter}
        loadedCount={pages.items.length}
        matchingTotal={total}
        actions={actions}
        onDone={onBulkDone}
        onAsk={reloadQueues}
        pollMs={pollMs}
      />
      {pages.error && pages.items.length === 0 ? (
        <ErrorState error={pages.error} onRetry={pages.retry} />
      ) : !pages.loaded ? (
        <Loading what="dead-letter entries" />
      ) : pages.items.length === 0 && pages.nextCursor ? (
        // The pager stopped following empty pages: the scan is not over, so let it go on.
        <>
          <EmptyState>Nothing found yet in the entries scanned</EmptyState>
          <div className={styles.footer}>{loadMore}</div>
        </>
      ) : pages.items.length === 0 ? (
        <EmptyState>{isEmptyFilter(filter) ? 'The dead-letter queue is empty' : 'No entries match these filters'}</EmptyState>
      ) : grouped ? (
        <DlqErrorGroups filter={filter} load={loadGroups} onPick={pickError} />
      ) : (
        <>
          <DlqTable
            items={pages.items}
            columns={columns}
            height={listHeight}
            isSelected={selection.isSelected}
            onToggle={selection.toggle}
            loadedState={selection.loadedState}
            onToggleAllLoaded={selection.toggleAllLoaded}
            onOpen={(e) => setOpen(e.id)}
            openId={openId}
            onNearEnd={pages.loadMore}
          />
          <div className={styles.footer}>
            {pages.error ? (
              <ErrorState error={pages.error} onRetry={pages.retry} />
            ) : pages.nextCursor ? (
              loadMore
            ) : (
              <span className={styles.end}>End of the list</span>
            )}
          </div>
        </>
      )}
      {openId && (
        <DlqEntryDetail id={openId} initial={openEntry} loadEntry={loadEntry} onClose={() => setOpen(undefined)} onRetried={onRetried} />
      )}
    </Panel>
  );
}

/** Entries matching `f` according to the queue sizes: known with no filter or a queue alone. */
function matchingTotal(queues: QueueInfo[] | undefined, f: DlqFilter): number | undefined {
  if (!queues) return undefined;
  if (isEmptyFilter(f)) return queues.reduce((n, q) => n + q.counts.dlq, 0);
  const onlyQueue = Object.entries(f).every(([k, v]) => k === 'queue' || v === undefined);
  if (onlyQueue && f.queue) return queues.find((q) => q.name === f.queue)?.counts.dlq;
  return undefined;
}

const styles = {
  counts: css`
    font-family: ${MONO};
    font-size: ${FONT_SIZE.small};
  `,
  notice: css`
    margin-bottom: 12px;
  `,
  footer: css`
    display: flex;
    justify-content: center;
    padding: 8px;
    border: 1px solid ${COLORS.border};
    border-top: 0;
  `,
  end: css`
    color: ${COLORS.muted};
    font-size: ${FONT_SIZE.small};
  `,
};
