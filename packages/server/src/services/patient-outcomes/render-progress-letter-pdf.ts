/**
 * A patient's progress letter to the referring clinician as a PDF (pdfkit; issue 24, Must 3): the
 * course (program, dates, events held), the doses given (date, mg, mg/kg, route), the scores over
 * time (PCL-5, PHQ-9, GAD-7 by date, each PCL-5 against the baseline in words), the goals of the
 * signed continuing care plan, and a signature line. It carries PHI: staff download it, it is never
 * emailed. Psychotherapy process notes are never part of it: only the signed care plan's goals and
 * maintenance plan are read.
 *
 * Pure rendering (facts in, bytes out, no I/O): the facts are gathered by `progress-letter-pdf.ts`;
 * this runs in the PDF worker pool, never on the server's event loop.
 *
 * @module
 */
import { severityWords } from '@kairos/core';
import PDFDocument from 'pdfkit';
import { bounded, footOfEveryPage, pdfBytes, printable, syntheticBanner, type PdfPatient } from '../pdf-printable.js';
import { PDF_INK, PDF_MUTED, PdfWriter } from '../pdf-writer.js';

/** One date's scores: each questionnaire's total that day (the latest of the day), and the PCL-5 against baseline in words. */
export interface ProgressLetterScoreRow {
  date: string;
  pcl5: number | null;
  phq9: { total: number; severity: string | null } | null;
  gad7: { total: number; severity: string | null } | null;
  /** "Baseline", "Response", "Response and remission", "Reliable improvement", "No response"; null without a PCL-5. */
  pcl5Words: string | null;
}

/** Everything the letter shows. */
export interface ProgressLetterPdfFacts {
  clinicName: string;
  timeZone: string;
  patient: PdfPatient;
  /** The referring clinician from the referral details, when recorded. */
  addressee: { name: string; organisation: string | null } | null;
  /** The patient's latest course, when there is one. */
  course: {
    title: string;
    /** The enrollment's state in words. */
    state: string;
    firstDay: string | null;
    lastDay: string | null;
    /** Booked events (not cancelled) up to today, in order; `dosed` for a dosing event only. */
    eventsHeld: { date: string; title: string; dosed: boolean | null }[];
    /** Booked events still to come. */
    eventsAhead: number;
  } | null;
  /** Every dose given to the patient (an infusion started), as ordered and double-checked. */
  /** `route`: how the dose was given, in words (`IV infusion over 40 min`, `Intramuscular injection`). */
  doses: { date: string; program: string; doseMg: number; mgPerKg: number; weightKg: number; route: string }[];
  scores: ProgressLetterScoreRow[];
  /** The course's response and its durability in words, when assessed. */
  responseWords: string | null;
  /** The latest signed continuing care plan: its goals and maintenance plan. */
  carePlan: { signedAt: Date; signedBy: string; goals: string[]; maintenancePlan: string } | null;
  author: string;
  generatedAt: Date;
}

/** Bounds on what one letter prints (system limits, not clinical numbers). */
export const PROGRESS_LETTER_LIMITS = Object.freeze({
  /** Rows of scores and doses printed (the most recent). */
  rows: 200,
  /** Characters of one care plan goal or of the maintenance plan. */
  textChars: 2_000,
});

function formatDate(isoDate: string): string {
  return new Intl.DateTimeFormat('en-US', { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${isoDate}T12:00:00Z`));
}
function shortDate(isoDate: string): string {
  return new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${isoDate}T12:00:00Z`));
}
function formatInstantDate(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-US', { dateStyle: 'long', timeZone }).format(at);
}
const decimal = (v: number, places: number) => v.toLocaleString('en-US', { maximumFractionDigits: places });

