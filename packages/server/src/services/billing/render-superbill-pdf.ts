/**
 * A superbill as a PDF (issue 27, Must 4): what a patient sends their insurer to claim
 * out-of-network reimbursement. The clinic (legal name, address, tax id, type 2 NPI), place of
 * service, the rendering clinicians (type 1 NPI, licence), the patient, their insurer, member id
 * and group number (lines to fill in when not entered), the dates, each finalised line (date, code, modifier, NDC, units, fee, amount; a
 * reversal as its negative), the diagnoses with their ICD-10-CM text, the payments and the
 * balance, and a signature line. Pure rendering (facts in, bytes out), in the PDF worker pool.
 *
 * @module
 */
import PDFDocument from 'pdfkit';
import { bounded, footOfEveryPage, pdfBytes, printable, syntheticBanner, type PdfPatient } from '../pdf-printable.js';
import { PDF_INK, PDF_MUTED, PdfWriter } from '../pdf-writer.js';

export interface SuperbillPdfFacts {
  clinic: { legalName: string; address: string; taxId: string; npi: string; placeOfService: string };
  patient: PdfPatient & { address: string | null };
  /** The patient's insurance as they gave it (null: lines to fill in by hand). */
  insurance: { insurer: string; memberId: string; groupNumber: string | null } | null;
  /** The first and last day of service covered (`YYYY-MM-DD`). */
  from: string;
  to: string;
  lines: {
    date: string;
    code: string;
    modifier: string;
    description: string;
    ndc: string | null;
    units: number;
    feeCents: number;
    amountCents: number;
    reversal: boolean;
    diagnosisPointers: string;
    /** The rendering clinician's number in `providers` ('' when none is recorded). */
    provider: string;
  }[];
  /** The clinicians who rendered the services: name, type 1 NPI, licence. */
  providers: { pointer: string; name: string; npi: string | null; licence: string | null }[];
  diagnoses: { pointer: string; code: string; text: string | null }[];
  payments: { date: string; method: string; amountCents: number }[];
  chargedCents: number;
  paidCents: number;
  generatedAt: Date;
}

const money = (cents: number): string =>
  `${cents < 0 ? '-' : ''}$${(Math.abs(cents) / 100).toFixed(2).replace(/\B(?=(\d{3})+(?!\d))/g, ',')}`;
const cut = (s: string, max: number): string => (s.length <= max ? s : `${s.slice(0, max - 1).trimEnd()}…`);
const day = (iso: string): string => {
  const [y, m, d] = iso.split('-');
  return `${m ?? ''}/${d ?? ''}/${y ?? ''}`;
};

class Writer extends PdfWriter {
  constructor(doc: PDFKit.PDFDocument) {
    super(doc, {
      heading: { size: 11.5, room: 60, before: 0.6, after: 0.2 },
      para: { size: 9.5, lineGap: 1.5, after: 0.2 },
      table: { size: 8.5, rowHeight: 13, rule: true },
    });
  }
  fact(label: string, value: string): void {
    this.doc.font('Helvetica-Bold').fontSize(9.5).fillColor(PDF_INK).text(`${label}: `, this.left, undefined, { continued: true });
    // An empty value would leave the line open (the label continued): a dash holds its place.
    this.doc.font('Helvetica').text(printable(value).trim() === '' ? '—' : printable(value));
  }
}

