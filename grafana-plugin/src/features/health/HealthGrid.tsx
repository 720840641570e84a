// UX-9: one strict rectangular grid, 1px #333 lines and no gaps. Each group starts a new row
// and is padded with empty cells, so every row is full and the lines stay straight.
import { css } from '@emotion/css';
import type React from 'react';
import { CAPS, COLORS, FONT_SIZE } from '../../theme/theme';
import { HealthCell } from './HealthCell';
import { HEALTH_GROUPS, type HealthCellData } from './healthCells';

export interface HealthGridProps {
  cells: HealthCellData[];
  columns?: number;
  renderCell?: (cell: HealthCellData) => React.ReactNode;
}

export function HealthGrid({ cells, columns = 4, renderCell = (c) => <HealthCell cell={c} /> }: HealthGridProps) {
  return (
    <div className={styles.grid} style={{ gridTemplateColumns: `repeat(${columns}, minmax(0, 1fr))` }} data-testid="health-grid">
      {HEALTH_GROUPS.map((g) => {
        const mine = cells.filter((c) => c.group === g.id);
        const padding = (columns - (Math.max(mine.length, 1) % columns)) % columns;
        return [
          <div key={`${g.id}:title`} className={styles.title} role="heading" aria-level={4}>
            {g.title}
          </div>,
          ...(mine.length === 0
            ? [
                <div key={`${g.id}:none`} className={styles.slot}>
                  <div className={styles.none}>no series</div>
                </div>,
              ]
            : mine.map((c) => (
                <div key={c.name} className={styles.slot}>
                  {renderCell(c)}
                </div>
              ))),
          ...Array.from({ length: padding }, (_, i) => <div key={`${g.id}:pad${i}`} className={styles.slot} aria-hidden />),
        ];
      })}
    </div>
  );
}

const styles = {
  grid: css`
    display: grid;
    gap: 0;
    border-top: 1px solid ${COLORS.border};
    border-left: 1px solid ${COLORS.border};
  `,
  slot: css`
    border-right: 1px solid ${COLORS.border};
    border-bottom: 1px solid ${COLORS.border};
    min-width: 0;
    display: flex;
    flex-direction: column;
    & > * {
      flex: 1;
    }
  `,
  title: css`
    grid-column: 1 / -1;
    padding: 6px 12px;
    border-right: 1px solid ${COLORS.border};
    border-bottom: 1px solid ${COLORS.border};
    ${CAPS}
  `,
  none: css`
    padding: 10px 12px;
    font-size: ${FONT_SIZE.small};
    color: ${COLORS.muted};
  `,
};
