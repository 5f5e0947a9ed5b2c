import { describe, expect, it } from 'vitest';
import { pdfText } from '../../../test/pdf-text.js';
import {
  evenSample,
  INFUSION_RECORD_PDF_LIMITS,
  readingsToPrint,
  renderInfusionRecordPdf,
  sentence,
  type InfusionRecordPdfFacts,
  type RecordReadingRow,
} from './render-infusion-record-pdf.js';

const MIN = 60_000;
/** 14:00 in New York on the session's day (EDT, UTC-4). */
const START = Date.parse('2026-10-20T18:00:00Z');
const at = (minute: number) => new Date(START + minute * MIN);

const row = (minute: number, over: Partial<RecordReadingRow> = {}): RecordReadingRow => ({
  at: at(minute),
  systolic: 124,
  diastolic: 78,
  heartRate: 72,
  spo2: 98,
  respiratoryRate: 14,
  temperature: null,
  level: 'normal',
  source: 'device',
  ...over,
});

const facts = (over: Partial<InfusionRecordPdfFacts> = {}): InfusionRecordPdfFacts => ({
  clinicName: 'Harbour Light Clinic',
  timeZone: 'America/New_York',
  patient: { givenName: 'Avery', familyName: 'Ashdown', birthDate: '1980-03-04', mrn: 'MRN-77', synthetic: false },
  sessionDate: '2026-10-20',
  bookedAt: at(-30),
  place: 'Chair 2, Room A',
  state: 'Discharged',
  protocolVersion: 3,
  dose: {
    orderedBy: 'Dr. Priya Prescriber',
    orderedAt: at(-45),
    route: 'IV infusion',
    dose: '74.2 kg × 0.5 mg/kg = 37.1 mg over 40 min',
    preparation: '3.71 mL of 10 mg/mL into 100 mL: 103.71 mL at 155.6 mL/h (syringe pump)',
    doubleCheckedBy: 'Dr. Dana Director',
    doubleCheckedAt: at(-20),
  },
  timings: [
    { at: at(-40), what: 'Checked in', by: 'Nina Nurse', note: null },
    { at: at(0), what: 'Infusion started', by: 'Nina Nurse', note: null },
    { at: at(22), what: 'Infusion paused', by: 'Nina Nurse', note: 'Blood pressure 186/104 mmHg' },
    { at: at(27), what: 'Infusion resumed', by: 'Nina Nurse', note: null },
    { at: at(45), what: 'Infusion stopped', by: 'Nina Nurse', note: null },
    { at: at(125), what: 'Discharged', by: 'Nina Nurse', note: null },
  ],
  course: { infusion: true, runningMinutes: 40, plannedMinutes: 40, infusedMg: 37.1, infusedMl: 103.7 },
  chart: {
    bucketSeconds: 60,
    points: Array.from({ length: 30 }, (_, i) => ({
      at: at(i * 5 - 10),
      systolic: { min: 120 + (i === 6 ? 60 : 0), max: 126 + (i === 6 ? 66 : 0) },
      diastolic: { min: 78, max: 80 },
      heartRate: { min: 70, max: 76 },
      spo2: { min: 97, max: 98 },
    })),
    infusionStartedAt: at(0),
    infusionEndedAt: at(45),
  },
  readings: { total: 3, outsideRange: 1, rows: [row(-10), row(22, { systolic: 186, diastolic: 104, level: 'pause' }), row(120)] },
  moaas: {
    total: 2,
    rows: [
      { at: at(15), score: 4 },
      { at: at(45), score: 5 },
    ],
  },
  cadss6: [{ at: at(110), total: 6 }],
  medications: [{ at: at(30), what: 'Ondansetron 4 mg IV', purpose: 'treatment of an adverse event', by: 'Nina Nurse' }],
  alerts: [
    {
      raisedAt: at(22),
      level: 'pause',
      what: 'Blood pressure 186/104 mmHg: pause recommended',
      acknowledged: { by: 'Nina Nurse', at: at(23) },
      note: 'Paused; prescriber informed',
      closedAt: at(125),
    },
  ],
  adverseEvents: [
    {
      occurredAt: at(25),
      kind: 'Nausea or vomiting',
      severity: 'Moderate',
      serious: true,
      description: 'Vomited once',
      actionTaken: 'Ondansetron given',
      reportedBy: 'Nina Nurse',
      reviewed: { by: 'Dr. Dana Director', at: at(200), note: 'Monitored per protocol' },
    },
  ],
  credentialOverrides: [
    {
      at: at(-20),
      by: 'Dr. Dana Director',
      holder: 'Nina Nurse',
      duty: 'run the infusion',
      lapses: ['ACLS expired on 2026-10-19'],
      reason: 'renewal course attended, card in the post',
    },
  ],
  discharge: {
    outcome: 'discharged',
    at: at(125),
    by: 'Nina Nurse',
    reason: null,
    overrideBy: null,
    criteria: {
      judgedAt: at(125),
      ready: true,
      conditions: [
        { status: 'met', message: 'Observed 80 min since the infusion ended' },
        { status: 'met', message: 'Escort confirmed' },
      ],
    },
    aldreteTotal: 10,
    escort: { name: 'Sam Rivers', at: at(118) },
  },
  generatedAt: at(300),
  ...over,
});

