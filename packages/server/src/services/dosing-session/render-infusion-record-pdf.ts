/**
 * The infusion record of one dosing session as a PDF (pdfkit), the paper twin of the browser's
 * record page: who, where and under which protocol version; the dose order and its independent
 * double check; the timings; a chart and a table of the vital signs; MOAA/S and CADSS-6; medications;
 * alerts and who acknowledged them; adverse events; credential overrides; and discharge. Times are at the site. Pure
 * rendering (facts in, bytes out, no I/O): the facts are gathered by `internal/infusion-record-facts.ts`,
 * and it runs in the PDF worker pool, never on the server's event loop.
 *
 * @module
 */
import PDFDocument from 'pdfkit';
import { bounded, footOfEveryPage, pdfBytes, printable, syntheticBanner, type PdfPatient } from '../pdf-printable.js';

/** A range of one vital sign within a chart bucket. */
export interface ValueRange {
  min: number;
  max: number;
}

/** One reading of the vital-sign table. */
export interface RecordReadingRow {
  at: Date;
  systolic: number | null;
  diastolic: number | null;
  heartRate: number | null;
  spo2: number | null;
  respiratoryRate: number | null;
  temperature: number | null;
  /** The reading's classification: `normal`, `warn`, `hold`, `pause` or `escalate`. */
  level: string;
  source: 'manual' | 'device';
}

/** Everything an infusion record PDF shows. Names are display names; times are instants, printed at the site. */
export interface InfusionRecordPdfFacts {
  clinicName: string;
  timeZone: string;
  patient: PdfPatient;
  /** The session's day at the site (`YYYY-MM-DD`). */
  sessionDate: string;
  /** The booked start of its dosing event. */
  bookedAt: Date | null;
  /** Chair and room, when booked on one. */
  place: string | null;
  /** The session's state in plain words. */
  state: string;
  protocolVersion: number | null;
  dose: {
    orderedBy: string;
    orderedAt: Date;
    /** How the dose is given, in words (core's `DOSING_ROUTE_LABELS`). */
    route: string;
    /** The dose and how it is prepared, in words (core's `doseOrderWords`). */
    dose: string;
    preparation: string;
    doubleCheckedBy: string | null;
    doubleCheckedAt: Date | null;
  } | null;
  /** Check-in, the pump's events (start, pauses, rate changes, stop) and the end (discharge or abort), in time order. */
  timings: { at: Date; what: string; by: string | null; note: string | null }[];
  /** The infusion's course; without an infusion (IM, oral/sublingual), when the dose was given. */
  course:
    | { infusion: true; runningMinutes: number; plannedMinutes: number; infusedMg: number; infusedMl: number }
    | { infusion: false; givenAt: Date | null; doseMg: number | null };
  /** Every reading summarised per time bucket (about 240): the chart. */
  chart: {
    bucketSeconds: number;
    points: {
      at: Date;
      systolic: ValueRange | null;
      diastolic: ValueRange | null;
      heartRate: ValueRange | null;
      spo2: ValueRange | null;
    }[];
    infusionStartedAt: Date | null;
    infusionEndedAt: Date | null;
  };
  /**
   * The vital-sign readings for the table, oldest first. `total` readings in all, `outsideRange`
   * of them outside the normal range; `rows` may be a sample already (the renderer bounds them
   * again, see `readingsToPrint`).
   */
  readings: { total: number; outsideRange: number; rows: RecordReadingRow[] };
  /** MOAA/S scores (`total` in all; `rows` possibly an even sample). */
  moaas: { total: number; rows: { at: Date; score: number }[] };
  cadss6: { at: Date; total: number | null }[];
  medications: { at: Date; what: string; purpose: string; by: string }[];
  alerts: {
    raisedAt: Date;
    /** `warn`, `hold`, `pause` or `escalate`. */
    level: string;
    what: string;
    acknowledged: { by: string; at: Date } | null;
    note: string | null;
    closedAt: Date | null;
  }[];
  adverseEvents: {
    occurredAt: Date;
    kind: string;
    severity: string;
    serious: boolean;
    description: string | null;
    actionTaken: string;
    reportedBy: string;
    reviewed: { by: string; at: Date; note: string | null } | null;
  }[];
  /** The medical director's overrides of lapsed credentials for this session (issue 28). */
  credentialOverrides: { at: Date; by: string; holder: string; duty: string; lapses: string[]; reason: string }[];
  discharge: {
    outcome: 'discharged' | 'aborted' | 'open';
    at: Date | null;
    by: string | null;
    /** An abort's reason, or the reason of a discharge by a prescriber's override. */
    reason: string | null;
    /** The prescriber who discharged by override, when the criteria were not met. */
    overrideBy: string | null;
    /** The discharge criteria: judged at discharge for a discharged session, now while observing; null before. */
    criteria: { judgedAt: Date; ready: boolean; conditions: { status: string; message: string }[] } | null;
    aldreteTotal: number | null;
    escort: { name: string; at: Date } | null;
  };
  generatedAt: Date;
}

