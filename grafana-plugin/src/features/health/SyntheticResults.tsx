// Story 11.9 on the Health page: the latest result per synthetic check and location (k6 funnel
// and API health, blackbox probes), failures first; nothing configured says so instead of green.
import { css } from '@emotion/css';
import { usePoll } from '../../ui/hooks/usePoll';
import { useSettings } from '../../settings';
import { CAPS, COLORS, FONT_SIZE, MONO } from '../../theme/theme';
import { loadSyntheticResults, type SyntheticResult } from './syntheticQueries';

/** Polls on the page's interval (`intervalMs`, 0: once), so the page's picker drives it too. */
export function SyntheticResults({ intervalMs, load = loadSyntheticResults }: { intervalMs: number; load?: (prometheusUid: string) => Promise<SyntheticResult[]> }) {
  const { prometheusUid } = useSettings();
  const results = usePoll(() => load(prometheusUid), intervalMs, [prometheusUid]);
  return (
    <section className={styles.block} data-testid="synthetic-results">
      <h3 className={styles.title}>Synthetic checks (external)</h3>
      {results.error ? (
        <p className={styles.empty} data-testid="synthetic-error">Synthetic results unavailable (Prometheus did not answer).</p>
      ) : !results.data ? null : results.data.length === 0 ? (
        <p className={styles.empty}>No synthetic results: no external runner reports to this Prometheus.</p>
      ) : (
        <table className={styles.table}>
          <thead>
            <tr><th>Check</th><th>Source</th><th>Location</th><th>Latest</th></tr>
          </thead>
          <tbody>
            {results.data.map((r) => (
              <tr key={`${r.source}|${r.check}|${r.location}`} data-testid="synthetic-row">
                <td className={styles.mono}>{r.check}</td>
                <td className={styles.mono}>{r.source}</td>
                <td className={styles.mono}>{r.location}</td>
                <td className={styles.mono} style={{ color: r.ok ? COLORS.success : COLORS.error }}>{r.ok ? 'PASS' : 'FAIL'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

const styles = {
  block: css`
    margin-top: 16px;
    border-top: 1px solid ${COLORS.border};
    padding-top: 12px;
  `,
  title: css`
    ${CAPS};
    margin: 0 0 8px;
  `,
  empty: css`
    color: ${COLORS.muted};
    font-size: ${FONT_SIZE.small};
  `,
  table: css`
    width: 100%;
    border-collapse: collapse;
    th { ${CAPS}; text-align: left; padding: 4px 8px; border-bottom: 1px solid ${COLORS.border}; }
    td { padding: 4px 8px; border-bottom: 1px solid ${COLORS.border}; }
  `,
  mono: css`
    font-family: ${MONO};
    font-size: ${FONT_SIZE.small};
  `,
};
