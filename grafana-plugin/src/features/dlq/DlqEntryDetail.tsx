// One DLQ entry in a drawer: where it came from, why it died (every attempt), what it
// carried, and a single audited Retry.
import { css } from '@emotion/css';
import { Button, ClipboardButton, Drawer } from '@grafana/ui';
import type { Attempt, BulkResult, DlqEntry } from '@trafi-ops/contracts';
import type React from 'react';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { opsApi } from '../../api/ops-api';
import { usePoll } from '../../ui/hooks/usePoll';
import { canOperate } from '../../permissions';
import { brutalistScope } from '../../theme/BrutalistTheme';
import { COLORS, FONT_SIZE, MONO } from '../../theme/theme';
import { OPERATOR_ONLY } from './DlqBulkActions';
import { formatTime } from './DlqFilterParams';
import { EmptyState, ErrorState, Loading } from '../../ui/Feedback';
import { JsonInspector } from '../../ui/JsonInspector';
import { formatDuration } from '../../ui/formatDuration';
import { runUrl } from '../../ui/links';
import { Panel } from '../../ui/Panel';
import { useDisabledReason } from '../../ui/DisabledReason';
import { ReasonDialog } from '../../ui/ReasonDialog';

export interface DlqEntryDetailProps {
  id: string;
  /** The entry as listed: shown at once while the fresh copy loads. */
  initial?: DlqEntry;
  loadEntry?: (id: string) => Promise<DlqEntry>;
  retryOne?: (id: string, reason: string) => Promise<BulkResult>;
  onClose: () => void;
  /** The retry went through (`done` 0: it had already left the DLQ). */
  onRetried: (id: string, result: BulkResult) => void;
}

export function DlqEntryDetail({ id, initial, loadEntry = opsApi.dlqEntry, retryOne = opsApi.dlqRetryOne, onClose, onRetried }: DlqEntryDetailProps) {
  const { data, error, reload } = usePoll(() => loadEntry(id), 0, [id]);
  // Either copy may still be the previous id's for a render: show and retry only this id's.
  const entry = data?.id === id ? data : initial?.id === id ? initial : undefined;
  const [asking, setAsking] = useState(false);
  const operator = canOperate();
  const reason = useDisabledReason(operator ? undefined : OPERATOR_ONLY);

  return (
    <Drawer title="DLQ entry" subtitle={<span className={styles.mono}>{id}</span>} onClose={onClose} size="md">
      {/* Drawer takes no className: the scope goes on its content (it renders in a portal). */}
      <div className={brutalistScope} data-testid="dlq-entry-detail">
        {error && <ErrorState error={error} onRetry={reload} />}
        {!entry && !error && <Loading what="the entry" />}
        {entry && (
          <div className={styles.column}>
            <div className={styles.actions}>
              <Button
                icon="sync"
                onClick={() => setAsking(true)}
                disabled={!operator}
                title={operator ? 'Put this job back on its queue with fresh attempts' : OPERATOR_ONLY}
                {...reason.describedBy}
                data-testid="dlq-entry-retry"
              >
                Retry
              </Button>
              {reason.note}
              <Link className={styles.link} to={runUrl({ queue: entry.queue, id: entry.jobId })}>
                Open run
              </Link>
              <ClipboardButton size="sm" variant="secondary" fill="outline" icon="copy" getText={() => entry.id}>
                Copy id
              </ClipboardButton>
            </div>
            <Facts entry={entry} />
            <Panel title="Final error">
              <pre className={styles.error} data-testid="dlq-final-error">
                {entry.error || '(no message)'}
              </pre>
            </Panel>
            <Panel title={`Attempts (${entry.attempts.length})`}>
              {entry.attempts.length === 0 ? <EmptyState>No attempts recorded</EmptyState> : <Attempts attempts={entry.attempts} />}
            </Panel>
            <JsonInspector title="Payload" value={entry.payload} />
            <JsonInspector title="Tenant context" value={entry.context} />
            <JsonInspector title="Options" value={entry.options} openDepth={1} />
          </div>
        )}
      </div>
      {asking && entry && (
        <ReasonDialog
          title="Retry DLQ entry"
          description={
            <>
              Retry 1 entry: job <span className={styles.mono}>{entry.jobId}</span> goes back on queue <span className={styles.mono}>{entry.queue}</span> with fresh
              attempts and leaves the dead-letter queue.
            </>
          }
          confirmText="Retry"
          onConfirm={async (reason) => {
            const result = await retryOne(entry.id, reason);
            setAsking(false);
            onRetried(entry.id, result);
          }}
          onDismiss={() => setAsking(false)}
        />
      )}
    </Drawer>
  );
}