/**
 * Bounds on what one PDF prints (system limits, not clinical numbers), so that a session read
 * every few seconds for hours still makes a readable PDF in moments. Each section says what it
 * left out; every reading stays in the session's record.
 */
export const INFUSION_RECORD_PDF_LIMITS = Object.freeze({
  /**
   * Rows of the vital-sign table (about six pages). Beyond: every reading outside the normal range
   * and an even sample of the others, the first and last included (`readingsToPrint`).
   */
  readingRows: 300,
  /** MOAA/S scores, and CADSS-6 ratings, printed (an even sample beyond, first and last included). */
  scores: 100,
  /** Alerts printed (the most serious, then the earliest, beyond). */
  alerts: 100,
  /** Adverse events printed (the earliest). */
  adverseEvents: 50,
  /** Lines of the timings printed (the earliest). */
  timings: 100,
  /** Characters of one free-text field printed (a reason, a note, a description). */
  textChars: 2_000,
});

const LEVEL_WORDS: Record<string, string> = {
  normal: 'within range',
  warn: 'Warning',
  hold: 'Hold',
  pause: 'Pause level',
  escalate: 'Escalate',
};
const LEVEL_RANK: Record<string, number> = { escalate: 4, pause: 3, hold: 2, warn: 1 };

/** `n` items of `items` spread evenly over it, the first and the last included, in order. */
export function evenSample<T>(items: readonly T[], n: number): T[] {
  if (items.length <= n) return [...items];
  if (n <= 0) return [];
  if (n === 1) return [items[0] as T];
  return Array.from({ length: n }, (_, i) => items[Math.round((i * (items.length - 1)) / (n - 1))] as T);
}

/**
 * The readings the table prints, at most `limit`: all of them when they fit; otherwise every
 * reading outside the normal range (an even sample of those when they alone are too many) and an
 * even sample of the others, in time order.
 */
export function readingsToPrint(rows: readonly RecordReadingRow[], limit: number): RecordReadingRow[] {
  if (rows.length <= limit) return [...rows];
  const outside = rows.filter((r) => r.level !== 'normal');
  if (outside.length >= limit) return evenSample(outside, limit);
  const within = evenSample(
    rows.filter((r) => r.level === 'normal'),
    limit - outside.length,
  );
  return [...outside, ...within].sort((a, b) => a.at.getTime() - b.at.getTime());
}

const DAY = (at: Date, timeZone: string) =>
  new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);

