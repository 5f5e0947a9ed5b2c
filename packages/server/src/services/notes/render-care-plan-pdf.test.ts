import { describe, expect, it } from 'vitest';
import { pdfText } from '../../../test/pdf-text.js';
import { CARE_PLAN_PDF_LIMITS, CRISIS_FALLBACK, renderCarePlanPdf, type CarePlanPdfFacts } from './render-care-plan-pdf.js';

const facts = (over: Partial<CarePlanPdfFacts> = {}): CarePlanPdfFacts => ({
  clinicName: 'Harbour Light Clinic',
  timeZone: 'America/New_York',
  patient: { givenName: 'Avery', familyName: 'Ashdown', birthDate: '1980-03-04', mrn: 'MRN-77', synthetic: false },
  program: { title: '5-day ketamine-assisted psychotherapy retreat', firstDay: '2026-10-19', lastDay: '2026-10-23', state: 'Follow-up' },
  signedBy: 'Theo Therapist, LCSW',
  signedAt: new Date('2026-10-23T20:45:00Z'),
  contentHash: 'f'.repeat(64),
  content: {
    goals: ['Sleep through the night at least five nights a week', 'Drive to work on my own by the end of next month'],
    maintenancePlan: 'Weekly trauma-focused therapy for eight weeks.',
    followUpMeasures: 'Questionnaires at +7, +30 and +90 days.',
    crisisResources: 'Call or text 988, day or night.',
    referrerSummary: 'Chronic PTSD; completed the retreat without adverse events.',
  },
  followUps: [
    { date: '2026-10-30', label: '+7 days after day 5', instruments: ['PCL-5 (past week)', 'PHQ-9', 'C-SSRS screener'] },
    { date: '2026-11-23', label: '+30 days after day 5', instruments: ['PCL-5 (past month)', 'PHQ-9', 'C-SSRS screener'] },
  ],
  amendments: [
    {
      at: new Date('2026-11-01T20:15:00Z'),
      by: 'Theo Therapist, LCSW',
      reason: 'Agreed at the +7 day call',
      body: 'Added: join the monthly integration group.',
    },
  ],
  siteCrisisResources: null,
  generatedAt: new Date('2026-11-28T12:00:00Z'),
  ...over,
});

