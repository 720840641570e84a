// Diagnostic reports end to end: checks a request (tenant known, store of the tenant, period
// within the maximum), then builds the report in the background as a tracked operation (one
// progress step per part), stores its JSON and PDF, and prunes expired reports.
import { randomUUID } from 'node:crypto';
import { ApiError, type DiagnosticContent, type DiagnosticsBody, type DiagnosticSummary, type Operation } from '@trafi-ops/contracts';
import type { EventFlowHealth } from '../events/flow-health.ts';
import type { DeadLetterQueue } from '../jobs/dlq.ts';
import type { OperationTracker } from '../jobs/operations.ts';
import type { RunStore } from '../jobs/runs.ts';
import { collectEventFlow } from './collectors/event-flow.ts';
import { collectJobErrors } from './collectors/job-errors.ts';
import { collectMetrics, type MetricFindings } from './collectors/metrics.ts';
import type { PlatformConfigSource } from './collectors/platform-config.ts';
import { groupErrors, type ErrorEvent } from './error-groups.ts';
import type { Findings } from './findings.ts';
import { renderReportPdf } from './pdf/report-pdf.ts';
import type { PrometheusApi } from './prometheus-api.ts';
import { RecommendationEngine } from './recommendations.ts';
import type { ReportStore } from './report-store.ts';
import type { RequestErrorLog } from './request-error-log.ts';
import { Sanitizer, type SanitizerOptions } from './sanitizer/sanitizer.ts';

export interface DiagnosticsServiceOptions {
  store: ReportStore;
  runs: RunStore;
  dlq: DeadLetterQueue;
  eventFlow?: EventFlowHealth;
  prometheus?: PrometheusApi;
  platform?: PlatformConfigSource;
  requestErrors?: RequestErrorLog;
  recommendations?: RecommendationEngine;
  sanitizer?: SanitizerOptions;
  /** The longest period a report may cover (DIAGNOSTICS_MAX_PERIOD_HOURS). */
  maxPeriodMs?: number;
  /** How long a report is kept (DIAGNOSTICS_RETENTION_DAYS). */
  retentionMs?: number;
  /** Reports built at once by this instance (DIAGNOSTICS_MAX_CONCURRENT_BUILDS): each queries Prometheus and renders a PDF. */
  maxConcurrentBuilds?: number;
}

export const DIAGNOSTIC_STEPS = 7;

export interface ValidRequest { tenant: string; store: string | null; from: number; to: number; config: Record<string, unknown> | null }

const DAY = 86_400_000;

export class DiagnosticsService {
  readonly maxPeriodMs: number;
  readonly retentionMs: number;
  readonly maxConcurrentBuilds: number;
  protected readonly recommendations: RecommendationEngine;
  protected building = 0;

  constructor(protected readonly o: DiagnosticsServiceOptions) {
    this.maxPeriodMs = o.maxPeriodMs ?? 7 * DAY;
    this.retentionMs = o.retentionMs ?? 30 * DAY;
    this.maxConcurrentBuilds = o.maxConcurrentBuilds ?? 2;
    this.recommendations = o.recommendations ?? new RecommendationEngine();
  }

  /** Takes one of the build slots, or refuses with a 429 before anything is recorded; the
   *  returned function gives the slot back (once). */
  reserveBuild(): () => void {
    if (this.building >= this.maxConcurrentBuilds) {
      throw new ApiError(429, 'too_many_builds', `${this.building} diagnostic report(s) are being built, the most this instance builds at once (DIAGNOSTICS_MAX_CONCURRENT_BUILDS): try again when one is done`);
    }
    this.building++;
    let released = false;
    return () => {
      if (!released) this.building--;
      released = true;
    };
  }

  /** Where the platform's config endpoint is, once the platform is up (it may start after the ops API). */
  usePlatform(platform: PlatformConfigSource | undefined): void {
    this.o.platform = platform;
  }

  usePrometheus(prometheus: PrometheusApi | undefined): void {
    this.o.prometheus = prometheus;
  }

  get reports(): ReportStore {
    return this.o.store;
  }

