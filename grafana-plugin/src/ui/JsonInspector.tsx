// UX-8: payloads and results as a collapsible JSON tree in a radius-0 panel, with copy.
import { css } from '@emotion/css';
import { ClipboardButton } from '@grafana/ui';
import { useState } from 'react';
import { COLORS, FONT_SIZE, MONO } from '../theme/theme';
import { Panel } from './Panel';

export interface JsonInspectorProps {
  title: string;
  value: unknown;
  /** Levels open at first (deeper ones start collapsed). */
  openDepth?: number;
}

export function JsonInspector({ title, value, openDepth = 2 }: JsonInspectorProps) {
  const text = value === undefined ? '' : JSON.stringify(value, null, 2);
  return (
    <Panel
      title={title}
      testId={`json-${title.toLowerCase()}`}
      actions={
        value !== undefined && (
          <ClipboardButton size="sm" variant="secondary" fill="outline" icon="copy" getText={() => text}>
            Copy
          </ClipboardButton>
        )
      }
    >
      {value === undefined ? <span className={styles.none}>none</span> : <Node value={value} depth={0} openDepth={openDepth} />}
    </Panel>
  );
}

function Node({ name, value, depth, openDepth }: { name?: string; value: unknown; depth: number; openDepth: number }) {
  const [open, setOpen] = useState(depth < openDepth);
  const key = name !== undefined && <span className={styles.key}>{name}: </span>;
  if (value === null || typeof value !== 'object') {
    return (
      <div className={styles.row}>
        {key}
        <span className={styles[scalarKind(value)]}>{JSON.stringify(value) ?? String(value)}</span>
      </div>
    );
  }
  const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
  const [openMark, closeMark] = Array.isArray(value) ? ['[', ']'] : ['{', '}'];
  return (
    <div className={styles.row}>
      <button type="button" className={styles.toggle} aria-expanded={open} aria-label={`${open ? 'Collapse' : 'Expand'} ${name ?? 'all'}`} onClick={() => setOpen(!open)}>
        {open ? '−' : '+'}
      </button>
      {key}
      {openMark}
      {open ? (
        <>
          <div className={styles.children}>
            {entries.map(([k, v]) => (
              <Node key={k} name={k} value={v} depth={depth + 1} openDepth={openDepth} />
            ))}
          </div>
          {closeMark}
        </>
      ) : (
        <span className={styles.none}>
          {' '}
          {entries.length} {Array.isArray(value) ? 'items' : 'keys'} {closeMark}
        </span>
      )}
    </div>
  );
}

const scalarKind = (v: unknown) => (typeof v === 'string' ? 'string' : typeof v === 'number' ? 'number' : 'literal');

const styles = {
  row: css`
    font-family: ${MONO};
    font-size: ${FONT_SIZE.small};
    line-height: 20px;
    white-space: pre-wrap;
    word-break: break-all;
  `,
  children: css`
    padding-left: 16px;
    border-left: 1px solid ${COLORS.border};
    margin-left: 5px;
  `,
  toggle: css`
    font-family: ${MONO};
    background: none;
    border: 1px solid ${COLORS.border};
    color: ${COLORS.acid};
    width: 16px;
    height: 16px;
    line-height: 12px;
    padding: 0;
    margin-right: 4px;
    cursor: pointer;
  `,
  key: css`
    color: ${COLORS.muted};
  `,
  string: css`
    color: ${COLORS.success};
  `,
  number: css`
    color: ${COLORS.acid};
  `,
  literal: css`
    color: ${COLORS.active};
  `,
  none: css`
    color: ${COLORS.muted};
  `,
};
