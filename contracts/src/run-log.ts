// A run's log line as the workers write it: when (ISO 8601, UTC) and in which attempt, then the
// text, so the plugin can show each line's time and separate the attempts. Lines written before
// this format (or by other writers) parse as text alone.
const LINE = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z) #(\d+) ([\s\S]*)$/;

export interface RunLogLine {
  /** Epoch ms; undefined for a line without the prefix. */
  at?: number;
  attempt?: number;
  text: string;
}

export function formatRunLogLine(at: number, attempt: number, text: string): string {
  return `${new Date(at).toISOString()} #${attempt} ${text}`;
}

export function parseRunLogLine(raw: string): RunLogLine {
  const m = LINE.exec(raw);
  if (!m) return { text: raw };
  const at = Date.parse(m[1]!);
  return Number.isFinite(at) ? { at, attempt: Number(m[2]), text: m[3]! } : { text: raw };
}
