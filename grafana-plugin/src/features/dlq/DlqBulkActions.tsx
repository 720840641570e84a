// The bulk bar: what is selected (always visible), "select all matching", and the bulk
// actions, each through ReasonDialog with a sentence saying exactly what will happen.
import { css, cx } from '@emotion/css';
import { Button, type IconName } from '@grafana/ui';
import { DlqBulkBodySchema, type BulkResult, type DlqFilter } from '@trafi-ops/contracts';
import { useEffect, useRef, useState } from 'react';
import { opsApi, type BulkAnswer, type BulkTarget } from '../../api/ops-api';
import { canOperate, OPERATOR_ONLY } from '../../permissions';
import { COLORS, FONT_SIZE, MONO } from '../../theme/theme';
import { describeFilter, isEmptyFilter } from './DlqFilterParams';
import { OperationStatusUnknownError, settleBulk } from './DlqOperation';
import type { DlqSelection } from './useDlqSelection';
import { useDisabledReason } from '../../ui/DisabledReason';
import { ReasonDialog } from '../../ui/ReasonDialog';
import { describeError } from '../../ui/Feedback';
import { formatCount } from '../../ui/formatCount';

export interface DlqBulkAction {
  id: string;
  /** The verb, used on the button and in the sentence: "Retry" → "Retry 25 entries". */
  label: string;
  icon?: IconName;
  destructive?: boolean;
  /** What happens to each entry, after the sentence. */
  effect?: string;
  /** Runs on the selection; a tracked operation in the answer is polled to its end. */
  run: (target: BulkTarget, reason: string) => Promise<BulkAnswer>;
}

export const DEFAULT_DLQ_BULK_ACTIONS: DlqBulkAction[] = [
  {
    id: 'retry',
    label: 'Retry',
    icon: 'sync',
    effect: 'Each goes back to its queue with fresh attempts and leaves the dead-letter queue.',
    run: (target, reason) => opsApi.dlqBulk('retry', target, reason),
  },
  {
    id: 'delete',
    label: 'Delete',
    icon: 'trash-alt',
    destructive: true,
    effect: 'They are removed for good: the jobs and their payloads cannot be retried afterwards.',
    run: (target, reason) => opsApi.dlqBulk('delete', target, reason),
  },
];

export { OPERATOR_ONLY };

export interface DlqBulkActionsProps {
  selection: DlqSelection;
  /** The applied filter (what "all matching" means). */
  filter: DlqFilter;
  loadedCount: number;
  /** How many entries match the filter, when the queue sizes tell. */
  matchingTotal: number | undefined;
  actions: DlqBulkAction[];
  /** After an action ran (fully or not): clear the selection and reload. */
  onDone: () => void;
  /** A dialog opened: refresh `matchingTotal`, so the sentence counts what is there now. */
  onAsk?: () => void;
  pollMs?: number;
}

interface Pending {
  action: DlqBulkAction;
  target: BulkTarget;
}

