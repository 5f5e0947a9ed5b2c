import type { FastifyPluginCallbackZod } from 'fastify-type-provider-zod';
import {
  AccessReportQuerySchema,
  AccessReportSchema,
  EmergencyAccessListSchema,
  EmergencyAccessOpenBodySchema,
  EmergencyAccessReviewBodySchema,
  EmergencyAccessSchema,
  IdParams,
  MyEmergencyAccessSchema,
  PatientIdParamsSchema,
} from '@kairos/api';
import { listEmergencyAccesses } from '../../services/emergency-access/list-emergency-accesses.js';
import { openEmergencyAccess } from '../../services/emergency-access/open-emergency-access.js';
import { readAccessReport } from '../../services/emergency-access/read-access-report.js';
import { readMyEmergencyAccess } from '../../services/emergency-access/read-my-emergency-access.js';
import { reviewEmergencyAccess } from '../../services/emergency-access/review-emergency-access.js';
import { requestMeta, signInOf } from '../auth.js';
import { routesOf } from '../route-options.js';

/** Emergency access ("break the glass"), its review by the medical director, and a patient's access report. */
export const emergencyAccessRoutes: FastifyPluginCallbackZod = (app) => {
  const route = routesOf(['emergency-access']);
  const db = () => app.ctx.database.db;

  app.post(
    '/api/patients/:id/emergency-access',
    route(
      'patients.emergency-access',
      'Break the glass: open a patient’s record outside the care team for 12 hours, stating why (reviewed by the medical director)',
      { params: PatientIdParamsSchema, body: EmergencyAccessOpenBodySchema, response: { 201: EmergencyAccessSchema } },
    ),
    async (req, reply) =>
      reply.status(201).send(await openEmergencyAccess(db(), signInOf(req).actor, req.params.id, req.body, requestMeta(req))),
  );

  app.get(
    '/api/patients/:id/emergency-access',
    route('patients.read', 'Your own emergency access to this patient that is active now, if any', {
      params: PatientIdParamsSchema,
      response: { 200: MyEmergencyAccessSchema },
    }),
    async (req) => readMyEmergencyAccess(db(), signInOf(req).actor, req.params.id, requestMeta(req)),
  );

  app.get(
    '/api/emergency-access',
    route(
      'emergency-access.review',
      'The site’s emergency accesses: those awaiting review first, then those reviewed in the last 30 days',
      {
        response: { 200: EmergencyAccessListSchema },
      },
    ),
    async (req) => ({ items: await listEmergencyAccesses(db(), signInOf(req).actor, requestMeta(req)) }),
  );

  app.post(
    '/api/emergency-access/:id/review',
    route('emergency-access.review', 'Review an emergency access with a note (the medical director of its site, once)', {
      params: IdParams,
      body: EmergencyAccessReviewBodySchema,
      response: { 200: EmergencyAccessSchema },
    }),
    async (req) => reviewEmergencyAccess(db(), signInOf(req).actor, req.params.id, req.body.note, requestMeta(req)),
  );

  app.get(
    '/api/patients/:id/access-report',
    route(
      'access-report.read',
      'Who opened this record, when, what they did and why (care team, site-wide role, booking, emergency access, refused)',
      {
        params: PatientIdParamsSchema,
        querystring: AccessReportQuerySchema,
        response: { 200: AccessReportSchema },
      },
    ),
    async (req) => readAccessReport(db(), signInOf(req).actor, req.params.id, req.query, requestMeta(req)),
  );
};
