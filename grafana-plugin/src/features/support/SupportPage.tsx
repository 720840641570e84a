// Story 11.10: support mode. Grants by state with a live countdown, the request form, activation
// with a reason (an operator only; a viewer sees), the one-time "open merchant view" link, and the
// access trail of a grant. Nothing here grants access: the merchant consents on the platform, and
// the platform's middleware enforces read-only, tenant and time on every request.
import { css, cx } from '@emotion/css';
import { Button } from '@grafana/ui';
import { SupportGrantStateSchema, type SupportActivation, type SupportGrant, type SupportGrantState } from '@trafi-ops/contracts';
import { useState } from 'react';
import { canOperate } from '../../permissions';
import { useDisabledReason } from '../../ui/DisabledReason';
import { EmptyState, ErrorState, Loading } from '../../ui/Feedback';
import { usePoll } from '../../ui/hooks/usePoll';
import { Panel } from '../../ui/Panel';
import { ReasonDialog } from '../../ui/ReasonDialog';
import { CAPS, COLORS, FONT_SIZE, MONO } from '../../theme/theme';
import { AccessTrail } from './AccessTrail';
import { RequestForm } from './RequestForm';
import { countdown, supportApi, type SupportApi } from './supportApi';
import { useNow } from './useNow';
import { formatDateTime, timeZoneLabel } from '../../ui/dateTime';

export interface SupportPageProps {
  api?: SupportApi;
  intervalMs?: number;
  /** Opens the merchant view (default: a new tab); the URL holds a one-time code. */
  openView?: (url: string) => void;
}

const OPERATOR_ONLY = 'Requesting and activating support access needs the Trafi Ops operator role.';
export const STATE_COLOR: Record<SupportGrantState, string> = {
  pending: COLORS.warning,
  approved: COLORS.acid,
  active: COLORS.success,
  expired: COLORS.waiting,
  denied: COLORS.error,
  revoked: COLORS.error,
};
type Filter = SupportGrantState | 'all';
const FILTERS: Filter[] = ['all', ...SupportGrantStateSchema.options];

