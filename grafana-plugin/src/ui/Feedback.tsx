// Loading, empty, error and done states, the same on every page.
import { css, cx } from '@emotion/css';
import { Button } from '@grafana/ui';
import type React from 'react';
import { ApiError } from '../api/ops-api';
import { COLORS, FONT_SIZE, MONO } from '../theme/theme';

export function ErrorState({ error, onRetry }: { error: Error; onRetry?: () => void }) {
  const api = error instanceof ApiError ? error : undefined;
  return (
    <div role="alert" className={styles.error}>
      <strong>{api ? errorTitle(api) : 'Something went wrong'}</strong>
      <span className={styles.mono}>{describeError(error)}</span>
      {onRetry && (
        <Button size="sm" variant="secondary" onClick={onRetry}>
          Try again
        </Button>
      )}
    </div>
  );
}

/** An error in one line: an API error keeps its status, code and field, not only its message. */
export function describeError(err: Error): string {
  if (!(err instanceof ApiError)) return err.message;
  return `${err.status ? `${err.status} ${err.code}: ` : ''}${err.message}${err.field ? ` (field: ${err.field})` : ''}`;
}

function errorTitle(e: ApiError): string {
  if (e.code === 'contract_mismatch') return 'The ops API answered in a shape this plugin does not know: are the plugin and the API the same version?';
  if (e.status === 401) return 'The ops API rejected the plugin token: check the app configuration';
  if (e.status === 403) return 'You do not have permission for this';
  if (e.status === 502 || e.status === 0 || e.code === 'proxy_error') return 'The ops API cannot be reached';
  if (e.status === 503) return 'A dependency of the ops API is not answering';
  return 'The ops API answered with an error';
}

export function EmptyState({ children }: { children: React.ReactNode }) {
  return (
    <div className={styles.empty} data-testid="empty-state">
      {children}
    </div>
  );
}

export function Loading({ what }: { what: string }) {
  return (
    <div className={styles.empty} aria-busy="true">
      Loading {what}…
    </div>
  );
}

/** What just happened ("Entry retried", "Replayed as …"), in the colour of its tone. */
export function Notice({ tone = 'success', className, children, ...rest }: { tone?: 'success' | 'acid'; className?: string; children: React.ReactNode; 'data-testid'?: string }) {
  return (
    <div role="status" className={cx(styles.notice, tone === 'acid' && styles.acid, className)} {...rest}>
      {children}
    </div>
  );
}

const styles = {
  error: css`
    display: flex;
    flex-direction: column;
    gap: 8px;
    align-items: flex-start;
    padding: 12px;
    border: 1px solid ${COLORS.error};
    color: ${COLORS.text};
  `,
  mono: css`
    font-family: ${MONO};
    font-size: ${FONT_SIZE.small};
    color: ${COLORS.error};
  `,
  notice: css`
    padding: 8px 12px;
    border: 1px solid ${COLORS.success};
    color: ${COLORS.success};
    font-family: ${MONO};
    font-size: ${FONT_SIZE.small};
  `,
  acid: css`
    border-color: ${COLORS.acid};
    color: ${COLORS.acid};
  `,
  empty: css`
    padding: 24px 12px;
    border: 1px dashed ${COLORS.border};
    color: ${COLORS.muted};
    text-align: center;
  `,
};
