/**
 * What a worker thread does with one job: render a PDF (the renderer picked by the job's kind) and
 * return its bytes, compute a batch of program courses' facts and return their rows, a site's
 * program figures from their aggregates, or the problems of a FHIR resource written to Kairos. Runs
 * inside the worker pool (`worker-pool.ts`), never on the server's event loop.
 *
 * @module
 */
import { renderCarePlanPdf, type CarePlanAudience, type CarePlanPdfFacts } from '../services/notes/render-care-plan-pdf.js';
import { renderInfusionRecordPdf, type InfusionRecordPdfFacts } from '../services/dosing-session/render-infusion-record-pdf.js';
import { renderStockRecordsPdf, type StockRecordsPdfFacts } from '../services/stock/render-stock-records-pdf.js';
import { renderProgramOutcomesPdf, type ProgramOutcomesPdfFacts } from '../services/program-outcomes/render-program-outcomes-pdf.js';
import { renderProgressLetterPdf, type ProgressLetterPdfFacts } from '../services/patient-outcomes/render-progress-letter-pdf.js';
import { renderSuperbillPdf, type SuperbillPdfFacts } from '../services/billing/render-superbill-pdf.js';
import { summarizeProgramAggregates, type ProgramAggregates, type ProgramOutcomesConfig, type ProgramOutcomesSummary } from '@kairos/core';
import { courseFactRows, type CourseFactRows } from '../services/program-outcomes/internal/course-facts.js';
import type { ProgramRawRows, ProgramSite } from '../services/program-outcomes/internal/program-rows.js';
import type { SiteProtocol } from '../services/protocol/internal/versions.js';
import type { Resource } from '@medplum/fhirtypes';
import { fhirProblems, type FhirProblem } from '../fhir/fhir-validation.js';

/** One PDF to render. Its fields cross the thread boundary by structured clone (dates stay dates). */
export type PdfJob =
  | { kind: 'care-plan'; facts: CarePlanPdfFacts; audience: CarePlanAudience }
  | { kind: 'infusion-record'; facts: InfusionRecordPdfFacts }
  | { kind: 'stock-records'; facts: StockRecordsPdfFacts }
  | { kind: 'program-outcomes'; facts: ProgramOutcomesPdfFacts }
  | { kind: 'progress-letter'; facts: ProgressLetterPdfFacts }
  | { kind: 'superbill'; facts: SuperbillPdfFacts };

/** A batch of program courses whose facts to compute (program-outcomes/internal/course-facts.ts). */
export interface ProgramFactsJob {
  kind: 'program-facts';
  raw: ProgramRawRows;
  site: ProgramSite;
  protocol: SiteProtocol;
  now: Date;
}

/** A site's program figures from its aggregated facts (core's `summarizeProgramAggregates`: about 100 ms at 100,000 courses). */
export interface ProgramSummaryJob {
  kind: 'program-summary';
  aggregates: ProgramAggregates;
  config: ProgramOutcomesConfig;
}

/** A FHIR resource to validate (fhir/fhir-validation.ts: the definitions load once per thread). */
export interface FhirValidationJob {
  kind: 'fhir-validate';
  resource: Resource;
}

/** Any job the pool runs. */
export type WorkerJob = PdfJob | ProgramFactsJob | ProgramSummaryJob | FhirValidationJob;

/** Runs `job`; a PDF goes back to the pool as a Uint8Array, a batch's facts as their rows, a summary as itself. */
export async function runWorkerJob(job: WorkerJob): Promise<Uint8Array | CourseFactRows | ProgramOutcomesSummary | FhirProblem[]> {
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
    case 'superbill':
      return new Uint8Array(await renderSuperbillPdf(job.facts));
    case 'program-facts':
      return courseFactRows(job.raw, job.site, job.protocol, job.now);
    case 'program-summary':
      return summarizeProgramAggregates(job.aggregates, job.config);
    case 'fhir-validate':
      return fhirProblems(job.resource);
  }
}
