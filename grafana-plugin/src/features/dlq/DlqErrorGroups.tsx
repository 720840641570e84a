// "Group by error": the loaded entries counted by their error text (digits folded, so
// "invoice 9001" and "invoice 9002" are one group), most frequent first; a group filters the
// list to its text. Counted over what is loaded, and it says so.
import { css } from '@emotion/css';
import { Button } from '@grafana/ui';
import type { DlqEntry } from '@trafi-ops/contracts';
import { COLORS, FONT_SIZE, MONO } from '../../theme/theme';
import { formatDateTime } from '../../ui/dateTime';
import { formatCount } from '../../ui/formatCount';
import { tableStyles } from '../../ui/tableStyles';

export interface ErrorGroup {
  /** The error with its numbers replaced by "N" (what the entries share). */
  pattern: string;
  /** The longest text all entries of the group contain: what the error filter is set to. */
  filter: string;
  count: number;
  queues: string[];
  latest: number;
  example: string;
}

export function groupErrors(entries: DlqEntry[]): ErrorGroup[] {
  const groups = new Map<string, ErrorGroup>();
  for (const e of entries) {
    const pattern = e.error.replace(/\d+/g, 'N').slice(0, 300);
    const g = groups.get(pattern) ?? { pattern, filter: '', count: 0, queues: [], latest: 0, example: e.error };
    g.count++;
    if (!g.queues.includes(e.queue)) g.queues.push(e.queue);
    g.latest = Math.max(g.latest, e.deadLetteredAt);
    groups.set(pattern, g);
  }
  for (const g of groups.values()) g.filter = longestLiteral(g.pattern);
  return [...groups.values()].sort((a, b) => b.count - a.count || b.latest - a.latest);
}

/** The longest run of the pattern without a folded number ("pdf service rejected invoice "), trimmed, at most 200 chars. */
function longestLiteral(pattern: string): string {
  const parts = pattern.split('N').map((p) => p.trim());
  return parts.reduce((a, b) => (b.length > a.length ? b : a), '').slice(0, 200) || pattern.slice(0, 200);
}

export function DlqErrorGroups({ entries, complete, onPick }: { entries: DlqEntry[]; complete: boolean; onPick: (errorText: string) => void }) {
  const groups = groupErrors(entries);
  return (
    <div className={tableStyles.scroll} data-testid="dlq-error-groups">
      <p className={styles.note}>
        {formatCount(groups.length)} distinct errors over the {formatCount(entries.length)} {complete ? 'entries' : 'loaded entries (load more to count the rest)'}.
      </p>
      <table className={tableStyles.table}>
        <thead>
          <tr>
            <th>Error</th>
            <th className={tableStyles.num}>Entries</th>
            <th>Queues</th>
            <th>Latest</th>
            <th />
          </tr>
        </thead>
        <tbody>
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
        </tbody>
      </table>
    </div>
  );
}

const styles = {
  note: css`
    margin: 0 0 8px;
    font-size: ${FONT_SIZE.small};
    color: ${COLORS.muted};
  `,
  error: css`
    font-family: ${MONO};
    color: ${COLORS.error};
  `,
};
