// Diagnostic reports end to end (story 11.11) on real components: the stack on Redis and PGlite,
// a platform with the demo's internal config endpoint and the request error log middleware, a
// real Prometheus backfilled with 24 h of known series, pdftotext and pdftoppm. A seeded corpus
// plants ≥ 50 values of every PII kind for one tenant and markers for another; the report's PDF
// text and JSON must hold every section, none of those values, and the seeded faults and figures.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dropPrefix, freePort, prometheusConfig, startPrometheus, waitFor, type Prometheus } from '@trafi-ops/devstack';
import {
  EventReporter, PermanentJobError, PlatformConfigClient, PrometheusApi, createLogger, defineJobType, httpMetrics, loadConfig, startStack,
  type DiagnosticReport, type DiagnosticSummary, type Operation, type Stack,
} from '@trafi-ops/exporters';
import express from 'express';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { z } from 'zod';
import { DEMO_TENANT_CONFIGS, INTERNAL_PATH, mountDemoDiagnostics, type TenantConfig } from '../src/diagnostics/index.ts';
import { KINDS, MARKER, marker, paymentError, paymentPayload, plant, requestError, type Planted } from './diagnostics/corpus.ts';
import { EXPECTED, backfill, seedSeries } from './diagnostics/prometheus-seed.ts';
import { REDIS_URL, redisFor, uniquePrefix } from './helpers.ts';

const TENANT = 'acme';
const OTHER = 'umbrella';
const N = 50;
const OPERATOR = 'operator-0123456789abcdef';
const VIEWER = 'viewer-0123456789abcdef00';
const SECTIONS = ['Store configuration', 'Recent errors (sanitized)', 'Performance metrics', 'Event flow health', 'Recommendations', 'Redaction summary'];
const SCREENSHOTS = new URL('../../docs/screenshots/', import.meta.url);

const logger = createLogger('silent');
const redis = redisFor();
const prefix = uniquePrefix();
const planted: Planted[] = Array.from({ length: N }, (_, i) => plant(i));
const markers = Array.from({ length: 12 }, (_, i) => marker(i));
let dir: string;
let stack: Stack;
let platform: Server;
let prometheus: Prometheus;
let events: EventReporter;
let periodTo: number;

const api = (path: string, init: RequestInit & { token?: string } = {}) =>
  fetch(`${stack.apiUrl}/api/v1${path}`, { ...init, headers: { authorization: `Bearer ${init.token ?? OPERATOR}`, 'content-type': 'application/json', ...(init.headers as Record<string, string>) } });

function configs(): TenantConfig[] {
  const base = DEMO_TENANT_CONFIGS.find((c) => c.tenant === 'acme')!;
  const acme: TenantConfig = {
    ...base,
    contact: { name: planted[0]!.name, email: planted[0]!.email, phone: planted[0]!.phone },
    integrations: [...base.integrations, { name: 'psp', enabled: true, mode: 'live', apiKey: 'sk_live_never0never0never0', notes: `callback https://psp.example/cb?api_key=${planted[1]!.urlKey} from ${planted[1]!.ipv4}, ops ${planted[1]!.email}` }],
  };
  const umbrella: TenantConfig = { ...base, tenant: OTHER, stores: [{ id: `${OTHER}-store-1`, name: markers[0]!, domain: 'shop.umbrella.example' }], contact: { name: markers[1]!, email: 'ops@umbrella.example', phone: '+1 415 555 0199' } };
  return [acme, umbrella];
}

