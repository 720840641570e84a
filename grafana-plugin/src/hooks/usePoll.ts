import { useCallback, useEffect, useRef, useState } from 'react';

export interface Polled<T> {
  data: T | undefined;
  error: Error | undefined;
  loading: boolean;
  /** Load again now (after an action, or on the user's refresh). */
  reload: () => void;
}

/**
 * Loads with `load` now, whenever `deps` change, and every `intervalMs` (0: never again).
 * Keeps the last data while reloading, so pages do not flicker; a late answer for
 * old deps is dropped.
 */
export function usePoll<T>(load: () => Promise<T>, intervalMs: number, deps: unknown[]): Polled<T> {
  const [state, setState] = useState<{ data?: T; error?: Error; loading: boolean }>({ loading: true });
  const generation = useRef(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  const run = useCallback(() => {
    const mine = ++generation.current;
    setState((s) => ({ ...s, loading: true }));
    loadRef.current().then(
      (data) => mine === generation.current && setState({ data, loading: false }),
      (error: Error) => mine === generation.current && setState((s) => ({ data: s.data, error, loading: false })),
    );
  }, []);

  useEffect(() => {
    run();
    if (!intervalMs) return () => void generation.current++;
    const timer = setInterval(run, intervalMs);
    return () => {
      clearInterval(timer);
      generation.current++;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [intervalMs, run, ...deps]);

  return { data: state.data, error: state.error, loading: state.loading, reload: run };
}
