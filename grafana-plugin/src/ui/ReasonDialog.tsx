// Every mutating action asks who-and-why: the reason goes to the ops API's audit log.
import { css } from '@emotion/css';
import { Button, Field, Modal, TextArea } from '@grafana/ui';
import { ReasonSchema } from '@trafi-ops/contracts';
import React, { useState } from 'react';
import { brutalistScope } from '../theme/BrutalistTheme';
import { describeError } from './Feedback';
import { COLORS, FONT_SIZE, MONO } from '../theme/theme';

export interface ReasonDialogProps {
  title: string;
  /** What will happen, in a sentence (e.g. "Retry 25 entries"). */
  description: React.ReactNode;
  confirmText: string;
  destructive?: boolean;
  /** Runs the action; a thrown error is shown in the dialog and the dialog stays open. */
  onConfirm: (reason: string) => Promise<void>;
  onDismiss: () => void;
  /** Shown while the action runs (e.g. bulk progress). */
  progress?: React.ReactNode;
  /** Offered while `progress` shows: close the dialog and let the action go on (the caller
   *  shows its progress and outcome elsewhere). */
  onHide?: () => void;
}

export function ReasonDialog({ title, description, confirmText, destructive, onConfirm, onDismiss, progress, onHide }: ReasonDialogProps) {
  const [reason, setReason] = useState('');
  const [touched, setTouched] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const check = ReasonSchema.safeParse(reason);
  const invalid = check.success ? undefined : check.error.issues[0]?.message;

  const submit = async () => {
    setTouched(true);
    if (!check.success) return;
    setBusy(true);
    setError(undefined);
    try {
      await onConfirm(check.data);
    } catch (err) {
      setError(describeError(err as Error));
    } finally {
      setBusy(false);
    }
  };

  const hide = busy && progress && onHide ? onHide : undefined;

  return (
    <Modal title={title} isOpen onDismiss={hide ?? (busy ? () => undefined : onDismiss)} className={brutalistScope}>
      <p>{description}</p>
      <Field label="Reason (recorded in the audit log)" invalid={touched && !!invalid} error={touched ? invalid : undefined}>
        <TextArea
          aria-label="Reason"
          value={reason}
          rows={3}
          autoFocus
          onChange={(e) => setReason(e.currentTarget.value)}
          onBlur={() => setTouched(true)}
          disabled={busy}
        />
      </Field>
      {busy && progress && <div className={styles.progress}>{progress}</div>}
      {error && (
        <div role="alert" className={styles.error}>
          {error}
        </div>
      )}
      <Modal.ButtonRow>
        {hide ? (
          <Button variant="secondary" fill="outline" onClick={hide}>
            Hide, keep running
          </Button>
        ) : (
          <Button variant="secondary" fill="outline" onClick={onDismiss} disabled={busy}>
            Cancel
          </Button>
        )}
        <Button variant={destructive ? 'destructive' : 'primary'} onClick={submit} disabled={busy || (touched && !!invalid)}>
          {busy ? 'Working…' : confirmText}
        </Button>
      </Modal.ButtonRow>
    </Modal>
  );
}

const styles = {
  progress: css`
    font-family: ${MONO};
    margin: 8px 0;
  `,
  error: css`
    border: 1px solid ${COLORS.error};
    color: ${COLORS.error};
    padding: 8px;
    font-family: ${MONO};
    font-size: ${FONT_SIZE.small};
  `,
};
