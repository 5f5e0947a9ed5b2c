import type { FastifyPluginCallbackZod } from 'fastify-type-provider-zod';
import { IdParams, ProgramOutcomesCsvQuerySchema, ProgramOutcomesQuerySchema } from '@kairos/api';
import { exportProgramOutcomesCsv } from '../../services/program-outcomes/export-program-outcomes-csv.js';
import { programOutcomesPdf } from '../../services/program-outcomes/program-outcomes-pdf.js';
import { progressLetterPdf } from '../../services/patient-outcomes/progress-letter-pdf.js';
import { requestMeta, signInOf } from '../auth.js';
import { routesOf } from '../route-options.js';
import { sendDownload } from '../download.js';

/**
 * Reports of the outcomes (issue 24, Must 3): the program outcomes report as a PDF and the
 * dashboard's tables as CSV (the dashboard's filters and permissions), and a patient's progress
 * letter to the referring clinician as a PDF (downloaded by staff, never emailed). Every download is audited.
 */
export const outcomeReportRoutes: FastifyPluginCallbackZod = (app) => {
  const route = routesOf(['outcomes']);
  const db = () => app.ctx.database.db;
  const atSite = { action: 'outcomes.read', site: { in: 'params', key: 'id', scope: 'patient-data' } } as const;

  app.get(
    '/api/sites/:id/program-outcomes.pdf',
    route(
      { ...atSite, raw: 'application/pdf' },
      'The program outcomes report as a PDF for the dashboard’s filters (course start dates from–to, template, cohort): flow, score means with 95% CIs beside the published means, rates, durability with its Kaplan-Meier curve, safety, completeness and the literature (therapists: their own patients’ courses)',
      { params: IdParams, querystring: ProgramOutcomesQuerySchema },
    ),
    async (req, reply) => {
      const { pdf, filename } = await programOutcomesPdf(db(), signInOf(req).actor, req.params.id, req.query, requestMeta(req));
      return sendDownload(reply, 'application/pdf', filename, pdf);
    },
  );
  app.get(
    '/api/sites/:id/program-outcomes.csv',
    route(
      { ...atSite, raw: 'text/csv' },
      'One of the dashboard’s tables (flow, scores, rates, durability, safety, completeness) as CSV, for the dashboard’s filters',
      { params: IdParams, querystring: ProgramOutcomesCsvQuerySchema },
    ),
    async (req, reply) => {
      const { csv, filename } = await exportProgramOutcomesCsv(db(), signInOf(req).actor, req.params.id, req.query, requestMeta(req));
      return sendDownload(reply, 'text/csv; charset=utf-8', filename, csv);
    },
  );
  app.get(
    '/api/patients/:id/progress-letter.pdf',
    route(
      { action: 'outcomes.read', raw: 'application/pdf' },
      'The patient’s progress letter to the referring clinician as a PDF: the course, doses given, scores over time and the care plan’s goals (the care team; downloaded, never emailed)',
      { params: IdParams },
    ),
    async (req, reply) => {
      const { pdf, filename } = await progressLetterPdf(db(), signInOf(req).actor, req.params.id, requestMeta(req));
      return sendDownload(reply, 'application/pdf', filename, pdf);
    },
  );
};
