// Story 11.11: build a sanitized diagnostic report for a support case (operators), follow its
// progress, list a tenant's past reports, preview findings and recommendations, download the PDF.
import { css, cx } from '@emotion/css';
import type { DiagnosticReport, DiagnosticSummary, DiagnosticsBody } from '@trafi-ops/contracts';
import { useState } from 'react';
import { canOperate } from '../../permissions';
import { CAPS, COLORS, FONT_SIZE, MONO } from '../../theme/theme';
import { usePoll } from '../../ui/hooks/usePoll';
import { EmptyState, ErrorState, Loading, Notice } from '../../ui/Feedback';
import { Panel } from '../../ui/Panel';
import { DiagnosticsForm } from './DiagnosticsForm';
import { diagnosticsApi, reportPdfUrl, type DiagnosticsApi } from './diagnosticsApi';
import { ReportPreview } from './ReportPreview';
import { formatDateTime } from '../../ui/dateTime';

export interface DiagnosticsPageProps {
  api?: DiagnosticsApi;
  operator?: boolean;
  pollMs?: number;
}

export function DiagnosticsPage({ api = diagnosticsApi, operator = canOperate(), pollMs = 500 }: DiagnosticsPageProps) {
  const [tenant, setTenant] = useState('');
  const [selected, setSelected] = useState<string>();
  const [progress, setProgress] = useState<string>();
  const [notice, setNotice] = useState<string>();
  const list = usePoll(() => api.list(tenant.trim() || undefined), 10_000, [tenant]);
  const report = usePoll(() => (selected ? api.report(selected) : Promise.resolve(undefined as DiagnosticReport | undefined)), 0, [selected]);

  const build = async (body: DiagnosticsBody) => {
    setNotice(undefined);
    const created = await api.create(body);
    let op = await api.operation(created.operationId);
    setProgress(`building: step ${op.done} of ${op.total}`);
    while (op.status === 'running') {
      await new Promise((r) => setTimeout(r, pollMs));
      op = await api.operation(created.operationId);
      setProgress(`building: step ${op.done} of ${op.total}`);
    }
    setProgress(undefined);
    if (op.status === 'failed') throw new Error(`the report failed: ${op.error ?? 'unknown error'}`);
    setNotice(`Report for case ${created.caseId} built.`);
    setSelected(created.id);
    list.reload();
  };

  return (
    <Panel title="Diagnostics" testId="diagnostics-page">
      <DiagnosticsForm operator={operator} onBuild={build} progress={progress && <span data-testid="diagnostics-progress">{progress}</span>} tenant={tenant} onTenant={setTenant} />
      {progress && <div className={styles.progress} data-testid="diagnostics-progress-inline">{progress}</div>}
      {notice && <Notice data-testid="diagnostics-notice">{notice}</Notice>}
      <h4 className={styles.caps}>Past reports{tenant.trim() ? ` of ${tenant.trim()}` : ''}</h4>
      {list.error && <ErrorState error={list.error} onRetry={list.reload} />}
      {!list.data && !list.error && <Loading what="reports" />}
      {list.data && list.data.items.length === 0 && <EmptyState>No diagnostic reports yet.</EmptyState>}
      {list.data && list.data.items.length > 0 && (
        <table className={styles.table}>
          <thead>
            <tr>
              <th>Created</th>
              <th>Case</th>
              <th>Tenant</th>
              <th>Period</th>
              <th>By</th>
              <th>Status</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {list.data.items.map((r: DiagnosticSummary) => (
              <tr key={r.id} data-testid="report-row" data-report={r.id} className={cx(r.id === selected && styles.selected)} onClick={() => setSelected(r.id)}>
                <td className={styles.mono}>{formatDateTime(r.createdAt)}</td>
                <td className={styles.mono}>{r.caseId}</td>
                <td className={styles.mono}>{r.tenant}{r.store ? ` / ${r.store}` : ''}</td>
                <td className={styles.mono}>{`${Math.round((r.to - r.from) / 3_600_000)} h`}</td>
                <td>{r.createdBy}</td>
                <td className={cx(styles.mono, r.status === 'failed' && styles.failed)}>{r.status}</td>
                <td>
                  {r.status === 'succeeded' && (
                    <a href={reportPdfUrl(r.id)} download className={styles.link} onClick={(e) => e.stopPropagation()}>
                      PDF
                    </a>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {report.error && <ErrorState error={report.error} onRetry={report.reload} />}
      {report.data && <ReportPreview report={report.data} pdfUrl={reportPdfUrl(report.data.id)} />}
    </Panel>
  );
}

const styles = {
  caps: css`
    ${CAPS}
    margin: 16px 0 6px;
  `,
  progress: css`
    font-family: ${MONO};
    color: ${COLORS.acid};
    margin: 8px 0;
  `,
  table: css`
    border-collapse: collapse;
    width: 100%;
    font-size: ${FONT_SIZE.body};
    th {
      ${CAPS}
      text-align: left;
      border-bottom: 1px solid ${COLORS.border};
      padding: 4px 8px;
    }
    td {
      border-bottom: 1px solid ${COLORS.border};
      padding: 4px 8px;
      cursor: pointer;
    }
    tr:hover td {
      background: ${COLORS.ink1};
    }
  `,
  selected: css`
    td {
      background: ${COLORS.selected};
    }
  `,
  mono: css`
    font-family: ${MONO};
    font-size: ${FONT_SIZE.small};
  `,
  failed: css`
    color: ${COLORS.error};
  `,
  link: css`
    color: ${COLORS.acid};
    font-family: ${MONO};
  `,
};
