// The release registry (PostgreSQL or PGlite, migration 005): releases in the order they went
// live, what is live per component (the newest release carrying it), paused automatic deploys,
// rollbacks with their steps, and the per-component locks that keep rollbacks one at a time.
import { COMPONENTS, type Artifact, type Component, type DeploymentBody, type LiveState, type Migration, type Page, type Release, type Rollback } from '@trafi-ops/contracts';
import type { Database } from '../db/database.ts';
import { InvalidCursorError } from '../jobs/cursor.ts';

interface ReleaseRow {
  id: string;
  version: string;
  components: Record<string, Artifact>;
  commit: string;
  migrations: Migration[];
  created_at: Date | string;
  actor: string;
  rollback_id: string | null;
}

export interface NewRelease {
  version: string;
  components: Partial<Record<Component, Artifact>>;
  commit: string;
  migrations: Migration[];
  actor: string;
  deployedAt?: number;
  rollbackId?: string;
}

/** A second rollback wants a component a running one holds. */
export class ScopeBusyError extends Error {
  constructor(readonly component: string, readonly rollbackId: string) {
    super(`a rollback of ${component} is already running (${rollbackId})`);
  }
}

const MAX_ID = 2n ** 63n - 1n;

/** A keyset cursor: the last id (or seq) of the previous page. */
function decodeIdCursor(cursor: string | undefined): string | undefined {
  if (cursor === undefined || cursor === '') return undefined;
  if (!/^\d{1,19}$/.test(cursor) || BigInt(cursor) > MAX_ID) throw new InvalidCursorError();
  return cursor;
}

export class ReleaseRegistry {
  constructor(protected readonly db: Database) {}

  async record(r: NewRelease): Promise<Release> {
    const [row] = await this.db.query<ReleaseRow>(
      `INSERT INTO releases (version, components, commit, migrations, created_at, actor, rollback_id)
       VALUES ($1, $2::jsonb, $3, $4::jsonb, to_timestamp($5::double precision / 1000), $6, $7) RETURNING id::text AS id, *`,
      [r.version, JSON.stringify(r.components), r.commit, JSON.stringify(r.migrations), r.deployedAt ?? Date.now(), r.actor, r.rollbackId ?? null],
    );
    return this.toRelease(row!, await this.liveReleaseIds());
  }

  /** Releases newest first; `component`: only those carrying it. */
  async list(opts: { component?: Component[]; cursor?: string; limit: number }): Promise<Page<Release>> {
    const after = decodeIdCursor(opts.cursor);
    const params: unknown[] = [opts.limit + 1];
    const where: string[] = [];
    if (after) where.push(`id < $${params.push(after)}::bigint`);
    if (opts.component) where.push(`(${opts.component.map((c) => `components ? $${params.push(c)}`).join(' AND ')})`);
    const rows = await this.db.query<ReleaseRow>(
      `SELECT id::text AS id, version, components, commit, migrations, created_at, actor, rollback_id FROM releases
       ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT $1`,
      params,
    );
    const live = await this.liveReleaseIds();
    const page = rows.slice(0, opts.limit).map((r) => this.toRelease(r, live));
    return { items: page, nextCursor: rows.length > opts.limit ? String(page.at(-1)!.id) : null };
  }

  /**
   * The release of `version` as CI recorded it: its newest deployment, not a rollback's release
   * (which repeats the version for the components it moved only); a rollback's when there is no other.
   */
  async byVersion(version: string): Promise<Release | null> {
    const rows = await this.db.query<ReleaseRow>(
      `SELECT id::text AS id, version, components, commit, migrations, created_at, actor, rollback_id FROM releases WHERE version = $1
       ORDER BY (rollback_id IS NULL) DESC, id DESC LIMIT 1`,
      [version],
    );
    return rows[0] ? this.toRelease(rows[0], await this.liveReleaseIds()) : null;
  }

  /** Every release in order, oldest first: the preflight reads which migrations went in after a version. */
  async history(): Promise<Release[]> {
    const rows = await this.db.query<ReleaseRow>(`SELECT id::text AS id, version, components, commit, migrations, created_at, actor, rollback_id FROM releases ORDER BY id`);
    const live = await this.liveReleaseIds();
    return rows.map((r) => this.toRelease(r, live));
  }

  /** Per component: the newest release carrying it (null when none has yet). */
  async live(): Promise<Map<Component, Release | null>> {
    const ids = await this.liveReleaseIds();
    const wanted = [...new Set(ids.values())];
    const rows = wanted.length
      ? await this.db.query<ReleaseRow>(`SELECT id::text AS id, version, components, commit, migrations, created_at, actor, rollback_id FROM releases WHERE id = ANY($1::bigint[])`, [wanted])
      : [];
    const byId = new Map(rows.map((r) => [r.id, this.toRelease(r, ids)]));
    return new Map(COMPONENTS.map((c) => [c, ids.has(c) ? byId.get(ids.get(c)!)! : null]));
  }

