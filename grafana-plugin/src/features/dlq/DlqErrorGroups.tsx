// "Group by error": the entries matching the filter counted by their error text on the server
// (digits folded, so "invoice 9001" and "invoice 9002" are one group), most frequent first,
// over every entry or the newest of them past the scan cap (it says which); a group filters
// the list to its text.
import { css } from '@emotion/css';
import { Button } from '@grafana/ui';
import type { DlqErrorGroups as Groups, DlqFilter } from '@trafi-ops/contracts';
import { opsApi } from '../../api/ops-api';
import { COLORS, MONO } from '../../theme/theme';
import { DataTable } from '../../ui/DataTable';
import { formatDateTime } from '../../ui/dateTime';
import { ErrorState, Loading } from '../../ui/Feedback';
import { formatCount } from '../../ui/formatCount';
import { usePoll } from '../../ui/hooks/usePoll';
import { tableStyles } from '../../ui/tableStyles';
import { filterKey } from './DlqFilterParams';

export type DlqGroupsLoad = (filter: DlqFilter) => Promise<Groups>;

export function DlqErrorGroups({ filter, load = opsApi.dlqErrorGroups, onPick }: { filter: DlqFilter; load?: DlqGroupsLoad; onPick: (errorText: string) => void }) {
  const answer = usePoll(() => load(filter), 0, [filterKey(filter)]);
  if (answer.error) return <ErrorState error={answer.error} onRetry={answer.reload} />;
  if (!answer.data) return <Loading what="error groups" />;
  const { groups, scanned, total } = answer.data;
  return (
    <div data-testid="dlq-error-groups">
      <p className={tableStyles.note} data-testid="dlq-error-groups-note">
        {formatCount(groups.length)} distinct errors over {scanned < total ? `the newest ${formatCount(scanned)} of ${formatCount(total)} matching entries (DLQ_GROUP_SCAN_LIMIT)` : `all ${formatCount(total)} matching entries`}.
      </p>
      <DataTable
        testId="dlq-error-groups-table"
        head={
          <>
            <th>Error</th>
            <th className={tableStyles.num}>Entries</th>
            <th>Queues</th>
            <th>Latest</th>
            <th />
          </>
        }
      >
        {groups.map((g) => (
          <tr key={g.pattern} data-testid="dlq-error-group" data-count={g.count}>
            <td className={styles.error}>
              <span className={tableStyles.clip} title={g.example}>
                {g.pattern}
              </span>
            </td>
            <td className={tableStyles.num}>{formatCount(g.count)}</td>
            <td className={tableStyles.mono}>{g.queues.join(', ')}</td>
            <td className={tableStyles.mono}>{formatDateTime(g.latest)}</td>
            <td>
              <Button size="sm" variant="secondary" fill="outline" onClick={() => onPick(g.filter)} title={`Show the entries whose error contains "${g.filter}"`}>
                Show entries
              </Button>
            </td>
          </tr>
        ))}
      </DataTable>
    </div>
  );
}

const styles = {
  error: css`
    font-family: ${MONO};
    color: ${COLORS.error};
  `,
};