export function DlqBulkActions({ selection, filter, loadedCount, matchingTotal, actions, onDone, onAsk, pollMs = 500 }: DlqBulkActionsProps) {
  const operator = canOperate();
  const [pending, setPending] = useState<Pending>();
  const [progress, setProgress] = useState<BulkResult>();
  const [result, setResult] = useState<{ label: string; result: BulkResult }>();
  // What went wrong after the dialog closed (an accepted operation we lost track of, or one
  // that failed while hidden): said in the bar, never offered again.
  const [failure, setFailure] = useState<string>();
  // The dialog was hidden while its operation runs on: progress and outcome go to the bar.
  const [hidden, setHidden] = useState<string>();
  const hiddenRef = useRef(false);
  // Stops polling when the page goes away (made in the effect so StrictMode's remount gets a live one).
  const abort = useRef<AbortController>(undefined);
  useEffect(() => {
    const controller = new AbortController();
    abort.current = controller;
    return () => controller.abort();
  }, []);

  const { state, count, loadedState } = selection;
  const target: BulkTarget | undefined = state.mode === 'matching' ? { filter } : count ? { ids: [...state.ids] } : undefined;
  const disabledWhy = !operator ? OPERATOR_ONLY : hidden ? `${hidden} is still running` : !target ? 'Select entries first' : undefined;
  const reason = useDisabledReason(disabledWhy);

  const open = (action: DlqBulkAction) => {
    if (!target) return;
    setProgress(undefined);
    setFailure(undefined);
    setPending({ action, target });
    onAsk?.();
  };

  const confirm = async (reason: string) => {
    if (!pending) return;
    const body = DlqBulkBodySchema.safeParse({ ...pending.target, reason });
    const issue = body.success ? undefined : body.error.issues[0];
    if (issue) throw new Error(`${issue.path.join('.') || 'body'}: ${issue.message}`);
    // A rejected request changed nothing: the dialog shows why and keeps the selection.
    const answer = await pending.action.run(pending.target, reason);
    const { label } = pending.action;
    try {
      const final = await settleBulk(answer, { onProgress: setProgress, intervalMs: pollMs, signal: abort.current?.signal });
      setResult({ label, result: final });
      setPending(undefined);
    } catch (err) {
      // The request was accepted: confirming again would send it twice. Close the dialog.
      if (err instanceof OperationStatusUnknownError) {
        setFailure(`operation ${err.operationId}: status unknown (${describeError(err.pollError)})`);
        setPending(undefined);
      } else if (hiddenRef.current) setFailure(`${label}: ${describeError(err as Error)}`);
      else throw err;
    } finally {
      hiddenRef.current = false;
      setHidden(undefined);
      // Some entries may have been handled even when it failed: show the list as it is now.
      if (!abort.current?.signal.aborted) onDone();
    }
  };

  const hide = () => {
    if (!pending) return;
    hiddenRef.current = true;
    setHidden(`Bulk ${pending.action.label.toLowerCase()}`);
    setPending(undefined);
  };

  return (
    <div className={styles.bar} data-testid="dlq-bulk-bar">
      <span className={styles.count} data-testid="dlq-selected-count">
        {selectionLabel(selection, matchingTotal)}
      </span>
      {state.mode === 'ids' && loadedState === 'all' && loadedCount > 0 && (
        <Button size="sm" variant="secondary" fill="text" onClick={selection.selectAllMatching} data-testid="dlq-select-matching">
          {matchingTotal !== undefined ? `Select all ${formatCount(matchingTotal)} matching the filter` : 'Select every entry matching the filter'}
        </Button>
      )}
      {(state.mode === 'matching' || (count ?? 0) > 0) && (
        <Button size="sm" variant="secondary" fill="text" onClick={selection.clear}>
          Clear selection
        </Button>
      )}
      <div className={styles.actions}>
        {reason.note}
        {actions.map((a, i) => (
          <Button
            key={a.id}
            size="sm"
            icon={a.icon}
            variant={a.destructive ? 'destructive' : i === 0 ? 'primary' : 'secondary'}
            disabled={!!disabledWhy}
            title={disabledWhy ?? `${a.label} the selected entries`}
            {...reason.describedBy}
            onClick={() => open(a)}
            data-testid={`dlq-bulk-${a.id}`}
          >
            Bulk {a.label}
          </Button>
        ))}
      </div>
      {result && (
        <div className={styles.result} role="status" data-testid="dlq-bulk-result">
          {result.label}: done {formatCount(result.result.done)}, skipped {formatCount(result.result.skipped)} of {formatCount(result.result.total)}
          <Button size="sm" variant="secondary" fill="text" icon="times" aria-label="Dismiss" onClick={() => setResult(undefined)} />
        </div>
      )}
      {hidden && progress && (
        <div className={styles.background} role="status" data-testid="dlq-bulk-background">
          <span>{hidden} running…</span>
          <DlqProgress value={progress} />
        </div>
      )}
      {failure && (
        <div className={cx(styles.result, styles.failure)} role="alert" data-testid="dlq-bulk-failure">
          {failure}
          <Button size="sm" variant="secondary" fill="text" icon="times" aria-label="Dismiss" onClick={() => setFailure(undefined)} />
        </div>
      )}
      {pending && (
        <ReasonDialog
          title={`Bulk ${pending.action.label.toLowerCase()}`}
          description={
            <>
              <strong data-testid="dlq-bulk-sentence">{sentenceFor(pending.action.label, pending.target, matchingTotal)}</strong>
              {pending.action.effect && <> {pending.action.effect}</>}
            </>
          }
          confirmText={pending.action.label}
          destructive={pending.action.destructive}
          onConfirm={confirm}
          onDismiss={() => setPending(undefined)}
          progress={progress && <DlqProgress value={progress} />}
          onHide={hide}
        />
      )}
    </div>
  );
}

