// Vector charts drawn with pdfkit paths: a line chart (tenant vs platform over the period) and
// a horizontal bar chart. Black and grey lines, a lime band for the tenant, 1px axes.
import type { Series } from '@trafi-ops/contracts';
import { formatValue, utc } from './format.ts';
import type { PdfWriter } from './layout.ts';
import { COLORS } from './theme.ts';

export function lineChart(w: PdfWriter, s: Series, height = 150): void {
  const { doc } = w;
  w.ensure(height + 40);
  const x0 = w.left + 46;
  const y0 = doc.y + 14;
  const width = w.width - 46;
  doc.font('Helvetica-Bold').fontSize(9).fillColor(COLORS.ink).text(s.label, w.left, doc.y, { lineBreak: false });
  const all = [...s.tenant, ...s.platform];
  const t0 = Math.min(...all.map((p) => p[0]));
  const t1 = Math.max(...all.map((p) => p[0]));
  const vmax = Math.max(1e-9, ...all.map((p) => p[1])) * 1.1;
  const px = (t: number) => x0 + (t1 > t0 ? ((t - t0) / (t1 - t0)) * width : width / 2);
  const py = (v: number) => y0 + height - (v / vmax) * height;

  doc.save().lineWidth(1).strokeColor(COLORS.ink).rect(x0, y0, width, height).stroke();
  for (const f of [0.5, 1]) {
    doc.strokeColor(COLORS.faint).moveTo(x0, py(vmax * f / 1.1)).lineTo(x0 + width, py(vmax * f / 1.1)).stroke();
    doc.font('mono').fontSize(6).fillColor(COLORS.ink).text(formatValue(vmax * f / 1.1, s.unit), w.left, py(vmax * f / 1.1) - 3, { width: 44, align: 'right', lineBreak: false });
  }
  const path = (pts: [number, number][], color: string, dash: boolean, lineWidth: number) => {
    if (pts.length === 0) return;
    doc.save().lineWidth(lineWidth).strokeColor(color);
    if (dash) doc.dash(3, { space: 2 });
    doc.moveTo(px(pts[0]![0]), py(pts[0]![1]));
    for (const [t, v] of pts.slice(1)) doc.lineTo(px(t), py(v));
    doc.stroke().undash().restore();
  };
  // The tenant's area in lime under its line, so it reads at a glance even printed in grey.
  if (s.tenant.length > 1) {
    doc.save().fillColor(COLORS.lime).moveTo(px(s.tenant[0]![0]), py(0));
    for (const [t, v] of s.tenant) doc.lineTo(px(t), py(v));
    doc.lineTo(px(s.tenant.at(-1)![0]), py(0)).closePath().fill().restore();
  }
  path(s.platform, COLORS.muted, true, 1);
  path(s.tenant, COLORS.ink, false, 1.5);
  doc.restore();
  doc.font('mono').fontSize(6).fillColor(COLORS.ink);
  if (all.length) {
    doc.text(utc(t0), x0, y0 + height + 3, { lineBreak: false });
    doc.text(utc(t1), x0 + width - 100, y0 + height + 3, { width: 100, align: 'right', lineBreak: false });
  } else doc.text('no data in the period', x0 + 6, y0 + 6, { lineBreak: false });
  // legend
  const ly = y0 + height + 12;
  doc.rect(x0, ly, 10, 6).fill(COLORS.lime);
  doc.fillColor(COLORS.ink).text('tenant', x0 + 14, ly, { lineBreak: false });
  doc.save().lineWidth(1).strokeColor(COLORS.muted).dash(3, { space: 2 }).moveTo(x0 + 60, ly + 3).lineTo(x0 + 74, ly + 3).stroke().undash().restore();
  doc.fillColor(COLORS.ink).text('platform', x0 + 78, ly, { lineBreak: false });
  doc.x = w.left;
  doc.y = ly + 18;
}

/** Horizontal bars: one row per label, one bar per value (black, then lime), scaled to the largest. */
export function barChart(w: PdfWriter, title: string, rows: { label: string; values: number[] }[], legend: string[]): void {
  const { doc } = w;
  const rowH = 16;
  w.ensure(rows.length * rowH + 40);
  doc.font('Helvetica-Bold').fontSize(9).fillColor(COLORS.ink).text(title, w.left, doc.y);
  const x0 = w.left + 130;
  const width = w.width - 170;
  const max = Math.max(1, ...rows.flatMap((r) => r.values));
  let y = doc.y + 4;
  const fills = [COLORS.ink, COLORS.lime];
  for (const r of rows) {
    doc.font('mono').fontSize(7).fillColor(COLORS.ink).text(r.label, w.left, y + 3, { width: 125, lineBreak: false, ellipsis: true });
    r.values.forEach((v, i) => {
      const bh = (rowH - 4) / r.values.length;
      doc.rect(x0, y + i * bh, Math.max(0.5, (v / max) * width), bh - 1).fill(fills[i % 2]!);
      doc.fillColor(COLORS.ink).font('mono').fontSize(6).text(String(v), x0 + (v / max) * width + 3, y + i * bh, { lineBreak: false });
    });
    y += rowH;
  }
  doc.save().lineWidth(1).strokeColor(COLORS.ink).moveTo(x0, doc.y).lineTo(x0, y).stroke().restore();
  legend.forEach((l, i) => {
    doc.rect(x0 + i * 90, y + 4, 10, 6).fill(fills[i % 2]!);
    doc.fillColor(COLORS.ink).font('mono').fontSize(6).text(l, x0 + i * 90 + 14, y + 4, { lineBreak: false });
  });
  doc.x = w.left;
  doc.y = y + 20;
}
