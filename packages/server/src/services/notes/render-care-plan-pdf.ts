/**
 * The continuing care plan as a PDF (pdfkit): one version for the patient in plain language (goals,
 * maintenance plan, follow-up questionnaires with their dates, crisis resources, the clinic) and one
 * for the referring clinician (a clinical summary: program and dates, who signed, the plan, the
 * measures and every amendment). Pure rendering: the facts are gathered by `internal/care-plan-facts.ts`.
 *
 * @module
 */
import PDFDocument from 'pdfkit';
import { bounded, pdfBytes, printable, syntheticBanner, UNBROKEN_RUN_CHARS, type PdfPatient } from '../pdf-printable.js';

export type CarePlanAudience = 'patient' | 'referrer';

/** Everything a care plan PDF shows, gathered and formatted by the caller's data. */
export interface CarePlanPdfFacts {
  clinicName: string;
  timeZone: string;
  patient: PdfPatient;
  /** The program the plan closes, when the note belongs to an enrollment. */
  program: {
    title: string;
    firstDay: string | null;
    lastDay: string | null;
    /** The enrollment's current state in plain words. */ state: string;
  } | null;
  signedBy: string;
  signedAt: Date;
  contentHash: string;
  /** The signed content, by field id (see the continuing-care-plan template). */
  content: Record<string, unknown>;
  /** Follow-up questionnaires with their dates, when the program has a booked schedule. */
  followUps: { date: string; label: string; instruments: string[] }[];
  amendments: { at: Date; by: string; reason: string; body: string }[];
  /** The site's current crisis resources text (site content), when the site has written one. */
  siteCrisisResources: string | null;
  generatedAt: Date;
}

/** Said when the site has written no crisis resources: a plain, safe instruction beside the plan's own. */
export const CRISIS_FALLBACK =
  'If you are in danger or thinking about harming yourself, call your local emergency number now or go to the nearest emergency department.';

/**
 * Bounds on what one PDF prints (system limits, not clinical numbers): the most recent amendments,
 * each shortened past a length, so that a plan amended many times still makes a readable PDF in
 * moments. The full text stays in the record, and the PDF says what it left out.
 */
export const CARE_PLAN_PDF_LIMITS = Object.freeze({
  /** Amendments printed (the most recent). */
  amendments: 20,
  /** Characters of one amendment's body or reason printed. */
  amendmentChars: 4_000,
  /** Longest run without a space printed as one word (`pdf-printable.ts`). */
  unbrokenRunChars: UNBROKEN_RUN_CHARS,
});

const text = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');
const list = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x.trim() !== '').map((x) => x.trim()) : [];