  /** The request made whole, or a 400 naming the field that is wrong. */
  async validate(body: DiagnosticsBody, now = Date.now()): Promise<ValidRequest> {
    const to = body.to ?? now;
    const from = body.from ?? to - DAY;
    if (from > to) throw new ApiError(400, 'invalid_request', 'from: the period starts after it ends', 'from');
    if (to > now + 60_000) throw new ApiError(400, 'invalid_request', 'to: the period ends in the future', 'to');
    if (to - from > this.maxPeriodMs) throw new ApiError(400, 'invalid_request', `to: the period is longer than the maximum of ${Math.round(this.maxPeriodMs / 3_600_000)} h`, 'to');
    const config = await this.knownTenant(body.tenant);
    const stores = storesOf(config);
    if (body.store && stores && !stores.includes(body.store)) throw new ApiError(400, 'invalid_request', `store: "${body.store}" is not a store of tenant "${body.tenant}"`, 'store');
    return { tenant: body.tenant, store: body.store ?? null, from, to, config: config === true ? null : config };
  }

  /** The tenant's config from the platform; without a platform, a tenant that has runs or DLQ entries counts as known. */
  protected async knownTenant(tenant: string): Promise<Record<string, unknown> | true> {
    if (this.o.platform) {
      const config = await this.o.platform.tenantConfig(tenant).catch((err: Error) => {
        throw new ApiError(503, 'platform_unavailable', `the platform's config endpoint failed: ${err.message}`);
      });
      if (!config) throw new ApiError(400, 'unknown_tenant', `tenant: no tenant "${tenant}" on the platform`, 'tenant');
      return config;
    }
    const [runs, dlq] = await Promise.all([this.o.runs.list({ tenant, limit: 1 }), this.o.dlq.list({ tenant, limit: 1 })]);
    if (!runs.items.length && !dlq.items.length) throw new ApiError(400, 'unknown_tenant', `tenant: no tenant "${tenant}" has runs or DLQ entries`, 'tenant');
    return true;
  }

  /** Records the report, then builds it in the background in the slot reserveBuild() gave (released
   *  when the build ends); `onDone` sees the operation's end (the audit row). */
  async start(req: ValidRequest, meta: { caseId: string; reason: string; operator: string }, operations: OperationTracker, planned: Operation, onDone: (op: Operation) => Promise<void>, release: () => void = () => undefined): Promise<{ report: DiagnosticSummary; operation: Operation }> {
    await this.o.store.prune().catch(() => 0);
    const report = await this.o.store.create({
      id: randomUUID(), tenant: req.tenant, store: req.store, from: req.from, to: req.to, caseId: meta.caseId, reason: meta.reason, createdBy: meta.operator,
      operationId: planned.id, expiresAt: Date.now() + this.retentionMs,
    });
    const operation = await operations.start(
      planned,
      async (progress) => {
        const started = performance.now();
        try {
          const content = await this.build(req, meta.operator, (done) => progress({ done, skipped: 0, total: DIAGNOSTIC_STEPS }));
          const pdf = await renderReportPdf(report, content);
          progress({ done: DIAGNOSTIC_STEPS, skipped: 0, total: DIAGNOSTIC_STEPS });
          await this.o.store.succeed(report.id, content, pdf, performance.now() - started);
          return { done: DIAGNOSTIC_STEPS, skipped: 0, total: DIAGNOSTIC_STEPS };
        } catch (err) {
          await this.o.store.fail(report.id, (err as Error).message).catch(() => undefined);
          throw err;
        } finally {
          release();
        }
      },
      onDone,
    );
    return { report, operation };
  }

