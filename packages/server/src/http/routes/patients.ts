import type { FastifyPluginCallbackZod } from 'fastify-type-provider-zod';
import {
  PatientCreateBodySchema,
  PatientIdParamsSchema,
  PatientSchema,
  PatientSearchQuerySchema,
  PatientSearchResultSchema,
  PatientUpdateBodySchema,
} from '@kairos/api';
import { createPatient } from '../../services/patients/create-patient.js';
import { getPatient } from '../../services/patients/get-patient.js';
import { searchPatients } from '../../services/patients/search-patients.js';
import { updatePatient } from '../../services/patients/update-patient.js';
import { requestMeta, signInOf } from '../auth.js';
import { routesOf } from '../route-options.js';

export const patientRoutes: FastifyPluginCallbackZod = (app) => {
  const tags = ['patients'];
  const route = routesOf(tags);
  const db = () => app.ctx.database.db;

  app.get(
    '/api/patients',
    route('patients.read', 'Search patients by name, MRN or date of birth (only those you may see)', {
      querystring: PatientSearchQuerySchema,
      response: { 200: PatientSearchResultSchema },
    }),
    async (req) => searchPatients(db(), signInOf(req).actor, req.query, requestMeta(req)),
  );

  app.post(
    '/api/patients',
    route('patients.write', 'Create a patient', { body: PatientCreateBodySchema, response: { 201: PatientSchema } }),
    async (req, reply) => reply.status(201).send(await createPatient(db(), signInOf(req).actor, req.body, requestMeta(req))),
  );

  app.get(
    '/api/patients/:id',
    route('patients.read', 'A patient, with the care team', { params: PatientIdParamsSchema, response: { 200: PatientSchema } }),
    async (req) => getPatient(db(), signInOf(req).actor, req.params.id, requestMeta(req)),
  );

  app.patch(
    '/api/patients/:id',
    route('patients.write', 'Change a patient’s details', {
      params: PatientIdParamsSchema,
      body: PatientUpdateBodySchema,
      response: { 200: PatientSchema },
    }),
    async (req) => updatePatient(db(), signInOf(req).actor, req.params.id, req.body, requestMeta(req)),
  );
};
