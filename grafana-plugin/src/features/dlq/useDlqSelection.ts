// Which DLQ entries a bulk action covers: some loaded ids, or everything matching the filter
// (which the API resolves itself, so it may be far more than is loaded).
import type { DlqEntry } from '@trafi-ops/contracts';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';

export type DlqSelectionState =
  /** `narrowed`: made by unticking a row out of "all matching" (the API takes ids or a filter,
   *  not a filter minus ids, so only the loaded entries stay selected). */
  | { mode: 'ids'; ids: ReadonlySet<string>; narrowed?: boolean }
  | { mode: 'matching' };

export interface DlqSelection {
  state: DlqSelectionState;
  isSelected: (id: string) => boolean;
  /** Selected ids (mode "ids"); undefined when everything matching is selected. */
  count: number | undefined;
  /** Header checkbox: how many of the loaded entries are selected. */
  loadedState: 'none' | 'some' | 'all';
  /** Row click: toggles one, or with shift the range from the last clicked row to this one. */
  toggle: (index: number, shift: boolean) => void;
  toggleAllLoaded: () => void;
  selectAllMatching: () => void;
  clear: () => void;
}

const NONE: DlqSelectionState = { mode: 'ids', ids: new Set() };

export function useDlqSelection(items: DlqEntry[]): DlqSelection {
  const [state, setState] = useState<DlqSelectionState>(NONE);
  // The last clicked entry's id, not its row: a reload may move it or drop it.
  const anchor = useRef<string | null>(null);

  // Only loaded entries can be picked: after a reload (Refresh, a retry) drop the ids that
  // left the list, so a bulk action never sends entries that are no longer shown.
  useEffect(() => {
    setState((s) => {
      if (s.mode !== 'ids' || s.ids.size === 0) return s;
      const loaded = new Set(items.map((e) => e.id));
      const kept = [...s.ids].filter((id) => loaded.has(id));
      return kept.length === s.ids.size ? s : { ...s, ids: new Set(kept) };
    });
  }, [items]);

  const toggle = useCallback(
    (index: number, shift: boolean) => {
      const target = items[index];
      if (!target) return;
      // Read the anchor now: the updater runs later, after it has moved to `target`.
      const at = shift && anchor.current !== null ? items.findIndex((e) => e.id === anchor.current) : -1;
      const from = at >= 0 ? at : index;
      setState((s) => {
        // Unticking one row out of "all matching" leaves every other loaded row selected.
        const ids = new Set(s.mode === 'ids' ? s.ids : items.map((e) => e.id));
        const on = !ids.has(target.id);
        for (let i = Math.min(from, index); i <= Math.max(from, index); i++) {
          const id = items[i]!.id;
          if (on) ids.add(id);
          else ids.delete(id);
        }
        return { mode: 'ids', ids, narrowed: ids.size > 0 && (s.mode === 'matching' || s.narrowed) };
      });
      anchor.current = target.id;
    },
    [items],
  );

  const loadedState = useMemo(() => {
    if (state.mode === 'matching') return items.length > 0 ? 'all' : 'none';
    if (state.ids.size === 0) return 'none';
    const n = items.reduce((acc, e) => acc + (state.ids.has(e.id) ? 1 : 0), 0);
    return n === 0 ? 'none' : n === items.length ? 'all' : 'some';
  }, [items, state]);

  const toggleAllLoaded = useCallback(() => {
    anchor.current = null;
    setState(loadedState === 'all' ? NONE : { mode: 'ids', ids: new Set(items.map((e) => e.id)) });
  }, [items, loadedState]);

  const isSelected = useCallback((id: string) => state.mode === 'matching' || state.ids.has(id), [state]);

  return {
    state,
    isSelected,
    count: state.mode === 'ids' ? state.ids.size : undefined,
    loadedState,
    toggle,
    toggleAllLoaded,
    selectAllMatching: useCallback(() => setState({ mode: 'matching' }), []),
    clear: useCallback(() => {
      anchor.current = null;
      setState(NONE);
    }, []),
  };
}
