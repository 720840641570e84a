// One status rectangle (UX-9), value in JetBrains Mono. Only a problem is filled (yellow / red):
// ok and no-data cells stay black, their status word in its colour, so one bad cell stands out.
import { css } from '@emotion/css';
import { COLORS, FONT_SIZE, MONO, STATUS_COLORS, type Status } from '../../theme/theme';
import type { HealthCellData } from './healthCells';

export const STATUS_WORDS: Record<Status, string> = { ok: 'OK', warn: 'WARN', bad: 'BAD', unknown: 'NO DATA' };

const FILLED = new Set<Status>(['warn', 'bad']);

export function HealthCell({ cell }: { cell: HealthCellData }) {
  const { status } = cell;
  return (
    <div
      className={styles.cell}
      style={FILLED.has(status) ? { background: STATUS_COLORS[status], color: COLORS.black } : { background: COLORS.black, color: COLORS.text }}
      data-testid="health-cell"
      data-status={status}
      data-name={cell.name}
    >
      <div className={styles.head}>
        <span className={styles.label}>{cell.label}</span>
        <span className={styles.word} style={FILLED.has(status) ? undefined : { color: status === 'ok' ? STATUS_COLORS.ok : COLORS.muted }}>
          {STATUS_WORDS[status]}
        </span>
      </div>
      <div className={styles.value}>{cell.value}</div>
      {cell.detail && <div className={styles.detail}>{cell.detail}</div>}
    </div>
  );
}

const styles = {
  cell: css`
    display: flex;
    flex-direction: column;
    gap: 4px;
    min-height: 88px;
    padding: 10px 12px;
    min-width: 0;
  `,
  head: css`
    display: flex;
    justify-content: space-between;
    gap: 8px;
    font-size: ${FONT_SIZE.small};
    font-weight: 600;
  `,
  label: css`
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  `,
  word: css`
    font-family: ${MONO};
    font-size: ${FONT_SIZE.label};
  `,
  value: css`
    font-family: ${MONO};
    font-size: ${FONT_SIZE.figure};
    font-weight: 700;
  `,
  detail: css`
    font-family: ${MONO};
    font-size: ${FONT_SIZE.label};
  `,
};