/** "Retry 25 entries" / "Delete every entry matching queue=billing type=invoice.send" */
export function sentenceFor(label: string, target: BulkTarget, total: number | undefined): string {
  if ('ids' in target) return `${label} ${formatCount(target.ids.length)} ${target.ids.length === 1 ? 'entry' : 'entries'}`;
  const now = total !== undefined ? ` (${formatCount(total)} now)` : '';
  return isEmptyFilter(target.filter) ? `${label} every entry in the dead-letter queue${now}` : `${label} every entry matching ${describeFilter(target.filter)}${now}`;
}

function selectionLabel(s: DlqSelection, total: number | undefined): string {
  if (s.state.mode === 'matching') return total !== undefined ? `All ${formatCount(total)} matching selected` : 'All entries matching the filter selected';
  // Said, not silent: unticking a row out of "all matching" keeps only the loaded entries.
  if (s.state.narrowed) return `${formatCount(s.count ?? 0)} selected (loaded entries only, no longer all matching)`;
  return `${formatCount(s.count ?? 0)} selected`;
}

export function DlqProgress({ value }: { value: BulkResult }) {
  const handled = value.done + value.skipped;
  const pct = value.total > 0 ? Math.min(100, (handled / value.total) * 100) : 0;
  return (
    <div data-testid="dlq-progress">
      <div className={styles.track} role="progressbar" aria-valuemin={0} aria-valuemax={value.total} aria-valuenow={handled}>
        <div className={styles.fill} style={{ width: `${pct}%` }} />
      </div>
      <span className={styles.numbers}>
        done {formatCount(value.done)} · skipped {formatCount(value.skipped)} · total {formatCount(value.total)}
      </span>
    </div>
  );
}

const styles = {
  bar: css`
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 8px;
    padding: 8px 12px;
    border: 1px solid ${COLORS.border};
    border-bottom: 0;
  `,
  count: css`
    font-family: ${MONO};
    font-size: ${FONT_SIZE.small};
    min-width: 96px;
  `,
  actions: css`
    display: flex;
    align-items: center;
    gap: 8px;
    margin-left: auto;
  `,
  result: css`
    flex-basis: 100%;
    display: flex;
    align-items: center;
    gap: 8px;
    font-family: ${MONO};
    font-size: ${FONT_SIZE.small};
    color: ${COLORS.success};
  `,
  failure: css`
    color: ${COLORS.error};
  `,
  background: css`
    flex-basis: 100%;
    font-family: ${MONO};
    font-size: ${FONT_SIZE.small};
  `,
  track: css`
    height: 8px;
    border: 1px solid ${COLORS.border};
    margin-bottom: 4px;
  `,
  fill: css`
    height: 100%;
    background: ${COLORS.acid};
  `,
  numbers: css`
    font-family: ${MONO};
    font-size: ${FONT_SIZE.small};
  `,
};