describe('infusion record PDF', () => {
  it('says what the job holds: header, dose and double check, timings, vitals, scores, alerts, adverse events, credential overrides, discharge; times at the site', async () => {
    const { text, title } = await pdfText(await renderInfusionRecordPdf(facts()));
    expect(title).toBe('Infusion record');
    for (const said of [
      'Infusion record: IV ketamine',
      'Harbour Light Clinic',
      'Patient: Avery Ashdown',
      'MRN: MRN-77',
      'Date of birth: March 4, 1980',
      'Session: October 20, 2026, booked 13:30, Chair 2, Room A',
      'Protocol version: 3',
      'Times are at the site (America/New_York)',
      'Ordered by: Dr. Priya Prescriber, 13:15',
      'Dose: 74.2 kg × 0.5 mg/kg = 37.1 mg over 40 min',
      '3.71 mL of 10 mg/mL into 100 mL: 103.71 mL at 155.6 mL/h (syringe pump)',
      'Independent double check: Dr. Dana Director, 13:40',
      '13:20 Checked in (Nina Nurse)',
      '14:22 Infusion paused (Nina Nurse): Blood pressure 186/104 mmHg',
      '14:45 Infusion stopped (Nina Nurse)',
      'Running time: 40 min of 40 min planned',
      // The chart's legend and its y-axis values and units.
      'Systolic (mmHg)',
      'Heart rate (/min)',
      'SpO2 %',
      'mmHg and /min',
      // The table.
      '14:22 186/104 72 98 14 - Pause level monitor',
      'MOAA/S: 4 at 14:15; 5 at 14:45',
      'CADSS-6: 6 of 24 at 15:50',
      'Ondansetron 4 mg IV, treatment of an adverse event (Nina Nurse)',
      '14:22 Pause level: Blood pressure 186/104 mmHg: pause recommended; acknowledged by Nina Nurse at 14:23. Note: Paused; prescriber informed',
      'Nausea or vomiting, moderate, serious. Vomited once. Action: Ondansetron given. Reported by Nina Nurse. Reviewed by Dr. Dana Director at 17:20: Monitored per protocol.',
      'Dr. Dana Director let Nina Nurse run the infusion although ACLS expired on 2026-10-19. Reason: renewal course attended, card in the post.',
      'Discharged: 16:05 by Nina Nurse, the criteria met',
      'met: Escort confirmed',
      'Modified Aldrete: 10 of 10',
      'Escort at discharge: Sam Rivers, 15:58',
      'page 1 of',
    ])
      expect(text, said).toContain(said);
    // Every reading fits: nothing said about left-out readings. The lot is not printed (issue 23).
    expect(text).not.toContain('readings are printed');
    expect(text).not.toMatch(/lot/i);
    expect(text).not.toContain('SYNTHETIC');
  });

  it('the Vital signs heading is on the page of its chart, wherever the timings above end', async () => {
    const base = facts();
    for (let extra = 0; extra <= 36; extra += 2) {
      const timings = [
        ...base.timings,
        ...Array.from({ length: extra }, (_, i) => ({ at: at(50 + i), what: 'Rate changed', by: 'Nina Nurse', note: `step ${i}` })),
      ];
      const { pageTexts } = await pdfText(await renderInfusionRecordPdf({ ...base, timings }));
      const page = pageTexts.findIndex((t) => t.includes('Vital signs'));
      expect(page, `${extra} more timings`).toBeGreaterThanOrEqual(0);
      expect(pageTexts[page], `${extra} more timings`).toContain('Systolic (mmHg)');
    }
  });

  it.each([
    ['a note without a full stop', 'Monitored per protocol', 'Monitored per protocol.'],
    ['a note ending with one', 'No change to the dose plan.', 'No change to the dose plan.'],
    ['a question', 'Recheck tomorrow?', 'Recheck tomorrow?'],
    ['spaces after it', '  Resolved.  ', 'Resolved.'],
  ])('typed words end as one sentence: %s', (_case, typed, printed) => {
    expect(sentence(typed)).toBe(printed);
  });

  it('an intramuscular session: a dosing record with its route, the dose and when it was given, no pump', async () => {
    const { text } = await pdfText(
      await renderInfusionRecordPdf(
        facts({
          dose: {
            ...(facts().dose as NonNullable<InfusionRecordPdfFacts['dose']>),
            route: 'Intramuscular injection',
            dose: '35 mg by intramuscular injection (0.47 mg/kg of 74.2 kg)',
            preparation: '0.7 mL drawn from a 50 mg/mL vial, given as one injection',
          },
          course: { infusion: false, givenAt: at(0), doseMg: 35 },
        }),
      ),
    );
    expect(text).toContain('Dosing record: ketamine, intramuscular injection');
    expect(text).toContain('Route: Intramuscular injection');
    expect(text).toContain('Preparation: 0.7 mL drawn from a 50 mg/mL vial, given as one injection');
    expect(text).toMatch(/Given: 35 mg at \S/);
    expect(text).not.toContain('Running time');
    expect(text).not.toContain('Infusion record: IV ketamine');
  });

  it('a time on another day than the session’s carries its date; a session with no order or readings says so', async () => {
    const { text } = await pdfText(
      await renderInfusionRecordPdf(
        facts({
          dose: null,
          readings: { total: 0, outsideRange: 0, rows: [] },
          chart: { bucketSeconds: 60, points: [], infusionStartedAt: null, infusionEndedAt: null },
          timings: [{ at: new Date('2026-10-21T14:00:00Z'), what: 'Checked in', by: null, note: null }],
          discharge: { ...facts().discharge, outcome: 'open', at: null, by: null, criteria: null, aldreteTotal: null, escort: null },
          patient: { ...facts().patient, synthetic: true },
        }),
      ),
    );
    expect(text).toContain('No dose was ordered.');
    expect(text).toContain('No vital signs were recorded.');
    expect(text).toContain('Oct 21, 10:00 Checked in');
    expect(text).toContain('Discharge: not yet discharged');
    expect(text).toContain('Not yet in observation.');
    expect(text).toContain('SYNTHETIC DEMO RECORD');
  });

  it('a discharge by a prescriber’s override names the prescriber, the reason and the unmet criterion; an abort its reason', async () => {
    const base = facts().discharge;
    const override = await pdfText(
      await renderInfusionRecordPdf(
        facts({
          discharge: {
            ...base,
            overrideBy: 'Dr. Priya Prescriber',
            reason: 'Escort waiting outside; reviewed at the chair',
            criteria: { judgedAt: at(125), ready: false, conditions: [{ status: 'unmet', message: 'Escort not confirmed' }] },
          },
        }),
      ),
    );
    expect(override.text).toContain(
      'Discharged by override: Dr. Priya Prescriber, the criteria not met; reason: Escort waiting outside; reviewed at the chair',
    );
    expect(override.text).toContain('NOT MET: Escort not confirmed');
    expect(override.text).not.toContain('the criteria met');
    const aborted = await pdfText(
      await renderInfusionRecordPdf(facts({ discharge: { ...base, outcome: 'aborted', reason: 'Patient asked to stop', criteria: null } })),
    );
    expect(aborted.text).toContain('Aborted: 16:05 by Nina Nurse: Patient asked to stop');
  });

  it('a hostile unbroken 20,000-character string in free text is broken into lines and shortened, quickly', async () => {
    const hostile = 'X'.repeat(20_000);
    const started = Date.now();
    const { text } = await pdfText(
      await renderInfusionRecordPdf(
        facts({
          alerts: [{ ...facts().alerts[0]!, note: hostile }],
          adverseEvents: [{ ...facts().adverseEvents[0]!, description: hostile }],
          patient: { ...facts().patient, familyName: hostile },
        }),
      ),
    );
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(text).not.toContain('X'.repeat(81));
    expect(text).toContain('X'.repeat(80));
    expect(text).toContain('(shortened; the full text is in the record)');
  });

  describe('the vital-sign table is bounded and says what it left out', () => {
    const limit = INFUSION_RECORD_PDF_LIMITS.readingRows;
    /** `n` readings a minute apart; those at the minutes in `outside` are pause-level. */
    const many = (n: number, outside: (m: number) => boolean) =>
      Array.from({ length: n }, (_, m) => row(m, outside(m) ? { systolic: 190 + (m % 9), level: 'pause' } : { systolic: 100 + (m % 50) }));

    it('more than the limit: every reading outside the range and an even sample of the rest, first and last; it says how many', async () => {
      const rows = many(limit * 3, (m) => m % 100 === 50);
      const outside = rows.filter((r) => r.level !== 'normal').length;
      const printed = readingsToPrint(rows, limit);
      expect(printed).toHaveLength(limit);
      expect(printed.filter((r) => r.level !== 'normal')).toHaveLength(outside);
      expect(printed[0]).toBe(rows[0]);
      expect(printed.at(-1)).toBe(rows.at(-1));
      expect(printed.map((r) => r.at.getTime())).toEqual([...printed.map((r) => r.at.getTime())].sort((a, b) => a - b));
      const { text, pages } = await pdfText(
        await renderInfusionRecordPdf(facts({ readings: { total: rows.length, outsideRange: outside, rows } })),
      );
      expect(text).toContain(
        `${limit} of ${limit * 3} readings are printed (the limit is ${limit}): all ${outside} outside the normal range and an even sample of the ${limit * 3 - outside} within it, the first and last included.`,
      );
      // The table's rows: one per printed reading (the "monitor" source cell).
      expect(text.match(/ monitor/g)).toHaveLength(limit);
      expect(pages).toBeGreaterThan(2);
    });

    it('more readings outside the range than the limit: an even sample of those, saying none within it is printed', () => {
      const rows = many(limit * 2, (m) => m % 2 === 0);
      const printed = readingsToPrint(rows, limit);
      expect(printed).toHaveLength(limit);
      expect(printed.every((r) => r.level === 'pause')).toBe(true);
    });

    it('exactly the limit: every reading printed, nothing said', async () => {
      const rows = many(limit, () => false);
      expect(readingsToPrint(rows, limit)).toHaveLength(limit);
      const { text } = await pdfText(await renderInfusionRecordPdf(facts({ readings: { total: limit, outsideRange: 0, rows } })));
      expect(text).not.toContain('readings are printed');
      expect(text.match(/ monitor/g)).toHaveLength(limit);
    });

    it('rows already sampled by the caller: the statement counts the session’s total, not the rows handed in', async () => {
      const rows = many(50, () => false);
      const { text } = await pdfText(await renderInfusionRecordPdf(facts({ readings: { total: 5_000, outsideRange: 0, rows } })));
      expect(text).toContain('50 of 5000 readings are printed');
    });

    it('an even sample keeps the first and the last', () => {
      expect(evenSample([1, 2, 3, 4, 5, 6, 7, 8, 9], 3)).toEqual([1, 5, 9]);
      expect(evenSample([1, 2], 5)).toEqual([1, 2]);
    });
  });

  it('many alerts: the most serious printed, saying how many', async () => {
    const alert = facts().alerts[0]!;
    const alerts = Array.from({ length: INFUSION_RECORD_PDF_LIMITS.alerts + 20 }, (_, i) => ({
      ...alert,
      raisedAt: at(i),
      level: i === 119 ? 'escalate' : 'warn',
      what: `Alert ${i + 1}`,
      note: null,
    }));
    const { text } = await pdfText(await renderInfusionRecordPdf(facts({ alerts })));
    expect(text).toContain(
      `${INFUSION_RECORD_PDF_LIMITS.alerts} of ${alerts.length} alerts are printed: the most serious, then the earliest.`,
    );
    expect(text).toContain('Escalate: Alert 120');
    expect(text).not.toContain('Alert 100;');
  });
});
