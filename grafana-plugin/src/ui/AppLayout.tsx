// UX-2/UX-3: rail (64px) + sidebar (240px) + main, breadcrumb Dashboard > Operations > section,
// and the critical-alert banner on every page.
import { css, cx } from '@emotion/css';
import { config } from '@grafana/runtime';
import { Icon } from '@grafana/ui';
import type React from 'react';
import { Link } from 'react-router-dom';
import { APP_URL, PLUGIN_ID, SECTIONS, type SectionId } from '../constants';
import { COLORS, FONT_SIZE, MONO } from '../theme/theme';
import { AlertBanner } from './AlertBanner';

export interface AppLayoutProps {
  section: SectionId | undefined;
  /** Extra crumbs after the section (e.g. a run id). */
  trail?: string[];
  children: React.ReactNode;
  banner?: React.ReactNode;
}

export function AppLayout({ section, trail = [], children, banner = <AlertBanner /> }: AppLayoutProps) {
  const current = SECTIONS.find((s) => s.id === section);
  return (
    <div className={styles.shell}>
      <nav className={styles.rail} aria-label="Trafi">
        <Link className={styles.logo} to={APP_URL} title="Trafi Ops">
          T
        </Link>
        <a className={styles.railItem} href={grafanaUrl('/')} title="Dashboards">
          <Icon name="home-alt" size="lg" />
        </a>
        <Link className={cx(styles.railItem, styles.railActive)} to={APP_URL} title="Operations">
          <Icon name="layer-group" size="lg" />
        </Link>
        <a className={styles.railItem} href={grafanaUrl(`/plugins/${PLUGIN_ID}`)} title="Configuration">
          <Icon name="cog" size="lg" />
        </a>
      </nav>
      <aside className={styles.sidebar} aria-label="Operations">
        <div className={styles.sidebarTitle}>Operations</div>
        {SECTIONS.map((s) => (
          <Link key={s.id} to={`${APP_URL}/${s.id}`} className={cx(styles.navItem, s.id === section && styles.navActive)} aria-current={s.id === section ? 'page' : undefined}>
            <Icon name={s.icon} />
            {s.title}
          </Link>
        ))}
      </aside>
      <main className={styles.main}>
        <ol className={styles.crumbs} aria-label="Breadcrumb">
          <li>
            <a href={grafanaUrl('/')}>Dashboard</a>
          </li>
          <li>
            <Link to={APP_URL}>Operations</Link>
          </li>
          {current && (
            <li>
              <Link to={`${APP_URL}/${current.id}`}>{current.title}</Link>
            </li>
          )}
          {trail.map((t) => (
            <li key={t} className={styles.mono}>
              {t}
            </li>
          ))}
        </ol>
        {banner}
        {children}
      </main>
    </div>
  );
}

/** Grafana's own pages (outside the app's router), under Grafana's sub-path when it has one. */
const grafanaUrl = (path: string) => `${config.appSubUrl ?? ''}${path}`;

const styles = {
  shell: css`
    display: grid;
    grid-template-columns: 64px 240px minmax(0, 1fr);
    min-height: 100vh;
    background: ${COLORS.black};
  `,
  rail: css`
    display: flex;
    flex-direction: column;
    border-right: 1px solid ${COLORS.border};
  `,
  logo: css`
    height: 64px;
    display: flex;
    align-items: center;
    justify-content: center;
    background: ${COLORS.acid};
    color: ${COLORS.black} !important;
    font-family: ${MONO};
    font-weight: 700;
    font-size: ${FONT_SIZE.title};
    border-bottom: 1px solid ${COLORS.border};
  `,
  railItem: css`
    height: 56px;
    display: flex;
    align-items: center;
    justify-content: center;
    color: ${COLORS.muted};
    border-bottom: 1px solid ${COLORS.border};
    &:hover {
      color: ${COLORS.text};
    }
  `,
  railActive: css`
    color: ${COLORS.acid};
    border-left: 2px solid ${COLORS.acid};
  `,
  sidebar: css`
    border-right: 1px solid ${COLORS.border};
    display: flex;
    flex-direction: column;
  `,
  sidebarTitle: css`
    height: 64px;
    display: flex;
    align-items: center;
    padding: 0 16px;
    border-bottom: 1px solid ${COLORS.border};
    font-size: ${FONT_SIZE.small};
    font-weight: 600;
    letter-spacing: 0.12em;
    text-transform: uppercase;
  `,
  navItem: css`
    display: flex;
    align-items: center;
    gap: 10px;
    padding: 0 16px;
    height: 44px;
    border-bottom: 1px solid ${COLORS.border};
    color: ${COLORS.text};
    &:hover {
      background: ${COLORS.ink3};
    }
  `,
  navActive: css`
    color: ${COLORS.black} !important;
    background: ${COLORS.acid} !important;
  `,
  main: css`
    padding: 0 24px 24px;
    min-width: 0;
  `,
  crumbs: css`
    display: flex;
    height: 64px;
    align-items: center;
    list-style: none;
    margin: 0 -24px 16px;
    padding: 0 24px;
    border-bottom: 1px solid ${COLORS.border};
    font-size: ${FONT_SIZE.body};
    li + li::before {
      content: '>';
      margin: 0 8px;
      color: ${COLORS.muted};
    }
    a {
      color: ${COLORS.muted};
    }
    li:last-child,
    li:last-child a {
      color: ${COLORS.text};
    }
  `,
  mono: css`
    font-family: ${MONO};
  `,
};
