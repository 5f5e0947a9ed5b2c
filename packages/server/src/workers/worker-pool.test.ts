/**
 * The PDF pool renders in a worker thread (the TypeScript renderers load there through tsx) and
 * stops a job that runs past its time limit with a clear 503.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { pdfText } from '../../test/pdf-text.js';
import { AppError } from '../errors.js';
import { closeWorkerPool, renderPdf } from './worker-pool.js';
import { CARE_PLAN_JOB, SLOW_CARE_PLAN_JOB } from '../../test/pdf-job.js';

const job = CARE_PLAN_JOB;

describe('PDF worker pool', () => {
  afterAll(closeWorkerPool);

  it('renders a care plan in a worker thread: the bytes are a PDF saying what the job holds', async () => {
    const { text } = await pdfText(await renderPdf(job));
    expect(text).toContain('Your continuing care plan, Avery Ashdown');
    expect(text).toContain('1. Sleep through the night');
  });

  it('a job past its time limit is stopped and refused with 503, saying why; the pool still renders afterwards', async () => {
    const refused = await renderPdf(SLOW_CARE_PLAN_JOB, { timeLimitMs: 1 }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AppError);
    expect(refused).toMatchObject({ code: 'SERVICE_UNAVAILABLE', details: { reason: 'pdf-time-limit', timeLimitMs: 1 } });
    expect((refused as AppError).message).toBe('The PDF took longer than 0.001 seconds to make and was stopped.');
    expect((await renderPdf(job)).subarray(0, 5).toString()).toBe('%PDF-');
  });
});
