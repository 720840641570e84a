// A page's outer panel, the same on every overview page: the title, a one-line summary once the
// data is in, the page's own controls and the link to its provisioned dashboard; below it the
// page's blocks in a column.
import { css } from '@emotion/css';
import type React from 'react';
import { COLORS, FONT_SIZE, MONO } from '../theme/theme';
import { DashboardLink } from './DashboardLink';
import type { DASHBOARDS } from './links';
import { Panel } from './Panel';

export interface PagePanelProps {
  title: string;
  testId: string;
  /** Shown once defined (undefined while loading). */
  summary?: string;
  summaryTestId: string;
  /** Between the summary and the dashboard link (e.g. a range picker). */
  controls?: React.ReactNode;
  dashboard: keyof typeof DASHBOARDS;
  children: React.ReactNode;
}

export function PagePanel({ title, testId, summary, summaryTestId, controls, dashboard, children }: PagePanelProps) {
  return (
    <Panel
      title={title}
      testId={testId}
      actions={
        <>
          {summary !== undefined && (
            <span className={styles.summary} data-testid={summaryTestId}>
              {summary}
            </span>
          )}
          {controls}
          <DashboardLink dashboard={dashboard} />
        </>
      }
    >
      <div className={styles.body}>{children}</div>
    </Panel>
  );
}

const styles = {
  summary: css`
    font-family: ${MONO};
    font-size: ${FONT_SIZE.label};
    color: ${COLORS.muted};
    white-space: nowrap;
  `,
  body: css`
    display: flex;
    flex-direction: column;
    gap: 12px;
  `,
};
