// Durable audit trail of ops-API mutations, newest first, keyset-paginated by id. A row is
// written pending before its action and completed after it, so the log is complete by
// construction: an action whose row cannot be written is not carried out, and a crash in
// between leaves a pending row, never an action without one. Denied attempts are recorded too,
// bounded (see denied-limiter.ts) and pruned after a retention period.
import type { AuditEntry, AuditOutcome } from '@trafi-ops/contracts';
import { InvalidCursorError } from '../jobs/cursor.ts';
import type { Database } from './database.ts';
import { DeniedLimiter } from './denied-limiter.ts';

// Reuse the jobs layer's error so the API's error handler already maps it to 400 invalid_cursor.
export { InvalidCursorError };

/** What an action is about to do, and who asks. */
export interface AuditIntent {
  actor: string;
  role: string;
  action: string;
  target: string;
  reason: string;
  details?: unknown;
}

/** A caller without the role needed tried an action (`action` is the route, `target` the path). */
export interface DeniedAttempt {
  actor: string;
  role: string;
  action: string;
  target: string;
  needs: string;
}

export interface AuditLogOptions {
  /** Denied attempts written per actor per minute; more are counted on the last one (default 10). */
  deniedPerActorPerMinute?: number;
  /** Denied attempts written per minute over all actors (default 100). */
  deniedPerMinute?: number;
  /** Denied rows older than this are deleted (default 30 days). */
  deniedRetentionMs?: number;
  now?: () => number;
}

/** What GET /audit filters on (see AuditQuerySchema). */
export interface AuditFilter {
  actor?: string;
  action?: string;
  target?: string;
  from?: number;
  to?: number;
}

interface AuditRow extends AuditIntent {
  id: string;
  at: Date | string;
  outcome: AuditOutcome;
  result: string;
}

const MAX_ID = 2n ** 63n - 1n; // bigint; larger values would be a SQL error (500) instead of a 400
const PRUNE_EVERY_MS = 3600_000;
const COUNT_SUPPRESSED_AFTER_MS = 1000;

export class AuditLog {
  // id::text because the drivers disagree on int8 (string vs bigint).
  protected readonly columns = 'id::text AS id, at, actor, role, action, target, reason, outcome, result, details';
  protected readonly denied: DeniedLimiter;
  protected readonly retentionMs: number;
  protected readonly now: () => number;
  protected lastPrune = 0;
  protected counting: NodeJS.Timeout | undefined;

  constructor(
    protected db: Database,
    opts: AuditLogOptions = {},
  ) {
    this.denied = new DeniedLimiter(opts.deniedPerActorPerMinute ?? 10, opts.deniedPerMinute ?? 100);
    this.retentionMs = opts.deniedRetentionMs ?? 30 * 24 * 3600_000;
    this.now = opts.now ?? Date.now;
  }

  /** Writes the pending row of an action about to run; throws (and the action must not run) if it cannot. */
  begin(e: AuditIntent): Promise<AuditEntry> {
    return this.insert(e, 'pending', 'pending');
  }

  /** Completes a pending row with how its action ended; null if there is no such pending row. */
  async complete(id: string, outcome: 'succeeded' | 'failed', result: string): Promise<AuditEntry | null> {
    const [row] = await this.db.query<AuditRow>(
      `UPDATE audit_log SET outcome = $2, result = $3 WHERE id = $1::bigint AND outcome = 'pending' RETURNING ${this.columns}`,
      [id, outcome, result],
    );
    return row ? this.toEntry(row) : null;
  }

  /** Records a denied attempt unless its actor (or everyone) is over the limit; null when only counted. */
  async recordDenied(d: DeniedAttempt): Promise<AuditEntry | null> {
    const now = this.now();
    if (now - this.lastPrune >= PRUNE_EVERY_MS) {
      this.lastPrune = now;
      void this.pruneDenied(new Date(now - this.retentionMs)).catch(() => undefined);
    }
    const admission = this.denied.admit(d.actor, now);
    if (!admission.write) {
      this.counting ??= setTimeout(() => void this.countSuppressed().catch(() => undefined), COUNT_SUPPRESSED_AFTER_MS).unref();
      return null;
    }
    const entry = this.insert({ actor: d.actor, role: d.role, action: d.action, target: d.target, reason: '' }, 'denied', `denied: needs ${d.needs}`);
    this.denied.wrote(d.actor, entry.then((e) => e.id, () => null));
    return entry;
  }