export function SupportPage({ api = supportApi, intervalMs = 5000, openView = (url) => void window.open(url, '_blank', 'noopener,noreferrer') }: SupportPageProps) {
  const [filter, setFilter] = useState<Filter>('all');
  const [trail, setTrail] = useState<string>();
  const [activating, setActivating] = useState<SupportGrant>();
  const [session, setSession] = useState<SupportActivation>();
  const now = useNow();
  const grants = usePoll(() => api.grants(filter === 'all' ? {} : { state: filter }), intervalMs, [filter]);
  const operator = canOperate();
  const disabled = useDisabledReason(operator ? undefined : OPERATOR_ONLY);
  const counts = countByState(grants.data?.items ?? []);

  return (
    <div className={styles.page}>
      <Panel title="Request support access" testId="support-request-panel">
        <RequestForm canAct={operator} describedBy={disabled.describedBy} onRequest={api.request} onDone={() => grants.reload()} />
        {disabled.note}
      </Panel>

      {session && (
        <Panel title="Support session" testId="support-session">
          <div className={styles.session}>
            <span>
              Session on <b>{session.grant.tenant}</b> until <span className={styles.mono}>{formatDateTime(session.session.expiresAt)}</span> ({timeZoneLabel()}) · code valid for{' '}
              <span className={styles.mono} data-testid="code-countdown">{countdown(session.session.codeExpiresAt, now)}</span>, once
            </span>
            {session.session.viewUrl ? (
              <Button
                disabled={session.session.codeExpiresAt <= now}
                onClick={() => {
                  openView(session.session.viewUrl!);
                  setSession(undefined); // the code is spent on its first use
                }}
              >
                Open merchant view
              </Button>
            ) : (
              <span className={styles.mono}>No SUPPORT_VIEW_URL configured: the code is {session.session.code}</span>
            )}
          </div>
        </Panel>
      )}

      <Panel
        title="Support grants"
        actions={
          <div className={styles.tabs} role="tablist" aria-label="Grant state">
            {FILTERS.map((f) => (
              <button key={f} role="tab" aria-selected={filter === f} className={cx(styles.tab, filter === f && styles.tabOn)} onClick={() => setFilter(f)}>
                {f}
                {f !== 'all' && filter === 'all' ? ` ${counts[f] ?? 0}` : ''}
              </button>
            ))}
          </div>
        }
      >
        {grants.error && <ErrorState error={grants.error} onRetry={grants.reload} />}
        {!grants.data && !grants.error && <Loading what="support grants" />}
        {grants.data && grants.data.items.length === 0 && <EmptyState>No {filter === 'all' ? '' : `${filter} `}grants.</EmptyState>}
        {grants.data && grants.data.items.length > 0 && (
          <table className={styles.table} data-testid="support-grants">
            <thead>
              <tr>
                <th>Tenant</th>
                <th>Store</th>
                <th>Case</th>
                <th>Reason</th>
                <th>State</th>
                <th>Requested by</th>
                <th>Expires in</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {grants.data.items.map((g) => {
                const live = g.state === 'approved' || g.state === 'active';
                return (
                  <tr key={g.id} data-grant={g.id} data-state={g.state}>
                    <td className={styles.mono}>{g.tenant}</td>
                    <td className={styles.mono}>{g.store ?? '—'}</td>
                    <td className={styles.mono}>{g.caseId}</td>
                    <td>
                      <span className={styles.code}>{g.reasonCode.replace(/_/g, ' ')}</span> {g.reason}
                    </td>
                    <td>
                      <span className={styles.badge} style={{ background: STATE_COLOR[g.state] }}>
                        {g.state}
                      </span>
                    </td>
                    <td className={styles.mono}>{g.origin === 'merchant' ? `merchant ${g.requestedBy}` : g.requestedBy}</td>
                    <td className={styles.mono} data-testid="grant-countdown">
                      {live && g.expiresAt ? countdown(g.expiresAt, now) : g.state === 'pending' ? `${g.durationMinutes} min asked` : '—'}
                    </td>
                    <td>
                      <div className={styles.actions}>
                        {live && (
                          <Button size="sm" disabled={!operator || (g.expiresAt ?? 0) <= now} onClick={() => setActivating(g)} {...disabled.describedBy}>
                            Activate
                          </Button>
                        )}
                        <Button size="sm" variant="secondary" fill="outline" onClick={() => setTrail(trail === g.id ? undefined : g.id)}>
                          {trail === g.id ? 'Hide trail' : 'Access trail'}
                        </Button>
                      </div>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
        {grants.data?.nextCursor && <p className={styles.note}>Showing the newest {grants.data.items.length}; filter by state to see others.</p>}
      </Panel>

      {trail && (
        <Panel title={`Access trail · grant ${trail}`} testId="support-trail">
          <AccessTrail grantId={trail} load={api.access} />
        </Panel>
      )}

      {activating && (
        <ReasonDialog
          title="Activate support session"
          description={`A read-only session on ${activating.tenant}${activating.store ? ` / ${activating.store}` : ''} for case ${activating.caseId}, until the grant expires at the latest. The merchant is notified.`}
          confirmText="Activate"
          onDismiss={() => setActivating(undefined)}
          onConfirm={async (reason) => {
            const a = await api.activate(activating.id, reason);
            setSession(a);
            setActivating(undefined);
            grants.reload();
          }}
        />
      )}
    </div>
  );
}

function countByState(items: SupportGrant[]): Partial<Record<SupportGrantState, number>> {
  const out: Partial<Record<SupportGrantState, number>> = {};
  for (const g of items) out[g.state] = (out[g.state] ?? 0) + 1;
  return out;
}

const styles = {
  page: css`
    display: grid;
    gap: 16px;
  `,
  table: css`
    width: 100%;
    border-collapse: collapse;
    font-size: ${FONT_SIZE.body};
    th {
      ${CAPS}
      text-align: left;
    }
    th,
    td {
      border: 1px solid ${COLORS.border};
      padding: 6px 8px;
      vertical-align: middle;
    }
  `,
  mono: css`
    font-family: ${MONO};
  `,
  code: css`
    font-family: ${MONO};
    font-size: ${FONT_SIZE.label};
    color: ${COLORS.muted};
    text-transform: uppercase;
  `,
  badge: css`
    display: inline-block;
    padding: 2px 6px;
    color: #000;
    font-family: ${MONO};
    font-size: ${FONT_SIZE.label};
    font-weight: 700;
    text-transform: uppercase;
  `,
  actions: css`
    display: flex;
    gap: 6px;
    white-space: nowrap;
  `,
  tabs: css`
    display: flex;
  `,
  tab: css`
    background: ${COLORS.black};
    color: ${COLORS.muted};
    border: 1px solid ${COLORS.border};
    margin-left: -1px;
    padding: 2px 8px;
    font-family: ${MONO};
    font-size: ${FONT_SIZE.label};
    text-transform: uppercase;
    cursor: pointer;
  `,
  tabOn: css`
    color: #000;
    background: ${COLORS.acid};
    border-color: ${COLORS.acid};
  `,
  session: css`
    display: flex;
    gap: 16px;
    align-items: center;
    font-size: ${FONT_SIZE.body};
  `,
  note: css`
    font-size: ${FONT_SIZE.small};
    color: ${COLORS.muted};
  `,
};