/** The letter's writer: the shared layout, with labelled facts and numbered items. */
class Writer extends PdfWriter {
  constructor(doc: PDFKit.PDFDocument) {
    super(doc, {
      heading: { size: 12, room: 60, before: 0.6, after: 0.2 },
      para: { size: 10.5, lineGap: 2, after: 0.3 },
      table: { size: 9, rowHeight: 14, rule: false },
    });
  }
  fact(label: string, value: string) {
    this.doc
      .font('Helvetica-Bold')
      .fontSize(10.5)
      .fillColor(PDF_INK)
      .text(`${printable(label)}: `, this.left, undefined, { continued: true });
    this.doc.font('Helvetica').text(printable(value));
  }
  items(values: readonly string[], numbered: boolean) {
    values.forEach((v, i) => {
      this.doc
        .font('Helvetica')
        .fontSize(10.5)
        .fillColor(PDF_INK)
        .text(`${numbered ? `${i + 1}.` : '-'}  ${printable(v)}`, this.left, undefined, { width: this.width, indent: 10, lineGap: 2 });
      this.doc.moveDown(0.15);
    });
    this.doc.moveDown(0.2);
  }
}

const severityInWords = (s: string | null): string => (s === null ? '' : ` (${severityWords(s)})`);

function writeCourse(w: Writer, f: ProgressLetterPdfFacts): void {
  w.heading('The course');
  const c = f.course;
  if (c === null) return w.para('No program course is recorded for this patient.', { muted: true });
  const dates =
    c.firstDay !== null && c.lastDay !== null
      ? `, ${formatDate(c.firstDay)} to ${formatDate(c.lastDay)}`
      : c.firstDay !== null
        ? `, from ${formatDate(c.firstDay)}`
        : '';
  w.fact('Program', `${c.title}${dates}`);
  w.fact('Where the course stands', c.state);
  w.doc.moveDown(0.3);
  if (c.eventsHeld.length === 0) w.para('No event of the course has been held yet.', { muted: true });
  else {
    const dosed = c.eventsHeld.filter((e) => e.dosed === true).length;
    const dosing = c.eventsHeld.filter((e) => e.dosed !== null).length;
    w.para(
      `Events held: ${c.eventsHeld.length}${dosing > 0 ? `, of which ${dosing} dosing session${dosing === 1 ? '' : 's'} (${dosed} with a dose given)` : ''}${c.eventsAhead > 0 ? `; ${c.eventsAhead} still to come` : ''}.`,
    );
    w.table(
      [
        { title: 'Date', width: 100 },
        { title: 'Event', width: 300 },
        { title: 'Dose', width: 100 },
      ],
      c.eventsHeld
        .slice(-PROGRESS_LETTER_LIMITS.rows)
        .map((e) => [shortDate(e.date), e.title, e.dosed === null ? '' : e.dosed ? 'given' : 'not given']),
    );
  }
}

function writeDoses(w: Writer, f: ProgressLetterPdfFacts): void {
  w.heading('Doses given');
  if (f.doses.length === 0) return w.para('No dose has been given.', { muted: true });
  w.table(
    [
      { title: 'Date', width: 90 },
      { title: 'Ketamine (mg)', width: 80, align: 'right' },
      { title: 'mg/kg', width: 50, align: 'right' },
      { title: 'Weight (kg)', width: 70, align: 'right' },
      { title: 'Route', width: 130 },
      { title: 'Program', width: 92 },
    ],
    f.doses
      .slice(-PROGRESS_LETTER_LIMITS.rows)
      .map((d) => [shortDate(d.date), decimal(d.doseMg, 1), decimal(d.mgPerKg, 2), decimal(d.weightKg, 1), d.route, d.program]),
  );
  w.para('Doses as ordered and independently double-checked; each session’s dosing record holds the minute-by-minute course.', {
    muted: true,
    size: 9,
  });
}