  /**
   * Adds the attempts the limiter did not write to the `details.suppressed` of the row standing
   * for them (runs by itself shortly after a suppression; public so tests need not wait).
   */
  async countSuppressed(): Promise<void> {
    this.counting = undefined;
    for (const [row, n] of this.denied.take()) {
      const id = await row;
      if (id === null) continue;
      await this.db.query(
        `UPDATE audit_log SET details = jsonb_set(coalesce(details, '{}'::jsonb), '{suppressed}', to_jsonb(coalesce((details->>'suppressed')::int, 0) + $2::int))
         WHERE id = $1::bigint`,
        [id, n],
      );
    }
  }

  /** Deletes denied rows from before `before`; returns how many. */
  async pruneDenied(before: Date): Promise<number> {
    const rows = await this.db.query<{ id: string }>(`DELETE FROM audit_log WHERE outcome = 'denied' AND at < $1 RETURNING id::text AS id`, [before.toISOString()]);
    return rows.length;
  }

  async list(opts: AuditFilter & { cursor?: string; limit: number }): Promise<{ items: AuditEntry[]; nextCursor: string | null }> {
    const before = this.decodeCursor(opts.cursor);
    // Rows are ordered by id alone, which a row keeps when it is completed; `id < cursor` resumes
    // strictly after the last row handed out, whether or not it still exists.
    // One extra row tells whether another page exists, so the last page says null rather than
    // handing out a cursor to an empty page.
    // ORDER BY audit_log.id, not id: a bare name there means the text output column and sorts '9' after '10'.
    // Only the conditions in use are written (no `$1 IS NULL OR …`, which a generic plan cannot turn into an index range).
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: (p: string) => string, value: unknown) => {
      params.push(value);
      where.push(sql(`$${params.length}`));
    };
    if (before !== undefined) add((p) => `id < ${p}::bigint`, before);
    if (opts.actor) add((p) => `strpos(lower(actor), lower(${p})) > 0`, opts.actor);
    if (opts.action) add((p) => `action = ${p}`, opts.action);
    if (opts.target) add((p) => `strpos(lower(target), lower(${p})) > 0`, opts.target);
    if (opts.from !== undefined) add((p) => `at >= ${p}::timestamptz`, new Date(opts.from).toISOString());
    if (opts.to !== undefined) add((p) => `at <= ${p}::timestamptz`, new Date(opts.to).toISOString());
    params.push(opts.limit + 1);
    const rows = await this.db.query<AuditRow>(
      `SELECT ${this.columns} FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY audit_log.id DESC LIMIT $${params.length}`,
      params,
    );
    const items = rows.slice(0, opts.limit).map((r) => this.toEntry(r));
    const more = rows.length > opts.limit && items.length > 0;
    return { items, nextCursor: more ? this.encodeCursor(items[items.length - 1]!.id) : null };
  }

  protected async insert(e: AuditIntent, outcome: AuditOutcome, result: string): Promise<AuditEntry> {
    // details is sent as text: pg would turn a JS array into a PostgreSQL array, not JSON.
    const details = e.details === undefined ? null : JSON.stringify(e.details);
    const [row] = await this.db.query<AuditRow>(
      `INSERT INTO audit_log (actor, role, action, target, reason, outcome, result, details)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8::text::jsonb) RETURNING ${this.columns}`,
      [e.actor, e.role, e.action, e.target, e.reason, outcome, result, details],
    );
    return this.toEntry(row!);
  }

  protected toEntry(r: AuditRow): AuditEntry {
    const entry: AuditEntry = { id: r.id, at: new Date(r.at).toISOString(), user: r.actor, role: r.role, action: r.action, target: r.target, reason: r.reason, outcome: r.outcome, result: r.result };
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
