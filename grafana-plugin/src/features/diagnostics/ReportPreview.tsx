// A report's findings at a glance: recommendations with their evidence, the figures beside the
// platform's, error groups and the redaction summary; the PDF holds the rest.
import { css } from '@emotion/css';
import type { DiagnosticReport, Figure } from '@trafi-ops/contracts';
import { CAPS, COLORS, FONT_SIZE, MONO } from '../../theme/theme';
import { formatDateTime, timeZoneLabel } from '../../ui/dateTime';

const value = (v: number | null, unit: Figure['unit']) => {
  if (v === null) return '–';
  if (unit === 'ratio') return `${(v * 100).toFixed(2)}%`;
  if (unit === 'seconds') return v < 1 ? `${(v * 1000).toFixed(1)} ms` : `${v.toFixed(2)} s`;
  if (unit === 'bytes') return `${(v / 1048576).toFixed(1)} MiB`;
  if (unit === 'per_min') return `${v.toFixed(1)}/min`;
  return String(Math.round(v));
};

export function ReportPreview({ report, pdfUrl }: { report: DiagnosticReport; pdfUrl: string }) {
  const c = report.content;
  return (
    <div className={styles.preview} data-testid="report-preview">
      <div className={styles.head}>
        <span className={styles.caps}>case</span> <span className={styles.mono}>{report.caseId}</span>
        <span className={styles.caps}>tenant</span> <span className={styles.mono}>{report.tenant}</span>
        <span className={styles.caps}>period</span> <span className={styles.mono}>{`${formatDateTime(report.from)} → ${formatDateTime(report.to)} (${timeZoneLabel()})`}</span>
        {report.status === 'succeeded' && (
          <a className={styles.download} href={pdfUrl} download data-testid="report-download">
            Download PDF{report.pdfBytes ? ` (${Math.round(report.pdfBytes / 1024)} KiB)` : ''}
          </a>
        )}
      </div>
      {!c && <div className={styles.mono}>{report.status === 'failed' ? `failed: ${report.error}` : 'building…'}</div>}
      {c && (
        <>
          <h4 className={styles.caps}>Recommendations ({c.recommendations.length})</h4>
          {c.recommendations.length === 0 && <div className={styles.mono}>No rule found an issue.</div>}
          <ul className={styles.list}>
            {c.recommendations.map((r) => (
              <li key={r.rule} data-testid="recommendation" data-rule={r.rule} className={styles.rec}>
                <span className={r.severity === 'critical' ? styles.critical : styles.warning}>{r.severity}</span>
                <strong>{r.title}</strong>
                <div className={styles.mono}>{r.evidence.join(' · ')}</div>
              </li>
            ))}
          </ul>
          <h4 className={styles.caps}>Figures: tenant / platform</h4>
          <table className={styles.table}>
            <tbody>
              {c.metrics.figures.map((f) => (
                <tr key={f.key}>
                  <td>{f.label}</td>
                  <td className={styles.num}>{value(f.tenant, f.unit)}</td>
                  <td className={styles.num}>{value(f.platform, f.unit)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <h4 className={styles.caps}>Errors ({c.errors.jobErrors} job, {c.errors.requestErrors} request)</h4>
          <table className={styles.table}>
            <tbody>
              {c.errors.groups.slice(0, 8).map((g) => (
                <tr key={`${g.source}${g.where}${g.message}`}>
                  <td className={styles.num}>{g.count}</td>
                  <td>{g.source}</td>
                  <td className={styles.mono}>{g.where}</td>
                  <td className={styles.mono}>{g.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className={styles.mono} data-testid="redactions">
            {c.redactions.total ? `redacted ${c.redactions.total}: ${Object.entries(c.redactions.byKind).map(([k, n]) => `${k} ${n}`).join(', ')}` : 'nothing needed redacting'}
          </div>
        </>
      )}
    </div>
  );
}

const styles = {
  preview: css`
    border-top: 1px solid ${COLORS.border};
    padding-top: 12px;
    margin-top: 12px;
  `,
  head: css`
    display: flex;
    gap: 8px;
    align-items: baseline;
    flex-wrap: wrap;
  `,
  caps: css`
    ${CAPS}
    margin: 12px 0 4px;
  `,
  mono: css`
    font-family: ${MONO};
    font-size: ${FONT_SIZE.small};
    word-break: break-word;
  `,
  download: css`
    margin-left: auto;
    background: ${COLORS.acid};
    color: ${COLORS.black};
    padding: 4px 10px;
    font-family: ${MONO};
    font-weight: 700;
    text-decoration: none;
    border: 1px solid ${COLORS.acid};
  `,
  list: css`
    list-style: none;
    padding: 0;
    margin: 0;
  `,
  rec: css`
    border: 1px solid ${COLORS.border};
    padding: 6px 8px;
    margin-bottom: -1px;
    display: grid;
    grid-template-columns: 80px 1fr;
    gap: 2px 8px;
    & > div {
      grid-column: 2;
    }
  `,
  critical: css`
    font-family: ${MONO};
    font-size: ${FONT_SIZE.label};
    color: ${COLORS.error};
    text-transform: uppercase;
  `,
  warning: css`
    font-family: ${MONO};
    font-size: ${FONT_SIZE.label};
    color: ${COLORS.warning};
    text-transform: uppercase;
  `,
  table: css`
    border-collapse: collapse;
    width: 100%;
    font-size: ${FONT_SIZE.body};
    td {
      border-bottom: 1px solid ${COLORS.border};
      padding: 3px 8px;
    }
  `,
  num: css`
    font-family: ${MONO};
    text-align: right;
    white-space: nowrap;
  `,
};
