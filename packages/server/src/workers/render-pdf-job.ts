/**
 * What a PDF worker thread does with one job: pick the renderer for the job's kind and return the
 * bytes. Runs inside the worker pool (`pdf-pool.ts`), never on the server's event loop.
 *
 * @module
 */
import { renderCarePlanPdf, type CarePlanAudience, type CarePlanPdfFacts } from '../services/notes/render-care-plan-pdf.js';
import { renderInfusionRecordPdf, type InfusionRecordPdfFacts } from '../services/dosing-session/render-infusion-record-pdf.js';
import { renderStockRecordsPdf, type StockRecordsPdfFacts } from '../services/stock/render-stock-records-pdf.js';
import { renderProgramOutcomesPdf, type ProgramOutcomesPdfFacts } from '../services/program-outcomes/render-program-outcomes-pdf.js';
import { renderProgressLetterPdf, type ProgressLetterPdfFacts } from '../services/patient-outcomes/render-progress-letter-pdf.js';

/** One PDF to render. Its fields cross the thread boundary by structured clone (dates stay dates). */
export type PdfJob =
  | { kind: 'care-plan'; facts: CarePlanPdfFacts; audience: CarePlanAudience }
  | { kind: 'infusion-record'; facts: InfusionRecordPdfFacts }
  | { kind: 'stock-records'; facts: StockRecordsPdfFacts }
  | { kind: 'program-outcomes'; facts: ProgramOutcomesPdfFacts }
  | { kind: 'progress-letter'; facts: ProgressLetterPdfFacts };

/** Renders `job`; the bytes go back to the pool as a Uint8Array. */
export async function renderPdfJob(job: PdfJob): Promise<Uint8Array> {
  switch (job.kind) {
    case 'care-plan':
      return new Uint8Array(await renderCarePlanPdf(job.facts, job.audience));
    case 'infusion-record':
      return new Uint8Array(await renderInfusionRecordPdf(job.facts));
    case 'stock-records':
      return new Uint8Array(await renderStockRecordsPdf(job.facts));
    case 'program-outcomes':
      return new Uint8Array(await renderProgramOutcomesPdf(job.facts));
    case 'progress-letter':
      return new Uint8Array(await renderProgressLetterPdf(job.facts));
  }
}
