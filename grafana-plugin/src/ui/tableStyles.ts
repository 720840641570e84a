// The look of every data table of the new pages: 1px #333 grid, small muted capitals for headers,
// figures right-aligned in JetBrains Mono, long text cut with an ellipsis (its full text in the
// cell's title), and a horizontal scroll instead of a cut-off table when it is wider than the page.
import { css } from '@emotion/css';
import { CAPS, COLORS, FONT_SIZE, MONO, STATUS_COLORS, type Status } from '../theme/theme';

export const tableStyles = {
  scroll: css`
    overflow-x: auto;
    max-width: 100%;
  `,
  table: css`
    width: 100%;
    border-collapse: collapse;
    font-size: ${FONT_SIZE.body};
    th,
    td {
      border: 1px solid ${COLORS.border};
      padding: 6px 8px;
      text-align: left;
      vertical-align: middle;
      white-space: nowrap;
    }
    th {
      ${CAPS}
    }
    tbody tr:hover > td {
      background: ${COLORS.ink2};
    }
  `,
  num: css`
    font-family: ${MONO};
    text-align: right !important;
  `,
  mono: css`
    font-family: ${MONO};
  `,
  /** A cell whose text may be long: one line, cut, the whole text in `title`. */
  clip: css`
    display: inline-block;
    max-width: 420px;
    overflow: hidden;
    text-overflow: ellipsis;
    vertical-align: bottom;
  `,
  muted: css`
    color: ${COLORS.muted};
  `,
  /** A small muted line above a table (what it counts, when it was checked). */
  note: css`
    margin: 0 0 8px;
    font-size: ${FONT_SIZE.small};
    color: ${COLORS.muted};
  `,
  /** The filter bar above a table: fields side by side, wrapping, in a 1px box. */
  filterBar: css`
    display: flex;
    flex-wrap: wrap;
    align-items: flex-end;
    gap: 12px;
    padding: 12px;
    border: 1px solid ${COLORS.border};
    /* Grafana sets this globally; say it here too so inputs never overflow their field. */
    & * {
      box-sizing: border-box;
    }
  `,
  /** Links inside tables: underlined, in the action colour (outranks the scope's plain-link reset). */
  links: css`
    && a[href] {
      color: ${COLORS.acid};
      text-decoration: underline;
    }
  `,
};

/** A row that needs a look: a tint of its status colour and a thick left edge; ok rows stay black. */
export function rowTint(status: Status): string | undefined {
  if (status !== 'warn' && status !== 'bad') return undefined;
  const color = STATUS_COLORS[status];
  return css`
    & > td {
      background: ${color}${status === 'bad' ? '1f' : '14'};
    }
    & > td:first-child {
      box-shadow: none;
      border-left: 4px solid ${color};
    }
  `;
}

/** A cell's text in its status colour (ok and unknown stay as they are). */
export function statusText(status: Status): string | undefined {
  return status === 'warn' || status === 'bad'
    ? css`
        color: ${STATUS_COLORS[status]};
        font-weight: 700;
      `
    : undefined;
}
