// Durable audit trail of ops-API mutations, newest first, keyset-paginated by id.
import type { AuditEntry } from '@trafi-ops/contracts';
import { InvalidCursorError } from '../jobs/cursor.ts';
import type { Database } from './database.ts';

// Reuse the jobs layer's error so the API's error handler already maps it to 400 invalid_cursor.
export { InvalidCursorError };

export interface AuditRecord {
  actor: string;
  role: string;
  action: string;
  target: string;
  reason: string;
  result: string;
  details?: unknown;
}

export interface AuditRow extends AuditRecord {
  id: string;
  at: Date | string;
}

const MAX_ID = 2n ** 63n - 1n; // bigint; larger values would be a SQL error (500) instead of a 400

export class AuditLog {
  // id::text because the drivers disagree on int8 (string vs bigint).
  protected readonly columns = 'id::text AS id, at, actor, role, action, target, reason, result, details';

  constructor(protected db: Database) {}

  async record(e: AuditRecord): Promise<AuditEntry> {
    // details is sent as text: pg would turn a JS array into a PostgreSQL array, not JSON.
    const details = e.details === undefined ? null : JSON.stringify(e.details);
    const [row] = await this.db.query<AuditRow>(
      `INSERT INTO audit_log (actor, role, action, target, reason, result, details)
       VALUES ($1, $2, $3, $4, $5, $6, $7::text::jsonb) RETURNING ${this.columns}`,
      [e.actor, e.role, e.action, e.target, e.reason, e.result, details],
    );
    return this.toEntry(row!);
  }

  async list(opts: { cursor?: string; limit: number }): Promise<{ items: AuditEntry[]; nextCursor: string | null }> {
    const before = this.decodeCursor(opts.cursor);
    // One extra row tells whether another page exists, so the last page says null rather than
    // handing out a cursor to an empty page.
    // ORDER BY audit_log.id, not id: a bare name there means the text output column and sorts '9' after '10'.
    // Two statements rather than `$1 IS NULL OR id < $1`, which a generic plan cannot turn into an index range.
    const rows = before === undefined
      ? await this.db.query<AuditRow>(`SELECT ${this.columns} FROM audit_log ORDER BY audit_log.id DESC LIMIT $1`, [opts.limit + 1])
      : await this.db.query<AuditRow>(`SELECT ${this.columns} FROM audit_log WHERE id < $1::bigint ORDER BY audit_log.id DESC LIMIT $2`, [before, opts.limit + 1]);
    const items = rows.slice(0, opts.limit).map((r) => this.toEntry(r));
    const more = rows.length > opts.limit && items.length > 0;
    return { items, nextCursor: more ? this.encodeCursor(items[items.length - 1]!.id) : null };
  }

  protected toEntry(r: AuditRow): AuditEntry {
    const entry: AuditEntry = { id: r.id, at: new Date(r.at).toISOString(), user: r.actor, role: r.role, action: r.action, target: r.target, reason: r.reason, result: r.result };
    if (r.details !== null && r.details !== undefined) entry.details = r.details;
    return entry;
  }

  protected encodeCursor(id: string): string {
    return Buffer.from(id).toString('base64url');
  }

  /** The id to page below, or undefined for the first page ('' counts as absent, as elsewhere in the API). */
  protected decodeCursor(raw: string | undefined): string | undefined {
    if (raw === undefined || raw === '') return undefined;
    const id = Buffer.from(raw, 'base64url').toString('utf8');
    // Node's base64url decoder skips junk characters, hence the round-trip check.
    if (/^[1-9][0-9]{0,18}$/.test(id) && BigInt(id) <= MAX_ID && this.encodeCursor(id) === raw) return id;
    throw new InvalidCursorError();
  }
}
