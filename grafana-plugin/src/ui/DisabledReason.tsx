// Why an action is unavailable, as visible text tied to its button (aria-describedby). A title
// alone reaches nobody on a keyboard or a screen reader: a disabled button takes no focus, so it
// never shows its tooltip.
import { css } from '@emotion/css';
import { useId, type ReactNode } from 'react';
import { COLORS, FONT_SIZE, MONO } from '../theme/theme';

export interface DisabledReason {
  /** Spread on the disabled control(s). */
  describedBy: { 'aria-describedby'?: string };
  /** The sentence, to render next to the control(s); null when nothing is disabled. */
  note: ReactNode;
}

export function useDisabledReason(why: string | undefined): DisabledReason {
  const id = useId();
  return {
    describedBy: why ? { 'aria-describedby': id } : {},
    note: why ? (
      <span id={id} className={style} data-testid="disabled-reason">
        {why}
      </span>
    ) : null,
  };
}

const style = css`
  font-family: ${MONO};
  font-size: ${FONT_SIZE.label};
  color: ${COLORS.muted};
`;