function formatDate(isoDate: string): string {
  return new Intl.DateTimeFormat('en-US', { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${isoDate}T12:00:00Z`));
}
function formatInstant(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-US', { dateStyle: 'long', timeStyle: 'short', timeZone }).format(at);
}
function clock(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone }).format(at);
}

/** The writer of one record: headings, facts, paragraphs and table rows, breaking pages where needed. */
class Writer {
  constructor(
    readonly doc: PDFKit.PDFDocument,
    readonly f: InfusionRecordPdfFacts,
  ) {}
  /** A time at the site: the clock on the session's day, with the date on any other. */
  at(at: Date | null): string {
    if (at === null) return 'not recorded';
    if (DAY(at, this.f.timeZone) === this.f.sessionDate) return clock(at, this.f.timeZone);
    const day = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', timeZone: this.f.timeZone }).format(at);
    return `${day}, ${clock(at, this.f.timeZone)}`;
  }
  text(s: string): string {
    return printable(bounded(s, INFUSION_RECORD_PDF_LIMITS.textChars, '(shortened; the full text is in the record)'));
  }
  get bottom(): number {
    return this.doc.page.height - this.doc.page.margins.bottom;
  }
  get left(): number {
    return this.doc.page.margins.left;
  }
  get width(): number {
    return this.doc.page.width - this.doc.page.margins.left - this.doc.page.margins.right;
  }
  /** A new page unless `height` points still fit on this one. */
  room(height: number) {
    if (this.doc.y + height > this.bottom) this.doc.addPage();
  }
  heading(s: string) {
    this.room(60);
    this.doc.moveDown(0.6);
    this.doc.font('Helvetica-Bold').fontSize(12).fillColor('#1a1a1a').text(printable(s), this.left);
    this.doc.moveDown(0.25);
  }
  para(s: string, { muted = false }: { muted?: boolean } = {}) {
    this.doc
      .font('Helvetica')
      .fontSize(10)
      .fillColor(muted ? '#555555' : '#1a1a1a')
      .text(this.text(s), this.left, undefined, { lineGap: 1.5, width: this.width });
    this.doc.moveDown(0.2);
  }
  fact(label: string, value: string) {
    this.doc
      .font('Helvetica-Bold')
      .fontSize(10)
      .fillColor('#1a1a1a')
      .text(`${printable(label)}: `, this.left, undefined, { continued: true, width: this.width });
    this.doc.font('Helvetica').text(this.text(value));
  }
  /** One row of a table: cells at fixed columns, one line each (a table's cells are short values). */
  row(cells: readonly string[], widths: readonly number[], { bold = false }: { bold?: boolean } = {}) {
    const h = 11;
    if (this.doc.y + h > this.bottom) this.doc.addPage();
    const y = this.doc.y;
    let x = this.left;
    this.doc
      .font(bold ? 'Helvetica-Bold' : 'Helvetica')
      .fontSize(8)
      .fillColor('#1a1a1a');
    cells.forEach((c, i) => {
      const w = widths[i] ?? 40;
      this.doc.text(printable(c), x, y, { width: w - 4, lineBreak: false, ellipsis: true });
      x += w;
    });
    this.doc.x = this.left;
    this.doc.y = y + h;
  }
}

function writeHeader(w: Writer, f: InfusionRecordPdfFacts) {
  const { doc } = w;
  doc
    .font('Helvetica-Bold')
    .fontSize(18)
    .fillColor('#1a1a1a')
    .text(
      f.course.infusion
        ? 'Infusion record: IV ketamine'
        : `Dosing record: ketamine${f.dose === null ? '' : `, ${f.dose.route.toLowerCase()}`}`,
    );
  doc.font('Helvetica').fontSize(12).fillColor('#444444').text(printable(f.clinicName));
  doc.moveDown(0.5);
  w.fact('Patient', `${f.patient.givenName} ${f.patient.familyName}`);
  w.fact('MRN', f.patient.mrn);
  w.fact('Date of birth', formatDate(f.patient.birthDate));
  w.fact(
    'Session',
    `${formatDate(f.sessionDate)}${f.bookedAt === null ? '' : `, booked ${w.at(f.bookedAt)}`}${f.place === null ? '' : `, ${f.place}`}`,
  );
  w.fact('State', f.state);
  w.fact('Protocol version', f.protocolVersion === null ? 'not yet fixed (the session has not started)' : String(f.protocolVersion));
  w.para(`Times are at the site (${f.timeZone}).`, { muted: true });
}

function writeDose(w: Writer, f: InfusionRecordPdfFacts) {
  w.heading('Dose order and independent double check');
  const d = f.dose;
  if (d === null) {
    w.para('No dose was ordered.');
    return;
  }
  w.fact('Ordered by', `${d.orderedBy}, ${w.at(d.orderedAt)}`);
  w.fact('Route', d.route);
  w.fact('Dose', d.dose);
  w.fact('Preparation', d.preparation);
  w.fact('Independent double check', d.doubleCheckedBy === null ? 'not done' : `${d.doubleCheckedBy}, ${w.at(d.doubleCheckedAt)}`);
  // TODO(issue 23): print the ketamine lot drawn for this dose once the stock ledger records it;
  // until then the record says nothing about the lot rather than a placeholder.
}

function writeTimings(w: Writer, f: InfusionRecordPdfFacts) {
  w.heading('Timings');
  const shown = f.timings.slice(0, INFUSION_RECORD_PDF_LIMITS.timings);
  if (shown.length === 0) w.para('Nothing recorded yet.');
  for (const t of shown)
    w.para(`${w.at(t.at)}  ${t.what}${t.by === null ? '' : ` (${t.by})`}${t.note === null || t.note === '' ? '' : `: ${t.note}`}`);
  const later = f.timings.length - shown.length;
  if (later > 0)
    w.para(`${later} later ${later === 1 ? 'entry is' : 'entries are'} not printed; they are in the session's record.`, { muted: true });
  const c = f.course;
  if (c.infusion) {
    w.fact('Running time', `${Math.round(c.runningMinutes)} min of ${c.plannedMinutes} min planned`);
    w.fact('Infused', `${c.infusedMg} mg (${c.infusedMl} mL)`);
  } else w.fact('Given', c.givenAt === null || c.doseMg === null ? 'not yet given' : `${c.doseMg} mg at ${w.at(c.givenAt)}`);
}

/** The series of the chart: line styles differ (never colour alone, the paper may be grey). */
const SERIES = [
  { key: 'systolic', label: 'Systolic (mmHg)', color: '#b91c1c', dash: null },
  { key: 'diastolic', label: 'Diastolic (mmHg)', color: '#b91c1c', dash: [4, 2] },
  { key: 'heartRate', label: 'Heart rate (/min)', color: '#1d4ed8', dash: [1, 2] },
  { key: 'spo2', label: 'SpO2 (%)', color: '#047857', dash: null },
] as const;
type SeriesKey = (typeof SERIES)[number]['key'];

/** The minutes between the chart's time labels: about eight at most. */
const TICK_MINUTES = [5, 10, 15, 20, 30, 60, 120, 180, 240, 360, 720];

/** The offset of `timeZone` from UTC at `at`, in ms (to put time labels on whole local minutes). */
function zoneOffsetMs(at: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(at);
  const n = (t: string) => Number(parts.find((p) => p.type === t)?.value ?? 0);
  return Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second')) - Math.floor(at.getTime() / 1000) * 1000;
}

/** The chart's two panels (blood pressure and heart rate, SpO2), and the whole chart with its legend and time axis. */
const PANEL_HEIGHTS = [150, 70] as const;
const CHART_HEIGHT = 24 + PANEL_HEIGHTS.reduce((n, h) => n + h + 24, 0) + 16;

function writeChart(w: Writer, f: InfusionRecordPdfFacts) {
  const { doc } = w;
  const points = f.chart.points;
  if (points.length === 0) return;
  const bucketMs = f.chart.bucketSeconds * 1000;
  const mid = (p: (typeof points)[number]) => p.at.getTime() + bucketMs / 2;
  const t0 = points[0]?.at.getTime() ?? 0;
  let t1 = (points.at(-1)?.at.getTime() ?? t0) + bucketMs;
  if (t1 - t0 < 20 * 60_000) t1 = t0 + 20 * 60_000;
  const span = t1 - t0;
  const stepMin = TICK_MINUTES.find((m) => span / (m * 60_000) <= 8) ?? 1440;
  const step = stepMin * 60_000;

  const axisW = 44;
  const x0 = w.left + axisW;
  const plotW = w.width - axisW - 8;
  const x = (t: number) => x0 + ((t - t0) / span) * plotW;
  const values = (k: SeriesKey) => points.flatMap((p) => (p[k] === null ? [] : [p[k].min, p[k].max]));
  const bpHr = [...values('systolic'), ...values('diastolic'), ...values('heartRate')];
  const spo2 = values('spo2');
  const panels = [
    {
      keys: ['systolic', 'diastolic', 'heartRate'] as SeriesKey[],
      title: 'mmHg and /min',
      lo: Math.min(40, Math.floor(Math.min(...bpHr, 40) / 20) * 20),
      hi: Math.max(180, Math.ceil(Math.max(...bpHr, 180) / 20) * 20),
      height: PANEL_HEIGHTS[0],
    },
    {
      keys: ['spo2'] as SeriesKey[],
      title: 'SpO2 %',
      lo: Math.min(90, Math.floor(Math.min(...spo2, 90) / 5) * 5),
      hi: 100,
      height: PANEL_HEIGHTS[1],
    },
  ];
  w.room(CHART_HEIGHT);

  // Legend: a sample of each line beside its name.
  let lx = w.left;
  const ly = doc.y + 5;
  for (const s of SERIES) {
    doc.save().lineWidth(1.4).strokeColor(s.color);
    if (s.dash !== null) doc.dash(s.dash[0], { space: s.dash[1] });
    doc
      .moveTo(lx, ly)
      .lineTo(lx + 18, ly)
      .stroke();
    doc.restore();
    doc
      .font('Helvetica')
      .fontSize(8)
      .fillColor('#1a1a1a')
      .text(s.label, lx + 22, ly - 3.5, { lineBreak: false });
    lx += 22 + doc.widthOfString(s.label) + 14;
  }
  let top = ly + 24;

  for (const panel of panels) {
    const yOf = (v: number) => top + panel.height - ((v - panel.lo) / (panel.hi - panel.lo)) * panel.height;
    // Frame, y-axis ticks and their values, the unit above.
    doc.save().lineWidth(0.5).strokeColor('#888888').rect(x0, top, plotW, panel.height).stroke().restore();
    doc
      .font('Helvetica')
      .fontSize(7)
      .fillColor('#444444')
      .text(panel.title, w.left, top - 14, { width: axisW + 60, lineBreak: false });
    const yStep = panel.hi - panel.lo > 200 ? 40 : panel.hi - panel.lo > 30 ? 20 : 5;
    for (let v = panel.lo; v <= panel.hi; v += yStep) {
      const y = yOf(v);
      doc
        .save()
        .lineWidth(0.25)
        .strokeColor('#dddddd')
        .moveTo(x0, y)
        .lineTo(x0 + plotW, y)
        .stroke()
        .restore();
      doc
        .fontSize(7)
        .fillColor('#444444')
        .text(String(v), w.left, y - 3, { width: axisW - 4, align: 'right', lineBreak: false });
    }
    // The infusion's start and end.
    for (const [label, at] of [
      ['start', f.chart.infusionStartedAt],
      ['stop', f.chart.infusionEndedAt],
    ] as const) {
      if (at === null || at.getTime() < t0 || at.getTime() > t1) continue;
      const xa = x(at.getTime());
      doc
        .save()
        .lineWidth(0.6)
        .strokeColor('#666666')
        .dash(2, { space: 2 })
        .moveTo(xa, top)
        .lineTo(xa, top + panel.height)
        .stroke()
        .restore();
      if (panel === panels[0])
        doc
          .fontSize(7)
          .fillColor('#444444')
          .text(label, xa + 2, top + 2, { lineBreak: false });
    }
    // Each series: a line through each bucket's middle, a stroke over its range; broken over gaps.
    for (const key of panel.keys) {
      const s = SERIES.find((x) => x.key === key);
      if (s === undefined) continue;
      doc.save().lineWidth(1.2).strokeColor(s.color);
      if (s.dash !== null) doc.dash(s.dash[0], { space: s.dash[1] });
      const gap = Math.max(15 * 60_000, 3 * bucketMs);
      // Runs of readings no further apart than the gap: a line through each, a dot for a reading alone.
      const runs: { x: number; y: number }[][] = [];
      let last: number | null = null;
      for (const p of points) {
        const r = p[key];
        if (r === null) continue;
        const t = mid(p);
        const at = { x: x(t), y: yOf((r.min + r.max) / 2) };
        if (last === null || t - last > gap) runs.push([at]);
        else runs.at(-1)?.push(at);
        last = t;
      }
      for (const run of runs) {
        const [first, ...rest] = run;
        if (first === undefined) continue;
        if (rest.length === 0) {
          doc.save().undash().circle(first.x, first.y, 1.8).fill(s.color).restore();
          continue;
        }
        doc.moveTo(first.x, first.y);
        for (const q of rest) doc.lineTo(q.x, q.y);
        doc.stroke();
      }
      doc.undash().lineWidth(0.8);
      for (const p of points) {
        const r = p[key];
        if (r === null || r.min === r.max) continue;
        doc
          .moveTo(x(mid(p)), yOf(r.min))
          .lineTo(x(mid(p)), yOf(r.max))
          .stroke();
      }
      doc.restore();
    }
    top += panel.height + 24;
  }
  // The time axis, at the site, under the last panel.
  const axisY = top - 19;
  const offset = zoneOffsetMs(new Date(t0), f.timeZone);
  for (let t = Math.ceil((t0 + offset) / step) * step - offset; t <= t1; t += step) {
    doc
      .font('Helvetica')
      .fontSize(7)
      .fillColor('#444444')
      .text(clock(new Date(t), f.timeZone), x(t) - 15, axisY, { width: 30, align: 'center', lineBreak: false });
  }
  doc.x = w.left;
  doc.y = top;
  const minutes = f.chart.bucketSeconds / 60;
  w.para(
    `Each point is the middle of the readings in ${minutes === 1 ? 'one minute' : `${minutes} minutes`}; a vertical stroke is their range. Dashed vertical lines mark the infusion's start and stop.`,
    { muted: true },
  );
}

const reading = (v: number | null) => (v === null ? '-' : String(v));

/** Words someone typed, ended as a sentence: a full stop added unless they end with one (or ! or ?). */
export const sentence = (s: string): string => (/[.!?]$/.test(s.trim()) ? s.trim() : `${s.trim()}.`);

function writeVitals(w: Writer, f: InfusionRecordPdfFacts) {
  // The heading goes to the next page with its chart, never alone at the foot of a page.
  if (f.readings.total > 0 && f.chart.points.length > 0) w.room(CHART_HEIGHT + 40);
  w.heading('Vital signs');
  if (f.readings.total === 0) {
    w.para('No vital signs were recorded.');
    return;
  }
  writeChart(w, f);
  const limit = INFUSION_RECORD_PDF_LIMITS.readingRows;
  const rows = readingsToPrint(f.readings.rows, limit);
  if (rows.length < f.readings.total) {
    w.room(40);
    const outsidePrinted = rows.filter((r) => r.level !== 'normal').length;
    const within = f.readings.total - f.readings.outsideRange;
    w.para(
      outsidePrinted === f.readings.outsideRange
        ? `${rows.length} of ${f.readings.total} readings are printed (the limit is ${limit}): all ${f.readings.outsideRange} outside the normal range and an even sample of the ${within} within it, the first and last included. Every reading is kept in the session's record.`
        : `${rows.length} of ${f.readings.total} readings are printed (the limit is ${limit}): an even sample of the ${f.readings.outsideRange} outside the normal range, the first and last included, and none of the ${within} within it. Every reading is kept in the session's record.`,
      { muted: true },
    );
  }
  const widths = [80, 62, 48, 48, 48, 50, 70, 58];
  const header = ['Time', 'BP (mmHg)', 'HR (/min)', 'SpO2 (%)', 'RR (/min)', 'Temp (°C)', 'Level', 'Source'];
  w.row(header, widths, { bold: true });
  for (const r of rows) {
    // A new page repeats the header row.
    if (w.doc.y + 11 > w.bottom) {
      w.doc.addPage();
      w.row(header, widths, { bold: true });
    }
    w.row(
      [
        w.at(r.at),
        r.systolic === null && r.diastolic === null ? '-' : `${reading(r.systolic)}/${reading(r.diastolic)}`,
        reading(r.heartRate),
        reading(r.spo2),
        reading(r.respiratoryRate),
        reading(r.temperature),
        LEVEL_WORDS[r.level] ?? r.level,
        r.source === 'device' ? 'monitor' : 'entered',
      ],
      widths,
    );
  }
  w.doc.moveDown(0.3);
}

function writeScores(w: Writer, f: InfusionRecordPdfFacts) {
  w.heading('Sedation (MOAA/S) and dissociation (CADSS-6)');
  const limit = INFUSION_RECORD_PDF_LIMITS.scores;
  const moaas = evenSample(f.moaas.rows, limit);
  w.fact('MOAA/S', moaas.length === 0 ? 'not scored' : moaas.map((m) => `${m.score} at ${w.at(m.at)}`).join('; '));
  if (moaas.length < f.moaas.total)
    w.para(`${moaas.length} of ${f.moaas.total} MOAA/S scores are printed, an even sample with the first and last.`, { muted: true });
  const cadss = evenSample(f.cadss6, limit);
  w.fact(
    'CADSS-6',
    cadss.length === 0
      ? 'not rated'
      : cadss.map((c) => `${c.total === null ? 'incomplete' : `${c.total} of 24`} at ${w.at(c.at)}`).join('; '),
  );
  if (cadss.length < f.cadss6.length)
    w.para(`${cadss.length} of ${f.cadss6.length} CADSS-6 ratings are printed, an even sample with the first and last.`, { muted: true });
}

function writeMedications(w: Writer, f: InfusionRecordPdfFacts) {
  if (f.medications.length === 0) return;
  w.heading('Medications given');
  const shown = f.medications.slice(0, INFUSION_RECORD_PDF_LIMITS.adverseEvents);
  for (const m of shown) w.para(`${w.at(m.at)}  ${m.what}, ${m.purpose} (${m.by})`);
  if (shown.length < f.medications.length)
    w.para(`${f.medications.length - shown.length} later medications are not printed; they are in the session's record.`, { muted: true });
}

function writeAlerts(w: Writer, f: InfusionRecordPdfFacts) {
  w.heading('Alerts');
  if (f.alerts.length === 0) {
    w.para('No alert was raised.');
    return;
  }
  const limit = INFUSION_RECORD_PDF_LIMITS.alerts;
  const shown =
    f.alerts.length <= limit
      ? f.alerts
      : [...f.alerts]
          .sort((a, b) => (LEVEL_RANK[b.level] ?? 0) - (LEVEL_RANK[a.level] ?? 0) || a.raisedAt.getTime() - b.raisedAt.getTime())
          .slice(0, limit)
          .sort((a, b) => a.raisedAt.getTime() - b.raisedAt.getTime());
  if (shown.length < f.alerts.length)
    w.para(`${shown.length} of ${f.alerts.length} alerts are printed: the most serious, then the earliest.`, { muted: true });
  for (const a of shown) {
    const ack =
      a.acknowledged !== null
        ? `acknowledged by ${a.acknowledged.by} at ${w.at(a.acknowledged.at)}`
        : a.closedAt !== null
          ? `not acknowledged; closed with the session at ${w.at(a.closedAt)}`
          : 'open, not acknowledged';
    w.para(
      `${w.at(a.raisedAt)}  ${LEVEL_WORDS[a.level] ?? a.level}: ${a.what}; ${ack}${a.note === null || a.note === '' ? '' : `. Note: ${a.note}`}`,
    );
  }
}

function writeAdverseEvents(w: Writer, f: InfusionRecordPdfFacts) {
  w.heading('Adverse events');
  if (f.adverseEvents.length === 0) {
    w.para('None reported.');
    return;
  }
  const shown = f.adverseEvents.slice(0, INFUSION_RECORD_PDF_LIMITS.adverseEvents);
  for (const e of shown) {
    const reviewed =
      e.reviewed === null
        ? ' Not yet reviewed.'
        : ` Reviewed by ${e.reviewed.by} at ${w.at(e.reviewed.at)}${e.reviewed.note === null ? '.' : `: ${sentence(e.reviewed.note)}`}`;
    w.para(
      `${w.at(e.occurredAt)}  ${e.kind}, ${e.severity.toLowerCase()}${e.serious ? ', serious' : ''}.${e.description === null ? '' : ` ${sentence(e.description)}`} Action: ${sentence(e.actionTaken)} Reported by ${e.reportedBy}.${reviewed}`,
    );
  }
  if (shown.length < f.adverseEvents.length)
    w.para(`${f.adverseEvents.length - shown.length} later adverse events are not printed; they are in the session's record.`, {
      muted: true,
    });
}

function writeCredentialOverrides(w: Writer, f: InfusionRecordPdfFacts) {
  if (f.credentialOverrides.length === 0) return;
  w.heading('Credential overrides');
  for (const o of f.credentialOverrides)
    w.para(`${w.at(o.at)}  ${o.by} let ${o.holder} ${o.duty} although ${o.lapses.join('; ')}. Reason: ${sentence(o.reason)}`);
}

const CONDITION_WORDS: Record<string, string> = { met: 'met', unmet: 'NOT MET', missing: 'MISSING', 'not-applicable': 'not applicable' };

function writeDischarge(w: Writer, f: InfusionRecordPdfFacts) {
  w.heading('Discharge');
  const d = f.discharge;
  if (d.outcome === 'discharged')
    w.fact('Discharged', `${w.at(d.at)}${d.by === null ? '' : ` by ${d.by}`}${d.overrideBy === null ? ', the criteria met' : ''}`);
  else if (d.outcome === 'aborted')
    w.fact('Aborted', `${w.at(d.at)}${d.by === null ? '' : ` by ${d.by}`}${d.reason === null ? '' : `: ${d.reason}`}`);
  else w.fact('Discharge', 'not yet discharged');
  if (d.overrideBy !== null)
    w.fact('Discharged by override', `${d.overrideBy}, the criteria not met${d.reason === null ? '' : `; reason: ${d.reason}`}`);
  if (d.criteria !== null) {
    w.para(
      `${d.outcome === 'discharged' ? 'The discharge criteria at discharge' : `The discharge criteria at ${w.at(d.criteria.judgedAt)}`}: ${d.criteria.ready ? 'ready for discharge' : 'not ready'}.`,
    );
    for (const c of d.criteria.conditions) w.para(`  ${CONDITION_WORDS[c.status] ?? c.status}: ${c.message}`);
  } else if (d.outcome === 'open') w.para('Not yet in observation.');
  w.fact('Modified Aldrete', d.aldreteTotal === null ? 'not scored' : `${d.aldreteTotal} of 10`);
  w.fact('Escort at discharge', d.escort === null ? 'not confirmed' : `${d.escort.name}, ${w.at(d.escort.at)}`);
}

/** Renders the infusion record; resolves with the PDF's bytes. */
export function renderInfusionRecordPdf(facts: InfusionRecordPdfFacts): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'LETTER',
    margins: { top: 50, bottom: 50, left: 56, right: 56 },
    bufferPages: true,
    info: {
      Title: 'Infusion record',
      Author: printable(facts.clinicName),
      Creator: 'Kairos',
      CreationDate: facts.generatedAt,
    },
  });
  const done = pdfBytes(doc);
  const w = new Writer(doc, facts);
  syntheticBanner(doc, facts.patient.synthetic);
  writeHeader(w, facts);
  writeDose(w, facts);
  writeTimings(w, facts);
  writeVitals(w, facts);
  writeScores(w, facts);
  writeMedications(w, facts);
  writeAlerts(w, facts);
  writeAdverseEvents(w, facts);
  writeCredentialOverrides(w, facts);
  writeDischarge(w, facts);
  w.para(`Printed ${formatInstant(facts.generatedAt, facts.timeZone)} by Kairos.`, { muted: true });
  // Every page names the patient and its number (a loose page is still placed).
  footOfEveryPage(
    doc,
    `${printable(bounded(`${facts.patient.givenName} ${facts.patient.familyName} · MRN ${facts.patient.mrn}`, 120, '')).replace(/\s+/g, ' ')} · infusion record ${facts.sessionDate}`,
    30,
  );
  doc.end();
  return done;
}
