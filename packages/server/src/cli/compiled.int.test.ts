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
import { CARE_PLAN_JOB } from '../../test/pdf-job.js';

const job = CARE_PLAN_JOB;

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
    const pool = new Piscina({ filename: join(DIST, 'worker.mjs'), name: 'runWorkerJob' });
    try {
      const bytes = (await pool.run(job)) as Uint8Array;
      const { text } = await pdfText(Buffer.from(bytes));
      expect(text).toContain('Your continuing care plan, Avery Ashdown');
    } finally {
      await pool.destroy();
    }
  });
});
