// What a support session of a grant did on the platform: every request, allowed or denied, with
// its route template, status and why it was refused (the same rows the merchant sees).
import { css } from '@emotion/css';
import type { SupportAccessEntry } from '@trafi-ops/contracts';
import { usePoll } from '../../ui/hooks/usePoll';
import { EmptyState, ErrorState, Loading } from '../../ui/Feedback';
import { CAPS, COLORS, FONT_SIZE, MONO } from '../../theme/theme';

export function AccessTrail({ grantId, load }: { grantId: string; load: (id: string) => Promise<{ items: SupportAccessEntry[] }> }) {
  const trail = usePoll(() => load(grantId), 5000, [grantId]);
  if (trail.error) return <ErrorState error={trail.error} onRetry={trail.reload} />;
  if (!trail.data) return <Loading what="the access trail" />;
  if (trail.data.items.length === 0) return <EmptyState>No access under this grant yet.</EmptyState>;
  return (
    <table className={styles.table} data-testid="support-access-trail">
      <thead>
        <tr>
          <th>Time</th>
          <th>Operator</th>
          <th>Method</th>
          <th>Route</th>
          <th>Status</th>
          <th>Outcome</th>
        </tr>
      </thead>
      <tbody>
        {trail.data.items.map((a) => (
          <tr key={a.id} data-outcome={a.outcome}>
            <td>{a.at.replace('T', ' ').slice(0, 19)}</td>
            <td>{a.operator}</td>
            <td>{a.method}</td>
            <td>{a.route}</td>
            <td>{a.status || '…'}</td>
            <td className={a.outcome === 'allowed' ? styles.ok : styles.bad}>
              {a.outcome}
              {a.reason ? ` (${a.reason})` : ''}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const styles = {
  table: css`
    width: 100%;
    border-collapse: collapse;
    font-family: ${MONO};
    font-size: ${FONT_SIZE.small};
    th {
      ${CAPS}
      text-align: left;
    }
    th,
    td {
      border: 1px solid ${COLORS.border};
      padding: 4px 8px;
    }
  `,
  ok: css`
    color: ${COLORS.success};
  `,
  bad: css`
    color: ${COLORS.error};
  `,
};