  async liveStates(): Promise<LiveState[]> {
    const [live, pauses] = await Promise.all([this.live(), this.pauses()]);
    return COMPONENTS.map((c) => ({
      component: c,
      version: live.get(c)?.version ?? null,
      releaseId: live.get(c)?.id ?? null,
      paused: pauses.has(c),
      pausedReason: pauses.get(c) ?? null,
    }));
  }

  async pauses(): Promise<Map<Component, string>> {
    const rows = await this.db.query<{ component: Component; reason: string }>('SELECT component, reason FROM deploy_pauses');
    return new Map(rows.map((r) => [r.component, r.reason]));
  }

  async pause(components: Component[], reason: string, actor: string): Promise<void> {
    for (const c of components) {
      await this.db.query(`INSERT INTO deploy_pauses (component, reason, actor) VALUES ($1, $2, $3) ON CONFLICT (component) DO UPDATE SET reason = $2, actor = $3, at = now()`, [c, reason, actor]);
    }
  }

  async resume(components: Component[]): Promise<void> {
    await this.db.query('DELETE FROM deploy_pauses WHERE component = ANY($1::text[])', [components]);
  }

  /** Takes every component's lock for `rollbackId`, or none (ScopeBusyError naming the holder). */
  async lock(components: Component[], rollbackId: string): Promise<void> {
    const taken: Component[] = [];
    for (const c of components) {
      const rows = await this.db.query<{ rollback_id: string }>(
        `INSERT INTO rollback_locks (component, rollback_id) VALUES ($1, $2) ON CONFLICT (component) DO NOTHING RETURNING rollback_id`,
        [c, rollbackId],
      );
      if (rows.length === 0) {
        await this.unlock(taken, rollbackId);
        const [holder] = await this.db.query<{ rollback_id: string }>('SELECT rollback_id FROM rollback_locks WHERE component = $1', [c]);
        throw new ScopeBusyError(c, holder?.rollback_id ?? 'another rollback');
      }
      taken.push(c);
    }
  }

  async unlock(components: Component[], rollbackId: string): Promise<void> {
    await this.db.query('DELETE FROM rollback_locks WHERE component = ANY($1::text[]) AND rollback_id = $2', [components, rollbackId]);
  }

  async saveRollback(r: Rollback): Promise<void> {
    await this.db.query(
      `INSERT INTO rollbacks (id, scope, status, doc) VALUES ($1, $2, $3, $4::jsonb) ON CONFLICT (id) DO UPDATE SET status = $3, doc = $4::jsonb`,
      [r.id, r.scope, r.status, JSON.stringify(r)],
    );
  }

  async getRollback(id: string): Promise<Rollback | null> {
    const [row] = await this.db.query<{ doc: Rollback }>('SELECT doc FROM rollbacks WHERE id = $1', [id]);
    return row?.doc ?? null;
  }

  async listRollbacks(opts: { cursor?: string; limit: number }): Promise<Page<Rollback>> {
    const after = decodeIdCursor(opts.cursor);
    const rows = await this.db.query<{ seq: string; doc: Rollback }>(
      `SELECT seq::text AS seq, doc FROM rollbacks ${after ? 'WHERE seq < $2::bigint' : ''} ORDER BY seq DESC LIMIT $1`,
      after ? [opts.limit + 1, after] : [opts.limit + 1],
    );
    const page = rows.slice(0, opts.limit);
    return { items: page.map((r) => r.doc), nextCursor: rows.length > opts.limit ? page.at(-1)!.seq : null };
  }

  /**
   * At start: a rollback still marked running was cut off by a crash. It is marked failed
   * (what the driver left is for a person to check) and its locks are released.
   */
  async recoverInterrupted(): Promise<number> {
    const rows = await this.db.query<{ doc: Rollback }>(`SELECT doc FROM rollbacks WHERE status IN ('running', 'verifying')`);
    for (const { doc } of rows) {
      await this.saveRollback({ ...doc, status: 'failed', error: 'interrupted: the ops API stopped during the rollback', finishedAt: Date.now() });
      await this.db.query('DELETE FROM rollback_locks WHERE rollback_id = $1', [doc.id]);
    }
    return rows.length;
  }

  protected async liveReleaseIds(): Promise<Map<Component, string>> {
    const rows = await this.db.query<{ component: Component; id: string }>(
      `SELECT c AS component, max(id)::text AS id FROM releases, jsonb_object_keys(components) AS c GROUP BY c`,
    );
    return new Map(rows.map((r) => [r.component, r.id]));
  }

  protected toRelease(r: ReleaseRow, live: Map<Component, string>): Release {
    return {
      id: Number(r.id),
      version: r.version,
      components: r.components,
      commit: r.commit,
      migrations: r.migrations,
      createdAt: new Date(r.created_at).getTime(),
      actor: r.actor,
      rollbackId: r.rollback_id,
      live: COMPONENTS.filter((c) => live.get(c) === r.id),
    };
  }
}

export type { DeploymentBody };
