import { css, cx } from '@emotion/css';
import type React from 'react';
import { COLORS, FONT_SIZE } from '../theme/theme';

/** A titled rectangle on the 1px grid. */
export function Panel({ title, actions, children, className, testId }: { title?: React.ReactNode; actions?: React.ReactNode; children: React.ReactNode; className?: string; testId?: string }) {
  return (
    <section className={cx(styles.panel, className)} data-testid={testId}>
      {(title || actions) && (
        <header className={styles.header}>
          <h3 className={styles.title}>{title}</h3>
          {actions && <div className={styles.actions}>{actions}</div>}
        </header>
      )}
      <div className={styles.body}>{children}</div>
    </section>
  );
}

const styles = {
  panel: css`
    border: 1px solid ${COLORS.border};
    background: ${COLORS.black};
    min-width: 0;
  `,
  header: css`
    display: flex;
    align-items: center;
    justify-content: space-between;
    gap: 8px;
    padding: 8px 12px;
    border-bottom: 1px solid ${COLORS.border};
  `,
  title: css`
    margin: 0;
    font-size: ${FONT_SIZE.small};
    font-weight: 600;
    letter-spacing: 0.08em;
    text-transform: uppercase;
  `,
  actions: css`
    display: flex;
    gap: 8px;
    align-items: center;
  `,
  body: css`
    padding: 12px;
  `,
};
