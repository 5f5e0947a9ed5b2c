/**
 * The PDF pool renders in a worker thread (the TypeScript renderers load there through tsx) and
 * stops a job that runs past its time limit with a clear 503.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { pdfText } from '../../test/pdf-text.js';
import { AppError } from '../errors.js';
import { closePdfPool, renderPdf } from './pdf-pool.js';
import type { PdfJob } from './render-pdf-job.js';

const job: PdfJob = {
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

describe('PDF worker pool', () => {
  afterAll(closePdfPool);

  it('renders a care plan in a worker thread: the bytes are a PDF saying what the job holds', async () => {
    const { text } = await pdfText(await renderPdf(job));
    expect(text).toContain('Your continuing care plan, Avery Ashdown');
    expect(text).toContain('1. Sleep through the night');
  });

  it('a job past its time limit is stopped and refused with 503, saying why; the pool still renders afterwards', async () => {
    const refused = await renderPdf(job, { timeLimitMs: 1 }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AppError);
    expect(refused).toMatchObject({ code: 'SERVICE_UNAVAILABLE', details: { reason: 'pdf-time-limit', timeLimitMs: 1 } });
    expect((refused as AppError).message).toBe('The PDF took longer than 0.001 seconds to make and was stopped.');
    expect((await renderPdf(job)).subarray(0, 5).toString()).toBe('%PDF-');
  });
});
