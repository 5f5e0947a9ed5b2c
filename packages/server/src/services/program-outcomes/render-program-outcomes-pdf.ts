/**
 * The program outcomes report as a PDF (pdfkit; issue 24, Must 3): the dashboard's figures for the
 * filters chosen (site, program, course start dates, cohort), with its charts drawn in vector: the
 * flow, the PCL-5, PHQ-9 and GAD-7 means with their CIs (at the site's level, 95% by default) beside the published means, the
 * rates with their Wilson intervals over n and the number started, the durability of response
 * (Kaplan-Meier median with its CI, the step curve with its band and censor marks), safety, the completeness of the
 * measures, and the literature with its citations and its caution. Plain words: no internal
 * identifiers. A cohort too small to report prints counts only, saying why.
 *
 * Pure rendering (facts in, bytes out, no I/O): the figures are computed by core and read by
 * `program-outcomes-pdf.ts`; this runs in the PDF worker pool, never on the server's event loop.
 * Nothing here computes a statistic: it rounds and phrases.
 *
 * @module
 */
import PDFDocument from 'pdfkit';
import {
  ADVERSE_EVENT_KIND_LABELS,
  ADVERSE_EVENT_SEVERITY_LABELS,
  PROGRAM_TIME_POINTS,
  type ProgramMean,
  type ProgramOutcomes,
  type ProgramTimePoint,
} from '@kairos/api';
import {
  PROGRAM_INSTRUMENT_LABELS,
  PROGRAM_RATE_IDS,
  PROGRAM_RATE_LABELS,
  PROGRAM_TIME_POINT_LABELS as TIME_POINT_WORDS,
  benchmarkValueText,
  durabilityPlot,
  findProgramTemplate,
  kairMeans,
  programLevelText,
  programWords,
  sessionsByRouteWords,
  suppressedText,
} from '@kairos/core';
import { footOfEveryPage, pdfBytes, printable } from '../pdf-printable.js';
import { PDF_INK as INK, PDF_MUTED as MUTED, PdfWriter, type PdfColumn as Column, type PdfHeadingStyle } from '../pdf-writer.js';

/** Everything the report shows: the dashboard's answer, the site's zone, who printed it and when. */
export interface ProgramOutcomesPdfFacts {
  outcomes: ProgramOutcomes;
  timeZone: string;
  /** The site is the demo's synthetic clinic. */
  synthetic: boolean;
  printedBy: string;
  generatedAt: Date;
}

/** The caution printed beside the literature (the Outcomes page says the same). */
export const LITERATURE_CAUTION =
  'Published figures come from other settings: other patients, doses, measures and follow-up, mostly in trials. They give context, not a target; and this site’s numbers, from courses without a comparison group, are not proof that the treatment works. The evidence itself is mixed: a trial in 158 veterans found no PCL-5 benefit over placebo (Abdallah 2022), and pooled trials show a small effect (Aita 2024).';

const NOT_REPORTED = '-';

// ---- words (core's, with the marks the standard fonts print: a hyphen between bounds and before a negative) ----

const PDF_MARKS = { dash: '-', minus: '-', notReported: NOT_REPORTED };

/** The words, their intervals named at the figures' level (`ProgramOutcomes.confidenceLevelPercent`: "90% CI"); the default level's without one. */
const wordsAt = (levelPercent?: number) => programWords(PDF_MARKS, levelPercent);

/** The words that name no interval, the same at any level. */
const { oneDecimal, meanText, intervalText, quartilesText, shareText, per100Text } = wordsAt();

/** "median 91 days (95% CI 60 to not reached)", "median not reached (95% CI not reached)"; the interval named at `levelPercent` (95 by default). */
export const medianWords = (median: NonNullable<ProgramOutcomes['durability']>['median'], levelPercent?: number): string =>
  wordsAt(levelPercent).medianText(median);

const count = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

const kindWords = (kind: string): string => (ADVERSE_EVENT_KIND_LABELS as Readonly<Record<string, string>>)[kind] ?? 'Other';

