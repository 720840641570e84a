// UX-5: a run's logs as useLogStream delivers them: numbered lines under the connection's
// status, with pause/resume, follow-the-tail, and only the newest lines in the DOM.
import { css, cx } from '@emotion/css';
import { Button } from '@grafana/ui';
import { memo, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { COLORS, FONT_SIZE, MONO } from '../../theme/theme';
import { formatCount } from '../../ui/formatCount';
import { useLogStream, type LogLine, type LogStreamSource, type LogStreamStatus } from './useLogStream';

export interface LogStreamProps extends LogStreamSource {
  /** Height of the log view in px at most (it scrolls beyond). */
  height?: number;
  /** Lines kept in the page (the newest); earlier ones are shown on request, as many again each time. */
  maxLines?: number;
}

export function LogStream({ height = 360, maxLines = 5000, ...source }: LogStreamProps) {
  const { queue, id } = source;
  const { lines, status } = useLogStream(source);
  const [paused, setPaused] = useState(false);
  const [frozenAt, setFrozenAt] = useState(0);
  const [follow, setFollow] = useState(true);
  // A chatty job can log tens of thousands of lines: only the newest `maxLines` (times the
  // windows asked for) are in the DOM, so a long live log stays fast.
  const [windows, setWindows] = useState(1);
  useEffect(() => setWindows(1), [queue, id]);
  const view = useRef<HTMLDivElement>(null);
  const heightBeforeReveal = useRef<number>();

  const shown = paused ? frozenAt : lines.length;
  const pending = lines.length - shown;
  const from = Math.max(0, shown - maxLines * windows);

  // Earlier lines go in above what is read: keep those lines where they were on screen.
  useLayoutEffect(() => {
    const el = view.current;
    if (el && heightBeforeReveal.current !== undefined) el.scrollTop += el.scrollHeight - heightBeforeReveal.current;
    heightBeforeReveal.current = undefined;
  }, [windows]);
  const showEarlier = () => {
    heightBeforeReveal.current = view.current?.scrollHeight;
    setWindows((w) => w + 1);
  };

  // Keep the newest line in view while following (not paused, not scrolled up).
  useLayoutEffect(() => {
    const el = view.current;
    if (el && follow && !paused) el.scrollTop = el.scrollHeight;
  }, [shown, follow, paused]);

  const onScroll = () => {
    const el = view.current;
    if (el) setFollow(el.scrollHeight - el.scrollTop - el.clientHeight < 8);
  };

  const togglePause = () => {
    if (paused) {
      setPaused(false);
      setFollow(true);
    } else {
      setFrozenAt(lines.length);
      setPaused(true);
    }
  };

  return (
    <div className={styles.root} data-testid="log-stream">
      <div className={styles.toolbar}>
        <span className={cx(styles.status, styles[status.kind])} role="status" data-testid="log-status">
          {statusText(status)}
        </span>
        <span className={styles.count}>{formatCount(lines.length)} lines</span>
        {!follow && !paused && (
          <Button size="sm" variant="secondary" fill="text" icon="arrow-down" onClick={() => setFollow(true)}>
            Follow
          </Button>
        )}
        <Button size="sm" variant="secondary" fill="outline" icon={paused ? 'play' : 'pause'} onClick={togglePause}>
          {paused ? (pending > 0 ? `Resume (${pending} new)` : 'Resume') : 'Pause'}
        </Button>
      </div>
      <div ref={view} className={styles.view} style={{ maxHeight: height }} onScroll={onScroll} data-testid="log-lines">
        {shown === 0 ? (
          <div className={styles.none}>{status.kind === 'ended' || status.kind === 'stopped' ? 'No log lines' : 'Waiting for log lines…'}</div>
        ) : (
          <>
            {from > 0 && (
              <div className={styles.earlier} data-testid="log-earlier">
                <span>{formatCount(from)} earlier lines not shown</span>
                <Button size="sm" variant="secondary" fill="outline" onClick={showEarlier}>
                  Show {formatCount(Math.min(from, maxLines))} earlier
                </Button>
              </div>
            )}
            {lines.slice(from, shown).map(({ index, line }) => (
              <LogRow key={index} index={index} line={line} />
            ))}
          </>
        )}
      </div>
    </div>
  );
}

// Memoized: a new line re-renders only itself, not the thousands already shown.
const LogRow = memo(function LogRow({ index, line }: LogLine) {
  return (
    <div className={styles.line} data-testid="log-line">
      <span className={styles.index}>{index}</span>
      <span className={styles.text}>{line}</span>
    </div>
  );
});

function statusText(s: LogStreamStatus): string {
  switch (s.kind) {
    case 'connecting':
      return 'connecting…';
    case 'streaming':
      return 'streaming…';
    case 'polling':
      return 'polling…';
    case 'retrying':
      return 'connection lost, retrying';
    case 'ended':
      return `ended (${s.state})`;
    case 'stopped':
      return `stopped: ${s.status} ${s.message}`;
  }
}

const styles = {
  root: css`
    border: 1px solid ${COLORS.border};
    background: ${COLORS.black};
  `,
  toolbar: css`
    display: flex;
    align-items: center;
    gap: 12px;
    padding: 4px 8px;
    border-bottom: 1px solid ${COLORS.border};
    font-family: ${MONO};
    font-size: ${FONT_SIZE.small};
  `,
  status: css`
    flex: 1;
  `,
  connecting: css`
    color: ${COLORS.muted};
  `,
  streaming: css`
    color: ${COLORS.active};
  `,
  polling: css`
    color: ${COLORS.active};
  `,
  retrying: css`
    color: ${COLORS.warning};
  `,
  ended: css`
    color: ${COLORS.success};
  `,
  stopped: css`
    color: ${COLORS.error};
  `,
  count: css`
    color: ${COLORS.muted};
  `,
  view: css`
    overflow: auto;
    font-family: ${MONO};
    font-size: ${FONT_SIZE.small};
    line-height: 18px;
  `,
  line: css`
    display: grid;
    grid-template-columns: 56px minmax(0, 1fr);
    border-bottom: 1px solid ${COLORS.ink3};
    /* Off-screen lines skip layout and paint (one line tall until seen): following a
       thousands-line log would otherwise lay out every line on each update. */
    content-visibility: auto;
    contain-intrinsic-size: auto 19px;
    &:hover {
      background: ${COLORS.ink1};
    }
  `,
  index: css`
    padding: 0 8px;
    text-align: right;
    color: ${COLORS.muted};
    border-right: 1px solid ${COLORS.border};
    user-select: none;
  `,
  text: css`
    padding: 0 8px;
    white-space: pre-wrap;
    word-break: break-all;
  `,
  none: css`
    padding: 12px;
    color: ${COLORS.muted};
  `,
  earlier: css`
    display: flex;
    align-items: center;
    gap: 12px;
    padding: 4px 8px;
    border-bottom: 1px solid ${COLORS.border};
    color: ${COLORS.muted};
  `,
};
