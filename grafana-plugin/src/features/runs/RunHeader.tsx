// The run detail's facts: who, what, when, how many attempts, and where it came from.
import { css } from '@emotion/css';
import type { RunDetail } from '@trafi-ops/contracts';
import type React from 'react';
import { Link } from 'react-router-dom';
import { COLORS, FONT_SIZE, MONO } from '../../theme/theme';
import { runDuration, Timestamp } from './RunFields';
import { formatDuration } from '../../ui/formatDuration';
import { dlqEntryUrl, runUrl } from '../../ui/links';

export function RunHeader({ run, now }: { run: RunDetail; now: number }) {
  const duration = runDuration(run, now);
  const facts: Array<[string, React.ReactNode]> = [
    ['Queue', <span key="q" className="mono">{run.queue}</span>],
    ['Type', <span key="ty" className="mono">{run.type}</span>],
    ['Tenant', <span key="t" className="mono">{run.tenantId ?? '—'}</span>],
    ['Created', <Timestamp key="c" ms={run.createdAt} withMs />],
    ['Started', <Timestamp key="s" ms={run.startedAt} withMs />],
    ['Finished', <Timestamp key="f" ms={run.finishedAt} withMs />],
    ['Duration', <span key="d" className="mono">{duration === undefined ? '—' : formatDuration(duration)}</span>],
    ['Attempts', <span key="a" className="mono" data-testid="run-attempts">{`${run.attemptsMade}/${run.maxAttempts}`}</span>],
  ];
  if (run.dlqRetries > 0) facts.push(['DLQ retries', <span key="r" className="mono">{run.dlqRetries}</span>]);
  if (run.origin)
    facts.push([
      'Replay of',
      <Link key="o" className="mono" to={runUrl(run.origin)}>
        {`${run.origin.queue}/${run.origin.id}`}
      </Link>,
    ]);
  if (run.dlqEntryId)
    facts.push([
      'DLQ entry',
      <Link key="e" className="mono" to={dlqEntryUrl(run.dlqEntryId)}>
        {run.dlqEntryId}
      </Link>,
    ]);

  return (
    <div>
      <dl className={styles.facts}>
        {facts.map(([label, value]) => (
          <div key={label} className={styles.fact}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      {run.error && (
        <div className={styles.error} data-testid="run-error">
          {run.error}
        </div>
      )}
    </div>
  );
}

const styles = {
  facts: css`
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(230px, 1fr));
    margin: 0;
    border-top: 1px solid ${COLORS.border};
    border-left: 1px solid ${COLORS.border};
  `,
  fact: css`
    padding: 8px 12px;
    border-right: 1px solid ${COLORS.border};
    border-bottom: 1px solid ${COLORS.border};
    dt {
      font-size: ${FONT_SIZE.label};
      letter-spacing: 0.06em;
      text-transform: uppercase;
      color: ${COLORS.muted};
    }
    dd {
      margin: 2px 0 0;
      font-size: ${FONT_SIZE.body};
      overflow-wrap: anywhere;
    }
    && a {
      color: ${COLORS.acid};
    }
  `,
  error: css`
    margin-top: 12px;
    padding: 8px 12px;
    border: 1px solid ${COLORS.error};
    color: ${COLORS.error};
    font-family: ${MONO};
    font-size: ${FONT_SIZE.small};
    white-space: pre-wrap;
  `,
};
