// One status rectangle: filled with its status colour (UX-9), value in JetBrains Mono.
import { css } from '@emotion/css';
import { COLORS, FONT_SIZE, MONO, STATUS_COLORS, type Status } from '../../theme/theme';
import type { HealthCellData } from './healthCells';

export const STATUS_WORDS: Record<Status, string> = { ok: 'OK', warn: 'WARN', bad: 'BAD', unknown: 'NO DATA' };

export function HealthCell({ cell }: { cell: HealthCellData }) {
  const { status } = cell;
  return (
    <div
      className={styles.cell}
      style={{ background: STATUS_COLORS[status], color: status === 'unknown' ? COLORS.text : COLORS.black }}
      data-testid="health-cell"
      data-status={status}
      data-name={cell.name}
    >
      <div className={styles.head}>
        <span className={styles.label}>{cell.label}</span>
        <span className={styles.word}>{STATUS_WORDS[status]}</span>
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
