/**
 * The `kairos` command runs the server compiled into dist/ (bin/compile.mjs): the compiled files
 * are used only while no source is newer, and the compiled PDF worker renders like the sources.
 */
import { statSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { Piscina } from 'piscina';
import { describe, expect, it } from 'vitest';
import { compile, DIST, staleReason } from '../../bin/compile.mjs';
import { pdfText } from '../../test/pdf-text.js';
import type { PdfJob } from '../workers/render-pdf-job.js';

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

describe('the compiled server', () => {
  it('is current after a compile, and stale once one of its sources is newer', async () => {
    if (staleReason() !== undefined) await compile();
    expect(staleReason()).toBeUndefined();
    // A source of the core package, one the server is compiled with: made newer, then put back.
    const source = join(import.meta.dirname, '../../../core/src/index.ts');
    const before = statSync(source);
    try {
      utimesSync(source, before.atime, new Date(Date.now() + 60_000));
      expect(staleReason()).toBe('sources changed');
    } finally {
      utimesSync(source, before.atime, before.mtime);
    }
    expect(staleReason()).toBeUndefined();
  });

  it('renders a PDF in its own compiled worker thread, found beside the compiled server', async () => {
    if (staleReason() !== undefined) await compile();
    const pool = new Piscina({ filename: join(DIST, 'pdf-worker.mjs'), name: 'renderPdfJob' });
    try {
      const bytes = (await pool.run(job)) as Uint8Array;
      const { text } = await pdfText(Buffer.from(bytes));
      expect(text).toContain('Your continuing care plan, Avery Ashdown');
    } finally {
      await pool.destroy();
    }
  });
});