function writeScores(w: Writer, f: ProgressLetterPdfFacts): void {
  w.heading('Scores over time');
  if (f.scores.length === 0) return w.para('No questionnaire has been scored yet.', { muted: true });
  w.para(
    'PCL-5 (PTSD symptoms, 0-80), PHQ-9 (depression, 0-27), GAD-7 (anxiety, 0-21): lower is better. Each PCL-5 is read against the first (the baseline) with the thresholds of the clinic’s protocol.',
    { muted: true, size: 9 },
  );
  w.table(
    [
      { title: 'Date', width: 90 },
      { title: 'PCL-5', width: 50, align: 'right' },
      { title: 'PHQ-9', width: 110 },
      { title: 'GAD-7', width: 100 },
      { title: 'PCL-5 against baseline', width: 162 },
    ],
    f.scores
      .slice(-PROGRESS_LETTER_LIMITS.rows)
      .map((r) => [
        shortDate(r.date),
        r.pcl5 === null ? '' : String(r.pcl5),
        r.phq9 === null ? '' : `${r.phq9.total}${severityInWords(r.phq9.severity)}`,
        r.gad7 === null ? '' : `${r.gad7.total}${severityInWords(r.gad7.severity)}`,
        r.pcl5Words ?? '',
      ]),
  );
  if (f.responseWords !== null) w.para(f.responseWords);
}

function writeCarePlan(w: Writer, f: ProgressLetterPdfFacts): void {
  w.heading('Care plan goals');
  const p = f.carePlan;
  if (p === null) return w.para('No continuing care plan has been signed yet.', { muted: true });
  w.para(`From the continuing care plan signed on ${formatInstantDate(p.signedAt, f.timeZone)} by ${p.signedBy}.`, {
    muted: true,
    size: 9,
  });
  if (p.goals.length === 0) w.para('No goals were written down.');
  else
    w.items(
      p.goals.map((g) => bounded(g, PROGRESS_LETTER_LIMITS.textChars, '(shortened)')),
      true,
    );
  if (p.maintenancePlan !== '') {
    w.doc.font('Helvetica-Bold').fontSize(10.5).fillColor(PDF_INK).text('Maintenance plan', w.left);
    w.para(bounded(p.maintenancePlan, PROGRESS_LETTER_LIMITS.textChars, '(shortened)'));
  }
}

/** Renders the letter; resolves with the PDF's bytes. */
export function renderProgressLetterPdf(f: ProgressLetterPdfFacts): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'LETTER',
    margins: { top: 50, bottom: 54, left: 56, right: 56 },
    bufferPages: true,
    info: { Title: 'Progress letter', Author: printable(f.clinicName), Creator: 'Kairos', CreationDate: f.generatedAt },
  });
  const done = pdfBytes(doc);
  const w = new Writer(doc);
  syntheticBanner(doc, f.patient.synthetic);
  doc.font('Helvetica-Bold').fontSize(16).fillColor(PDF_INK).text(printable(f.clinicName));
  doc.font('Helvetica').fontSize(10).fillColor(PDF_MUTED).text(formatInstantDate(f.generatedAt, f.timeZone));
  doc.moveDown(0.8);
  const to =
    f.addressee === null
      ? 'To the referring clinician'
      : `To ${f.addressee.name}${f.addressee.organisation === null ? '' : `, ${f.addressee.organisation}`}`;
  w.para(to);
  doc.moveDown(0.2);
  doc
    .font('Helvetica-Bold')
    .fontSize(11)
    .fillColor(PDF_INK)
    .text(printable(`Progress of ${f.patient.givenName} ${f.patient.familyName}`), w.left);
  w.para(`Date of birth ${formatDate(f.patient.birthDate)} · MRN ${f.patient.mrn}`, { muted: true, size: 9.5 });
  w.para(
    `Thank you for referring ${f.patient.givenName} ${f.patient.familyName} to ${f.clinicName}. This letter summarises the course of ketamine-assisted psychotherapy so far: the doses given, the measures over time and the goals of the continuing care plan.`,
  );
  writeCourse(w, f);
  writeDoses(w, f);
  writeScores(w, f);
  writeCarePlan(w, f);
  w.room(90);
  doc.moveDown(1.2);
  w.para('Yours sincerely,');
  w.signatureLine(220);
  w.para(`${f.author}, ${f.clinicName}`);
  w.para('This letter holds protected health information: keep it in the patient’s record.', { muted: true, size: 8.5 });
  footOfEveryPage(
    doc,
    `${printable(bounded(f.clinicName, 80, '')).replace(/\s+/g, ' ')} · progress letter · ${printable(f.patient.familyName)}, MRN ${printable(f.patient.mrn)}`,
    30,
  );
  doc.end();
  return done;
}
