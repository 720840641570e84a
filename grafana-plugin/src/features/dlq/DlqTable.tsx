// DLQ entries as a virtualized list (react-window 2): thousands loaded, only the visible
// rows (plus a few of overscan) in the DOM. Fixed row height, columns on one CSS grid.
import { css, cx } from '@emotion/css';
import { Checkbox } from '@grafana/ui';
import type { DlqEntry } from '@trafi-ops/contracts';
import type React from 'react';
import { List, type RowComponentProps } from 'react-window';
import { CAPS, COLORS, FONT_SIZE, MONO } from '../../theme/theme';
import { formatTime } from './DlqFilterParams';

export interface DlqColumn {
  id: string;
  header: string;
  /** A CSS grid track: "160px", "minmax(240px, 3fr)". */
  width: string;
  /** Data (ids, names, times, counts, errors) is set in JetBrains Mono. */
  mono?: boolean;
  render: (entry: DlqEntry) => React.ReactNode;
  /** The full value on hover, for cells that truncate. */
  tooltip?: (entry: DlqEntry) => string;
}

// The error first: it is what an operator reads to decide (cut with an ellipsis, the whole text on hover).
export const DEFAULT_DLQ_COLUMNS: DlqColumn[] = [
  { id: 'error', header: 'Error', width: 'minmax(280px, 3fr)', mono: true, render: (e) => e.error, tooltip: (e) => e.error },
  { id: 'deadLetteredAt', header: 'Dead-lettered at', width: '170px', mono: true, render: (e) => formatTime(e.deadLetteredAt) },
  { id: 'queue', header: 'Queue', width: '130px', mono: true, render: (e) => e.queue, tooltip: (e) => e.queue },
  { id: 'type', header: 'Type', width: '160px', mono: true, render: (e) => e.type, tooltip: (e) => e.type },
  { id: 'tenant', header: 'Tenant', width: '120px', mono: true, render: (e) => e.tenantId ?? '—', tooltip: (e) => e.tenantId ?? '' },
  { id: 'jobId', header: 'Job id', width: '150px', mono: true, render: (e) => e.jobId, tooltip: (e) => e.jobId },
  { id: 'attempts', header: 'Attempts', width: '96px', mono: true, render: (e) => e.attempts.length },
];

/** The narrowest the columns can be (px): the table scrolls sideways below it instead of cutting columns off. */
export function minTableWidth(columns: DlqColumn[]): number {
  const px = (w: string) => Number(/(\d+)px/.exec(w)?.[1] ?? 120);
  return 40 + 3 + columns.reduce((n, c) => n + px(c.width), 0);
}

export const DLQ_ROW_HEIGHT = 36;
/** Ask for the next page when the rendered rows come this close to the end. */
const NEAR_END_ROWS = 25;

export interface DlqTableProps {
  items: DlqEntry[];
  columns: DlqColumn[];
  /** Height of the scrolling list in px (rows are fixed at DLQ_ROW_HEIGHT). */
  height: number;
  isSelected: (id: string) => boolean;
  onToggle: (index: number, shift: boolean) => void;
  loadedState: 'none' | 'some' | 'all';
  onToggleAllLoaded: () => void;
  onOpen: (entry: DlqEntry) => void;
  /** The entry open in the detail drawer, highlighted. */
  openId?: string;
  /** The user scrolled near the last loaded row (infinite loading). */
  onNearEnd: () => void;
}

interface RowData {
  items: DlqEntry[];
  columns: DlqColumn[];
  template: string;
  minWidth: number;
  isSelected: (id: string) => boolean;
  onToggle: (index: number, shift: boolean) => void;
  onOpen: (entry: DlqEntry) => void;
  openId: string | undefined;
}

