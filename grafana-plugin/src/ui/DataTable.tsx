// The block every data table of the pages repeats: the scroll box, the table in the shared look
// (tableStyles), one header row and the body rows; the cells stay the page's own.
import { cx } from '@emotion/css';
import type React from 'react';
import { tableStyles } from './tableStyles';

export interface DataTableProps {
  testId: string;
  /** The header row's cells (<th>s). */
  head: React.ReactNode;
  /** The body's rows (<tr>s). */
  children: React.ReactNode;
  /** Underline links in the cells (tableStyles.links). */
  links?: boolean;
}

export function DataTable({ testId, head, children, links }: DataTableProps) {
  return (
    <div className={tableStyles.scroll}>
      <table className={cx(tableStyles.table, links && tableStyles.links)} data-testid={testId}>
        <thead>
          <tr>{head}</tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