/** The test's platform: the demo's config endpoint and error log middleware, and a route that fails with the message it is sent. */
async function startPlatform(): Promise<string> {
  const app = express();
  app.use(express.json());
  app.use('/api/stores/:storeId', (req, res, next) => {
    res.locals.tenantId = String(req.params.storeId).replace(/-store-\d+$/, '');
    next();
  });
  app.use(httpMetrics({ registry: stack.registry, service: 'storefront', tenants: stack.tenants }));
  mountDemoDiagnostics(app, { requestErrors: stack.requestErrors, token: 'internal-token-0123456789', configs: configs() });
  app.post('/api/stores/:storeId/checkout', (req) => {
    throw new Error(String((req.body as { message: string }).message));
  });
  app.use(((err, _req, res, _next) => {
    res.locals.requestError = err;
    res.status(500).json({ error: { code: 'internal', message: 'internal error' } });
  }) as express.ErrorRequestHandler);
  platform = app.listen(0, '127.0.0.1');
  await new Promise((r) => platform.once('listening', r));
  return `http://127.0.0.1:${(platform.address() as { port: number }).port}`;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'trafi-diag-'));
  const config = loadConfig({ REDIS_URL, REDIS_PREFIX: prefix, DATA_DIR: dir, API_PORT: '0', METRICS_PORT: '0', LOG_LEVEL: 'silent', DIAGNOSTICS_MAX_PERIOD_HOURS: '48', DIAGNOSTICS_MAX_CONCURRENT_BUILDS: '1' });
  const payment = defineJobType({
    name: 'payment.capture', queue: 'payments', attempts: 1, payload: z.record(z.string(), z.unknown()),
    handler: async (p) => {
      throw new PermanentJobError(String(p.error));
    },
  });
  const email = defineJobType({
    name: 'email.send', queue: 'emails', attempts: 2, backoff: { baseMs: 20, jitter: 0 }, payload: z.object({ to: z.string(), error: z.string() }),
    handler: async (p, ctx) => {
      if (ctx.job.attempt === 1) throw new Error(p.error);
      return { ok: true };
    },
  });
  stack = await startStack(config, { types: [payment, email], logger, tokens: `operator@operator:${OPERATOR},viewer@viewer:${VIEWER}`, eventFlow: { stores: { [`${TENANT}-store-1`]: { checkout_completed: 60 } } } });
  const platformUrl = await startPlatform();
  stack.diagnostics.usePlatform(new PlatformConfigClient(`${platformUrl}${INTERNAL_PATH}`, 'internal-token-0123456789'));

  // The corpus: DLQ entries and retried jobs with PII in payloads and errors, request errors with PII.
  const ctx = (tenantId: string) => ({ tenantId, storeId: `${tenantId}-store-1`, actor: 'shopper', requestId: `req-${Math.random()}` });
  await stack.jobs.enqueueBulk(planted.flatMap((p) => [
    { type: 'payment.capture', payload: { ...paymentPayload(p), error: paymentError(p) }, context: ctx(TENANT) },
    { type: 'email.send', payload: { to: p.email, error: `smtp relay rejected ${p.email} from ${p.ipv4} (${p.phone})` }, context: ctx(TENANT) },
  ]));
  await stack.jobs.enqueueBulk(markers.map((m) => ({ type: 'payment.capture', payload: { note: m, error: `declined ${m}` }, context: ctx(OTHER) })));
  for (const p of planted) await fetch(`${platformUrl}/api/stores/${TENANT}-store-1/checkout`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ message: requestError(p) }) });
  for (const m of markers) await fetch(`${platformUrl}/api/stores/${OTHER}-store-1/checkout`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ message: `failed ${m}` }) });
  events = new EventReporter({ redis, prefix, flushIntervalMs: 100 });
  events.report(`${TENANT}-store-1`, 'page_view', 25);
  events.report(`${OTHER}-store-1`, 'page_view', 5);
  await waitFor('the corpus is processed', async () => (await stack.dlq.size()) === N + markers.length && (await stack.runs.list({ tenant: TENANT, state: 'completed', limit: 500 })).items.length === N, 30_000, 100);
  await events.flush();

  // 24 h of known series up to now, into a real Prometheus.
  periodTo = Date.now();
  const promDir = join(dir, 'prometheus');
  backfill(join(promDir, 'tsdb'), join(dir, 'seed'), seedSeries(TENANT, OTHER), periodTo);
  prometheus = await startPrometheus({ config: prometheusConfig({ scrape: [] }), dir: promDir, port: await freePort() });
  stack.diagnostics.usePrometheus(new PrometheusApi(prometheus.url));
}, 90_000);

afterAll(async () => {
  await events?.close().catch(() => undefined);
  platform?.closeAllConnections();
  await new Promise((r) => (platform ? platform.close(r) : r(undefined)));
  await prometheus?.proc.stop();
  await stack?.stop();
  await dropPrefix(redis, prefix);
  redis.disconnect();
  await rm(dir, { recursive: true, force: true });
});

async function create(body: Record<string, unknown>, token = OPERATOR) {
  const res = await api('/diagnostics', { method: 'POST', body: JSON.stringify(body), token });
  return { res, body: (await res.json()) as { report: DiagnosticSummary; error?: { code: string; field?: string } } };
}

