/** A small care-plan PDF job the worker tests render (the pool, and the compiled worker). */
import type { PdfJob } from '../src/workers/worker-job.js';

export const CARE_PLAN_JOB: PdfJob = {
  kind: 'care-plan',
  audience: 'patient',
  facts: {
    clinicName: 'Harbour Light Clinic',
    timeZone: 'UTC',
    patient: { givenName: 'Avery', familyName: 'Ashdown', birthDate: '1980-03-04', mrn: 'MRN-77', synthetic: false },
    program: null,
    signedBy: 'Theo Therapist, LCSW',
    signedAt: new Date('2026-10-23T20:45:00Z'),
    contentHash: 'f'.repeat(64),
    content: { goals: ['Sleep through the night'], maintenancePlan: 'Weekly therapy.', crisisResources: 'Call 988.' },
    followUps: [],
    amendments: [],
    siteCrisisResources: null,
    generatedAt: new Date('2026-11-28T12:00:00Z'),
  },
};

/**
 * The same care plan with a long maintenance plan (200,000 characters in words): it takes the
 * worker far longer than a millisecond, so a 1 ms time limit always stops it (the small job
 * sometimes finished first).
 */
export const SLOW_CARE_PLAN_JOB: PdfJob = {
  ...CARE_PLAN_JOB,
  facts: {
    ...CARE_PLAN_JOB.facts,
    content: { ...CARE_PLAN_JOB.facts.content, maintenancePlan: 'Weekly therapy and a walk every morning. '.repeat(5_000) },
  },
};