export function DlqTable({ items, columns, height, isSelected, onToggle, loadedState, onToggleAllLoaded, onOpen, openId, onNearEnd }: DlqTableProps) {
  const template = `40px ${columns.map((c) => c.width).join(' ')}`;
  const minWidth = minTableWidth(columns);
  return (
    // A table to assistive tech: rows are counted against every loaded entry, not just the few
    // react-window keeps in the DOM.
    <div className={styles.table} data-testid="dlq-table" role="table" aria-label="Dead-letter entries" aria-rowcount={items.length + 1}>
      <div className={cx(styles.grid, styles.header)} style={{ gridTemplateColumns: template, minWidth }} role="row" aria-rowindex={1}>
        <div className={styles.cell} role="columnheader" aria-label="Selected">
          <Checkbox
            key={loadedState /* the input keeps `indeterminate` once set: remount on change */}
            aria-label="Select all loaded"
            data-testid="dlq-select-all-loaded"
            value={loadedState === 'all'}
            indeterminate={loadedState === 'some'}
            onChange={onToggleAllLoaded}
            disabled={items.length === 0}
          />
        </div>
        {columns.map((c) => (
          <div key={c.id} className={styles.cell} role="columnheader">
            {c.header}
          </div>
        ))}
      </div>
      <List
        role="rowgroup"
        className={styles.list}
        style={{ height, minWidth, overflowX: 'hidden' }}
        defaultHeight={height}
        rowComponent={DlqRow}
        rowCount={items.length}
        rowHeight={DLQ_ROW_HEIGHT}
        rowProps={{ items, columns, template, minWidth, isSelected, onToggle, onOpen, openId }}
        onRowsRendered={(_visible, all) => {
          if (all.stopIndex >= items.length - 1 - NEAR_END_ROWS) onNearEnd();
        }}
      />
    </div>
  );
}

// react-window's `ariaAttributes` make a listitem; under a table the row says its own index.
function DlqRow({ index, style, items, columns, template, minWidth, isSelected, onToggle, onOpen, openId }: RowComponentProps<RowData>) {
  const entry = items[index]!;
  const selected = isSelected(entry.id);
  return (
    <div
      role="row"
      aria-rowindex={index + 2}
      style={{ ...style, gridTemplateColumns: template, minWidth }}
      className={cx(styles.grid, styles.row, selected && styles.selected, entry.id === openId && styles.open)}
      data-testid="dlq-row"
      data-id={entry.id}
      data-selected={selected || undefined}
      tabIndex={0}
      onClick={() => onOpen(entry)}
      onKeyDown={(e) => {
        if (e.target === e.currentTarget && (e.key === 'Enter' || e.key === ' ')) {
          e.preventDefault();
          onOpen(entry);
        }
      }}
    >
      {/* The checkbox selects; the rest of the row opens the entry. */}
      <div className={styles.cell} role="cell" onClick={(e) => e.stopPropagation()}>
        <Checkbox
          aria-label={`Select ${entry.id}`}
          data-testid={`dlq-select-${entry.id}`}
          value={selected}
          // onClick, not onChange: only the click carries shiftKey (range select).
          onClick={(e) => onToggle(index, e.shiftKey)}
          onChange={() => undefined}
        />
      </div>
      {columns.map((c) => (
        <div key={c.id} role="cell" className={cx(styles.cell, c.mono && styles.mono)} title={c.tooltip?.(entry)} data-col={c.id} data-mono={c.mono || undefined}>
          {c.render(entry)}
        </div>
      ))}
    </div>
  );
}

const styles = {
  table: css`
    border: 1px solid ${COLORS.border};
    overflow-x: auto;
  `,
  grid: css`
    display: grid;
    align-items: center;
    border-left: 3px solid transparent;
  `,
  header: css`
    height: ${DLQ_ROW_HEIGHT}px;
    border-bottom: 1px solid ${COLORS.border};
    ${CAPS}
  `,
  list: css`
    overflow-x: hidden;
  `,
  row: css`
    border-bottom: 1px solid ${COLORS.border};
    cursor: pointer;
    font-size: ${FONT_SIZE.body};
    &:hover {
      background: ${COLORS.ink3};
    }
  `,
  selected: css`
    background: ${COLORS.selected};
    border-left-color: ${COLORS.acid};
  `,
  open: css`
    outline: 1px solid ${COLORS.acid};
    outline-offset: -1px;
  `,
  cell: css`
    padding: 0 8px;
    overflow: hidden;
    white-space: nowrap;
    text-overflow: ellipsis;
    min-width: 0;
  `,
  mono: css`
    font-family: ${MONO};
    font-size: ${FONT_SIZE.small};
  `,
};
