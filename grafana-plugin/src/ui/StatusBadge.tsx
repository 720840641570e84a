import { css } from '@emotion/css';
import type { RunState } from '@trafi-ops/contracts';
import { COLORS, FONT_SIZE, MONO, STATE_COLORS } from '../theme/theme';

const LABELS: Record<RunState, string> = {
  waiting: 'waiting',
  delayed: 'delayed',
  active: 'active',
  completed: 'completed',
  failed: 'failed',
  dead_lettered: 'dead-lettered',
};

// Black on the grey of waiting/delayed is under 4.5:1 for 11 px text: those get white.
const LIGHT_TEXT = new Set<RunState>(['waiting', 'delayed']);

/** UX-4: a rectangle in the state's colour, with text that reads on it. */
export function StatusBadge({ state }: { state: RunState }) {
  return (
    <span className={styles.badge} style={{ background: STATE_COLORS[state], color: LIGHT_TEXT.has(state) ? COLORS.text : COLORS.black }} data-state={state}>
      {LABELS[state]}
    </span>
  );
}

const styles = {
  badge: css`
    display: inline-block;
    padding: 1px 6px;
    font-family: ${MONO};
    font-size: ${FONT_SIZE.label};
    line-height: 16px;
    text-transform: uppercase;
    color: ${COLORS.black};
    border: 1px solid ${COLORS.border};
    white-space: nowrap;
  `,
};