describe('a 24 h report of the seeded tenant', () => {
  let report: DiagnosticReport;
  let pdfText: string;
  let json: string;
  let progress: number[];
  let location: string | null;
  let pdfFile: string;

  beforeAll(async () => {
    const { res, body } = await create({ tenant: TENANT, from: periodTo - 86_400_000, to: periodTo, caseId: 'CASE-4711', reason: 'merchant reports failing checkouts' });
    expect(res.status, JSON.stringify(body)).toBe(202);
    location = res.headers.get('location');
    progress = [];
    const op = await waitFor('the report is built', async () => {
      const o = ((await (await api(`/diagnostics/operations/${body.report.operationId}`)).json()) as { operation: Operation }).operation;
      progress.push(o.done);
      return o.status !== 'running' ? o : undefined;
    }, 60_000, 20);
    expect(op.status, op.error).toBe('succeeded');
    report = (await (await api(`/diagnostics/${body.report.id}`)).json()) as DiagnosticReport;
    json = JSON.stringify(report);
    const pdfRes = await api(`/diagnostics/${body.report.id}/pdf`);
    expect(pdfRes.status).toBe(200);
    expect(pdfRes.headers.get('content-type')).toBe('application/pdf');
    const pdf = Buffer.from(await pdfRes.arrayBuffer());
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    pdfFile = join(dir, 'report.pdf');
    writeFileSync(pdfFile, pdf);
    pdfText = execFileSync('pdftotext', ['-layout', pdfFile, '-'], { encoding: 'utf8' });
    // What the README shows; the figures the issue asks for (build time and size of a 24 h report).
    console.log(`diagnostics: 24 h report built in ${report.buildMs} ms, PDF ${pdf.length} bytes, ${pdfText.split('\f').length - 1} pages`);
  }, 90_000);

  test('is listed for its tenant, located, audited, and progressed step by step', async () => {
    expect(location).toBe(`/api/v1/diagnostics/${report.id}`);
    expect(report).toMatchObject({ tenant: TENANT, caseId: 'CASE-4711', status: 'succeeded', createdBy: 'operator' });
    expect(report.pdfBytes).toBeGreaterThan(10_000);
    expect(new Set(progress).size, `progress seen: ${[...new Set(progress)]}`).toBeGreaterThan(1);
    const list = (await (await api(`/diagnostics?tenant=${TENANT}`, { token: VIEWER })).json()) as { items: DiagnosticSummary[] };
    expect(list.items.map((r) => r.id)).toContain(report.id);
    const other = (await (await api(`/diagnostics?tenant=${OTHER}`, { token: VIEWER })).json()) as { items: DiagnosticSummary[] };
    expect(other.items.map((r) => r.id)).not.toContain(report.id);
    const audit = (await (await api('/audit?limit=20')).json()) as { items: { action: string; reason: string; outcome: string; user: string }[] };
    expect(audit.items.find((a) => a.action === 'diagnostics.create')).toMatchObject({ reason: 'merchant reports failing checkouts', outcome: 'succeeded', user: 'operator' });
  });

  test('the PDF has a title page, contents, every section and page numbers', () => {
    const pages = pdfText.split('\f');
    expect(pages[0]).toMatch(/DIAGNOSTIC[\s\S]*REPORT/);
    for (const field of ['CASE-4711', TENANT, 'operator', 'generated at', 'period']) expect(pages[0]).toContain(field);
    expect(pages[1]).toContain('CONTENTS');
    for (const [i, title] of SECTIONS.entries()) {
      expect(pages[1], 'listed in the contents').toContain(`${i + 1} ${title}`);
      expect(pdfText, 'as a section heading').toContain(`${i + 1} ${title.toUpperCase()}`);
    }
    const count = pages.filter((p) => p.trim()).length;
    expect(pdfText).toContain(`page 2 of ${count}`);
    expect(pdfText).toContain(`page ${count} of ${count}`);
  });

  test('none of the planted values, in the PDF text or the JSON', () => {
    const squeezed = pdfText.replace(/\s+/g, '');
    const leaks: string[] = [];
    for (const p of planted) for (const kind of KINDS) {
      const v = p[kind];
      if (json.includes(v) || squeezed.includes(v.replace(/\s+/g, ''))) leaks.push(`${kind}: ${v}`);
    }
    expect(leaks).toEqual([]);
    // Secrets the platform holds never left it either.
    for (const secret of ['sk_live_never0never0never0', 'whsec_', 'demo-password', 'sk_live_acme']) expect(json + pdfText).not.toContain(secret);
  });

  test('the redaction summary counts every kind, at least 50 distinct values each', () => {
    const { distinct, byKind, total } = report.content!.redactions;
    for (const kind of ['email', 'phone', 'card', 'iban', 'ip', 'token', 'jwt', 'secret', 'name', 'address']) expect(distinct[kind] ?? 0, kind).toBeGreaterThanOrEqual(kind === 'ip' ? 2 * N : kind === 'name' || kind === 'address' ? N : N);
    expect(total).toBe(Object.values(byKind).reduce((a, b) => a + b, 0));
    expect(pdfText).toContain('6 REDACTION SUMMARY');
    expect(pdfText).toMatch(new RegExp(`card\\s+${byKind.card}\\s+${distinct.card}`));
    // Pseudonyms are stable: the contact's email in the config is the same pseudonym as in the errors.
    expect(json).toMatch(/<email-\d+>/);
  });

  test("nothing of the other tenant's", () => {
    expect(json).not.toContain(MARKER);
    expect(pdfText.replace(/\s+/g, '')).not.toContain(MARKER);
    expect(json).not.toContain(OTHER);
    expect(pdfText).not.toContain(OTHER);
  });

  test('the errors are grouped with counts, first and last seen', () => {
    const groups = report.content!.errors.groups;
    const dlq = groups.filter((g) => g.source === 'dlq');
    expect(dlq).toHaveLength(1);
    expect(dlq[0]).toMatchObject({ where: 'payment.capture', count: N });
    expect(dlq[0]!.message).toMatch(/^card <card-\d+> declined for <email-\d+>/);
    expect(groups.find((g) => g.source === 'job')).toMatchObject({ where: 'email.send', count: N });
    expect(groups.find((g) => g.source === 'request')).toMatchObject({ where: 'POST /api/stores/:storeId/checkout', count: N });
    for (const g of groups) expect(g.firstSeen).toBeLessThanOrEqual(g.lastSeen);
    expect(report.content!.errors).toMatchObject({ requestErrors: N, jobErrors: 2 * N });
  });

  test('the figures are what was seeded into Prometheus', () => {
    const f = Object.fromEntries(report.content!.metrics.figures.map((x) => [x.key, x]));
    const close = (v: number | null | undefined, expected: number) => expect(v).toBeCloseTo(expected, 6);
    close(f.requests!.tenant, EXPECTED.requests);
    close(f.requests!.platform, EXPECTED.platformRequests);
    close(f.error_ratio!.tenant, EXPECTED.errorRatio);
    close(f.error_ratio!.platform, EXPECTED.platformErrorRatio);
    close(f.latency_p50!.tenant, EXPECTED.p50);
    close(f.latency_p95!.tenant, EXPECTED.p95);
    close(f.latency_p99!.tenant, EXPECTED.p99);
    close(f.db_p95!.tenant, EXPECTED.dbP95);
    close(f.storage!.tenant, EXPECTED.storage);
    close(f.storage!.platform, EXPECTED.platformStorage);
    close(f.jobs_per_min!.platform, EXPECTED.platformJobsPerMin);
    close(f.dlq_depth!.platform, EXPECTED.dlqDepth);
    expect(f.dlq_depth!.tenant).toBe(N);
    expect(report.content!.metrics.series.find((s) => s.key === 'requests_rate')!.tenant.length).toBeGreaterThan(50);
    // As printed.
    expect(pdfText).toMatch(new RegExp(`Requests\\s+${Math.round(EXPECTED.requests)}\\s+${Math.round(EXPECTED.platformRequests)}`));
    expect(pdfText).toMatch(/Latency p95\s+975\.0 ms/);
    expect(pdfText).toMatch(new RegExp(`Error ratio \\(5xx\\)\\s+${(EXPECTED.errorRatio * 100).toFixed(2)}%`));
    const flow = report.content!.eventFlow.find((s) => s.store === `${TENANT}-store-1`)!;
    expect(flow.healthyShare).toBeCloseTo(EXPECTED.healthyShare, 6);
    expect(flow.types.find((t) => t.eventType === 'page_view')!.inPeriod).toBeCloseTo(EXPECTED.pageViews, 6);
    expect(flow).toMatchObject({ healthy: false, profitEngineGate: 'closed' });
  });

  test('the recommendations match the seeded faults, with their evidence', () => {
    const rules = report.content!.recommendations.map((r) => r.rule).sort();
    expect(rules).toEqual(['dlq-dominated-by-one-error', 'error-budget-burning', 'failing-synthetic-checks', 'p95-above-slo', 'profit-engine-gate-closed', 'silent-event-type']);
    const by = Object.fromEntries(report.content!.recommendations.map((r) => [r.rule, r]));
    expect(by['dlq-dominated-by-one-error']!.evidence[0]).toContain(`${N} of ${N} DLQ attempts`);
    expect(by['p95-above-slo']!.evidence[0]).toContain('p95 0.975s > SLO 0.5s');
    expect(by['failing-synthetic-checks']!.evidence[0]).toMatch(/^checkout-acme: probe_success 0 in \d+ of \d+ samples/);
    expect(by['silent-event-type']!.evidence[0]).toContain('checkout_completed');
    for (const r of Object.values(by)) expect(pdfText).toContain(r.title);
  });

  test('pages render to PNG (the README picture)', () => {
    const out = join(dir, 'pages');
    mkdirSync(out, { recursive: true });
    execFileSync('pdftoppm', ['-png', '-r', '80', pdfFile, join(out, 'page')]);
    const pngs = readdirSync(out).filter((f) => f.endsWith('.png')).sort();
    expect(pngs.length).toBe(pdfText.split('\f').filter((p) => p.trim()).length);
    const metricsPage = pdfText.split('\f').findIndex((p) => p.includes('3 PERFORMANCE METRICS'));
    mkdirSync(SCREENSHOTS, { recursive: true });
    copyFileSync(join(out, pngs[0]!), new URL('report-page-1.png', SCREENSHOTS));
    copyFileSync(join(out, pngs[metricsPage]!), new URL('report-page-metrics.png', SCREENSHOTS));
  });
});

