/**
 * The site's ketamine records for a range of days as a PDF (pdfkit): administrations, receipts and
 * disposals, each a table, with the site's name and DEA registration on top and on every page's
 * foot (issue 23, Must 7; 21 CFR 1304.22(c) as clinical-facts.md section 9 sums it up). Times are
 * at the site. Pure rendering (facts in, bytes out, no I/O): the facts are gathered by
 * `stock-records-pdf.ts`, and it runs in the PDF worker pool, never on the server's event loop.
 *
 * @module
 */
import PDFDocument from 'pdfkit';
import { bounded, footOfEveryPage, pdfBytes, printable, syntheticBanner } from '../pdf-printable.js';
import type { StockRecord } from './internal/stock-records.js';
import type { CountRecord } from './internal/count-records.js';

/** Everything the records PDF shows. */
export interface StockRecordsPdfFacts {
  siteName: string;
  timeZone: string;
  synthetic: boolean;
  dea: { number: string; schedules: string[]; expiresOn: string } | null;
  substance: string;
  /** What the records print for a patient whose address is not recorded. */
  patientAddress: string;
  /** Site-local days, both included. */
  from: string;
  to: string;
  administrations: StockRecord[];
  receipts: StockRecord[];
  disposals: StockRecord[];
  /** Every lot counted in the range, with the ledger at the count and the difference's resolution. */
  counts: CountRecord[];
  printedBy: string;
  generatedAt: Date;
}

/** Characters of one free-text field printed (a reason, an address): a system limit. */
const TEXT_CHARS = 500;

const formatInstant = (at: Date, timeZone: string) =>
  new Intl.DateTimeFormat('en-US', { dateStyle: 'long', timeStyle: 'short', timeZone }).format(at);

const deaText = (f: StockRecordsPdfFacts) =>
  f.dea === null
    ? 'DEA registration: not recorded'
    : `DEA registration ${f.dea.number} · schedules ${f.dea.schedules.join(', ')} · expires ${f.dea.expiresOn}`;

interface Column<T = StockRecord> {
  title: string;
  width: number;
  cell: (r: T) => string;
}

/** The writer of the tables, breaking pages where needed and repeating a table's header on a new page. */
class Writer {
  constructor(readonly doc: PDFKit.PDFDocument) {}
  get bottom(): number {
    return this.doc.page.height - this.doc.page.margins.bottom;
  }
  get left(): number {
    return this.doc.page.margins.left;
  }
  get width(): number {
    return this.doc.page.width - this.doc.page.margins.left - this.doc.page.margins.right;
  }
  heading(s: string) {
    if (this.doc.y + 60 > this.bottom) this.doc.addPage();
    this.doc.moveDown(0.6);
    this.doc.font('Helvetica-Bold').fontSize(12).fillColor('#1a1a1a').text(printable(s), this.left);
    this.doc.moveDown(0.25);
  }
  para(s: string, { muted = false, size = 9 }: { muted?: boolean; size?: number } = {}) {
    this.doc
      .font('Helvetica')
      .fontSize(size)
      .fillColor(muted ? '#555555' : '#1a1a1a')
      .text(printable(bounded(s, TEXT_CHARS * 2, '(shortened; the full text is in the ledger)')), this.left, undefined, {
        width: this.width,
        lineGap: 1,
      });
  }
  /** One row: cells at fixed columns, one line each. */
  row(cells: readonly string[], widths: readonly number[], { bold = false }: { bold?: boolean } = {}) {
    const y = this.doc.y;
    let x = this.left;
    this.doc
      .font(bold ? 'Helvetica-Bold' : 'Helvetica')
      .fontSize(7.5)
      .fillColor('#1a1a1a');
    cells.forEach((c, i) => {
      const w = widths[i] ?? 40;
      this.doc.text(printable(c), x, y, { width: w - 4, lineBreak: false, ellipsis: true });
      x += w;
    });
    this.doc.x = this.left;
    this.doc.y = y + 11;
  }
  /** A table of `records`, each row followed by its detail line when it has one. */
  table<T>(records: readonly T[], columns: readonly Column<T>[], detail: (r: T) => string | null) {
    const widths = columns.map((c) => c.width);
    const header = columns.map((c) => c.title);
    this.row(header, widths, { bold: true });
    for (const r of records) {
      const more = detail(r);
      if (this.doc.y + (more === null ? 11 : 24) > this.bottom) {
        this.doc.addPage();
        this.row(header, widths, { bold: true });
      }
      this.row(
        columns.map((c) => c.cell(r)),
        widths,
      );
      if (more !== null) {
        this.doc
          .font('Helvetica')
          .fontSize(7)
          .fillColor('#444444')
          .text(printable(bounded(more, TEXT_CHARS, '(shortened)')), this.left + 12, undefined, { width: this.width - 12 });
        this.doc.x = this.left;
      }
    }
    this.doc.moveDown(0.3);
  }
}

