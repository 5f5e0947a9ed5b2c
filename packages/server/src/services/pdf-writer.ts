/**
 * The page layout the report renderers share (pdfkit with its standard fonts): headings,
 * paragraphs and fixed-column tables written down the page, a new page where the next piece would
 * not fit, a table's header repeated on it. Each renderer gives its sizes ({@link PdfWriterStyle})
 * and adds what only it writes by extending {@link PdfWriter}. Used by the program outcomes report
 * and the progress letter, which run in the PDF worker pool.
 *
 * @module
 */
import { printable } from './pdf-printable.js';

/** The ink of body text and headings. */
export const PDF_INK = '#1a1a1a';
/** The ink of notes, units and explanations. */
export const PDF_MUTED = '#555555';

/** A table's column: its title, its width in points and the alignment of its cells. */
export interface PdfColumn {
  title: string;
  width: number;
  align?: 'left' | 'right';
}

/** A heading's size, the room it wants below it before a page break, and its space above and below (in lines). */
export interface PdfHeadingStyle {
  size: number;
  room: number;
  before: number;
  after: number;
}

/** A renderer's sizes. */
export interface PdfWriterStyle {
  heading: PdfHeadingStyle;
  para: { size: number; lineGap: number; after: number };
  /** `rule`: a line under the header row. */
  table: { size: number; rowHeight: number; rule: boolean };
}

/** Headings, paragraphs and fixed-column tables, breaking pages where needed. */
export class PdfWriter {
  constructor(
    readonly doc: PDFKit.PDFDocument,
    readonly style: PdfWriterStyle,
  ) {}
  get left(): number {
    return this.doc.page.margins.left;
  }
  get width(): number {
    return this.doc.page.width - this.doc.page.margins.left - this.doc.page.margins.right;
  }
  get bottom(): number {
    return this.doc.page.height - this.doc.page.margins.bottom;
  }
  /** A new page unless `points` fit below the current position. */
  room(points: number): void {
    if (this.doc.y + points > this.bottom) this.doc.addPage();
  }
  /** A line to sign on, `width` points long, after some space; the text under it is the caller's. */
  signatureLine(width: number): void {
    this.doc.moveDown(1.6);
    const y = this.doc.y;
    this.doc
      .lineWidth(0.7)
      .strokeColor('#333333')
      .moveTo(this.left, y)
      .lineTo(this.left + width, y)
      .stroke();
    this.doc.y = y + 4;
  }
  /** A heading in bold, in the style given (the renderer's heading by default). */
  heading(s: string, h: PdfHeadingStyle = this.style.heading): void {
    this.room(h.room);
    this.doc.moveDown(h.before);
    this.doc.font('Helvetica-Bold').fontSize(h.size).fillColor(PDF_INK).text(printable(s), this.left);
    this.doc.moveDown(h.after);
  }
  para(s: string, { muted = false, size = this.style.para.size }: { muted?: boolean; size?: number } = {}): void {
    this.doc
      .font('Helvetica')
      .fontSize(size)
      .fillColor(muted ? PDF_MUTED : PDF_INK)
      .text(printable(s), this.left, undefined, { width: this.width, lineGap: this.style.para.lineGap });
    this.doc.moveDown(this.style.para.after);
  }
  /** A table of rows of cells, one line each; the header repeats on a new page. */
  table(columns: readonly PdfColumn[], rows: readonly (readonly string[])[]): void {
    const { size, rowHeight, rule } = this.style.table;
    const line = (cells: readonly string[], bold: boolean) => {
      const y = this.doc.y;
      let x = this.left;
      this.doc
        .font(bold ? 'Helvetica-Bold' : 'Helvetica')
        .fontSize(size)
        .fillColor(PDF_INK);
      columns.forEach((c, i) => {
        this.doc.text(printable(cells[i] ?? ''), x, y, { width: c.width - 6, lineBreak: false, ellipsis: true, align: c.align ?? 'left' });
        x += c.width;
      });
      this.doc.x = this.left;
      this.doc.y = y + rowHeight;
    };
    const header = () => {
      line(
        columns.map((c) => c.title),
        true,
      );
      if (!rule) return;
      const total = columns.reduce((s, c) => s + c.width, 0);
      this.doc
        .moveTo(this.left, this.doc.y - 2)
        .lineTo(this.left + total, this.doc.y - 2)
        .lineWidth(0.5)
        .strokeColor('#999999')
        .stroke();
    };
    this.room(rowHeight * Math.min(rows.length + 1, 4));
    header();
    for (const r of rows) {
      if (this.doc.y + rowHeight > this.bottom) {
        this.doc.addPage();
        header();
      }
      line(r, false);
    }
    this.doc.moveDown(0.3);
  }
}
