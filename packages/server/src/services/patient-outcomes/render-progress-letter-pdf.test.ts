import { describe, expect, it } from 'vitest';
import { pdfText } from '../../../test/pdf-text.js';
import { renderProgressLetterPdf, type ProgressLetterPdfFacts } from './render-progress-letter-pdf.js';

const facts = (over: Partial<ProgressLetterPdfFacts> = {}): ProgressLetterPdfFacts => ({
  clinicName: 'Harbour Light Clinic',
  timeZone: 'America/New_York',
  patient: { givenName: 'Avery', familyName: 'Ashdown', birthDate: '1980-03-04', mrn: 'MRN-77', synthetic: false },
  addressee: { name: 'Dr. Riley Referrer', organisation: 'Northside Family Practice' },
  course: {
    title: '5-day ketamine-assisted psychotherapy retreat',
    state: 'Follow-up',
    firstDay: '2026-06-01',
    lastDay: '2026-06-05',
    eventsHeld: [
      { date: '2026-06-01', title: 'Assessment', dosed: null },
      { date: '2026-06-02', title: 'Dosing session 1 (IV ketamine)', dosed: true },
      { date: '2026-06-04', title: 'Dosing session 2 (IV ketamine)', dosed: false },
    ],
    eventsAhead: 0,
  },
  doses: [
    { date: '2026-06-02', program: '5-day retreat', doseMg: 36, mgPerKg: 0.5, weightKg: 72, route: 'IV infusion over 40 min' },
    { date: '2026-06-04', program: '5-day retreat', doseMg: 35, mgPerKg: 0.49, weightKg: 72, route: 'Intramuscular injection' },
  ],
  scores: [
    {
      date: '2026-05-31',
      pcl5: 50,
      phq9: { total: 16, severity: 'moderately-severe' },
      gad7: { total: 12, severity: 'moderate' },
      pcl5Words: 'Baseline',
    },
    { date: '2026-06-05', pcl5: 30, phq9: null, gad7: null, pcl5Words: '40% below baseline: response' },
  ],
  responseWords: 'Responder after the course: PCL-5 30 on June 5, 2026, 40% below baseline, 3 days after the last dosing session.',
  carePlan: {
    signedAt: new Date('2026-06-05T20:00:00Z'),
    signedBy: 'Theo Therapist, LCSW',
    goals: ['Sleep through the night at least five nights a week', 'Drive to work on my own'],
    maintenancePlan: 'Weekly trauma-focused therapy for eight weeks.',
  },
  author: 'Dr. Pat Prescriber',
  generatedAt: new Date('2026-07-01T15:00:00Z'),
  ...over,
});

describe('progress letter PDF', () => {
  it('to the referring clinician: the course and events held, doses (mg, mg/kg, route), scores by date with words, the care plan goals, a signature line', async () => {
    const { text, title } = await pdfText(await renderProgressLetterPdf(facts()));
    expect(title).toBe('Progress letter');
    expect(text).toContain('To Dr. Riley Referrer, Northside Family Practice');
    expect(text).toContain('Progress of Avery Ashdown');
    expect(text).toContain('MRN MRN-77');
    expect(text).toContain('Program: 5-day ketamine-assisted psychotherapy retreat, June 1, 2026 to June 5, 2026');
    expect(text).toContain('Events held: 3, of which 2 dosing sessions (1 with a dose given)');
    expect(text).toMatch(/Jun 2, 2026 36 0\.5 72 IV infusion over 40 min/);
    expect(text).toMatch(/Jun 4, 2026 35 0\.49 72 Intramuscular injection/);
    expect(text).toMatch(/May 31, 2026 50 16 \(moderately severe\) 12 \(moderate\) Baseline/);
    expect(text).toContain('Jun 5, 2026 30 40% below baseline: response');
    expect(text).toContain('Responder after the course');
    expect(text).toContain('1. Sleep through the night at least five nights a week');
    expect(text).toContain('Weekly trauma-focused therapy for eight weeks.');
    expect(text).toContain('Yours sincerely');
    expect(text).toContain('Dr. Pat Prescriber, Harbour Light Clinic');
    expect(text).not.toContain('SYNTHETIC');
  });

  it('without referral details, a course, doses or a signed care plan: addressed to the referring clinician, each part says so', async () => {
    const { text } = await pdfText(
      await renderProgressLetterPdf(
        facts({
          addressee: null,
          course: null,
          doses: [],
          scores: [],
          responseWords: null,
          carePlan: null,
          patient: { ...facts().patient, synthetic: true },
        }),
      ),
    );
    expect(text).toContain('To the referring clinician');
    expect(text).toContain('No program course is recorded for this patient.');
    expect(text).toContain('No dose has been given.');
    expect(text).toContain('No questionnaire has been scored yet.');
    expect(text).toContain('No continuing care plan has been signed yet.');
    expect(text).toContain('SYNTHETIC DEMO RECORD');
  });
});
