import type { FastifyPluginCallbackZod } from 'fastify-type-provider-zod';
import { IdParams, ProgramOutcomesQuerySchema, ProgramOutcomesSchema } from '@kairos/api';
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
};
