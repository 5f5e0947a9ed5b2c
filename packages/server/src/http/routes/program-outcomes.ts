import type { FastifyPluginCallbackZod } from 'fastify-type-provider-zod';
import { IdParams, ProgramCohortsQuerySchema, ProgramCohortsSchema, ProgramOutcomesQuerySchema, ProgramOutcomesSchema } from '@kairos/api';
import { listProgramCohorts } from '../../services/program-outcomes/list-program-cohorts.js';
import { readProgramOutcomes } from '../../services/program-outcomes/read-program-outcomes.js';
import { requestMeta, signInOf } from '../auth.js';
import { routesOf } from '../route-options.js';

/** The program's outcomes at a site (the Outcomes page): the director's instrument. */
export const programOutcomeRoutes: FastifyPluginCallbackZod = (app) => {
  const route = routesOf(['outcomes']);
  const db = () => app.ctx.database.db;

  app.get(
    '/api/sites/:id/program-outcomes',
    route(
      { action: 'outcomes.read', site: { in: 'params', key: 'id', scope: 'patient-data' } },
      'The program’s outcomes at a site, filtered by template, course start dates and cohort: flow, score means with 95% CIs, rates with Wilson CIs, durability of response (Kaplan-Meier), safety, completeness, beside the literature (therapists: their own patients’ courses)',
      { params: IdParams, querystring: ProgramOutcomesQuerySchema, response: { 200: ProgramOutcomesSchema } },
    ),
    async (req) => readProgramOutcomes(db(), signInOf(req).actor, req.params.id, req.query, requestMeta(req)),
  );

  app.get(
    '/api/sites/:id/program-outcomes/cohorts',
    route(
      { action: 'outcomes.read', site: { in: 'params', key: 'id', scope: 'patient-data' } },
      'The cohorts the Outcomes page’s cohort filter offers, filtered by template and first day: each in words, with its template, first day, patients booked and state, the latest first day first, at most 500 (therapists: the cohorts of their own patients)',
      { params: IdParams, querystring: ProgramCohortsQuerySchema, response: { 200: ProgramCohortsSchema } },
    ),
    async (req) => listProgramCohorts(db(), signInOf(req).actor, req.params.id, req.query, requestMeta(req)),
  );
};
