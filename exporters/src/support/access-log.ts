// The access log of support sessions, in the audit database beside the audit log: one row per
// request, allowed or denied (grant, operator, tenant, method, route template, status, time).
// An allowed request's row is written before the platform serves it (status 0 until it ends):
// if the row cannot be written the request is refused, so no access goes unrecorded.
import type { SupportAccessEntry } from '@trafi-ops/contracts';
import type { Database } from '../db/database.ts';
import { InvalidCursorError } from '../jobs/cursor.ts';

export interface AccessRecord {
  grantId: string;
  operator: string;
  tenant: string;
  method: string;
  route: string;
  status: number;
  outcome: 'allowed' | 'denied';
  reason?: string | null;
}

interface Row {
  id: string;
  at: Date | string;
  grant_id: string;
  operator: string;
  tenant: string;
  method: string;
  route: string;
  status: number;
  outcome: 'allowed' | 'denied';
  reason: string | null;
}

const COLUMNS = 'id::text AS id, at, grant_id, operator, tenant, method, route, status, outcome, reason';
const MAX = 300; // what the caller's request names is kept short

export class SupportAccessLog {
  constructor(protected readonly db: Database) {}

  async record(r: AccessRecord): Promise<string> {
    const [row] = await this.db.query<{ id: string }>(
      `INSERT INTO support_access_log (grant_id, operator, tenant, method, route, status, outcome, reason)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id::text AS id`,
      [clip(r.grantId), clip(r.operator), clip(r.tenant), clip(r.method), clip(r.route), r.status, r.outcome, r.reason ?? null],
    );
    return row!.id;
  }

  /** Completes a row written before its request was served. */
  async complete(id: string, status: number): Promise<void> {
    await this.db.query('UPDATE support_access_log SET status = $2 WHERE id = $1::bigint', [id, status]);
  }

  /** A grant's accesses, newest first, keyset-paged by id. */
  async list(grantId: string, opts: { cursor?: string; limit: number }): Promise<{ items: SupportAccessEntry[]; nextCursor: string | null }> {
    const before = opts.cursor ? decodeCursor(opts.cursor) : undefined;
    const rows = before === undefined
      ? await this.db.query<Row>(`SELECT ${COLUMNS} FROM support_access_log WHERE grant_id = $1 ORDER BY support_access_log.id DESC LIMIT $2`, [grantId, opts.limit + 1])
      : await this.db.query<Row>(`SELECT ${COLUMNS} FROM support_access_log WHERE grant_id = $1 AND id < $2::bigint ORDER BY support_access_log.id DESC LIMIT $3`, [grantId, before, opts.limit + 1]);
    const items = rows.slice(0, opts.limit).map(toEntry);
    return { items, nextCursor: rows.length > opts.limit ? Buffer.from(items[items.length - 1]!.id).toString('base64url') : null };
  }
}

// Storable text only (no NUL, no lone surrogate): a request path is the caller's text.
const clip = (s: string) => s.replace(/[\0\uD800-\uDFFF]/g, '?').slice(0, MAX);

function toEntry(r: Row): SupportAccessEntry {
  return { id: r.id, at: new Date(r.at).toISOString(), grantId: r.grant_id, operator: r.operator, tenant: r.tenant, method: r.method, route: r.route, status: Number(r.status), outcome: r.outcome, reason: r.reason };
}

function decodeCursor(raw: string): string {
  const id = Buffer.from(raw, 'base64url').toString('utf8');
  if (/^[1-9][0-9]{0,17}$/.test(id) && Buffer.from(id).toString('base64url') === raw) return id;
  throw new InvalidCursorError();
}