const when = (r: StockRecord) => `${r.date} ${r.time}`;
const product = (r: StockRecord) => r.productName;
const strength = (r: StockRecord) => `${r.strengthMgPerMl} mg/mL`;
const joinDetail = (parts: (string | null)[]) => {
  const kept = parts.filter((p): p is string => p !== null && p !== '');
  return kept.length === 0 ? null : kept.join(' · ');
};

function writeAdministrations(w: Writer, f: StockRecordsPdfFacts) {
  w.heading(`Administrations (${f.administrations.length})`);
  if (f.administrations.length === 0) return w.para('None in this range.', { muted: true });
  w.table(
    f.administrations,
    [
      { title: 'Date and time', width: 70, cell: when },
      { title: 'Product (form)', width: 130, cell: product },
      { title: 'Strength', width: 48, cell: strength },
      { title: 'Given (mg)', width: 50, cell: (r) => r.mg },
      { title: 'Given (mL)', width: 48, cell: (r) => r.ml },
      { title: 'Lot', width: 60, cell: (r) => r.lotNumber },
      { title: 'Patient (address below)', width: 170, cell: (r) => (r.patient === null ? '' : `${r.patient.name} (${r.patient.mrn})`) },
      { title: 'Drawn by', width: 68, cell: (r) => r.drawnBy ?? '' },
      { title: 'Recorded by', width: 68, cell: (r) => r.recordedBy },
    ],
    (r) =>
      joinDetail([
        r.kind === 'administration' && r.correction === null ? null : r.kindWords,
        r.patient === null ? null : `Patient address: ${r.patient.address ?? f.patientAddress}`,
        r.correction,
      ]),
  );
}

function writeReceipts(w: Writer, f: StockRecordsPdfFacts) {
  w.heading(`Receipts (${f.receipts.length})`);
  if (f.receipts.length === 0) return w.para('None in this range.', { muted: true });
  w.table(
    f.receipts,
    [
      { title: 'Received on', width: 58, cell: (r) => r.receipt?.receivedOn ?? r.date },
      { title: 'Product (form)', width: 130, cell: product },
      { title: 'Strength', width: 48, cell: strength },
      { title: 'Vials', width: 32, cell: (r) => (r.receipt?.vials === null || r.receipt === null ? '' : String(r.receipt.vials)) },
      { title: 'mg', width: 50, cell: (r) => r.mg },
      { title: 'mL', width: 44, cell: (r) => r.ml },
      { title: 'Lot', width: 60, cell: (r) => r.lotNumber },
      { title: 'Lot expires', width: 56, cell: (r) => r.lotExpiresOn },
      { title: 'Supplier', width: 120, cell: (r) => r.receipt?.supplierName ?? '' },
      { title: 'Supplier DEA no.', width: 68, cell: (r) => r.receipt?.supplierDeaNumber ?? '' },
      { title: 'Invoice', width: 46, cell: (r) => r.receipt?.invoiceRef ?? '' },
    ],
    (r) =>
      joinDetail([
        r.kind === 'receipt' && r.correction === null ? null : r.kindWords,
        r.receipt?.supplierAddress === null || r.receipt === null ? null : `Supplier address: ${r.receipt.supplierAddress}`,
        `into ${r.locationName}, recorded ${when(r)} by ${r.recordedBy}`,
        r.correction,
      ]),
  );
}

