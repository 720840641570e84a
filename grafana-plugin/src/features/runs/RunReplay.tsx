// UX-7: replay a finished run as a new one (same payload and tenant), with an audited reason.
import { Button } from '@grafana/ui';
import type { RunDetail } from '@trafi-ops/contracts';
import { useState } from 'react';
import { canOperate } from '../../permissions';
import { useDisabledReason } from '../../ui/DisabledReason';
import { ReasonDialog } from '../../ui/ReasonDialog';
import { REPLAYABLE_STATES } from './RunFields';

export type RunRef = { queue: string; id: string };

export interface RunReplayProps {
  run: RunDetail;
  replay: (queue: string, id: string, reason: string) => Promise<RunRef>;
  /** Called with the new run once the API created it. */
  onReplayed: (created: RunRef) => void;
}

export function RunReplay({ run, replay, onReplayed }: RunReplayProps) {
  const [open, setOpen] = useState(false);
  const operator = canOperate();
  const replayable = REPLAYABLE_STATES.has(run.state);
  const disabledWhy = !operator ? 'Replaying a run needs the operator role' : !replayable ? 'Only a finished run (completed, failed or dead-lettered) can be replayed' : undefined;
  const reason = useDisabledReason(disabledWhy);

  return (
    <>
      <Button
        variant="primary"
        size="sm"
        icon="repeat"
        disabled={!!disabledWhy}
        title={disabledWhy ?? 'Enqueue a new run with the same payload and tenant'}
        {...reason.describedBy}
        onClick={() => setOpen(true)}
      >
        Replay
      </Button>
      {reason.note}
      {open && (
        <ReasonDialog
          title="Replay run"
          description={
            <>
              A new <span className="mono">{run.type}</span> run will be enqueued on <span className="mono">{run.queue}</span> with the payload and tenant of{' '}
              <span className="mono">{run.id}</span>.
            </>
          }
          confirmText="Replay"
          onDismiss={() => setOpen(false)}
          onConfirm={async (reason) => {
            const created = await replay(run.queue, run.id, reason);
            setOpen(false);
            onReplayed(created);
          }}
        />
      )}
    </>
  );
}
