// Ask a tenant for read-only access: tenant, optional store, support case, reason code and text,
// duration (the merchant may shorten it on approval). Checked with the contract's schema first;
// the API's own answer (e.g. longer than the configured maximum) is shown naming the field.
import { css } from '@emotion/css';
import { Button, Field, Input, Select, TextArea } from '@grafana/ui';
import { SupportReasonCodeSchema, SupportRequestBodySchema, type SupportGrant, type SupportRequestBody } from '@trafi-ops/contracts';
import { useState } from 'react';
import { ApiError } from '../../api/ops-api';
import { describeError } from '../../ui/Feedback';
import { COLORS, FONT_SIZE, MONO } from '../../theme/theme';

export interface RequestFormProps {
  canAct: boolean;
  describedBy: { 'aria-describedby'?: string };
  onRequest: (body: SupportRequestBody) => Promise<SupportGrant>;
  onDone: (g: SupportGrant) => void;
}

const REASONS = SupportReasonCodeSchema.options.map((v) => ({ label: v.replace(/_/g, ' '), value: v }));

export function RequestForm({ canAct, describedBy, onRequest, onDone }: RequestFormProps) {
  const [draft, setDraft] = useState({ tenant: '', store: '', caseId: '', reasonCode: 'customer_initiated_support', reason: '', durationMinutes: '60' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string>();
  const set = (k: keyof typeof draft) => (v: string) => setDraft((d) => ({ ...d, [k]: v }));

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setFailure(undefined);
    const body = { tenant: draft.tenant.trim(), ...(draft.store.trim() && { store: draft.store.trim() }), caseId: draft.caseId, reasonCode: draft.reasonCode, reason: draft.reason, durationMinutes: Number(draft.durationMinutes) };
    const parsed = SupportRequestBodySchema.safeParse(body);
    if (!parsed.success) {
      setErrors(Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0]), i.message])));
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      onDone(await onRequest(parsed.data));
      setDraft((d) => ({ ...d, caseId: '', reason: '' }));
    } catch (err) {
      if (err instanceof ApiError && err.field) setErrors({ [err.field]: err.message });
      setFailure(describeError(err as Error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className={styles.form} onSubmit={submit} aria-label="Request support access" data-testid="support-request">
      <Field label="Tenant" invalid={!!errors.tenant} error={errors.tenant} noMargin>
        <Input aria-label="Tenant" value={draft.tenant} onChange={(e) => set('tenant')(e.currentTarget.value)} placeholder="acme" />
      </Field>
      <Field label="Store (optional)" invalid={!!errors.store} error={errors.store} noMargin>
        <Input aria-label="Store" value={draft.store} onChange={(e) => set('store')(e.currentTarget.value)} placeholder="acme-store-1" />
      </Field>
      <Field label="Support case" invalid={!!errors.caseId} error={errors.caseId} noMargin>
        <Input aria-label="Support case" value={draft.caseId} onChange={(e) => set('caseId')(e.currentTarget.value)} placeholder="CASE-1234" />
      </Field>
      <Field label="Reason code" noMargin>
        <Select inputId="support-reason-code" aria-label="Reason code" options={REASONS} value={draft.reasonCode} onChange={(v) => set('reasonCode')(String(v.value))} />
      </Field>
      <Field label="Minutes" invalid={!!errors.durationMinutes} error={errors.durationMinutes} noMargin>
        <Input aria-label="Minutes" type="number" min={1} value={draft.durationMinutes} onChange={(e) => set('durationMinutes')(e.currentTarget.value)} />
      </Field>
      <Field label="Reason (shown to the merchant, recorded in the audit log)" invalid={!!errors.reason} error={errors.reason} noMargin className={styles.wide}>
        <TextArea aria-label="Request reason" rows={2} value={draft.reason} onChange={(e) => set('reason')(e.currentTarget.value)} />
      </Field>
      <div className={styles.actions}>
        <Button type="submit" disabled={!canAct || busy} {...describedBy}>
          {busy ? 'Requesting…' : 'Request access'}
        </Button>
        {failure && <span role="alert" className={styles.error}>{failure}</span>}
      </div>
    </form>
  );
}

const styles = {
  form: css`
    display: grid;
    grid-template-columns: repeat(5, minmax(120px, 1fr));
    gap: 8px 12px;
    align-items: end;
  `,
  wide: css`
    grid-column: 1 / -1;
  `,
  actions: css`
    grid-column: 1 / -1;
    display: flex;
    gap: 12px;
    align-items: center;
  `,
  error: css`
    color: ${COLORS.error};
    font-family: ${MONO};
    font-size: ${FONT_SIZE.small};
  `,
};
