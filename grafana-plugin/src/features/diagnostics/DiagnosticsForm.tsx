// What an operator asks for: tenant, optional store, period (default the last 24 h), support
// case id; the reason is asked in the ReasonDialog like every other action.
import { css } from '@emotion/css';
import { Button, Field, Input } from '@grafana/ui';
import type { DiagnosticsBody } from '@trafi-ops/contracts';
import { useState } from 'react';
import { fromDateInput, timeZoneLabel } from '../../ui/dateTime';
import { useDisabledReason } from '../../ui/DisabledReason';
import { ReasonDialog } from '../../ui/ReasonDialog';

export interface DiagnosticsFormProps {
  operator: boolean;
  onBuild: (body: DiagnosticsBody) => Promise<void>;
  progress?: React.ReactNode;
  /** Preset tenant (the list's filter). */
  tenant: string;
  onTenant: (tenant: string) => void;
}

export function DiagnosticsForm({ operator, onBuild, progress, tenant, onTenant }: DiagnosticsFormProps) {
  const [store, setStore] = useState('');
  // Empty: the API's defaults (to = the moment it is asked, from = 24 h before), so a report
  // never misses the last minutes a prefilled, minute-precise "now" would cut off.
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [caseId, setCaseId] = useState('');
  const [asking, setAsking] = useState(false);
  const missing = !tenant.trim() ? 'Enter a tenant.' : !caseId.trim() ? 'Enter the support case id.' : undefined;
  const why = !operator ? 'Building a report needs the operator role.' : missing;
  const disabled = useDisabledReason(why);

  return (
    <form className={styles.form} data-testid="diagnostics-form" onSubmit={(e) => (e.preventDefault(), !why && setAsking(true))}>
      <Field label="Tenant">
        <Input aria-label="Tenant" value={tenant} onChange={(e) => onTenant(e.currentTarget.value)} placeholder="acme" />
      </Field>
      <Field label="Store (optional)">
        <Input aria-label="Store" value={store} onChange={(e) => setStore(e.currentTarget.value)} placeholder="all stores" />
      </Field>
      <Field label={`From (${timeZoneLabel()}; default: 24 h before To)`}>
        <Input aria-label="From" type="datetime-local" value={from} onChange={(e) => setFrom(e.currentTarget.value)} />
      </Field>
      <Field label={`To (${timeZoneLabel()}; default: now)`}>
        <Input aria-label="To" type="datetime-local" value={to} onChange={(e) => setTo(e.currentTarget.value)} />
      </Field>
      <Field label="Support case">
        <Input aria-label="Case id" value={caseId} onChange={(e) => setCaseId(e.currentTarget.value)} placeholder="CASE-1234" />
      </Field>
      <div className={styles.actions}>
        <Button type="submit" disabled={!!why} {...disabled.describedBy}>
          Build report
        </Button>
        {disabled.note}
      </div>
      {asking && (
        <ReasonDialog
          title="Build a diagnostic report"
          description={`A sanitized report of tenant ${tenant.trim()}${store.trim() ? `, store ${store.trim()}` : ''} for case ${caseId.trim()}.`}
          confirmText="Build"
          progress={progress}
          onHide={() => setAsking(false)}
          onDismiss={() => setAsking(false)}
          onConfirm={async (reason) => {
            const period = { from: fromDateInput(from), to: fromDateInput(to) };
            await onBuild({ tenant: tenant.trim(), ...(store.trim() ? { store: store.trim() } : {}), ...(period.from !== undefined && { from: period.from }), ...(period.to !== undefined && { to: period.to }), caseId: caseId.trim(), reason });
            setAsking(false);
          }}
        />
      )}
    </form>
  );
}

const styles = {
  form: css`
    display: grid;
    grid-template-columns: repeat(5, minmax(140px, 1fr));
    gap: 8px 12px;
    align-items: end;
  `,
  actions: css`
    grid-column: 1 / -1;
    display: flex;
    gap: 12px;
    align-items: center;
  `,
};
