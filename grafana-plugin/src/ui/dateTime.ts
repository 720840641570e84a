// One date-time format and one time zone for every table, detail and filter input: Grafana's
// (the user's or the org's preference, which dateTimeFormat/dateTimeParse resolve).
import { dateTimeFormat, dateTimeParse, getTimeZone } from '@grafana/data';

export const DATE_TIME_FORMAT = 'YYYY-MM-DD HH:mm:ss';
/** What <input type="datetime-local"> holds. */
const INPUT_FORMAT = 'YYYY-MM-DDTHH:mm';

/** epoch ms → "2026-12-01 23:45:07" (".123" with `withMs`) in Grafana's time zone. */
export function formatDateTime(ms: number, withMs = false): string {
  return dateTimeFormat(ms, { format: withMs ? `${DATE_TIME_FORMAT}.SSS` : DATE_TIME_FORMAT });
}

/** The time zone those are in, for labels ("UTC", "Europe/Paris"). */
export function timeZoneLabel(): string {
  const tz = getTimeZone();
  if (!tz || tz === 'browser') return Intl.DateTimeFormat().resolvedOptions().timeZone;
  return tz === 'utc' ? 'UTC' : tz;
}

/** epoch ms → a datetime-local input's value, in Grafana's time zone ('' for none). */
export function toDateInput(ms: number | undefined): string {
  return ms === undefined ? '' : dateTimeFormat(ms, { format: INPUT_FORMAT });
}

/** A datetime-local input's value (Grafana's time zone) → epoch ms (undefined when empty or not a date). */
export function fromDateInput(value: string): number | undefined {
  if (!value) return undefined;
  const d = dateTimeParse(value, { format: INPUT_FORMAT });
  const ms = d.isValid() ? d.valueOf() : NaN;
  return Number.isFinite(ms) ? ms : undefined;
}