function Facts({ entry }: { entry: DlqEntry }) {
  // Every value is data (JetBrains Mono); the labels are not.
  const rows: Array<[string, React.ReactNode]> = [
    ['Entry id', entry.id],
    ['Job id', entry.jobId],
    ['Queue', entry.queue],
    ['Type', entry.type],
    ['Tenant', entry.tenantId ?? '—'],
    ['Created', formatTime(entry.createdAt)],
    ['Failed', formatTime(entry.failedAt)],
    ['Dead-lettered', formatTime(entry.deadLetteredAt)],
    ['Attempts', entry.attempts.length],
  ];
  return (
    <dl className={styles.facts} data-testid="dlq-entry-facts">
      {rows.map(([label, value]) => (
        <div key={label} className={styles.fact}>
          <dt>{label}</dt>
          <dd className={styles.mono} data-mono>
            {value}
          </dd>
        </div>
      ))}
    </dl>
  );
}

function Attempts({ attempts }: { attempts: Attempt[] }) {
  return (
    <ol className={styles.attempts}>
      {attempts.map((a) => (
        <li key={a.attempt} className={styles.attempt} data-testid="dlq-attempt">
          <div className={styles.attemptHead}>
            <strong>Attempt {a.attempt}</strong>
            <span className={styles.mono}>
              {formatTime(a.startedAt)}
              {a.finishedAt !== undefined && ` → ${formatTime(a.finishedAt)} (${formatDuration(a.finishedAt - a.startedAt)})`}
            </span>
          </div>
          <pre className={styles.error}>{a.error ?? '(no error recorded)'}</pre>
          {a.stack && <pre className={styles.stack}>{a.stack}</pre>}
        </li>
      ))}
    </ol>
  );
}

const styles = {
  column: css`
    display: flex;
    flex-direction: column;
    gap: 12px;
  `,
  actions: css`
    display: flex;
    align-items: center;
    gap: 12px;
  `,
  link: css`
    color: ${COLORS.acid};
    text-decoration: underline;
  `,
  facts: css`
    display: grid;
    grid-template-columns: repeat(3, minmax(0, 1fr));
    margin: 0;
    border-top: 1px solid ${COLORS.border};
    border-left: 1px solid ${COLORS.border};
  `,
  fact: css`
    padding: 8px;
    border-right: 1px solid ${COLORS.border};
    border-bottom: 1px solid ${COLORS.border};
    min-width: 0;
    dt {
      font-size: ${FONT_SIZE.label};
      text-transform: uppercase;
      letter-spacing: 0.08em;
      color: ${COLORS.muted};
    }
    dd {
      margin: 2px 0 0;
      overflow-wrap: anywhere;
    }
  `,
  mono: css`
    font-family: ${MONO};
    font-size: ${FONT_SIZE.small};
  `,
  error: css`
    font-family: ${MONO};
    font-size: ${FONT_SIZE.small};
    color: ${COLORS.error};
    white-space: pre-wrap;
    word-break: break-word;
    margin: 0;
    background: none;
    border: 0;
    padding: 0;
  `,
  stack: css`
    font-family: ${MONO};
    font-size: ${FONT_SIZE.label};
    color: ${COLORS.muted};
    white-space: pre;
    overflow-x: auto;
    max-height: 240px;
    margin: 8px 0 0;
    padding: 8px;
    border: 1px solid ${COLORS.border};
    background: ${COLORS.black};
  `,
  attempts: css`
    list-style: none;
    margin: 0;
    padding: 0;
  `,
  attempt: css`
    padding: 8px 0;
    & + & {
      border-top: 1px solid ${COLORS.border};
    }
  `,
  attemptHead: css`
    display: flex;
    justify-content: space-between;
    gap: 8px;
    margin-bottom: 4px;
  `,
};