function writeDisposals(w: Writer, f: StockRecordsPdfFacts) {
  w.heading(`Disposals: waste, destruction, return, loss, expiry (${f.disposals.length})`);
  if (f.disposals.length === 0) return w.para('None in this range.', { muted: true });
  w.table(
    f.disposals,
    [
      { title: 'Date and time', width: 70, cell: when },
      { title: 'Kind', width: 130, cell: (r) => r.kindWords },
      { title: 'Product (form)', width: 120, cell: product },
      { title: 'Strength', width: 48, cell: strength },
      { title: 'mg', width: 48, cell: (r) => r.mg },
      { title: 'mL', width: 44, cell: (r) => r.ml },
      { title: 'Lot', width: 60, cell: (r) => r.lotNumber },
      { title: 'Witnesses', width: 112, cell: (r) => (r.witnesses.length === 0 ? 'none' : r.witnesses.join(', ')) },
      { title: 'Recorded by', width: 80, cell: (r) => r.recordedBy },
    ],
    (r) =>
      joinDetail([
        r.reason === null ? null : `Reason: ${r.reason}`,
        r.method === null ? null : `Method: ${r.method}`,
        `at ${r.locationName}`,
        r.correction,
      ]),
  );
}

function writeCounts(w: Writer, f: StockRecordsPdfFacts) {
  const differences = f.counts.filter((c) => c.differenceMl !== '0' || c.differenceMg !== '0').length;
  w.heading(`Counts (${f.counts.length} lot(s) counted, ${differences} discrepancy(ies))`);
  if (f.counts.length === 0) return w.para('None in this range.', { muted: true });
  w.table<CountRecord>(
    f.counts,
    [
      { title: 'Taken on', width: 58, cell: (r) => `${r.takenOn} ${r.timing === 'opening' ? 'opening' : 'close'}` },
      { title: 'Kind', width: 80, cell: (r) => r.kindWords },
      { title: 'Product (form)', width: 130, cell: (r) => r.productName },
      { title: 'Lot', width: 60, cell: (r) => r.lotNumber },
      { title: 'Location', width: 70, cell: (r) => r.locationName },
      { title: 'Ledger (mL)', width: 54, cell: (r) => r.ledgerMl },
      { title: 'Counted (mL)', width: 58, cell: (r) => r.countedMl },
      { title: 'Difference', width: 90, cell: (r) => `${r.differenceMg} mg, ${r.differenceMl} mL` },
      { title: 'Counted by', width: 90, cell: (r) => r.recordedBy },
    ],
    (r) => (r.resolvedBy === null ? null : `Resolved ${r.resolvedAt ?? ''} by ${r.resolvedBy}: ${r.resolution ?? ''}`),
  );
}

/** Renders the records; resolves with the PDF's bytes. */
export function renderStockRecordsPdf(facts: StockRecordsPdfFacts): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'LETTER',
    layout: 'landscape',
    margins: { top: 40, bottom: 44, left: 40, right: 40 },
    bufferPages: true,
    info: {
      Title: `Ketamine records ${facts.from} to ${facts.to}`,
      Author: printable(facts.siteName),
      Creator: 'Kairos',
      CreationDate: facts.generatedAt,
    },
  });
  const done = pdfBytes(doc);
  const w = new Writer(doc);
  syntheticBanner(doc, facts.synthetic);
  doc
    .font('Helvetica-Bold')
    .fontSize(16)
    .fillColor('#1a1a1a')
    .text(`Ketamine records: ${printable(facts.substance)}, Schedule III`);
  doc.font('Helvetica').fontSize(11).fillColor('#333333').text(printable(facts.siteName));
  doc.fontSize(10).text(printable(deaText(facts)));
  doc.moveDown(0.3);
  w.para(
    `Every movement recorded from ${facts.from} to ${facts.to} (days at the site, ${facts.timeZone}), in the order it was recorded. Quantities are of ${facts.substance} in mg and of solution in mL; a reversal is negative. A patient's address not recorded is printed as "${facts.patientAddress}".`,
    { muted: true },
  );
  writeAdministrations(w, facts);
  writeReceipts(w, facts);
  writeDisposals(w, facts);
  writeCounts(w, facts);
  w.para(`Printed ${formatInstant(facts.generatedAt, facts.timeZone)} by ${facts.printedBy}, from Kairos.`, { muted: true });
  // Every page names the site, its DEA registration, the range and its number (a loose page is still placed).
  footOfEveryPage(
    doc,
    `${printable(bounded(facts.siteName, 80, '')).replace(/\s+/g, ' ')} · ${printable(deaText(facts))} · ketamine records ${facts.from} to ${facts.to}`,
    28,
  );
  doc.end();
  return done;
}