function formatDate(isoDate: string): string {
  return new Intl.DateTimeFormat('en-US', { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${isoDate}T12:00:00Z`));
}
function formatInstantDate(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-US', { dateStyle: 'long', timeZone }).format(at);
}
function formatInstant(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-US', { dateStyle: 'long', timeStyle: 'short', timeZone }).format(at);
}

/** A small writer over pdfkit: headings, paragraphs and lists with consistent spacing. */
class Writer {
  constructor(readonly doc: PDFKit.PDFDocument) {}
  title(s: string) {
    this.doc.font('Helvetica-Bold').fontSize(20).fillColor('#1a1a1a').text(printable(s));
    this.doc.moveDown(0.3);
  }
  subtitle(s: string) {
    this.doc.font('Helvetica').fontSize(13).fillColor('#444444').text(printable(s));
    this.doc.moveDown(0.8);
  }
  heading(s: string) {
    this.doc.moveDown(0.6);
    this.doc.font('Helvetica-Bold').fontSize(13).fillColor('#1a1a1a').text(printable(s));
    this.doc.moveDown(0.25);
  }
  para(s: string, { muted = false }: { muted?: boolean } = {}) {
    this.doc
      .font('Helvetica')
      .fontSize(11)
      .fillColor(muted ? '#555555' : '#1a1a1a')
      .text(printable(s), { lineGap: 2 });
    this.doc.moveDown(0.3);
  }
  fact(label: string, value: string) {
    this.doc
      .font('Helvetica-Bold')
      .fontSize(11)
      .fillColor('#1a1a1a')
      .text(`${printable(label)}: `, { continued: true });
    this.doc.font('Helvetica').text(printable(value));
  }
  items(values: string[], { numbered = false }: { numbered?: boolean } = {}) {
    values.forEach((v, i) => {
      this.doc
        .font('Helvetica')
        .fontSize(11)
        .fillColor('#1a1a1a')
        .text(`${numbered ? `${i + 1}.` : '•'}  ${printable(v)}`, { indent: 10, lineGap: 2 });
      this.doc.moveDown(0.2);
    });
    this.doc.moveDown(0.3);
  }
  box(heading: string, body: () => void) {
    this.heading(heading);
    body();
  }
}

function programLine(p: NonNullable<CarePlanPdfFacts['program']>): string {
  if (p.firstDay !== null && p.lastDay !== null) return `${p.title}, ${formatDate(p.firstDay)} to ${formatDate(p.lastDay)}`;
  return p.title;
}

/** The most recent amendments within the limit, each bounded, and how many earlier ones are left out. */
function amendmentsShown(f: CarePlanPdfFacts, shortened: string): { shown: CarePlanPdfFacts['amendments']; earlier: number } {
  const max = CARE_PLAN_PDF_LIMITS.amendmentChars;
  const shown = f.amendments
    .slice(-CARE_PLAN_PDF_LIMITS.amendments)
    .map((a) => ({ ...a, reason: bounded(a.reason, max, shortened), body: bounded(a.body, max, shortened) }));
  return { shown, earlier: f.amendments.length - shown.length };
}

function writePatient(w: Writer, f: CarePlanPdfFacts): void {
  const c = f.content;
  w.title(f.clinicName);
  w.subtitle(`Your continuing care plan, ${f.patient.givenName} ${f.patient.familyName}`);
  if (f.program !== null) w.para(`This plan is for the time after your ${programLine(f.program)}.`);
  w.para(`We agreed it together on ${formatInstantDate(f.signedAt, f.timeZone)}; ${f.signedBy} signed it.`, { muted: true });
  w.box('Your goals', () => {
    const goals = list(c.goals);
    if (goals.length === 0) w.para('No goals were written down.');
    else w.items(goals, { numbered: true });
  });
  w.box('Keeping well: your maintenance plan', () => w.para(text(c.maintenancePlan)));
  w.box('Follow-up questionnaires', () => {
    if (f.followUps.length > 0) {
      w.para('Please fill these in through your patient portal on or soon after each date:');
      w.items(f.followUps.map((m) => `${formatDate(m.date)}: ${m.instruments.join(', ')}`));
    }
    if (text(c.followUpMeasures) !== '') w.para(text(c.followUpMeasures));
  });
  if (text(c.supports) !== '') w.box('People and services who support you', () => w.para(text(c.supports)));
  if (f.amendments.length > 0) {
    w.box('Changes made to your plan since it was signed', () => {
      const { shown, earlier } = amendmentsShown(f, '(shortened here; the full text is in your record at the clinic)');
      if (earlier > 0)
        w.para(
          `${earlier} earlier ${earlier === 1 ? 'change is' : 'changes are'} not printed here; ${f.clinicName} can give you your full record.`,
          {
            muted: true,
          },
        );
      for (const a of shown) w.para(`${formatInstantDate(a.at, f.timeZone)}: ${a.body}`);
    });
  }
  w.box('If you are in crisis', () => {
    if (text(c.crisisResources) !== '') w.para(text(c.crisisResources));
    if (f.siteCrisisResources === null) w.para(CRISIS_FALLBACK);
    else if (f.siteCrisisResources.trim() !== text(c.crisisResources)) w.para(f.siteCrisisResources.trim());
  });
  w.doc.moveDown(1);
  w.para(`Questions about this plan? Contact ${f.clinicName}.`, { muted: true });
}

function writeReferrer(w: Writer, f: CarePlanPdfFacts): void {
  const c = f.content;
  w.title(f.clinicName);
  w.subtitle('Continuing care plan: summary for the referring clinician');
  w.fact('Patient', `${f.patient.givenName} ${f.patient.familyName}`);
  w.fact('Date of birth', formatDate(f.patient.birthDate));
  w.fact('MRN', f.patient.mrn);
  if (f.program !== null) {
    w.fact('Program', programLine(f.program));
    w.fact('Enrollment', f.program.state);
  }
  w.fact('Plan signed', `${formatInstant(f.signedAt, f.timeZone)} by ${f.signedBy}`);
  w.doc.moveDown(0.5);
  if (text(c.referrerSummary) !== '') w.box('Clinical summary', () => w.para(text(c.referrerSummary)));
  w.box('Goals', () => {
    const goals = list(c.goals);
    if (goals.length === 0) w.para('None recorded.');
    else w.items(goals, { numbered: true });
  });
  w.box('Maintenance plan', () => w.para(text(c.maintenancePlan)));
  w.box('Follow-up measures', () => {
    if (f.followUps.length > 0) w.items(f.followUps.map((m) => `${formatDate(m.date)} (${m.label}): ${m.instruments.join(', ')}`));
    if (text(c.followUpMeasures) !== '') w.para(text(c.followUpMeasures));
  });
  if (text(c.supports) !== '') w.box('Support people and services', () => w.para(text(c.supports)));
  w.box('Crisis resources given to the patient', () => {
    if (text(c.crisisResources) !== '') w.para(text(c.crisisResources));
    if (f.siteCrisisResources !== null && f.siteCrisisResources.trim() !== text(c.crisisResources)) w.para(f.siteCrisisResources.trim());
  });
  w.box('Amendments', () => {
    if (f.amendments.length === 0) w.para('None.');
    const { shown, earlier } = amendmentsShown(f, '(shortened; the full text is in the record)');
    if (earlier > 0)
      w.para(
        `${earlier} earlier ${earlier === 1 ? 'amendment is' : 'amendments are'} not printed; ${f.clinicName} holds the full record.`,
        {
          muted: true,
        },
      );
    for (const a of shown) {
      w.fact(formatInstant(a.at, f.timeZone), `${a.by}; reason: ${a.reason}`);
      w.para(a.body);
    }
  });
  w.doc.moveDown(1);
  w.para(`Generated ${formatInstant(f.generatedAt, f.timeZone)} by Kairos from the signed plan (content hash ${f.contentHash}).`, {
    muted: true,
  });
}

/** Renders the plan for `audience`; resolves with the PDF's bytes. */
export function renderCarePlanPdf(facts: CarePlanPdfFacts, audience: CarePlanAudience): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'LETTER',
    margins: { top: 56, bottom: 56, left: 60, right: 60 },
    info: {
      Title: audience === 'patient' ? 'Your continuing care plan' : 'Continuing care plan: summary for the referring clinician',
      Author: printable(facts.clinicName),
      Creator: 'Kairos',
      CreationDate: facts.generatedAt,
    },
  });
  const done = pdfBytes(doc);
  const w = new Writer(doc);
  syntheticBanner(doc, facts.patient.synthetic);
  if (audience === 'patient') writePatient(w, facts);
  else writeReferrer(w, facts);
  doc.end();
  return done;
}
