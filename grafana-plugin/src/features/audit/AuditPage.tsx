// The audit log (GET /api/v1/audit): who changed what, why and with which outcome, newest
// first, filtered by actor, action, target and time (all in the URL, so a view can be shared)
// and paged by the API's cursor.
import { css, cx } from '@emotion/css';
import { Button, Field, Input, Stack } from '@grafana/ui';
import type { AuditEntry, AuditOutcome, AuditQuery } from '@trafi-ops/contracts';
import type React from 'react';
import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { opsApi } from '../../api/ops-api';
import { COLORS, FONT_SIZE, MONO, STATUS_COLORS } from '../../theme/theme';
import { formatDateTime, fromDateInput, timeZoneLabel, toDateInput } from '../../ui/dateTime';
import { DataTable } from '../../ui/DataTable';
import { EmptyState, ErrorState, Loading } from '../../ui/Feedback';
import { usePoll } from '../../ui/hooks/usePoll';
import { Panel } from '../../ui/Panel';
import { tableStyles } from '../../ui/tableStyles';

export type AuditFilter = Pick<Partial<AuditQuery>, 'actor' | 'action' | 'target' | 'from' | 'to'>;
const TEXT_KEYS = ['actor', 'action', 'target'] as const;
const TIME_KEYS = ['from', 'to'] as const;

export function auditFilterFromParams(sp: URLSearchParams): AuditFilter {
  const f: AuditFilter = {};
  for (const k of TEXT_KEYS) {
    const v = sp.get(k)?.trim();
    if (v) f[k] = v;
  }
  for (const k of TIME_KEYS) {
    const n = Number(sp.get(k) ?? NaN);
    if (Number.isInteger(n) && n >= 0) f[k] = n;
  }
  return f;
}

function auditFilterToParams(f: AuditFilter): URLSearchParams {
  const sp = new URLSearchParams();
  for (const k of [...TEXT_KEYS, ...TIME_KEYS]) if (f[k] !== undefined && f[k] !== '') sp.set(k, String(f[k]));
  return sp;
}

const OUTCOME_COLORS: Record<AuditOutcome, string> = { succeeded: STATUS_COLORS.ok, failed: STATUS_COLORS.bad, denied: STATUS_COLORS.warn, pending: COLORS.waiting };

export interface AuditPageProps {
  load?: (q: Partial<AuditQuery>) => Promise<{ items: AuditEntry[]; nextCursor: string | null }>;
  pageSize?: number;
  refreshMs?: number;
}

export function AuditPage({ load = opsApi.audit, pageSize = 50, refreshMs = 10_000 }: AuditPageProps) {
  const [params, setParams] = useSearchParams();
  const filter = auditFilterFromParams(params);
  const cursor = params.get('cursor') || undefined;
  const key = `${auditFilterToParams(filter).toString()}|${cursor ?? ''}`;
  const page = usePoll(() => load({ ...filter, cursor, limit: pageSize }), refreshMs, [key]);
  const goTo = (c: string | undefined) => {
    const next = auditFilterToParams(filter);
    if (c) next.set('cursor', c);
    setParams(next);
  };

  return (
    <Panel title="Audit log" testId="audit-page" actions={page.data && <span className={styles.meta} data-testid="audit-count">{`${page.data.items.length} shown${cursor ? ' · later page' : ''}`}</span>}>
      <div className={styles.body}>
        <AuditFilters value={filter} onChange={(f) => setParams(auditFilterToParams(f), { replace: true })} />
        {page.error && <ErrorState error={page.error} onRetry={page.reload} />}
        {!page.data && !page.error && <Loading what="the audit log" />}
        {page.data && page.data.items.length === 0 && <EmptyState>{cursor ? 'No more entries' : 'No audit entries match these filters'}</EmptyState>}
        {page.data && page.data.items.length > 0 && (
          <DataTable
            testId="audit-table"
            head={
              <>
                <th>Time</th>
                <th>User</th>
                <th>Role</th>
                <th>Action</th>
                <th>Target</th>
                <th>Reason</th>
                <th>Outcome</th>
                <th>Result</th>
              </>
            }
          >
            {page.data.items.map((e) => (
              <tr key={e.id} data-testid="audit-row" data-action={e.action} data-outcome={e.outcome}>
                <td className={tableStyles.mono}>{formatDateTime(Date.parse(e.at))}</td>
                <td className={tableStyles.mono}>
                  <Clip text={e.user} />
                </td>
                <td className={tableStyles.mono}>{e.role}</td>
                <td className={tableStyles.mono}>{e.action}</td>
                <td className={tableStyles.mono}>
                  <Clip text={e.target} />
                </td>
                <td>
                  <Clip text={e.reason} />
                </td>
                <td>
                  <span className={styles.outcome} style={{ background: OUTCOME_COLORS[e.outcome], color: e.outcome === 'pending' ? COLORS.text : COLORS.black }}>
                    {e.outcome}
                  </span>
                </td>
                <td className={tableStyles.mono}>
                  <Clip text={e.details === undefined ? e.result : `${e.result} · ${JSON.stringify(e.details)}`} />
                </td>
              </tr>
            ))}
          </DataTable>
        )}
        <Stack direction="row" gap={1} justifyContent="flex-end">
          <Button size="sm" variant="secondary" fill="outline" icon="angle-double-left" disabled={!cursor} onClick={() => goTo(undefined)}>
            First page
          </Button>
          <Button size="sm" variant="secondary" fill="outline" icon="angle-right" disabled={!page.data?.nextCursor} onClick={() => goTo(page.data?.nextCursor ?? undefined)} data-testid="audit-next">
            Next page
          </Button>
        </Stack>
      </div>
    </Panel>
  );
}