export function renderSuperbillPdf(f: SuperbillPdfFacts): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'LETTER',
    margins: { top: 48, bottom: 54, left: 50, right: 50 },
    bufferPages: true,
    info: { Title: 'Superbill', Author: printable(f.clinic.legalName), Creator: 'Kairos', CreationDate: f.generatedAt },
  });
  const done = pdfBytes(doc);
  const w = new Writer(doc);
  syntheticBanner(doc, f.patient.synthetic);
  doc.font('Helvetica-Bold').fontSize(16).fillColor(PDF_INK).text('Superbill');
  doc
    .font('Helvetica')
    .fontSize(9.5)
    .fillColor(PDF_MUTED)
    .text(`Services from ${day(f.from)} to ${day(f.to)}`);
  doc.moveDown(0.4);

  w.heading('Provider');
  w.fact('Clinic', f.clinic.legalName);
  w.fact('Address', f.clinic.address);
  w.fact('Tax id (EIN)', f.clinic.taxId);
  w.fact('NPI (organisation)', f.clinic.npi);
  w.fact('Place of service', f.clinic.placeOfService);
  if (f.providers.length > 0) {
    doc.moveDown(0.3);
    w.table(
      [
        { title: '', width: 24 },
        { title: 'Rendering clinician', width: 190 },
        { title: 'NPI', width: 90 },
        { title: 'Licence', width: w.width - 304 },
      ],
      f.providers.map((p) => [p.pointer, p.name, p.npi ?? 'not entered', p.licence ?? '']),
    );
  }

  w.heading('Patient');
  w.fact('Name', `${f.patient.givenName} ${f.patient.familyName}`);
  w.fact('Date of birth', day(f.patient.birthDate));
  w.fact('Address', f.patient.address ?? '');
  w.fact('Account (MRN)', f.patient.mrn);
  if (f.insurance === null)
    w.para('Insurance, filled in by the patient: insurer ________________  member id ________________  group __________', { size: 9 });
  else {
    w.fact('Insurer', f.insurance.insurer);
    w.fact('Member id', f.insurance.memberId);
    if (f.insurance.groupNumber !== null) w.fact('Group number', f.insurance.groupNumber);
  }

  w.heading('Diagnoses (ICD-10-CM)');
  w.table(
    [
      { title: '', width: 24 },
      { title: 'Code', width: 70 },
      { title: 'Description', width: w.width - 94 },
    ],
    f.diagnoses.map((d) => [d.pointer, d.code, d.text ?? '']),
  );

  w.heading('Services');
  w.table(
    [
      { title: 'Date', width: 50 },
      { title: 'Code', width: 36 },
      { title: 'Mod', width: 26 },
      { title: 'Description', width: w.width - 50 - 36 - 26 - 72 - 20 - 28 - 30 - 48 - 54 },
      { title: 'NDC', width: 72 },
      { title: 'Dx', width: 20 },
      { title: 'Clin', width: 28 },
      { title: 'Units', width: 30, align: 'right' },
      { title: 'Fee', width: 48, align: 'right' },
      { title: 'Amount', width: 54, align: 'right' },
    ],
    f.lines.map((l) => [
      day(l.date),
      l.code,
      l.modifier,
      // One line a service (the code says it in full): the description cut to the column.
      cut(`${l.reversal ? 'Reversal: ' : ''}${l.description}`, 31),
      l.ndc ?? '',
      l.diagnosisPointers,
      l.provider,
      String(l.units),
      money(l.feeCents),
      money(l.amountCents),
    ]),
  );

  w.heading('Payments');
  if (f.payments.length === 0) w.para('None recorded.', { muted: true });
  else
    w.table(
      [
        { title: 'Date', width: 80 },
        { title: 'Method', width: 120 },
        { title: 'Amount', width: 90, align: 'right' },
      ],
      f.payments.map((p) => [day(p.date), p.method, money(p.amountCents)]),
    );
  doc.moveDown(0.4);
  w.fact('Total charges', money(f.chargedCents));
  w.fact('Amount paid', money(f.paidCents));
  const balance = f.chargedCents - f.paidCents;
  w.fact(balance < 0 ? 'Balance (in credit)' : 'Balance', money(balance));

  w.room(80);
  w.signatureLine(240);
  w.para(`Signature of the provider, ${f.clinic.legalName}`, { size: 9 });
  w.para('This document holds protected health information.', { muted: true, size: 8 });
  footOfEveryPage(
    doc,
    `${printable(bounded(f.clinic.legalName, 80, ''))} · superbill · ${printable(f.patient.familyName)}, MRN ${printable(f.patient.mrn)}`,
    30,
  );
  doc.end();
  return done;
}
