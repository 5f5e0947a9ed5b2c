import { CONDITION_CODES, MONITORING_CONDITION_CODES, PROGRAM_TEMPLATES, screeningDefaults } from '@kairos/core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { createPortalAccessAndNotify, messageSettings } from '../../messages/producers.js';
import { signConsentOnTablet } from '../../services/consent.js';
import { createEnrollment, findEnrollments, listEnrollments, transitionEnrollment } from '../../services/enrollments.js';
import { addFact, addVitals, getPatientDetails, retireFact, setEscort } from '../../services/patient-details.js';
import { decideScreening, getScreening, overrideScreeningCheck, saveScreeningInput, ScreeningInputSchema, releaseScreeningHold } from '../../services/screening.js';
import { ENROLLMENT_STATES } from '../../store/schema.js';
import { requestMeta, sessionOf } from '../auth.js';

const PatientId = z.strictObject({ id: z.uuid('a patient id (UUID)') });
const EnrollmentId = z.strictObject({ id: z.uuid('an enrollment id (UUID)') });
const reason = z.string().trim().min(3).max(2000);

const FactBody = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('diagnosis'), data: z.strictObject({ code: z.string().trim().regex(/^[A-TV-Z][0-9][0-9AB](\.[0-9A-TV-Z]{1,4})?$/, 'an ICD-10-CM code such as F43.12'), display: z.string().trim().max(200).optional() }) }),
  z.strictObject({ kind: z.literal('condition'), data: z.strictObject({ code: z.enum([...CONDITION_CODES, ...MONITORING_CONDITION_CODES] as unknown as [string, ...string[]]), severe: z.boolean().default(false) }) }),
  z.strictObject({ kind: z.literal('allergy'), data: z.strictObject({ substance: z.string().trim().min(1).max(200), reaction: z.string().trim().max(200).optional(), type: z.enum(['allergy', 'intolerance']).default('allergy') }) }),
  z.strictObject({ kind: z.literal('medication'), data: z.strictObject({ name: z.string().trim().min(1).max(200), dailyDoseMg: z.number().positive().max(100_000).optional(), rxcui: z.string().regex(/^\d{1,10}$/).optional() }) }),
]);