const Clip = ({ text }: { text: string }) => (
  <span className={cx(tableStyles.clip, styles.clip)} title={text}>
    {text}
  </span>
);

/** Text filters and the time range, applied with Apply or Enter (no request per key). */
function AuditFilters({ value, onChange }: { value: AuditFilter; onChange: (f: AuditFilter) => void }) {
  const [draft, setDraft] = useState({ actor: '', action: '', target: '', from: '', to: '' });
  useEffect(() => setDraft({ actor: value.actor ?? '', action: value.action ?? '', target: value.target ?? '', from: toDateInput(value.from), to: toDateInput(value.to) }), [value.actor, value.action, value.target, value.from, value.to]);
  const apply = () =>
    onChange({ actor: draft.actor.trim() || undefined, action: draft.action.trim() || undefined, target: draft.target.trim() || undefined, from: fromDateInput(draft.from), to: fromDateInput(draft.to) });
  const field = (k: keyof typeof draft, props: React.ComponentProps<typeof Input> = {}) => (
    <Input
      id={`audit-filter-${k}`}
      value={draft[k]}
      data-mono
      onChange={(e) => {
        const v = e.currentTarget.value;
        setDraft((d) => ({ ...d, [k]: v }));
      }}
      onKeyDown={(e) => e.key === 'Enter' && apply()}
      {...props}
    />
  );
  return (
    <form
      className={tableStyles.filterBar}
      data-testid="audit-filters"
      onSubmit={(e) => {
        e.preventDefault();
        apply();
      }}
    >
      <Field label="User contains" noMargin>{field('actor', { placeholder: 'e.g. alice' })}</Field>
      <Field label="Action" noMargin>{field('action', { placeholder: 'e.g. queue.pause' })}</Field>
      <Field label="Target contains" noMargin>{field('target', { placeholder: 'queue, run or entry' })}</Field>
      <Field label={`From (${timeZoneLabel()})`} noMargin>{field('from', { type: 'datetime-local' })}</Field>
      <Field label={`To (${timeZoneLabel()})`} noMargin>{field('to', { type: 'datetime-local' })}</Field>
      <Button type="submit" size="sm">
        Apply
      </Button>
      <Button type="button" size="sm" variant="secondary" fill="outline" icon="times" disabled={Object.keys(value).length === 0} onClick={() => onChange({})}>
        Clear filters
      </Button>
    </form>
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
  clip: css`
    max-width: 280px;
  `,
  outcome: css`
    display: inline-block;
    padding: 1px 6px;
    font-family: ${MONO};
    font-size: ${FONT_SIZE.label};
    text-transform: uppercase;
  `,
};
