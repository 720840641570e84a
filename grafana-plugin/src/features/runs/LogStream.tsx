// UX-5: a run's logs as useLogStream delivers them: numbered lines with their time (Grafana's
// time zone) and a separator where a new attempt starts, under the connection's status; with
// pause/resume, follow-the-tail, a search, a download of the whole log, and only the newest
// lines in the DOM.
import { css, cx } from '@emotion/css';
import { Button, Input } from '@grafana/ui';
import { parseRunLogLine } from '@trafi-ops/contracts';
import { Fragment, memo, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { COLORS, FONT_SIZE, MONO } from '../../theme/theme';
import { formatDateTime } from '../../ui/dateTime';
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
  const [search, setSearch] = useState('');
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
  const needle = search.trim().toLowerCase();
  const visible = lines.slice(from, shown).map((l) => ({ ...l, parsed: parseRunLogLine(l.line) }));
  const matching = needle ? visible.filter((l) => l.parsed.text.toLowerCase().includes(needle)) : visible;

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
        <span className={cx(styles.status, status.kind === 'ended' ? endedStyle(status.state) : styles[status.kind])} role="status" data-testid="log-status">
          {statusText(status)}
        </span>
        <span className={styles.count}>
          {needle ? `${formatCount(matching.length)} of ${formatCount(visible.length)} lines match` : `${formatCount(lines.length)} lines`}
        </span>
        <Input
          className={styles.search}
          aria-label="Search the log"
          placeholder="search the log"
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
          data-testid="log-search"
          data-mono
        />
        <Button size="sm" variant="secondary" fill="outline" icon="download-alt" onClick={() => download(`${queue}-${id}.log`, lines.map((l) => l.line))} disabled={lines.length === 0} data-testid="log-download">
          Download
        </Button>
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
            {matching.map(({ index, line, parsed }, i) => {
              // A separator where the attempt changes (and above the first attempt's first line).
              const prev = i === 0 ? undefined : matching[i - 1]!.parsed.attempt;
              const starts = parsed.attempt !== undefined && parsed.attempt !== prev;
              return (
                <Fragment key={index}>
                  {starts && (
                    <div className={styles.separator} data-testid="log-attempt" data-attempt={parsed.attempt}>
                      attempt {parsed.attempt}
                    </div>
                  )}
                  <LogRow index={index} line={line} />
                </Fragment>
              );
            })}
          </>
        )}
      </div>
    </div>
  );
}

// Memoized: a new line re-renders only itself, not the thousands already shown.
const LogRow = memo(function LogRow({ index, line }: LogLine) {
  const { at, text } = parseRunLogLine(line);
  return (
    <div className={styles.line} data-testid="log-line">
      <span className={styles.index}>{index}</span>
      <time className={styles.time} dateTime={at === undefined ? undefined : new Date(at).toISOString()} data-testid="log-time">
        {at === undefined ? '' : formatDateTime(at, true).slice(11)}
      </time>
      <span className={styles.text}>{text}</span>
    </div>
  );
});

/** The whole log as the API has it (prefixes included), as a file. */
function download(name: string, lines: string[]) {
  const url = URL.createObjectURL(new Blob([`${lines.join('\n')}\n`], { type: 'text/plain' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

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

/** How a finished stream reads: green only when the run completed; red when it was dead-lettered. */
function endedStyle(state: string): string {
  const color = state === 'completed' ? COLORS.success : state === 'dead_lettered' || state === 'failed' ? COLORS.error : COLORS.muted;
  return css`
    color: ${color};
  `;
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
    grid-template-columns: 56px 96px minmax(0, 1fr);
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
  time: css`
    padding: 0 8px;
    color: ${COLORS.muted};
    border-right: 1px solid ${COLORS.border};
    white-space: nowrap;
  `,
  separator: css`
    padding: 2px 8px;
    border-top: 1px solid ${COLORS.border};
    border-bottom: 1px solid ${COLORS.border};
    background: ${COLORS.ink3};
    color: ${COLORS.text};
    font-size: ${FONT_SIZE.label};
    text-transform: uppercase;
    letter-spacing: 0.08em;
  `,
  search: css`
    width: 200px;
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
