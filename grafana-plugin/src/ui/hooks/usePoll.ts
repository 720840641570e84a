import { useCallback, useEffect, useRef, useState } from 'react';

export interface Polled<T> {
  data: T | undefined;
  error: Error | undefined;
  loading: boolean;
  /** Load again now (after an action, or on the user's refresh). */
  reload: () => void;
}

/**
 * Loads with `load` now, whenever `deps` change, and then `intervalMs` after each answer
 * (0: never again). The next poll waits for the answer, so a slow API is not stacked with
 * requests whose answers would all be dropped. A reload keeps the last data (no flicker);
 * new `deps` start from nothing, so one view never shows another's data or error. A late
 * answer for old deps is dropped.
 */
export function usePoll<T>(load: () => Promise<T>, intervalMs: number, deps: unknown[]): Polled<T> {
  const [state, setState] = useState<{ data?: T; error?: Error; loading: boolean }>({ loading: true });
  const generation = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout>>();
  const loadRef = useRef(load);
  loadRef.current = load;
  const intervalRef = useRef(intervalMs);
  intervalRef.current = intervalMs;

  const run = useCallback(() => {
    const mine = ++generation.current;
    clearTimeout(timer.current);
    setState((s) => ({ ...s, loading: true }));
    const settle = (next: (s: { data?: T; error?: Error; loading: boolean }) => { data?: T; error?: Error; loading: boolean }) => {
      if (mine !== generation.current) return;
      setState(next);
      if (intervalRef.current) timer.current = setTimeout(run, intervalRef.current);
    };
    loadRef.current().then(
      (data) => settle(() => ({ data, loading: false })),
      (error: Error) => settle((s) => ({ data: s.data, error, loading: false })),
    );
  }, []);

  useEffect(() => {
    setState({ loading: true });
    run();
    return () => {
      generation.current++;
      clearTimeout(timer.current);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [run, ...deps]);

  // A new interval applies from now, keeping the data (e.g. the Health page's refresh picker).
  const mounted = useRef(false);
  useEffect(() => {
    if (!mounted.current) return void (mounted.current = true);
    clearTimeout(timer.current);
    if (intervalMs) timer.current = setTimeout(run, intervalMs);
  }, [intervalMs, run]);

  return { data: state.data, error: state.error, loading: state.loading, reload: run };
}
