// Thresholds as the pages colour them: a value at a threshold takes the worse colour (an error
// rate of exactly 1 % is already "warn"). Each page keeps its thresholds in one object of these.
import type { Status } from '../theme/theme';

export interface Threshold {
  /** From this value on: warn (yellow). */
  warn: number;
  /** From this value on: bad (red). */
  bad: number;
}

const RANK: Record<Status, number> = { unknown: 0, ok: 1, warn: 2, bad: 3 };

/** ok below `warn`, warn below `bad`, else bad; no value (or NaN, e.g. 0/0) is unknown. */
export function thresholdStatus(value: number | undefined, t: Threshold): Status {
  if (value === undefined || !Number.isFinite(value)) return 'unknown';
  return value >= t.bad ? 'bad' : value >= t.warn ? 'warn' : 'ok';
}

export function worst(...statuses: Status[]): Status {
  return statuses.reduce((a, b) => (RANK[b] > RANK[a] ? b : a), 'unknown' as Status);
}
