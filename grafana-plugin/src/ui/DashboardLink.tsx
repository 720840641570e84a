// "Open in dashboard": where a page's figures can be explored further, in Grafana itself.
import { css } from '@emotion/css';
import { Icon } from '@grafana/ui';
import { COLORS, FONT_SIZE, MONO } from '../theme/theme';
import { dashboardUrl, type DASHBOARDS } from './links';

export function DashboardLink({ dashboard, vars, children = 'dashboard' }: { dashboard: keyof typeof DASHBOARDS; vars?: Record<string, string>; children?: string }) {
  return (
    <a className={style} href={dashboardUrl(dashboard, vars)} data-testid={`dashboard-link-${dashboard}`} title="Open the provisioned Grafana dashboard">
      {children}
      <Icon name="external-link-alt" size="xs" />
    </a>
  );
}

const style = css`
  && {
    display: inline-flex;
    align-items: center;
    gap: 4px;
    font-family: ${MONO};
    font-size: ${FONT_SIZE.label};
    color: ${COLORS.acid};
    text-decoration: underline;
    white-space: nowrap;
  }
`;
