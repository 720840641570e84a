// The DLQ filter form. Edits stay a draft until "Apply" (text fields should not fire a
// request per keystroke); the draft is checked with the contract's filter schema first.
import { css } from '@emotion/css';
import type { SelectableValue } from '@grafana/data';
import { Button, Field, Input, Select } from '@grafana/ui';
import { DlqFilterSchema, type DlqFilter, type QueueInfo } from '@trafi-ops/contracts';
import type React from 'react';
import { useEffect, useMemo, useState } from 'react';
import { COLORS } from '../../theme/theme';
import { fromDateInput, timeZoneLabel, toDateInput } from '../../ui/dateTime';
import { filterKey } from './DlqFilterParams';

export interface DlqFiltersProps {
  value: DlqFilter;
  /** For the queue and job type choices (both also take a typed value). */
  queues: QueueInfo[] | undefined;
  onApply: (filter: DlqFilter) => void;
}

type Errors = Partial<Record<keyof DlqFilter, string>>;

export function DlqFilters({ value, queues, onApply }: DlqFiltersProps) {
  const [draft, setDraft] = useState<DlqFilter>(value);
  const [errors, setErrors] = useState<Errors>({});
  const key = filterKey(value);
  // The URL changed under us (back button, shared link): show what is applied.
  useEffect(() => {
    setDraft(value);
    setErrors({});
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);

  const queueOptions = useMemo(() => (queues ?? []).map((q) => ({ label: q.name, value: q.name })), [queues]);
  const typeOptions = useMemo(() => {
    const scope = (queues ?? []).filter((q) => !draft.queue || q.name === draft.queue);
    return [...new Set(scope.flatMap((q) => q.jobTypes))].sort().map((t) => ({ label: t, value: t }));
  }, [queues, draft.queue]);

  const set = (k: keyof DlqFilter, v: string | number | undefined) => setDraft((d) => ({ ...d, [k]: v === '' ? undefined : v }));
  const text = (k: 'tenant' | 'error') => (e: React.FormEvent<HTMLInputElement>) => set(k, e.currentTarget.value);
  const time = (k: 'from' | 'to') => (e: React.FormEvent<HTMLInputElement>) => set(k, fromDateInput(e.currentTarget.value));

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    const found = validate(draft);
    setErrors(found.errors);
    if (found.filter) onApply(found.filter);
  };

  const clear = () => {
    setDraft({});
    setErrors({});
    onApply({});
  };

  return (
    <form className={styles.form} onSubmit={submit} aria-label="DLQ filters" data-testid="dlq-filters">
      <Field label="Queue" invalid={!!errors.queue} error={errors.queue} noMargin>
        <Select
          inputId="dlq-filter-queue"
          options={queueOptions}
          value={option(draft.queue)}
          onChange={(v: SelectableValue<string> | null) => set('queue', v?.value)}
          allowCustomValue
          isClearable
          placeholder="Any queue"
        />
      </Field>
      <Field label="Job type" invalid={!!errors.type} error={errors.type} noMargin>
        <Select
          inputId="dlq-filter-type"
          options={typeOptions}
          value={option(draft.type)}
          onChange={(v: SelectableValue<string> | null) => set('type', v?.value)}
          allowCustomValue
          isClearable
          placeholder="Any type"
        />
      </Field>
      <Field label="Tenant" invalid={!!errors.tenant} error={errors.tenant} noMargin>
        <Input id="dlq-filter-tenant" value={draft.tenant ?? ''} onChange={text('tenant')} placeholder="Any tenant" data-mono />
      </Field>
      <Field label={`Dead-lettered from (${timeZoneLabel()})`} invalid={!!errors.from} error={errors.from} noMargin>
        <Input id="dlq-filter-from" type="datetime-local" value={toDateInput(draft.from)} onChange={time('from')} data-mono />
      </Field>
      <Field label={`Dead-lettered to (${timeZoneLabel()})`} invalid={!!errors.to} error={errors.to} noMargin>
        <Input id="dlq-filter-to" type="datetime-local" value={toDateInput(draft.to)} onChange={time('to')} data-mono />
      </Field>
      <Field label="Error contains" invalid={!!errors.error} error={errors.error} noMargin>
        <Input id="dlq-filter-error" value={draft.error ?? ''} onChange={text('error')} placeholder="e.g. timeout" data-mono />
      </Field>
      <div className={styles.buttons}>
        <Button type="submit" icon="filter">
          Apply
        </Button>
        <Button type="button" variant="secondary" fill="outline" onClick={clear}>
          Clear
        </Button>
      </div>
    </form>
  );
}

const option = (v: string | undefined) => (v ? { label: v, value: v } : null);

function validate(draft: DlqFilter): { filter?: DlqFilter; errors: Errors } {
  const parsed = DlqFilterSchema.safeParse(draft);
  if (!parsed.success) {
    const errors: Errors = {};
    for (const issue of parsed.error.issues) {
      const k = issue.path[0] as keyof DlqFilter;
      errors[k] ??= issue.message;
    }
    return { errors };
  }
  const f = parsed.data;
  if (f.from !== undefined && f.to !== undefined && f.from > f.to) return { errors: { to: 'must not be before "from"' } };
  return { filter: f, errors: {} };
}

const styles = {
  form: css`
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(270px, 1fr));
    gap: 12px;
    align-items: end;
    padding: 12px;
    border: 1px solid ${COLORS.border};
    margin-bottom: 12px;
    /* cells as wide as a date-time input's intrinsic size, and nothing wider than its cell */
    & > *,
    & input {
      min-width: 0;
      max-width: 100%;
    }
  `,
  buttons: css`
    display: flex;
    gap: 8px;
  `,
};
