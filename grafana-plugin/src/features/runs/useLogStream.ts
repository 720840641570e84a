// UX-5: a run's logs, live: the connection behind LogStream. An EventSource on the ops API's
// SSE endpoint delivers `lines` events ({start, lines}) and one `end` event ({state}), as the
// shared contract says. The API ignores Last-Event-ID, so the browser's own reconnect would
// replay from the first ?start=: on any error the stream is closed and reopened by us from the
// lines we have (with backoff; lines are still de-duplicated by index). After repeated failures
// one GET …/logs tells a lost connection from a refusal (401/403/404), which stops the stream
// instead of retrying forever. Without EventSource (old browsers, jsdom) it polls
// GET …/logs?start=n instead.
import { LogEndEventSchema, LogLinesEventSchema, type RunState } from '@trafi-ops/contracts';
import { useCallback, useEffect, useRef, useState } from 'react';
import { z } from 'zod';
import { ApiError, opsApi, runLogsStreamUrl } from '../../api/ops-api';
import { FINISHED_STATES } from './RunFields';

/** What the component needs of an EventSource (the browser's, or a test's fake). */
export interface EventSourceLike {
  readonly readyState: number;
  addEventListener(type: string, listener: (ev: MessageEvent) => void): void;
  close(): void;
}
export type EventSourceCtor = new (url: string) => EventSourceLike;

export interface LogStreamSource {
  queue: string;
  id: string;
  /** Defaults to the browser's EventSource; undefined falls back to polling. */
  EventSource?: EventSourceCtor;
  /** The polling fallback's loader (defaults to opsApi.runLogs). */
  loadLogs?: (queue: string, id: string, start: number) => Promise<{ items: string[] }>;
  /** The run's state as the page knows it: the polling fallback ends once it is finished. */
  runState?: RunState;
  pollMs?: number;
  /** First delay before reopening a failed stream (doubles per failure, up to 30 s). */
  retryMs?: number;
}

export interface LogLine {
  index: number;
  line: string;
}
export type LogStreamStatus =
  | { kind: 'connecting' }
  | { kind: 'streaming' }
  | { kind: 'polling' }
  | { kind: 'retrying' }
  | { kind: 'ended'; state: string }
  | { kind: 'stopped'; status: number; message: string };

/** Lines arriving within this many ms are rendered together. */
const FLUSH_MS = 50;
/** Consecutive failed (re)connects before asking GET …/logs whether the API refuses us. */
const PROBE_AFTER = 3;
/** Answers that retrying cannot fix. */
const FATAL_STATUSES = new Set([401, 403, 404]);

const browserEventSource = (): EventSourceCtor | undefined => (typeof window !== 'undefined' ? window.EventSource : undefined);

/**
 * The run's log lines by index (gaps left out) and the connection status. Lines arrive in
 * bursts (a reconnect replays everything, a finished run's log comes whole), so they are
 * buffered and rendered at most every FLUSH_MS: thousands of lines cost a few renders, not one each.
 */
