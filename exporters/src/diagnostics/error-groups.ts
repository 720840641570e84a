// Groups sanitized error events by where and message: counts, first and last seen. Messages
// that differ only in a pseudonym or a number (`<email-1>` vs `<email-2>`, `after 30s` vs
// `after 31s`) are one group, shown with its first message.
import type { ErrorGroup } from '@trafi-ops/contracts';

export interface ErrorEvent { source: ErrorGroup['source']; where: string; message: string; at: number; sample?: unknown }

export const groupKey = (e: ErrorEvent) => `${e.source}\t${e.where}\t${e.message.replace(/<([a-z]+)-\d+>/g, '<$1>').replace(/\d+/g, '#')}`;

export function groupErrors(events: ErrorEvent[], maxGroups = 200): ErrorGroup[] {
  const groups = new Map<string, ErrorGroup>();
  for (const e of events) {
    const key = groupKey(e);
    const g = groups.get(key);
    if (!g) groups.set(key, { source: e.source, where: e.where, message: e.message, count: 1, firstSeen: e.at, lastSeen: e.at, ...(e.sample !== undefined ? { sample: e.sample } : {}) });
    else {
      g.count++;
      g.firstSeen = Math.min(g.firstSeen, e.at);
      g.lastSeen = Math.max(g.lastSeen, e.at);
    }
  }
  return [...groups.values()].sort((a, b) => b.count - a.count || a.where.localeCompare(b.where)).slice(0, maxGroups);
}