  /** Collects, sanitizes and judges; every string of the result went through one Sanitizer. */
  async build(req: ValidRequest, operator: string, progress: (done: number) => void = () => undefined): Promise<DiagnosticContent> {
    const s = new Sanitizer(this.o.sanitizer);
    const { tenant, from, to } = req;
    const step = (n: number) => progress(n);

    const config = req.config ? { available: true, values: s.value(stripTenantFields(req.config)) } : { available: false, note: this.o.platform ? 'the platform has no configuration for this tenant' : 'no platform config endpoint is configured (DIAGNOSTICS_PLATFORM_URL)', values: {} };
    step(1);

    const jobs = await collectJobErrors(this.o.runs, this.o.dlq, tenant, from, to);
    const events: ErrorEvent[] = jobs.errors.map((e) => ({ source: e.source, where: e.type, message: s.text(e.message), at: e.at, ...(e.sample !== undefined ? { sample: s.value(e.sample) } : {}) }));
    step(2);

    const requestErrors = this.o.requestErrors ? await this.o.requestErrors.read(tenant, from, to) : [];
    for (const e of requestErrors) events.push({ source: 'request', where: `${e.method} ${s.text(e.route)}`, message: s.text(`${e.status} ${e.message}`), at: e.at });
    step(3);

    let metrics: MetricFindings = { figures: [], series: [], jobTypes: [], synthetics: [] };
    let metricsNote: string | undefined = this.o.prometheus ? undefined : 'no Prometheus is configured (DIAGNOSTICS_PROMETHEUS_URL)';
    if (this.o.prometheus) metrics = await collectMetrics(this.o.prometheus, tenant, from, to).catch((err: Error) => ((metricsNote = `Prometheus query failed: ${err.message}`), metrics));
    const minutes = Math.max(1, (to - from) / 60_000);
    const tenantRuns = jobs.types.reduce((a, t) => a + t.runs, 0);
    const figures = metrics.figures.map((f) => (f.key === 'jobs_per_min' ? { ...f, tenant: tenantRuns / minutes } : f.key === 'dlq_depth' ? { ...f, tenant: jobs.dlqEntries } : f));
    const typeNames = [...new Set([...jobs.types.map((t) => t.type), ...metrics.jobTypes.map((t) => t.type)])].sort();
    const jobTypes = typeNames.map((type) => {
      const mine = jobs.types.find((t) => t.type === type);
      const all = metrics.jobTypes.find((t) => t.type === type);
      return { type, tenantRuns: mine?.runs ?? 0, tenantFailed: mine?.failed ?? 0, tenantDeadLettered: mine?.deadLettered ?? 0, platformPerMin: all?.perMin ?? null, platformFailedPerMin: all?.failedPerMin ?? null };
    });
    step(4);

    const stores = req.store ? [req.store] : (storesOf(req.config) ?? (await this.storesSeen(tenant)));
    const eventFlow = await collectEventFlow(this.o.eventFlow, this.o.prometheus, stores, from, to);
    step(5);

    const findings: Findings = s.value({
      config,
      errors: { groups: groupErrors(events), jobErrors: jobs.errors.length, requestErrors: requestErrors.length },
      metrics: { available: Boolean(this.o.prometheus) && !metricsNote, ...(metricsNote ? { note: metricsNote } : {}), figures, series: metrics.series, jobTypes, synthetics: metrics.synthetics },
      eventFlow,
    });
    const recommendations = this.recommendations.evaluate(findings);
    step(6);
    return { generatedAt: Date.now(), operator: s.text(operator), ...findings, recommendations, redactions: s.summary() };
  }

  /** Without a platform config, the tenant's stores are the event-flow stores named `<tenant>-…`. */
  protected async storesSeen(tenant: string): Promise<string[]> {
    const all = this.o.eventFlow ? await this.o.eventFlow.all() : [];
    return all.map((s) => s.store).filter((s) => s.startsWith(`${tenant}-`));
  }
}

function storesOf(config: Record<string, unknown> | true | null): string[] | null {
  if (!config || config === true || !Array.isArray(config.stores)) return null;
  return config.stores.map((s) => (typeof s === 'string' ? s : String((s as { id?: unknown }).id ?? ''))).filter(Boolean);
}

/** The tenant id is the report's subject, not configuration to print twice. */
function stripTenantFields(config: Record<string, unknown>): Record<string, unknown> {
  const { tenant: _tenant, ...rest } = config;
  return rest;
}
