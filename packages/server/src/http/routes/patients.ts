import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { createPatient, getPatient, searchPatients, updatePatient } from '../../services/patients.js';
import { CARE_TEAM_ROLES, SEXES } from '../../store/schema.js';
import { requestMeta, sessionOf } from '../auth.js';

const isoDate = z.iso.date('a date as YYYY-MM-DD');
const PatientFields = {
  mrn: z.string().trim().min(1).max(40).regex(/^[A-Za-z0-9-]+$/, 'letters, digits and dashes only'),
  givenName: z.string().trim().min(1).max(100),
  familyName: z.string().trim().min(1).max(100),
  birthDate: isoDate,
  sex: z.enum(SEXES),
  phone: z.string().trim().max(40).nullable(),
  email: z.email().max(320).nullable(),
};

const PatientSchema = z.object({
  id: z.string(),
  mrn: z.string(),
  givenName: z.string(),
  familyName: z.string(),
  birthDate: z.string(),
  sex: z.enum(SEXES),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  synthetic: z.boolean(),
  careTeam: z.array(z.object({ role: z.enum(CARE_TEAM_ROLES), userId: z.string(), displayName: z.string() })),
});
const PatientSummarySchema = PatientSchema.pick({ id: true, mrn: true, givenName: true, familyName: true, birthDate: true, synthetic: true });
const IdParams = z.strictObject({ id: z.uuid('a patient id (UUID)') });

export const patientRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['patients'];
  const db = () => app.ctx.database.db;

  app.get(
    '/api/patients',
    {
      config: { action: 'patients.read' },
      schema: {
        tags,
        summary: 'Search patients by name, MRN or date of birth (only those you may see)',
        querystring: z.strictObject({ q: z.string().max(100).optional(), limit: z.coerce.number().int().min(1).max(200).default(50), offset: z.coerce.number().int().min(0).max(1_000_000).default(0) }),
        response: { 200: z.object({ items: z.array(PatientSummarySchema), total: z.number() }) },
      },
    },
    async (req) => searchPatients(db(), sessionOf(req).actor, req.query, requestMeta(req)),
  );

  app.post(
    '/api/patients',
    {
      config: { action: 'patients.write' },
      schema: {
        tags,
        summary: 'Create a patient',
        body: z.strictObject({
          ...PatientFields,
          sex: PatientFields.sex.optional(),
          phone: PatientFields.phone.optional(),
          email: PatientFields.email.optional(),
          careTeam: z.array(z.strictObject({ role: z.enum(CARE_TEAM_ROLES), userId: z.uuid() })).max(10).optional(),
        }),
        response: { 201: PatientSchema },
      },
    },
    async (req, reply) => reply.status(201).send(await createPatient(db(), sessionOf(req).actor, req.body, requestMeta(req))),
  );

  app.get('/api/patients/:id', { config: { action: 'patients.read' }, schema: { tags, summary: 'A patient, with the care team', params: IdParams, response: { 200: PatientSchema } } }, async (req) =>
    getPatient(db(), sessionOf(req).actor, req.params.id, requestMeta(req)),
  );

  app.patch(
    '/api/patients/:id',
    {
      config: { action: 'patients.write' },
      schema: {
        tags,
        summary: 'Change a patient’s details',
        params: IdParams,
        body: z.strictObject({ ...PatientFields }).partial().refine((b) => Object.keys(b).length > 0, 'give at least one field to change'),
        response: { 200: PatientSchema },
      },
    },
    async (req) => updatePatient(db(), sessionOf(req).actor, req.params.id, req.body, requestMeta(req)),
  );
};
