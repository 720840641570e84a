import { css } from '@emotion/css';
import type { RunState } from '@trafi-ops/contracts';
import { COLORS, FONT_SIZE, MONO, STATE_COLORS } from '../theme/theme';

const LABELS: Record<RunState, string> = {
  waiting: 'waiting',
  delayed: 'delayed',
  active: 'active',
  completed: 'completed',
  failed: 'failed · will retry',
  dead_lettered: 'dead-lettered',
};

// Black on the grey of waiting/delayed is under 4.5:1 for 11 px text: those get white.
const LIGHT_TEXT = new Set<RunState>(['waiting', 'delayed']);

// A failed attempt that will be retried is not the end: outlined in red on black, where a
// dead-lettered run (final) is filled red. Both read as errors, only one as final.
const OUTLINED = new Set<RunState>(['failed']);

/** UX-4: a rectangle in the state's colour, with text that reads on it. */
export function StatusBadge({ state }: { state: RunState }) {
  const style = OUTLINED.has(state)
    ? { background: COLORS.black, color: STATE_COLORS[state], borderColor: STATE_COLORS[state], borderStyle: 'dashed' }
    : { background: STATE_COLORS[state], color: LIGHT_TEXT.has(state) ? COLORS.text : COLORS.black };
  return (
    <span className={styles.badge} style={style} data-state={state}>
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
