// The Runs list's filters, kept in the URL (?queue=&type=&state=&tenant=&error=&from=&to=) so a
// filtered view can be shared; from/to are epoch ms in the URL, Grafana's time zone in the inputs.
import { css } from '@emotion/css';
import { Button, Combobox, Field, Input, RadioButtonGroup, type ComboboxOption } from '@grafana/ui';
import { RunStateSchema, type QueueInfo, type RunsQuery } from '@trafi-ops/contracts';
import type React from 'react';
import { useEffect, useState } from 'react';
import { fromDateInput, timeZoneLabel, toDateInput } from '../../ui/dateTime';
import { tableStyles } from '../../ui/tableStyles';

export type RunsFilter = Pick<Partial<RunsQuery>, 'queue' | 'type' | 'state' | 'tenant' | 'error' | 'from' | 'to'>;
export const FILTER_KEYS = ['queue', 'type', 'state', 'tenant', 'error', 'from', 'to'] as const;

/** Reads the filter from URL params; values the API would reject are dropped, not sent. */
export function filterFromParams(sp: URLSearchParams): RunsFilter {
  const text = (k: string) => sp.get(k)?.trim() || undefined;
  const epoch = (k: string) => {
    const n = Number(sp.get(k) ?? NaN);
    return Number.isInteger(n) && n >= 0 ? n : undefined;
  };
  const state = RunStateSchema.safeParse(sp.get('state'));
  return { queue: text('queue'), type: text('type'), state: state.success ? state.data : undefined, tenant: text('tenant'), error: text('error'), from: epoch('from'), to: epoch('to') };
}

/** The URL params for a filter (empty values left out). */
export function filterToParams(f: RunsFilter): URLSearchParams {
  const sp = new URLSearchParams();
  for (const k of FILTER_KEYS) if (f[k] !== undefined && f[k] !== '') sp.set(k, String(f[k]));
  return sp;
}

const STATE_OPTIONS = [{ label: 'all', value: '' }, ...RunStateSchema.options.map((s) => ({ label: s.replace('_', ' '), value: s }))];

export interface RunsFiltersProps {
  value: RunsFilter;
  onChange: (next: RunsFilter) => void;
  /** For the queue and type pickers (types of the chosen queue, or of all queues). */
  queues: QueueInfo[] | undefined;
}

export function RunsFilters({ value, onChange, queues = [] }: RunsFiltersProps) {
  const set = (patch: RunsFilter) => onChange({ ...value, ...patch });
  const queueOptions: ComboboxOption[] = queues.map((q) => ({ value: q.name }));
  const types = new Set(queues.filter((q) => !value.queue || q.name === value.queue).flatMap((q) => q.jobTypes));
  const typeOptions: ComboboxOption[] = [...types].sort().map((t) => ({ value: t }));
  const empty = FILTER_KEYS.every((k) => value[k] === undefined);

  return (
    <div className={tableStyles.filterBar} data-testid="runs-filters">
      <Field label="Queue" noMargin className={styles.field}>
        <Combobox id="runs-filter-queue" options={queueOptions} value={value.queue ?? null} placeholder="All queues" isClearable onChange={(o) => set({ queue: o?.value })} />
      </Field>
      <Field label="Type" noMargin className={styles.field}>
        <Combobox id="runs-filter-type" options={typeOptions} value={value.type ?? null} placeholder="All types" isClearable createCustomValue onChange={(o) => set({ type: o?.value })} />
      </Field>
      <Field label="Tenant" noMargin className={styles.field}>
        <TextFilter id="runs-filter-tenant" value={value.tenant} placeholder="tenant id" onCommit={(tenant) => set({ tenant })} />
      </Field>
      <Field label="Error contains" noMargin className={styles.field}>
        <TextFilter id="runs-filter-error" value={value.error} placeholder="e.g. timeout" onCommit={(error) => set({ error })} />
      </Field>
      <DateRangeFilter from={value.from} to={value.to} onCommit={(range) => set(range)} />
      <Field label="State" noMargin>
        <RadioButtonGroup aria-label="State" size="sm" options={STATE_OPTIONS} value={value.state ?? ''} onChange={(s) => set({ state: RunStateSchema.safeParse(s).data })} />
      </Field>
      <Button variant="secondary" fill="outline" size="sm" icon="times" disabled={empty} onClick={() => onChange({})}>
        Clear filters
      </Button>
    </div>
  );
}

/**
 * From/to, applied on blur or Enter (a half-typed date-time reads as empty, so applying on
 * every change would drop the filter mid-edit); from after to is shown, not sent.
 */
function DateRangeFilter({ from, to, onCommit }: { from: number | undefined; to: number | undefined; onCommit: (range: Pick<RunsFilter, 'from' | 'to'>) => void }) {
  const [draft, setDraft] = useState({ from: toDateInput(from), to: toDateInput(to) });
  const [error, setError] = useState<string>();
  // The URL changed under us (back button, Clear filters): show what is applied.
  useEffect(() => {
    setDraft({ from: toDateInput(from), to: toDateInput(to) });
    setError(undefined);
  }, [from, to]);
  const commit = () => {
    const next = { from: fromDateInput(draft.from), to: fromDateInput(draft.to) };
    if (next.from !== undefined && next.to !== undefined && next.from > next.to) return setError('must not be before "from"');
    setError(undefined);
    if (next.from !== from || next.to !== to) onCommit(next);
  };
  const input = (k: 'from' | 'to') => ({
    id: `runs-filter-${k}`,
    type: 'datetime-local',
    value: draft[k],
    onChange: (e: React.FormEvent<HTMLInputElement>) => {
      const v = e.currentTarget.value;
      setDraft((d) => ({ ...d, [k]: v }));
    },
    onBlur: commit,
    onKeyDown: (e: React.KeyboardEvent<HTMLInputElement>) => e.key === 'Enter' && commit(),
    'data-mono': true,
  });
  return (
    <>
      <Field label={`From (${timeZoneLabel()})`} noMargin className={styles.date}>
        <Input {...input('from')} />
      </Field>
      <Field label={`To (${timeZoneLabel()})`} noMargin className={styles.date} invalid={!!error} error={error}>
        <Input {...input('to')} />
      </Field>
    </>
  );
}

/** A text filter applied on Enter or blur, so typing does not fire a request per key. */
function TextFilter({ id, value, placeholder, onCommit }: { id: string; value: string | undefined; placeholder: string; onCommit: (v: string | undefined) => void }) {
  const [draft, setDraft] = useState(value ?? '');
  useEffect(() => setDraft(value ?? ''), [value]);
  const commit = () => {
    const v = draft.trim() || undefined;
    if (v !== value) onCommit(v);
  };
  return (
    <Input
      id={id}
      maxLength={100}
      value={draft}
      placeholder={placeholder}
      data-mono
      onChange={(e) => setDraft(e.currentTarget.value)}
      onBlur={commit}
      onKeyDown={(e) => e.key === 'Enter' && commit()}
    />
  );
}

const styles = {
  field: css`
    width: 200px;
  `,
  date: css`
    width: 230px;
  `,
};