export function useLogStream({
  queue,
  id,
  EventSource = browserEventSource(),
  loadLogs = opsApi.runLogs,
  runState,
  pollMs = 2000,
  retryMs = 1000,
}: LogStreamSource): { lines: LogLine[]; status: LogStreamStatus } {
  const [lines, setLines] = useState<LogLine[]>([]);
  const [status, setStatus] = useState<LogStreamStatus>({ kind: 'connecting' });
  // Every line we have, sorted by index; a stream goes on after the last one.
  const ordered = useRef<LogLine[]>([]);
  const flushTimer = useRef<ReturnType<typeof setTimeout>>();
  // The polling fallback reads the latest run state without restarting.
  const runStateRef = useRef(runState);
  runStateRef.current = runState;
  const loadRef = useRef(loadLogs);
  loadRef.current = loadLogs;

  const add = useCallback((index: number, line: string) => {
    // Lines come in index order; one filling a gap goes to its place, one we have (a replay
    // after reconnecting) is dropped.
    const list = ordered.current;
    if (list.length === 0 || index > list[list.length - 1]!.index) list.push({ index, line });
    else {
      const at = sortedIndex(list, index);
      if (list[at]?.index === index) return;
      list.splice(at, 0, { index, line });
    }
    flushTimer.current ??= setTimeout(() => {
      flushTimer.current = undefined;
      setLines(list.slice());
    }, FLUSH_MS);
  }, []);

  useEffect(() => {
    ordered.current = [];
    setLines([]);
    let stopped = false;
    let retry: ReturnType<typeof setTimeout> | undefined;
    const stop = () => {
      stopped = true;
      clearTimeout(retry);
      clearTimeout(flushTimer.current);
      flushTimer.current = undefined;
    };

    if (!EventSource) {
      // Polling fallback: ask for the lines after the ones we have; end once the run is finished and drained.
      setStatus({ kind: 'polling' });
      const poll = async () => {
        try {
          const start = nextIndex(ordered.current);
          const { items } = await loadRef.current(queue, id, start);
          if (stopped) return;
          items.forEach((line, i) => add(start + i, line));
          const state = runStateRef.current;
          if (items.length === 0 && state && FINISHED_STATES.has(state)) return void setStatus({ kind: 'ended', state });
          setStatus({ kind: 'polling' });
        } catch {
          if (stopped) return;
          setStatus({ kind: 'retrying' });
        }
        retry = setTimeout(poll, pollMs);
      };
      void poll();
      return stop;
    }

    let source: EventSourceLike | undefined;
    let backoff = retryMs;
    let failures = 0; // consecutive, reset once a connection opens
    let ended = false;
    const reopenLater = () => {
      retry = setTimeout(() => !stopped && open(), backoff);
      backoff = Math.min(backoff * 2, 30_000);
    };
    // Is the API refusing us (a bad token, no permission, the run gone) rather than unreachable?
    const probe = async () => {
      try {
        await loadRef.current(queue, id, nextIndex(ordered.current));
      } catch (err) {
        if (stopped) return;
        if (err instanceof ApiError && FATAL_STATUSES.has(err.status)) return void setStatus({ kind: 'stopped', status: err.status, message: err.message });
      }
      if (!stopped) reopenLater();
    };
    const open = () => {
      setStatus({ kind: 'connecting' });
      // Start after what we have: a fresh connection need not replay it.
      const es = new EventSource(runLogsStreamUrl(queue, id, nextIndex(ordered.current)));
      source = es;
      // Said once per connection, not once per event.
      let streaming = false;
      const live = () => {
        if (streaming) return;
        streaming = true;
        setStatus({ kind: 'streaming' });
      };
      es.addEventListener('open', () => {
        backoff = retryMs;
        failures = 0;
        live();
      });
      es.addEventListener('lines', (ev) => {
        const data = parseJson(LogLinesEventSchema, ev.data);
        data?.lines.forEach((line, i) => add(data.start + i, line));
        live();
      });
      es.addEventListener('end', (ev) => {
        // The API closes the response after `end`; without close() the browser would reconnect.
        ended = true;
        es.close();
        setStatus({ kind: 'ended', state: parseJson(LogEndEventSchema, ev.data)?.state ?? 'finished' });
      });
      es.addEventListener('error', () => {
        if (stopped || ended || es !== source) return;
        // Whether or not the browser would retry, it would ask for the first ?start= again.
        es.close();
        setStatus({ kind: 'retrying' });
        failures += 1;
        if (failures === PROBE_AFTER) void probe();
        else reopenLater();
      });
    };
    open();
    return () => {
      stop();
      source?.close();
    };
  }, [queue, id, EventSource, pollMs, retryMs, add]);

  return { lines, status };
}

/** The index after the last line of `list` (sorted by index): where a stream goes on. */
const nextIndex = (list: LogLine[]) => (list.at(-1)?.index ?? -1) + 1;

/** Where a line with `index` goes in `list` (sorted by index). */
function sortedIndex(list: LogLine[], index: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid]!.index < index) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function parseJson<T extends z.ZodType>(schema: T, raw: unknown): z.infer<T> | undefined {
  try {
    const parsed = schema.safeParse(JSON.parse(String(raw)));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