describe('bad input gets a 4xx naming the field, and nothing is built', () => {
  const good = () => ({ tenant: TENANT, caseId: 'CASE-1', reason: 'checking input', from: periodTo - 3_600_000, to: periodTo });
  test.each([
    ['unknown tenant', () => ({ tenant: 'nobody' }), 400, 'tenant'],
    ['period too long', () => ({ from: periodTo - 72 * 3_600_000 }), 400, 'to'],
    ['from after to', () => ({ from: periodTo, to: periodTo - 1000 }), 400, 'from'],
    ['missing reason', () => ({ reason: undefined }), 400, 'reason'],
    ['missing case id', () => ({ caseId: undefined }), 400, 'caseId'],
    ['store of another tenant', () => ({ store: `${OTHER}-store-1` }), 400, 'store'],
    ['unknown field', () => ({ extra: 1 }), 400, 'extra'],
  ] as const)('%s', async (_name, change, status, field) => {
    // The table is built before the corpus: the period is read when the case runs.
    const { res, body } = await create({ ...good(), ...change() });
    expect(res.status).toBe(status);
    expect(body.error!.field).toBe(field);
  });

  test('a build over DIAGNOSTICS_MAX_CONCURRENT_BUILDS (1 here) gets 429 with Retry-After, unaudited; the slot comes back when the build ends', async () => {
    const audited = async () => ((await (await api('/audit?action=diagnostics.create&limit=100')).json()) as { items: unknown[] }).items.length;
    const before = await audited();
    const [a, b] = await Promise.all([create({ ...good(), caseId: 'CASE-A' }), create({ ...good(), caseId: 'CASE-B' })]);
    const [accepted, refused] = a.res.status === 202 ? [a, b] : [b, a];
    expect(accepted.res.status).toBe(202);
    expect(refused.res.status).toBe(429);
    expect(refused.body.error!.code).toBe('too_many_builds');
    expect(refused.res.headers.get('retry-after')).toBe('10');
    expect(await audited()).toBe(before + 1);
    await waitFor('the accepted build to end', async () => ((await (await api(`/diagnostics/${accepted.body.report.id}`)).json()) as { status: string }).status !== 'running', 60_000, 50);
    const again = await create({ ...good(), caseId: 'CASE-C' });
    expect(again.res.status).toBe(202);
    await waitFor('that build to end too', async () => ((await (await api(`/diagnostics/${again.body.report.id}`)).json()) as { status: string }).status !== 'running', 60_000, 50);
  }, 90_000);

  test('a viewer cannot build one; unknown ids are 404', async () => {
    expect((await create(good(), VIEWER)).res.status).toBe(403);
    expect((await api('/diagnostics/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await api('/diagnostics/00000000-0000-4000-8000-000000000000/pdf')).status).toBe(404);
    expect((await api('/diagnostics/not-a-uuid')).status).toBe(404);
  });
});
