// Diagnostic reports in the database (PostgreSQL or PGlite, migration 004): metadata, the
// sanitized JSON and the PDF bytes, each row kept until its expiry (pruned on every new report).
import type { DiagnosticContent, DiagnosticReport, DiagnosticSummary, Page } from '@trafi-ops/contracts';
import type { Database } from '../db/database.ts';
import { InvalidCursorError } from '../jobs/cursor.ts';

export interface NewReport {
  id: string;
  tenant: string;
  store: string | null;
  from: number;
  to: number;
  caseId: string;
  reason: string;
  createdBy: string;
  operationId: string;
  expiresAt: number;
}

interface Row {
  id: string; tenant: string; store: string | null; from_ms: string; to_ms: string; case_id: string; created_by: string;
  created_at: Date | string; expires_at: Date | string; status: DiagnosticSummary['status']; operation_id: string; error: string | null;
  build_ms: number | null; pdf_bytes: number | null;
}

const SUMMARY = `id::text AS id, tenant, store, from_ms, to_ms, case_id, created_by, created_at, expires_at, status, operation_id, error, build_ms, octet_length(pdf) AS pdf_bytes`;
const ms = (d: Date | string) => new Date(d).getTime();

export class ReportStore {
  constructor(protected readonly db: Database) {}

  async create(r: NewReport): Promise<DiagnosticSummary> {
    const [row] = await this.db.query<Row>(
      `INSERT INTO diagnostic_reports (id, tenant, store, from_ms, to_ms, case_id, reason, created_by, expires_at, status, operation_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'running', $10) RETURNING ${SUMMARY}`,
      [r.id, r.tenant, r.store, r.from, r.to, r.caseId, r.reason, r.createdBy, new Date(r.expiresAt).toISOString(), r.operationId],
    );
    return toSummary(row!);
  }

  async succeed(id: string, content: DiagnosticContent, pdf: Uint8Array, buildMs: number): Promise<void> {
    await this.db.query(`UPDATE diagnostic_reports SET status = 'succeeded', content = $2::jsonb, pdf = $3, build_ms = $4 WHERE id = $1::uuid`, [id, JSON.stringify(content), Buffer.from(pdf), Math.round(buildMs)]);
  }

  async fail(id: string, error: string): Promise<void> {
    await this.db.query(`UPDATE diagnostic_reports SET status = 'failed', error = $2 WHERE id = $1::uuid`, [id, error.slice(0, 1000)]);
  }

  async get(id: string, now = Date.now()): Promise<DiagnosticReport | null> {
    const [row] = await this.db.query<Row & { content: DiagnosticContent | string | null }>(`SELECT ${SUMMARY}, content FROM diagnostic_reports WHERE id = $1::uuid AND expires_at > $2`, [id, new Date(now).toISOString()]);
    if (!row) return null;
    const content = typeof row.content === 'string' ? (JSON.parse(row.content) as DiagnosticContent) : row.content;
    return { ...toSummary(row), content };
  }

  async pdf(id: string, now = Date.now()): Promise<Uint8Array | null> {
    const [row] = await this.db.query<{ pdf: Uint8Array | null }>(`SELECT pdf FROM diagnostic_reports WHERE id = $1::uuid AND expires_at > $2`, [id, new Date(now).toISOString()]);
    return row?.pdf ?? null;
  }

  /** Newest first, optionally one tenant's; the cursor is the last row's (created_at, id). */
  async list(q: { tenant?: string; cursor?: string; limit: number }, now = Date.now()): Promise<Page<DiagnosticSummary>> {
    const params: unknown[] = [new Date(now).toISOString()];
    const where = ['expires_at > $1'];
    if (q.tenant) where.push(`tenant = $${params.push(q.tenant)}`);
    if (q.cursor) {
      const [at, id] = decode(q.cursor);
      where.push(`(created_at, id) < ($${params.push(new Date(at).toISOString())}::timestamptz, $${params.push(id)}::uuid)`);
    }
    const rows = await this.db.query<Row>(`SELECT ${SUMMARY} FROM diagnostic_reports WHERE ${where.join(' AND ')} ORDER BY created_at DESC, id DESC LIMIT $${params.push(q.limit + 1)}`, params);
    const items = rows.slice(0, q.limit).map(toSummary);
    const last = rows.length > q.limit ? rows[q.limit - 1]! : undefined;
    return { items, nextCursor: last ? Buffer.from(`${new Date(last.created_at).toISOString()}|${last.id}`).toString('base64url') : null };
  }

  /** Deletes expired reports; returns how many. */
  async prune(now = Date.now()): Promise<number> {
    const rows = await this.db.query<{ id: string }>(`DELETE FROM diagnostic_reports WHERE expires_at <= $1 RETURNING id::text AS id`, [new Date(now).toISOString()]);
    return rows.length;
  }
}

function decode(cursor: string): [string, string] {
  const [at, id] = Buffer.from(cursor, 'base64url').toString().split('|');
  if (!at || !id || Number.isNaN(Date.parse(at)) || !/^[0-9a-f-]{36}$/.test(id)) throw new InvalidCursorError();
  return [at, id];
}

function toSummary(r: Row): DiagnosticSummary {
  return {
    id: r.id, tenant: r.tenant, store: r.store, from: Number(r.from_ms), to: Number(r.to_ms), caseId: r.case_id, createdAt: ms(r.created_at), createdBy: r.created_by,
    status: r.status, operationId: r.operation_id, pdfBytes: r.pdf_bytes === null ? null : Number(r.pdf_bytes), buildMs: r.build_ms, expiresAt: ms(r.expires_at), error: r.error,
  };
}
