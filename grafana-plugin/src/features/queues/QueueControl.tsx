// Pause / resume one queue (story 11.4): operators only, with a reason for the audit log. The
// ops API flips BullMQ's paused flag in Redis, so every worker of the queue stops taking jobs
// (running ones finish); the row shows the new state at once and the next poll confirms it.
import { Button } from '@grafana/ui';
import type { QueueInfo } from '@trafi-ops/contracts';
import { useState } from 'react';
import { opsApi } from '../../api/ops-api';
import { canOperate, OPERATOR_ONLY } from '../../permissions';
import { useDisabledReason } from '../../ui/DisabledReason';
import { ReasonDialog } from '../../ui/ReasonDialog';

export interface QueueControlProps {
  queue: QueueInfo;
  /** Called with the paused state the API answered with. */
  onChanged: (isPaused: boolean) => void;
  pause?: (queue: string, reason: string) => Promise<{ isPaused: boolean }>;
  resume?: (queue: string, reason: string) => Promise<{ isPaused: boolean }>;
}

export function QueueControl({ queue: q, onChanged, pause = opsApi.pauseQueue, resume = opsApi.resumeQueue }: QueueControlProps) {
  const [open, setOpen] = useState(false);
  const operator = canOperate();
  const why = useDisabledReason(operator ? undefined : OPERATOR_ONLY);
  const action = q.isPaused ? 'Resume' : 'Pause';
  return (
    <>
      <Button
        size="sm"
        variant={q.isPaused ? 'primary' : 'secondary'}
        fill={q.isPaused ? 'solid' : 'outline'}
        icon={q.isPaused ? 'play' : 'pause'}
        disabled={!operator}
        title={operator ? `${action} ${q.name}` : OPERATOR_ONLY}
        onClick={() => setOpen(true)}
        data-testid={`queue-${action.toLowerCase()}`}
        {...why.describedBy}
      >
        {action}
      </Button>
      {why.note}
      {open && (
        <ReasonDialog
          title={`${action} queue ${q.name}`}
          description={
            q.isPaused
              ? `Workers take jobs from ${q.name} again, starting with the ${q.counts.waiting} waiting.`
              : `Workers of ${q.name} take no new job until it is resumed; running jobs finish, new ones wait.`
          }
          confirmText={action}
          onDismiss={() => setOpen(false)}
          onConfirm={async (reason) => {
            const answer = await (q.isPaused ? resume : pause)(q.name, reason);
            setOpen(false);
            onChanged(answer.isPaused);
          }}
        />
      )}
    </>
  );
}