describe('care plan PDF', () => {
  it('the patient version: goals, plan, dated questionnaires, changes, crisis resources and the clinic, in plain words; no referrer summary', async () => {
    const { text, title, pages } = await pdfText(await renderCarePlanPdf(facts(), 'patient'));
    expect(pages).toBe(1);
    expect(title).toBe('Your continuing care plan');
    expect(text).toContain('Your continuing care plan, Avery Ashdown');
    expect(text).toContain('1. Sleep through the night at least five nights a week');
    expect(text).toContain('2. Drive to work on my own by the end of next month');
    expect(text).toContain('Weekly trauma-focused therapy for eight weeks.');
    expect(text).toContain('October 30, 2026: PCL-5 (past week), PHQ-9, C-SSRS screener');
    expect(text).toContain('November 1, 2026: Added: join the monthly integration group.');
    expect(text).toContain('Call or text 988, day or night.');
    expect(text).toContain(CRISIS_FALLBACK);
    expect(text).toContain('Contact Harbour Light Clinic');
    expect(text).not.toContain('Chronic PTSD');
    expect(text).not.toContain('SYNTHETIC');
  });

  it('the site’s crisis resources replace the fallback sentence; synthetic records say so', async () => {
    const { text } = await pdfText(
      await renderCarePlanPdf(
        facts({ siteCrisisResources: 'Clinic on-call line: 555-0100.', patient: { ...facts().patient, synthetic: true } }),
        'patient',
      ),
    );
    expect(text).toContain('Clinic on-call line: 555-0100.');
    expect(text).not.toContain(CRISIS_FALLBACK);
    expect(text).toContain('SYNTHETIC DEMO RECORD');
  });

  it('the referring clinician’s version: patient, program dates, signer, summary, goals, measures and amendments with reasons', async () => {
    const { text, title } = await pdfText(await renderCarePlanPdf(facts(), 'referrer'));
    expect(title).toBe('Continuing care plan: summary for the referring clinician');
    expect(text).toContain('MRN: MRN-77');
    expect(text).toContain('Date of birth: March 4, 1980');
    expect(text).toContain('Program: 5-day ketamine-assisted psychotherapy retreat, October 19, 2026 to October 23, 2026');
    expect(text).toContain('Plan signed: October 23, 2026 at 4:45 PM by Theo Therapist, LCSW');
    expect(text).toContain('Chronic PTSD; completed the retreat without adverse events.');
    for (const g of facts().content.goals as string[]) expect(text).toContain(g);
    expect(text).toContain('November 23, 2026 (+30 days after day 5): PCL-5 (past month), PHQ-9, C-SSRS screener');
    expect(text).toContain('reason: Agreed at the +7 day call');
    expect(text).toContain(`content hash ${'f'.repeat(64)}`);
  });

  it('text the standard fonts cannot print becomes "?", never a crash; a long plan runs onto more pages', async () => {
    const long = Array.from({ length: 40 }, (_, i) => `Goal ${i + 1}: keep going 日本`);
    const { text, pages } = await pdfText(await renderCarePlanPdf(facts({ content: { ...facts().content, goals: long } }), 'referrer'));
    expect(text).toContain('Goal 40: keep going ??');
    expect(pages).toBeGreaterThan(1);
  });

  describe('bounds: a plan amended many times, with long unbroken text, still makes a readable PDF', () => {
    const amended = (count: number, body: (i: number) => string) =>
      facts({
        amendments: Array.from({ length: count }, (_, i) => ({
          at: new Date(Date.UTC(2026, 10, 1 + i, 15)),
          by: 'Theo Therapist, LCSW',
          reason: `Reason ${i + 1}`,
          body: body(i),
        })),
      });

    it.each([
      ['patient', '5 earlier changes are not printed here; Harbour Light Clinic can give you your full record.'],
      ['referrer', '5 earlier amendments are not printed; Harbour Light Clinic holds the full record.'],
    ] as const)('the %s version prints the most recent amendments and says how many it left out', async (audience, said) => {
      const { text } = await pdfText(
        await renderCarePlanPdf(
          amended(CARE_PLAN_PDF_LIMITS.amendments + 5, (i) => `Change ${i + 1}.`),
          audience,
        ),
      );
      expect(text).toContain(said);
      expect(text).toContain(`Change ${CARE_PLAN_PDF_LIMITS.amendments + 5}.`);
      expect(text).toContain('Change 6.');
      expect(text).not.toContain('Change 5.');
    });

    it('exactly the limit: every amendment printed, nothing said about earlier ones', async () => {
      const { text } = await pdfText(
        await renderCarePlanPdf(
          amended(CARE_PLAN_PDF_LIMITS.amendments, (i) => `Change ${i + 1}.`),
          'referrer',
        ),
      );
      expect(text).toContain('Change 1.');
      expect(text).not.toContain('not printed');
    });

    it('a long amendment is shortened, saying so; a run without spaces is broken into pieces of 80', async () => {
      const long = `${'word '.repeat(2_000)}END`;
      const unbroken = 'Z'.repeat(500);
      const { text } = await pdfText(
        await renderCarePlanPdf(
          amended(2, (i) => (i === 0 ? long : unbroken)),
          'patient',
        ),
      );
      expect(text).toContain('(shortened here; the full text is in your record at the clinic)');
      expect(text).not.toContain('END');
      // Every character is printed, in lines none longer than a piece.
      expect(text.replace(/[^Z]/g, '')).toHaveLength(500);
      expect(text).not.toContain('Z'.repeat(81));
    });
  });
});