/** Patient details, enrollments, screening, consent on a tablet, portal links. */
export const intakeRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = () => app.ctx.database.db;
  const read = { action: 'patients.read' as const };
  const write = { action: 'patients.write' as const };

  app.get('/api/reference/conditions', { config: { action: 'signed-in' }, schema: { tags: ['reference'], summary: 'Condition codes: the contraindications, then the conditions that change monitoring (contraindication false)' } }, async () => ({
    items: [
      ...CONDITION_CODES.map((code) => {
        const effect = (screeningDefaults.contraindications as unknown as Record<string, { value?: string } | undefined>)[code]?.value;
        return { code, title: code.replace(/-/g, ' '), absolute: effect !== 'review-ineligible-when-severe', contraindication: true };
      }),
      ...MONITORING_CONDITION_CODES.map((code) => ({ code, title: `${code.replace(/-/g, ' ')} (closer blood-pressure monitoring)`, absolute: false, contraindication: false })),
    ],
  }));
  app.get('/api/reference/programs', { config: { action: 'signed-in' }, schema: { tags: ['reference'], summary: 'Program templates' } }, async () => ({
    items: Object.values(PROGRAM_TEMPLATES).map((t) => ({ id: t.id, title: t.title })),
  }));

  const tags = ['patients'];
  app.get('/api/patients/:id/details', { config: read, schema: { tags, summary: 'Escort, diagnoses, conditions, allergies, medications with interactions, vitals', params: PatientId } }, async (req) =>
    getPatientDetails(db(), sessionOf(req).actor, req.params.id, requestMeta(req)),
  );
  app.post('/api/patients/:id/facts', { config: write, schema: { tags, summary: 'Record a diagnosis, condition, allergy or medication', params: PatientId, body: FactBody } }, async (req, reply) =>
    reply.status(201).send(await addFact(db(), sessionOf(req).actor, req.params.id, req.body.kind, req.body.data, requestMeta(req))),
  );
  app.delete(
    '/api/patients/:id/facts/:factId',
    { config: write, schema: { tags, summary: 'Remove an entry (kept in history, with the reason)', params: z.strictObject({ id: z.uuid(), factId: z.uuid() }), body: z.strictObject({ reason }) } },
    async (req, reply) => {
      await retireFact(db(), sessionOf(req).actor, req.params.id, req.params.factId, req.body.reason, requestMeta(req));
      return reply.status(204).send();
    },
  );
  app.post(
    '/api/patients/:id/vitals',
    {
      config: write,
      schema: {
        tags,
        summary: 'Record vital signs and weight',
        params: PatientId,
        body: z
          .strictObject({
            measuredAt: z.iso.datetime({ offset: true }),
            weightKg: z.number().min(1).max(400).optional(),
            systolic: z.number().int().min(30).max(300).optional(),
            diastolic: z.number().int().min(10).max(200).optional(),
            heartRate: z.number().int().min(10).max(300).optional(),
            spo2: z.number().int().min(0).max(100).optional(),
            respiratoryRate: z.number().int().min(0).max(80).optional(),
          })
          .refine((v) => Object.keys(v).length > 1, 'give at least one measurement'),
      },
    },
    async (req, reply) => reply.status(201).send(await addVitals(db(), sessionOf(req).actor, req.params.id, req.body, requestMeta(req))),
  );
  app.put(
    '/api/patients/:id/escort',
    { config: write, schema: { tags, summary: 'Escort / emergency contact', params: PatientId, body: z.strictObject({ name: z.string().trim().min(1).max(200), phone: z.string().trim().min(3).max(40), relationship: z.string().trim().min(1).max(100) }) } },
    async (req) => setEscort(db(), sessionOf(req).actor, req.params.id, req.body, requestMeta(req)),
  );

  app.get('/api/patients/:id/enrollments', { config: read, schema: { tags: ['enrollments'], summary: 'Enrollments, where each stands and what it waits for', params: PatientId } }, async (req) => ({
    items: await listEnrollments(db(), sessionOf(req).actor, req.params.id, requestMeta(req)),
  }));
  app.post(
    '/api/patients/:id/enrollments',
    { config: write, schema: { tags: ['enrollments'], summary: 'Refer the patient to a program at a site', params: PatientId, body: z.strictObject({ programTemplate: z.string().min(1).max(50), siteId: z.uuid() }) } },
    async (req, reply) => reply.status(201).send(await createEnrollment(db(), sessionOf(req).actor, req.params.id, req.body, requestMeta(req))),
  );
  app.get(
    '/api/enrollments',
    { config: read, schema: { tags: ['enrollments'], summary: 'Enrollments by state and site (e.g. eligible ones to schedule)', querystring: z.strictObject({ siteId: z.uuid().optional(), state: z.enum(ENROLLMENT_STATES).optional() }) } },
    async (req) => ({ items: await findEnrollments(db(), sessionOf(req).actor, req.query, requestMeta(req)) }),
  );
  app.post(
    '/api/enrollments/:id/transitions',
    { config: write, schema: { tags: ['enrollments'], summary: 'Move an enrollment (only allowed steps)', params: EnrollmentId, body: z.strictObject({ to: z.enum(ENROLLMENT_STATES), reason: z.string().trim().max(2000).optional() }) } },
    async (req) => transitionEnrollment(db(), sessionOf(req).actor, req.params.id, req.body, requestMeta(req)),
  );

  const stags = ['screening'];
  app.get('/api/enrollments/:id/screening', { config: read, schema: { tags: stags, summary: 'Screening facts, assessments, overrides and decision', params: EnrollmentId } }, async (req) =>
    getScreening(db(), sessionOf(req).actor, req.params.id, requestMeta(req)),
  );
  app.put('/api/enrollments/:id/screening/facts', { config: { action: 'screening.record' }, schema: { tags: stags, summary: 'Record the screening facts (recomputes)', params: EnrollmentId, body: ScreeningInputSchema } }, async (req) =>
    saveScreeningInput(db(), sessionOf(req).actor, req.params.id, req.body, requestMeta(req)),
  );
  app.post(
    '/api/enrollments/:id/screening/overrides',
    { config: { action: 'screening.decide' }, schema: { tags: stags, summary: 'Override an unresolved check (step-up; a failed check: medical director only)', params: EnrollmentId, body: z.strictObject({ checkId: z.string().min(1).max(100), reason, stepUpToken: z.string().min(1) }) } },
    async (req) => overrideScreeningCheck(db(), sessionOf(req).actor, req.params.id, req.body, requestMeta(req)),
  );
  app.post(
    '/api/enrollments/:id/screening/hold/release',
    { config: { action: 'screening.decide' }, schema: { tags: stags, summary: 'Release a review hold with a reason (step-up; a hold for a failed check: medical director only)', params: EnrollmentId, body: z.strictObject({ reason, stepUpToken: z.string().min(1) }) } },
    async (req) => releaseScreeningHold(db(), sessionOf(req).actor, req.params.id, req.body, requestMeta(req)),
  );
  app.post(
    '/api/enrollments/:id/screening/decision',
    {
      config: { action: 'screening.decide' },
      schema: {
        tags: stags,
        summary: 'Decide eligible or ineligible (step-up)',
        params: EnrollmentId,
        body: z.strictObject({ outcome: z.enum(['eligible', 'ineligible']), reason: reason.optional(), stepUpToken: z.string().min(1) }).refine((b) => b.outcome === 'eligible' || b.reason !== undefined, { message: 'a reason is required for ineligible', path: ['reason'] }),
      },
    },
    async (req) => decideScreening(db(), sessionOf(req).actor, req.params.id, req.body, requestMeta(req)),
  );

  app.post('/api/enrollments/:id/consent/tablet', { config: write, schema: { tags: ['consent'], summary: 'The patient signs the consent on this clinic tablet', params: EnrollmentId, body: z.strictObject({ typedName: z.string().trim().min(2).max(200) }) } }, async (req) =>
    signConsentOnTablet(db(), sessionOf(req).actor, req.params.id, req.body.typedName, requestMeta(req)),
  );
  // The link is also emailed to a patient who has an address, unless `send: false` (docs/api-messages.md).
  app.post(
    '/api/patients/:id/portal-access',
    { config: { action: 'portal-access.create' }, schema: { tags: ['consent'], summary: 'A single-use portal link and code (shown once), emailed to the patient unless send is false', params: PatientId, body: z.strictObject({ send: z.boolean().default(true) }) } },
    async (req, reply) => {
      const created = await createPortalAccessAndNotify(db(), sessionOf(req).actor, req.params.id, { send: req.body.send }, messageSettings(app.ctx.config), requestMeta(req));
      if (created.message !== null) app.ctx.messages?.deliverSoon();
      return reply.status(201).send(created);
    },
  );
};
