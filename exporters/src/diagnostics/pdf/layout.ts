// A thin writer over pdfkit for the report: headings that feed the table of contents, prose,
// key/value lists and ruled tables that break across pages, and the footer with page numbers.
import PDFDocument from 'pdfkit';
import { COLORS, FONTS, PAGE } from './theme.ts';

export interface TocEntry { title: string; page: number; level: number }

/** Latin glyphs only (the embedded subset of the font); anything else prints as "?". */
const printable = (s: string) => s.replace(/[^\x20-\x7E\u00A0-\u017F\u2013\u2014\u2018-\u201D\u2022\u2026\u00D7]/g, '?');

export class PdfWriter {
  readonly doc: PDFKit.PDFDocument;
  readonly toc: TocEntry[] = [];

  constructor(info: { Title: string; Subject: string }) {
    this.doc = new PDFDocument({ size: PAGE.size, margin: PAGE.margin, bufferPages: true, info: { ...info, Author: 'Trafi Ops', Creator: 'Trafi Ops diagnostics' } });
    this.doc.registerFont('mono', FONTS.mono);
    this.doc.registerFont('mono-bold', FONTS.monoBold);
    this.doc.lineWidth(PAGE.ruleWidth);
  }

  get left() { return PAGE.margin; }
  get width() { return this.doc.page.width - 2 * PAGE.margin; }
  get bottom() { return this.doc.page.height - PAGE.margin - 24; }

  /** A new page unless `height` still fits on this one. */
  ensure(height: number): void {
    if (this.doc.y + height > this.bottom) this.doc.addPage();
  }

  rule(y = this.doc.y): void {
    this.doc.save().lineWidth(PAGE.ruleWidth).strokeColor(COLORS.rule).moveTo(this.left, y).lineTo(this.left + this.width, y).stroke().restore();
  }

  /** A numbered section on a new page, with a lime bar; recorded for the contents. */
  section(title: string): void {
    this.doc.addPage();
    this.toc.push({ title, page: this.pageNumber(), level: 0 });
    const y = this.doc.y;
    this.doc.rect(this.left, y, 10, 26).fill(COLORS.lime);
    this.doc.fillColor(COLORS.ink).font('Helvetica-Bold').fontSize(18).text(printable(title.toUpperCase()), this.left + 18, y + 4, { width: this.width - 18 });
    this.doc.moveDown(0.3);
    this.rule();
    this.doc.moveDown(0.8);
    this.doc.x = this.left;
  }

  subheading(title: string): void {
    this.ensure(50);
    this.toc.push({ title, page: this.pageNumber(), level: 1 });
    this.doc.moveDown(0.4).font('Helvetica-Bold').fontSize(11).fillColor(COLORS.ink).text(printable(title), this.left, this.doc.y, { width: this.width });
    this.doc.moveDown(0.3);
  }

  para(text: string, opts: { muted?: boolean; size?: number } = {}): void {
    this.doc.font('Helvetica').fontSize(opts.size ?? 9.5).fillColor(opts.muted ? COLORS.muted : COLORS.ink).text(printable(text), this.left, this.doc.y, { width: this.width });
    this.doc.moveDown(0.4);
  }

  /** Ruled table in mono; long cells wrap. `widths` are fractions of the page width. */
  table(head: string[], rows: string[][], widths: number[], opts: { size?: number } = {}): void {
    const size = opts.size ?? 7.5;
    const cols = widths.map((w) => w * this.width);
    const pad = 3;
    const heightOf = (cells: string[], font: string) => {
      this.doc.font(font).fontSize(size);
      return Math.max(...cells.map((c, i) => this.doc.heightOfString(printable(c), { width: cols[i]! - 2 * pad }))) + 2 * pad;
    };
    const draw = (cells: string[], font: string, fill?: string) => {
      const h = heightOf(cells, font);
      this.ensure(h);
      const y = this.doc.y;
      if (fill) this.doc.rect(this.left, y, this.width, h).fill(fill);
      let x = this.left;
      cells.forEach((c, i) => {
        this.doc.font(font).fontSize(size).fillColor(COLORS.ink).text(printable(c), x + pad, y + pad, { width: cols[i]! - 2 * pad });
        x += cols[i]!;
      });
      this.doc.y = y + h;
      this.rule(y + h);
    };
    this.ensure(40);
    this.rule();
    draw(head, 'mono-bold', COLORS.lime);
    for (const r of rows) draw(r, 'mono');
    this.doc.x = this.left;
    this.doc.moveDown(0.6);
  }

  keyValues(pairs: [string, string][]): void {
    this.table(['key', 'value'], pairs.map(([k, v]) => [k, v]), [0.38, 0.62]);
  }

  pageNumber(): number {
    const range = this.doc.bufferedPageRange();
    return range.start + range.count;
  }

  /** Writes the contents onto the (reserved) page `tocPage` and a footer with "page n of N" on every page but the title. */
  finish(tocPage: number, footer: string): void {
    const range = this.doc.bufferedPageRange();
    this.doc.switchToPage(tocPage - 1);
    this.doc.x = this.left;
    this.doc.y = PAGE.margin + 40;
    for (const e of this.toc) {
      const y = this.doc.y;
      const indent = e.level * 16;
      this.doc.font(e.level ? 'Helvetica' : 'Helvetica-Bold').fontSize(e.level ? 9.5 : 11).fillColor(COLORS.ink);
      this.doc.text(printable(e.title), this.left + indent, y, { width: this.width - indent - 40, lineBreak: false });
      this.doc.font('mono').text(String(e.page), this.left + this.width - 40, y, { width: 40, align: 'right', lineBreak: false });
      this.doc.y = y + (e.level ? 15 : 19);
      if (!e.level) this.rule(this.doc.y - 4);
    }
    for (let i = 1; i < range.count; i++) {
      this.doc.switchToPage(range.start + i);
      const y = this.doc.page.height - PAGE.margin;
      // Writing below the bottom margin would add a page: lift the margin for the footer.
      const margin = this.doc.page.margins.bottom;
      this.doc.page.margins.bottom = 0;
      this.rule(y - 6);
      this.doc.font('mono').fontSize(7).fillColor(COLORS.ink);
      this.doc.text(printable(footer), this.left, y, { width: this.width - 80, lineBreak: false });
      this.doc.text(`page ${i + 1} of ${range.count}`, this.left + this.width - 80, y, { width: 80, align: 'right', lineBreak: false });
      this.doc.page.margins.bottom = margin;
    }
  }

  async toBuffer(): Promise<Buffer> {
    const chunks: Buffer[] = [];
    const done = new Promise<Buffer>((resolve, reject) => {
      this.doc.on('data', (c: Buffer) => chunks.push(c));
      this.doc.on('end', () => resolve(Buffer.concat(chunks)));
      this.doc.on('error', reject);
    });
    this.doc.end();
    return done;
  }
}
