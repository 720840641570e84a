// The diagnostic report as a PDF: title page, contents, then one section per part of the
// report. Everything it prints comes from the sanitized content.
import type { DiagnosticContent, DiagnosticSummary } from '@trafi-ops/contracts';
import { barChart, lineChart } from './charts.ts';
import { formatValue, utc } from './format.ts';
import { PdfWriter } from './layout.ts';
import { COLORS } from './theme.ts';

/** The sections in order, each its title and what writes it (the tests look for each title in the PDF's text). */
const SECTIONS: [string, (w: PdfWriter, c: DiagnosticContent) => void][] = [
  ['1 Store configuration', configSection],
  ['2 Recent errors (sanitized)', errorsSection],
  ['3 Performance metrics', metricsSection],
  ['4 Event flow health', eventFlowSection],
  ['5 Recommendations', recommendationsSection],
  ['6 Redaction summary', redactionSection],
];
export const SECTION_TITLES = SECTIONS.map(([title]) => title);

export async function renderReportPdf(summary: DiagnosticSummary, content: DiagnosticContent): Promise<Buffer> {
  const w = new PdfWriter({ Title: `Diagnostic report ${summary.caseId}`, Subject: `tenant ${summary.tenant}` });
  titlePage(w, summary, content);
  w.doc.addPage(); // contents, written once the page numbers are known
  w.doc.font('Helvetica-Bold').fontSize(18).fillColor(COLORS.ink).text('CONTENTS', w.left, w.doc.y);
  w.rule();

  for (const [title, write] of SECTIONS) {
    w.section(title);
    write(w, content);
  }

  w.finish(2, `TRAFI OPS / case ${summary.caseId} / tenant ${summary.tenant} / ${utc(summary.from).slice(0, 16)} - ${utc(summary.to).slice(0, 16)} UTC`);
  return w.toBuffer();
}

function titlePage(w: PdfWriter, s: DiagnosticSummary, c: DiagnosticContent): void {
  const { doc } = w;
  doc.rect(w.left, w.left, w.width, 120).fill(COLORS.lime);
  doc.fillColor(COLORS.ink).font('Helvetica-Bold').fontSize(34).text('DIAGNOSTIC', w.left + 16, w.left + 22);
  doc.text('REPORT', w.left + 16, doc.y - 4);
  doc.y = w.left + 150;
  doc.font('mono').fontSize(9).text('TRAFI OPS / SUPPORT CASE', w.left, doc.y);
  doc.moveDown(0.8);
  w.keyValues([
    ['case', s.caseId],
    ['tenant', s.tenant],
    ['store', s.store ?? 'all stores of the tenant'],
    ['period', `${utc(s.from)}  ->  ${utc(s.to)}`],
    ['generated at', utc(c.generatedAt)],
    ['operator', c.operator],
    ['report id', s.id],
  ]);
  doc.moveDown(1);
  const crit = c.recommendations.filter((r) => r.severity === 'critical').length;
  w.para(`${c.recommendations.length} recommendation(s), ${crit} critical. ${c.errors.groups.length} error group(s). ${c.redactions.total} value(s) redacted.`);
  w.para('This report is sanitized: personal data and credentials are replaced by pseudonyms such as <email-1>, stable within this report. It holds data of this tenant only.', { muted: true, size: 8.5 });
}

function flatten(value: unknown, prefix = ''): [string, string][] {
  if (value === null || typeof value !== 'object') return [[prefix || 'value', String(value)]];
  if (Array.isArray(value) && value.every((v) => v === null || typeof v !== 'object')) return [[prefix, value.join(', ') || '(none)']];
  return Object.entries(value).flatMap(([k, v]) => flatten(v, prefix ? `${prefix}.${k}` : k));
}

function configSection(w: PdfWriter, c: DiagnosticContent): void {
  w.para('As the platform reports it (plan, currency, integrations, webhooks, job types, instrumentation). The platform never sends secrets; every value was sanitized again here.', { muted: true });
  if (!c.config.available) return w.para(c.config.note ?? 'The platform configuration is not available.');
  w.keyValues(flatten(c.config.values));
}

function errorsSection(w: PdfWriter, c: DiagnosticContent): void {
  w.para(`${c.errors.jobErrors} job attempt error(s) (runs and DLQ) and ${c.errors.requestErrors} request error(s) (5xx and exceptions) in the period, grouped by message.`, { muted: true });
  for (const [source, title] of [['dlq', 'Dead-letter queue'], ['job', 'Job attempts'], ['request', 'Request errors']] as const) {
    const groups = c.errors.groups.filter((g) => g.source === source);
    w.subheading(`${title} (${groups.reduce((a, g) => a + g.count, 0)})`);
    if (!groups.length) {
      w.para('none in the period');
      continue;
    }
    w.table(['count', 'where', 'message', 'first / last seen'], groups.map((g) => [String(g.count), g.where, g.message, `${utc(g.firstSeen)}\n${utc(g.lastSeen)}`]), [0.08, 0.2, 0.47, 0.25]);
    const samples = groups.filter((g) => g.sample !== undefined).slice(0, 3);
    for (const g of samples) w.para(`example (${g.where}): ${JSON.stringify(g.sample).slice(0, 600)}`, { size: 7.5, muted: true });
  }
}