function formatDate(isoDate: string): string {
  return new Intl.DateTimeFormat('en-US', { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${isoDate}T12:00:00Z`));
}
const formatInstant = (at: Date, timeZone: string) =>
  new Intl.DateTimeFormat('en-US', { dateStyle: 'long', timeStyle: 'short', timeZone }).format(at);

/** The filters in words: "Courses starting May 1, 2026 to July 31, 2026 · 5-day ... retreat · All patients of ...". */
export function filterWords(o: ProgramOutcomes): string[] {
  const f = o.filters;
  const range =
    f.from === null && f.to === null
      ? 'Every course (no start-date range chosen)'
      : f.from !== null && f.to !== null
        ? `Courses starting ${formatDate(f.from)} to ${formatDate(f.to)}`
        : f.from !== null
          ? `Courses starting on or after ${formatDate(f.from)}`
          : `Courses starting on or before ${formatDate(f.to ?? '')}`;
  const program = f.template === null ? 'All programs' : (findProgramTemplate(f.template)?.title ?? 'One program');
  const lines = [range, `Program: ${program}`];
  if (f.cohort !== null) lines.push(`Cohort: ${f.cohort.label.replace(/\b(\d{4}-\d{2}-\d{2})\b/g, (d) => formatDate(d))}`);
  lines.push(
    f.ownPatientsOnly ? 'Your own patients only (the courses of the patients whose care team you are on)' : 'All patients of the site',
  );
  return lines;
}

// ---- layout ----

const ACCENT = '#1c7ed6';
const BAND = '#a5d8ff';
const PUBLISHED = '#e8590c';

const SUBHEADING: PdfHeadingStyle = { size: 10, room: 40, before: 0.3, after: 0.15 };

/** The report's writer: the shared layout in the report's sizes, with a smaller heading, and the words at the figures' level. */
class Writer extends PdfWriter {
  readonly words: ReturnType<typeof wordsAt>;
  constructor(doc: PDFKit.PDFDocument, levelPercent: number) {
    super(doc, {
      heading: { size: 13, room: 70, before: 0.7, after: 0.25 },
      para: { size: 9.5, lineGap: 1.5, after: 0.2 },
      table: { size: 8.5, rowHeight: 13, rule: true },
    });
    this.words = wordsAt(levelPercent);
  }
  subheading(s: string) {
    this.heading(s, SUBHEADING);
  }
}

// ---- charts (vector) ----

interface Plot {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Axes with ticks and labels; returns the plot area. */
function axes(
  doc: PDFKit.PDFDocument,
  area: Plot,
  yTicks: readonly { value: number; label: string }[],
  yMax: number,
  xTicks: readonly { at: number; label: string }[],
  yTitle: string,
  xTitle: string,
): (v: number) => number {
  const yOf = (v: number) => area.y + area.h - (v / yMax) * area.h;
  doc.lineWidth(0.5).strokeColor('#dddddd');
  for (const t of yTicks) {
    doc
      .moveTo(area.x, yOf(t.value))
      .lineTo(area.x + area.w, yOf(t.value))
      .stroke();
    doc
      .font('Helvetica')
      .fontSize(7)
      .fillColor(MUTED)
      .text(t.label, area.x - 34, yOf(t.value) - 3, { width: 30, align: 'right', lineBreak: false });
  }
  doc.lineWidth(0.8).strokeColor('#666666');
  doc
    .moveTo(area.x, area.y)
    .lineTo(area.x, area.y + area.h)
    .lineTo(area.x + area.w, area.y + area.h)
    .stroke();
  for (const t of xTicks) {
    doc
      .moveTo(t.at, area.y + area.h)
      .lineTo(t.at, area.y + area.h + 3)
      .stroke();
    doc
      .font('Helvetica')
      .fontSize(7)
      .fillColor(MUTED)
      .text(t.label, t.at - 30, area.y + area.h + 5, { width: 60, align: 'center', lineBreak: false });
  }
  doc
    .font('Helvetica')
    .fontSize(7)
    .fillColor(MUTED)
    .text(xTitle, area.x, area.y + area.h + 16, { width: area.w, align: 'center', lineBreak: false });
  doc.save();
  doc.rotate(-90, { origin: [area.x - 40, area.y + area.h / 2] });
  doc.text(yTitle, area.x - 40 - area.h / 2, area.y + area.h / 2 - 4, { width: area.h, align: 'center', lineBreak: false });
  doc.restore();
  return yOf;
}

const CHART_HEIGHT = 170;

/** The legend's row above a plot: the curves never run under its words (a survival curve starts at the top). */
const LEGEND_ROW = 16;

/** A chart on the page: room for it (a new page if needed), `draw` in its plot area below the legend's row, then the position below it. */
function chart(w: Writer, draw: (doc: PDFKit.PDFDocument, area: Plot) => void): void {
  w.room(CHART_HEIGHT + LEGEND_ROW + 50);
  const top = w.doc.y + 8 + LEGEND_ROW;
  draw(w.doc, { x: w.left + 50, y: top, w: w.width - 70, h: CHART_HEIGHT - 40 });
  w.doc.x = w.left;
  w.doc.y = top + CHART_HEIGHT - 8;
}

/** A line through `points`, in the stroke set (none for a single point). */
function polyline(doc: PDFKit.PDFDocument, points: readonly { x: number; y: number }[]): void {
  points.forEach((p, i) => (i === 0 ? doc.moveTo(p.x, p.y) : doc.lineTo(p.x, p.y)));
  if (points.length > 1) doc.stroke();
}

/** A legend's entry above a plot at `x`: a short line as drawn (`dashed` or solid) and its label beside it. */
function legendLine(
  doc: PDFKit.PDFDocument,
  area: Plot,
  x: number,
  line: { width: number; color: string; dashed?: boolean },
  label: string,
): void {
  const y = area.y - LEGEND_ROW;
  doc.lineWidth(line.width).strokeColor(line.color);
  if (line.dashed === true) doc.dash(3, { space: 2 });
  doc
    .moveTo(x, y + 4)
    .lineTo(x + 16, y + 4)
    .stroke();
  if (line.dashed === true) doc.undash();
  doc
    .font('Helvetica')
    .fontSize(7)
    .fillColor(INK)
    .text(label, x + 20, y, { lineBreak: false });
}

/** The PCL-5 mean at each time point with its interval (whiskers), and the KAIR program's published means (dashed). */
function drawPcl5Chart(w: Writer, means: readonly ProgramMean[], published: Partial<Record<ProgramTimePoint, number>>): void {
  chart(w, (doc, area) => drawPcl5(doc, area, means, published, w.words.ciWords));
}

function drawPcl5(
  doc: PDFKit.PDFDocument,
  area: Plot,
  means: readonly ProgramMean[],
  published: Partial<Record<ProgramTimePoint, number>>,
  ci: string,
) {
  const slot = area.w / PROGRAM_TIME_POINTS.length;
  const xOf = (t: ProgramTimePoint) => area.x + slot * (PROGRAM_TIME_POINTS.indexOf(t) + 0.5);
  const yOf = axes(
    doc,
    area,
    [0, 20, 40, 60, 80].map((v) => ({ value: v, label: String(v) })),
    80,
    PROGRAM_TIME_POINTS.map((t) => ({ at: xOf(t), label: TIME_POINT_WORDS[t] })),
    'PCL-5 (0-80)',
    'Time point',
  );
  // The published means: dashed, hollow squares.
  const pub = PROGRAM_TIME_POINTS.flatMap((t) => (published[t] === undefined ? [] : [{ x: xOf(t), y: yOf(published[t]) }]));
  doc.lineWidth(1).strokeColor(PUBLISHED).dash(3, { space: 2 });
  polyline(doc, pub);
  doc.undash();
  for (const p of pub)
    doc
      .rect(p.x - 2.5, p.y - 2.5, 5, 5)
      .lineWidth(1)
      .stroke(PUBLISHED);
  // The site's means: whiskers for the interval, a line through the means.
  const site = means.filter((m) => m.mean !== null).map((m) => ({ m, x: xOf(m.timePoint), y: yOf(m.mean ?? 0) }));
  doc.lineWidth(0.8).strokeColor(ACCENT);
  for (const { m, x } of site)
    if (m.ci !== null) {
      const lo = yOf(Math.max(0, m.ci.lower));
      const hi = yOf(Math.min(80, m.ci.upper));
      doc
        .moveTo(x, lo)
        .lineTo(x, hi)
        .moveTo(x - 3, lo)
        .lineTo(x + 3, lo)
        .moveTo(x - 3, hi)
        .lineTo(x + 3, hi)
        .stroke();
    }
  doc.lineWidth(1.5).strokeColor(ACCENT);
  polyline(doc, site);
  for (const p of site) doc.circle(p.x, p.y, 2.5).fill(ACCENT);
  // Legend.
  const lx = area.x + area.w - 230;
  legendLine(doc, area, lx, { width: 1.5, color: ACCENT }, `This site: mean with ${ci}`);
  legendLine(doc, area, lx + 120, { width: 1, color: PUBLISHED, dashed: true }, 'KAIR program: published means');
}

/**
 * The Kaplan-Meier step curve of staying a responder, run to the last follow-up, its band shaded, a
 * tick where a responder was censored (core's `durabilityPlot`), a dotted line at 50%.
 */
function drawDurabilityChart(w: Writer, d: NonNullable<ProgramOutcomes['durability']>): void {
  chart(w, (doc, area) => drawDurability(doc, area, d, w.words.ciWords));
}

/** A censor mark: a small cross on the curve at (x, y), seen on a step's upright line too (a responder censored on the day of a loss). */
const CENSOR_TICK = 3.5;

function censorMark(doc: PDFKit.PDFDocument, x: number, y: number): void {
  doc
    .lineWidth(1)
    .strokeColor(ACCENT)
    .moveTo(x, y - CENSOR_TICK)
    .lineTo(x, y + CENSOR_TICK)
    .moveTo(x - CENSOR_TICK, y)
    .lineTo(x + CENSOR_TICK, y)
    .stroke();
}

function drawDurability(doc: PDFKit.PDFDocument, area: Plot, d: NonNullable<ProgramOutcomes['durability']>, ci: string) {
  const { points, censorMarks, lastDay } = durabilityPlot(d);
  const maxDays = Math.max(30, Math.ceil(lastDay / 30) * 30);
  const xOf = (days: number) => area.x + (days / maxDays) * area.w;
  const ticks: { at: number; label: string }[] = [];
  const step = maxDays > 180 ? 60 : 30;
  for (let day = 0; day <= maxDays; day += step) ticks.push({ at: xOf(day), label: String(day) });
  const yOf = axes(
    doc,
    area,
    [0, 0.25, 0.5, 0.75, 1].map((v) => ({ value: v, label: `${v * 100}%` })),
    1,
    ticks,
    'Still responding',
    'Days after the last dosing session',
  );
  // The band: from each step to the next, between its lower and upper bounds.
  doc.save();
  doc.fillColor(BAND).fillOpacity(0.6);
  points.forEach((p, i) => {
    const next = points[i + 1]?.days ?? p.days;
    if (p.lower === null || p.upper === null || next <= p.days) return;
    doc.rect(xOf(p.days), yOf(p.upper), xOf(next) - xOf(p.days), yOf(p.lower) - yOf(p.upper)).fill();
  });
  doc.restore();
  // 50%, where the median is read.
  doc.lineWidth(0.7).strokeColor('#888888').dash(1, { space: 2 });
  doc
    .moveTo(area.x, yOf(0.5))
    .lineTo(area.x + area.w, yOf(0.5))
    .stroke();
  doc.undash();
  // The step curve.
  doc.lineWidth(1.6).strokeColor(ACCENT);
  let survival = 1;
  doc.moveTo(xOf(0), yOf(1));
  for (const p of points) {
    doc.lineTo(xOf(p.days), yOf(survival));
    doc.lineTo(xOf(p.days), yOf(p.survival));
    survival = p.survival;
  }
  doc.stroke();
  // A tick where a responder was censored (still responding at their last PCL-5), the last follow-up's included.
  for (const m of censorMarks) censorMark(doc, xOf(m.days), yOf(m.survival));
  const ly = area.y - LEGEND_ROW;
  const lx = area.x + area.w - 250;
  legendLine(doc, area, lx, { width: 1.6, color: ACCENT }, 'Kaplan-Meier estimate');
  doc
    .save()
    .fillColor(BAND)
    .fillOpacity(0.6)
    .rect(lx + 110, ly, 16, 8)
    .fill()
    .restore();
  doc.fillColor(INK).text(`${ci} band`, lx + 130, ly, { lineBreak: false });
  if (censorMarks.length > 0) {
    censorMark(doc, lx + 200, ly + 4);
    doc.fillColor(INK).text('Censored', lx + 206, ly, { lineBreak: false });
  }
}

// ---- sections ----

const byTimePoint = <T extends { timePoint: ProgramTimePoint }>(list: readonly T[]): T[] =>
  [...list].sort((a, b) => PROGRAM_TIME_POINTS.indexOf(a.timePoint) - PROGRAM_TIME_POINTS.indexOf(b.timePoint));

function writeFlow(w: Writer, o: ProgramOutcomes): void {
  const f = o.flow;
  w.heading('From referral to follow-up');
  w.table(
    [
      { title: 'Referred', width: 70, align: 'right' },
      { title: 'Screened', width: 70, align: 'right' },
      { title: 'Eligible', width: 70, align: 'right' },
      { title: 'Started', width: 70, align: 'right' },
      { title: 'Completed', width: 70, align: 'right' },
      { title: 'Withdrawn', width: 70, align: 'right' },
      { title: 'Lost to follow-up', width: 92, align: 'right' },
    ],
    [[f.referred, f.screened, f.eligible, f.started, f.completed, f.withdrawn, f.lostToFollowUp].map(String)],
  );
  if (f.withdrawnReasons.length > 0)
    w.para(`Reasons for withdrawal: ${f.withdrawnReasons.map((r) => `${r.reason} (${r.count})`).join('; ')}.`);
  w.para(
    'Started: a dosing session’s infusion began. Lost to follow-up: a started course, not withdrawn, that answered no PCL-5 at +30 or +90 days once the +90 days window closed.',
    { muted: true, size: 8 },
  );
}

function meansTable(w: Writer, means: readonly ProgramMean[], suppressed: boolean, published?: Partial<Record<ProgramTimePoint, number>>) {
  if (means.length === 0) return w.para('None answered in these courses.', { muted: true });
  const columns: Column[] = [
    { title: 'Time point', width: 100 },
    { title: 'n', width: 40, align: 'right' },
  ];
  if (!suppressed) columns.push({ title: 'Mean', width: 60, align: 'right' }, { title: w.words.ciWords, width: 90, align: 'right' });
  if (published !== undefined) columns.push({ title: 'Published mean (KAIR)', width: 120, align: 'right' });
  w.table(
    columns,
    byTimePoint(means).map((m) => {
      const row = [TIME_POINT_WORDS[m.timePoint], String(m.n)];
      if (!suppressed) row.push(meanText(m.mean), intervalText(m.ci));
      if (published !== undefined) row.push(meanText(published[m.timePoint] ?? null));
      return row;
    }),
  );
}

function writeScores(w: Writer, o: ProgramOutcomes): void {
  w.heading('Scores');
  w.para(
    `Patients who answered at each time point (n)${o.suppressed ? '' : `, their mean and its ${w.words.ciWords} (t-based), one decimal`}. Lower is better on every scale. End of course: day 5 of a retreat, the day after a series’ last infusion.`,
    { muted: true },
  );
  const published = kairMeans(o.benchmarks);
  w.subheading('PCL-5 (PTSD symptoms, 0-80)');
  meansTable(w, o.scores.pcl5, o.suppressed, published);
  w.para('Published means: KAIR program description (brief), a different setting: context, not a target.', { muted: true, size: 8 });
  if (!o.suppressed && o.scores.pcl5.some((m) => m.mean !== null)) {
    w.subheading('PCL-5 mean over time');
    drawPcl5Chart(w, o.scores.pcl5, published);
  }
  w.subheading('PHQ-9 (depression, 0-27)');
  meansTable(w, o.scores.phq9, o.suppressed);
  w.subheading('GAD-7 (anxiety, 0-21) at baseline');
  const gad7 = o.scores.gad7.find((g) => g.timePoint === 'baseline');
  w.para(
    gad7 === undefined || gad7.n === 0
      ? 'No GAD-7 at baseline in these courses.'
      : o.suppressed || gad7.mean === null
        ? `${gad7.n} answered.`
        : `Mean ${meanText(gad7.mean)} (${w.words.ciText(gad7.ci)}), ${gad7.n} answered.`,
  );
}

function writeRates(w: Writer, o: ProgramOutcomes): void {
  w.heading('Response, remission and reliable improvement');
  if (o.suppressed) return w.para('Not reported: the cohort is too small (counts only).', { muted: true });
  w.para(
    `Among the patients with a baseline and that time point’s PCL-5, as the protocol in force defines each, with the Wilson ${w.words.ciWords}; the patients who started the course are beside.`,
    { muted: true },
  );
  const points = PROGRAM_TIME_POINTS.filter((t) => o.rates.some((r) => r.timePoint === t));
  if (points.length === 0) return w.para('No PCL-5 after a course yet.', { muted: true });
  w.table(
    [
      { title: 'Time point', width: 70 },
      ...PROGRAM_RATE_IDS.map((id) => ({ title: PROGRAM_RATE_LABELS[id], width: 128 })),
      { title: 'Started', width: 58, align: 'right' as const },
    ],
    points.map((t) => {
      const at = o.rates.filter((r) => r.timePoint === t);
      return [
        TIME_POINT_WORDS[t],
        ...PROGRAM_RATE_IDS.map((id) => {
          const r = at.find((x) => x.id === id);
          return r === undefined ? NOT_REPORTED : w.words.rateText(r);
        }),
        at[0] === undefined ? NOT_REPORTED : String(at[0].started),
      ];
    }),
  );
}

function writeDurability(w: Writer, o: ProgramOutcomes): void {
  w.heading('Durability of response');
  const d = o.durability;
  if (o.suppressed || d === null) return w.para('Not reported: the cohort is too small (counts only).', { muted: true });
  if (d.responders === 0) return w.para('No responder yet in these courses: nothing to follow.', { muted: true });
  w.para(
    `${count(d.responders, 'responder')} followed from their last dosing session; ${d.events} of them lost the response. Time to loss of response (Kaplan-Meier): ${w.words.medianText(d.median)}.`,
  );
  w.para(
    `A responder who kept the response counts until their last PCL-5. The curve steps down at each loss; the band is its ${w.words.ciWords} (Greenwood, log transform); the dotted line marks 50%, where the median is read.`,
    { muted: true, size: 8 },
  );
  drawDurabilityChart(w, d);
  w.table(
    [
      { title: 'Day', width: 60, align: 'right' },
      { title: 'Responders followed', width: 110, align: 'right' },
      { title: 'Lost the response', width: 100, align: 'right' },
      { title: 'Still responding', width: 180 },
    ],
    [...d.curve]
      .sort((a, b) => a.days - b.days)
      .map((p) => [String(p.days), String(p.atRisk), String(p.events), w.words.shareWithCiText(p.survival, p.lower, p.upper)]),
  );
}

function writeSafety(w: Writer, o: ProgramOutcomes): void {
  const s = o.safety;
  const ae = s.adverseEvents;
  w.heading('Safety');
  w.table(
    [
      { title: 'Of the dosing sessions', width: 250 },
      { title: '', width: 250 },
    ],
    [
      ['Dosing sessions (dose given)', String(s.sessions)],
      ['By route', sessionsByRouteWords(s.sessionsByRoute)],
      [
        'Adverse events',
        o.suppressed || ae.per100Sessions === null ? String(ae.total) : `${ae.total} (${oneDecimal(ae.per100Sessions)} per 100 sessions)`,
      ],
      ['Blood pressure at the warning level', count(s.bloodPressure.warningSessions, 'session')],
      ['Blood pressure at the pause level or above', count(s.bloodPressure.pauseSessions, 'session')],
      ['Infusion end to discharge', quartilesText(s.dischargeMinutes)],
      ['Infusion paused', count(s.pausedSessions, 'session')],
      ['Infusion stopped early', count(s.stoppedEarlySessions, 'session')],
    ],
  );
  w.subheading('Adverse events by kind and severity');
  const kinds = [...ae.byKind].sort((a, b) => b.count - a.count);
  if (kinds.length === 0) return w.para('No adverse event in these sessions.', { muted: true });
  const columns: Column[] = [
    { title: 'Kind', width: 220 },
    { title: 'Severity', width: 80 },
    { title: 'Events', width: 60, align: 'right' },
  ];
  if (!o.suppressed) columns.push({ title: 'Per 100 sessions', width: 100, align: 'right' });
  w.table(
    columns,
    kinds.map((k) => {
      const row = [kindWords(k.kind), ADVERSE_EVENT_SEVERITY_LABELS[k.severity], String(k.count)];
      if (!o.suppressed) row.push(per100Text(k.per100Sessions));
      return row;
    }),
  );
}

function writeCompleteness(w: Writer, o: ProgramOutcomes): void {
  w.heading('Completeness of the measures');
  w.para('Scheduled questionnaires answered, once each time point’s window has closed: a mean from few answers shows as such.', {
    muted: true,
  });
  const points = PROGRAM_TIME_POINTS.filter((t) => o.completeness.some((c) => c.timePoint === t));
  if (points.length === 0) return w.para('No questionnaire due yet in these courses.', { muted: true });
  const instruments = (['pcl5', 'phq9', 'gad7'] as const).filter((id) => o.completeness.some((c) => c.instrument === id));
  w.table(
    [{ title: 'Time point', width: 100 }, ...instruments.map((id) => ({ title: PROGRAM_INSTRUMENT_LABELS[id], width: 120 }))],
    points.map((t) => [
      TIME_POINT_WORDS[t],
      ...instruments.map((id) => {
        const c = o.completeness.find((x) => x.timePoint === t && x.instrument === id);
        return c === undefined ? 'not scheduled' : shareText(c);
      }),
    ]),
  );
}

function writeLiterature(w: Writer, o: ProgramOutcomes): void {
  w.heading('Beside the literature');
  w.para(LITERATURE_CAUTION);
  const doc = w.doc;
  // Each figure on its own lines: its label and value, then its source in full.
  for (const b of o.benchmarks) {
    w.room(34);
    doc
      .font('Helvetica-Bold')
      .fontSize(9)
      .fillColor(INK)
      .text(`${printable(b.label)}: ${benchmarkValueText(b)}`, w.left, undefined, { width: w.width });
    doc
      .font('Helvetica')
      .fontSize(8)
      .fillColor(MUTED)
      .text(`Source: ${printable(b.citation)}`, w.left + 10, undefined, { width: w.width - 10 });
    doc.moveDown(0.3);
  }
}

/** Renders the report; resolves with the PDF's bytes. */
export function renderProgramOutcomesPdf(facts: ProgramOutcomesPdfFacts): Promise<Buffer> {
  const o = facts.outcomes;
  const doc = new PDFDocument({
    size: 'LETTER',
    margins: { top: 48, bottom: 50, left: 50, right: 50 },
    bufferPages: true,
    info: { Title: 'Program outcomes', Author: printable(o.site.name), Creator: 'Kairos', CreationDate: facts.generatedAt },
  });
  const done = pdfBytes(doc);
  const w = new Writer(doc, o.confidenceLevelPercent);
  if (facts.synthetic)
    doc.font('Helvetica-Bold').fontSize(9).fillColor('#b45309').text('SYNTHETIC DEMO DATA: not real patients', { align: 'right' });
  doc.font('Helvetica-Bold').fontSize(18).fillColor(INK).text('Program outcomes');
  doc.font('Helvetica').fontSize(12).fillColor('#333333').text(printable(o.site.name));
  doc.moveDown(0.4);
  for (const line of filterWords(o)) w.para(line);
  w.para(
    `As of ${formatDate(o.asOf)}. Figures computed with the thresholds of protocol version ${o.protocolVersion}; ${programLevelText(o.confidenceLevelPercent)} confidence intervals throughout.`,
    { muted: true },
  );
  if (o.suppressed) {
    doc.moveDown(0.3);
    doc
      .font('Helvetica-Bold')
      .fontSize(10)
      .fillColor('#b45309')
      .text(`${suppressedText(o.smallestCohort)}.`, w.left, undefined, { width: w.width });
    w.para(
      'With so few patients a mean, a rate or a durability curve would point at individuals and read chance as a result. Widen the filters to see them.',
      { muted: true },
    );
  }
  writeFlow(w, o);
  writeScores(w, o);
  writeRates(w, o);
  writeDurability(w, o);
  writeSafety(w, o);
  writeCompleteness(w, o);
  writeLiterature(w, o);
  doc.moveDown(0.6);
  w.para(`Printed ${formatInstant(facts.generatedAt, facts.timeZone)} by ${facts.printedBy}, from Kairos.`, { muted: true });
  footOfEveryPage(doc, `${printable(o.site.name).replace(/\s+/g, ' ')} · program outcomes as of ${o.asOf}`, 30);
  doc.end();
  return done;
}
