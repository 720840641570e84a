// The DLQ filter as URL search params (so a filtered view can be shared) and as words.
import { formatDateTime } from '../../ui/dateTime';
import type { DlqFilter } from '@trafi-ops/contracts';

const TEXT_KEYS = ['queue', 'type', 'tenant', 'error'] as const;
const TIME_KEYS = ['from', 'to'] as const;
/** Every key the filter owns in the URL (the page may keep others, e.g. the open entry). */
export const FILTER_KEYS = [...TEXT_KEYS, ...TIME_KEYS] as const;

export function filterFromParams(params: URLSearchParams): DlqFilter {
  const f: DlqFilter = {};
  for (const k of TEXT_KEYS) {
    const v = params.get(k)?.trim();
    if (v) f[k] = v;
  }
  for (const k of TIME_KEYS) {
    const v = Number(params.get(k) ?? '');
    if (params.get(k) && Number.isFinite(v) && v >= 0) f[k] = Math.trunc(v);
  }
  return f;
}

/** `params` with the filter's keys replaced by `filter` (other keys kept unless listed in `drop`). */
export function withFilter(params: URLSearchParams, filter: DlqFilter, drop: string[] = []): URLSearchParams {
  const next = new URLSearchParams(params);
  for (const k of [...FILTER_KEYS, ...drop]) next.delete(k);
  for (const k of FILTER_KEYS) {
    const v = filter[k];
    if (v !== undefined && v !== '') next.set(k, String(v));
  }
  return next;
}

export const isEmptyFilter = (f: DlqFilter) => FILTER_KEYS.every((k) => f[k] === undefined);

/** A stable key for a filter (effects and memo deps). */
export const filterKey = (f: DlqFilter) => JSON.stringify(FILTER_KEYS.map((k) => f[k] ?? null));

/** "queue=billing type=invoice.send from=2025-01-02 10:00:00" */
export function describeFilter(f: DlqFilter): string {
  return FILTER_KEYS.filter((k) => f[k] !== undefined)
    .map((k) => {
      const v = f[k]!;
      return `${k}=${typeof v === 'number' ? formatTime(v) : v}`;
    })
    .join(' ');
}

export const formatTime = (ms: number) => formatDateTime(ms);

