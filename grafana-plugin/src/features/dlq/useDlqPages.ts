// The DLQ list as cursor pages: the first page on every filter change, more appended on
// demand (scroll or "Load more"). Answers for an older filter or reload are dropped.
import type { DlqEntry, DlqFilter, DlqQuery, Page } from '@trafi-ops/contracts';
import { useCallback, useEffect, useRef, useState } from 'react';
import { filterKey } from './DlqFilterParams';

export type DlqLoad = (q: Partial<DlqQuery>) => Promise<Page<DlqEntry>>;

export interface DlqPages {
  items: DlqEntry[];
  /** More to load after `items` (null: the end). */
  nextCursor: string | null;
  /** A page is in flight. */
  loading: boolean;
  /** The first page has arrived (for this filter). */
  loaded: boolean;
  error: Error | undefined;
  loadMore: () => void;
  /** Back to the first page, keeping what is shown until it arrives. */
  reload: () => void;
  /** Repeat what failed: the first page, or the next one. */
  retry: () => void;
}

// The API's scan is bounded: a page may come back empty with a cursor to go on.
const MAX_EMPTY_HOPS = 20;

interface State {
  items: DlqEntry[];
  nextCursor: string | null;
  loading: boolean;
  loaded: boolean;
  error?: Error;
}

/** Entries per request: a small first page shows rows at once, bigger ones follow. */
export interface DlqPageSizes {
  first: number;
  more: number;
}

export function useDlqPages(load: DlqLoad, filter: DlqFilter, sizes: DlqPageSizes): DlqPages {
  const [state, setState] = useState<State>({ items: [], nextCursor: null, loading: true, loaded: false });
  const stateRef = useRef(state);
  stateRef.current = state;
  const generation = useRef(0);
  const inFlight = useRef(false);
  const failedCursor = useRef<string | undefined>(undefined);
  const args = useRef({ load, filter, sizes });
  args.current = { load, filter, sizes };

  const fetchPage = useCallback(async (cursor: string | undefined, mine: number) => {
    inFlight.current = true;
    setState((s) => ({ ...s, loading: true, error: undefined }));
    const { load: fetch, filter: f, sizes } = args.current;
    const limit = cursor ? sizes.more : sizes.first;
    try {
      let page = await fetch({ ...f, cursor, limit });
      for (let hops = 0; page.items.length === 0 && page.nextCursor && hops < MAX_EMPTY_HOPS && mine === generation.current; hops++) {
        page = await fetch({ ...f, cursor: page.nextCursor, limit });
      }
      if (mine !== generation.current) return;
      setState((s) => ({
        items: cursor ? appendNew(s.items, page.items) : page.items,
        nextCursor: page.nextCursor,
        loading: false,
        loaded: true,
      }));
    } catch (err) {
      if (mine !== generation.current) return;
      failedCursor.current = cursor;
      setState((s) => ({ ...s, loading: false, error: err as Error }));
    } finally {
      if (mine === generation.current) inFlight.current = false;
    }
  }, []);

  const first = useCallback(
    (clear: boolean) => {
      const mine = ++generation.current;
      if (clear) setState({ items: [], nextCursor: null, loading: true, loaded: false });
      void fetchPage(undefined, mine);
    },
    [fetchPage],
  );

  // `load` is read through a ref: an inline function from a wrapping page must not reload.
  const key = filterKey(filter);
  useEffect(() => {
    first(true);
    return () => void generation.current++;
  }, [first, key, sizes.first, sizes.more]);

  const loadMore = useCallback(() => {
    const { nextCursor, error } = stateRef.current;
    if (inFlight.current || !nextCursor || error) return;
    void fetchPage(nextCursor, generation.current);
  }, [fetchPage]);

  const retry = useCallback(() => {
    const cursor = failedCursor.current;
    if (cursor === undefined) first(false);
    else void fetchPage(cursor, generation.current);
  }, [fetchPage, first]);

  return { ...state, error: state.error, loadMore, reload: useCallback(() => first(false), [first]), retry };
}

/** Appends `more`, dropping ids already listed (an entry re-dead-lettered between pages). */
function appendNew(items: DlqEntry[], more: DlqEntry[]): DlqEntry[] {
  const seen = new Set(items.map((e) => e.id));
  return items.concat(more.filter((e) => !seen.has(e.id)));
}