function metricsSection(w: PdfWriter, c: DiagnosticContent): void {
  if (!c.metrics.available) w.para(c.metrics.note ?? 'Prometheus is not configured: no figures.');
  w.subheading('Figures of the period: tenant vs platform');
  w.table(['figure', 'tenant', 'platform'], c.metrics.figures.map((f) => [f.label, formatValue(f.tenant, f.unit), formatValue(f.platform, f.unit)]), [0.4, 0.3, 0.3]);
  w.subheading('Over the period');
  for (const s of c.metrics.series) lineChart(w, s);
  w.subheading('Jobs per type');
  w.table(
    ['job type', 'tenant runs', 'failed', 'dead-lettered', 'platform /min', 'platform failed /min'],
    c.metrics.jobTypes.map((j) => [j.type, String(j.tenantRuns), String(j.tenantFailed), String(j.tenantDeadLettered), formatValue(j.platformPerMin, 'per_min'), formatValue(j.platformFailedPerMin, 'per_min')]),
    [0.24, 0.13, 0.12, 0.15, 0.16, 0.2],
  );
  if (c.metrics.jobTypes.length) barChart(w, "Tenant's runs and failures per job type", c.metrics.jobTypes.map((j) => ({ label: j.type, values: [j.tenantRuns, j.tenantFailed] })), ['runs', 'failed']);
  w.subheading('Synthetic checks');
  if (!c.metrics.synthetics.length) w.para('no synthetic checks (probe_success) in the period');
  else w.table(['check', 'failing samples', 'samples'], c.metrics.synthetics.map((s) => [s.check, String(s.failingSamples), String(s.totalSamples)]), [0.6, 0.2, 0.2]);
}

function eventFlowSection(w: PdfWriter, c: DiagnosticContent): void {
  w.para('Per store: the event-flow verdict (counts, types, gaps, freshness) and the Profit Engine gate, which opens only on a healthy flow.', { muted: true });
  if (!c.eventFlow.length) w.para('no stores');
  for (const s of c.eventFlow) {
    w.subheading(`${s.store}: ${s.healthy ? 'healthy' : 'UNHEALTHY'}, Profit Engine gate ${s.profitEngineGate.toUpperCase()}`);
    w.para(`healthy ${s.healthyShare === null ? '-' : formatValue(s.healthyShare, 'ratio')} of the period${s.reasons.length ? `; ${s.reasons.join('; ')}` : ''}`);
    w.table(['event type', 'status', 'in period', 'total', 'last seen'], s.types.map((t) => [t.eventType, t.status, t.inPeriod === null ? '-' : String(Math.round(t.inPeriod)), String(t.total), t.ageSeconds === null ? 'never' : `${Math.round(t.ageSeconds)}s ago`]), [0.3, 0.15, 0.17, 0.17, 0.21]);
  }
}

function recommendationsSection(w: PdfWriter, c: DiagnosticContent): void {
  if (!c.recommendations.length) return w.para('No rule found an issue in this period.');
  for (const r of c.recommendations) {
    w.ensure(70);
    const y = w.doc.y;
    w.doc.rect(w.left, y, 64, 14).fill(r.severity === 'critical' ? COLORS.ink : COLORS.lime);
    w.doc.font('mono-bold').fontSize(7).fillColor(r.severity === 'critical' ? COLORS.paper : COLORS.ink).text(r.severity.toUpperCase(), w.left + 4, y + 4, { width: 58, lineBreak: false });
    w.doc.font('Helvetica-Bold').fontSize(10).fillColor(COLORS.ink).text(r.title, w.left + 72, y + 2, { width: w.width - 72 });
    w.doc.x = w.left;
    w.para(r.text);
    w.table(['evidence', `rule: ${r.rule}`], r.evidence.map((e, i) => [String(i + 1), e]), [0.12, 0.88]);
  }
}

function redactionSection(w: PdfWriter, c: DiagnosticContent): void {
  w.para(`${c.redactions.total} value(s) were replaced before anything reached this report (field paths of known personal data, then text patterns over every string).`);
  w.table(['kind', 'replaced', 'distinct values'], Object.entries(c.redactions.byKind).map(([k, n]) => [k, String(n), String(c.redactions.distinct[k] ?? 0)]), [0.4, 0.3, 0.3]);
}
