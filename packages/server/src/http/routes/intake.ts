import {
  ConditionRefListSchema,
  ConsentSignatureResultSchema,
  EnrollmentCreateBodySchema,
  EnrollmentIdParamsSchema,
  EnrollmentListSchema,
  EnrollmentSchema,
  EnrollmentSearchListSchema,
  EnrollmentSearchQuerySchema,
  EnrollmentTransitionBodySchema,
  EscortBodySchema,
  EscortSchema,
  NoContent,
  PatientDetailsSchema,
  PatientFactBodySchema,
  PatientFactParamsSchema,
  PatientFactRetireBodySchema,
  PatientFactSchema,
  PatientIdParamsSchema,
  PatientVitalsBodySchema,
  PatientVitalsSchema,
  PortalLinkCreateBodySchema,
  PortalLinkSchema,
  ProgramRefListSchema,
  REFERRAL_DOCUMENT_MAX_BASE64_CHARS,
  ReferralDetailsBodySchema,
  ReferralDocumentListSchema,
  ReferralDocumentParamsSchema,
  ReferralDocumentSchema,
  ReferralDocumentUploadBodySchema,
  ReferralSchema,
  ScreeningDecisionBodySchema,
  ScreeningDecisionResultSchema,
  ScreeningHoldReleaseBodySchema,
  ScreeningInputSchema,
  ScreeningOverrideBodySchema,
  ScreeningViewSchema,
  TabletConsentBodySchema,
  type ConditionRef,
} from '@kairos/api';
import { CONDITION_CODES, conditionIcd10Cm, MONITORING_CONDITION_CODES, PROGRAM_TEMPLATES, screeningDefaults } from '@kairos/core';
import type { FastifyPluginCallbackZod } from 'fastify-type-provider-zod';
import { createPortalAccessAndNotify, messageSettings } from '../../messages/producers.js';
import { signConsentOnTablet } from '../../services/consent/sign-consent-on-tablet.js';
import { createEnrollment } from '../../services/enrollment/create-enrollment.js';
import { findEnrollments } from '../../services/enrollment/find-enrollments.js';
import { listEnrollments } from '../../services/enrollment/list-enrollments.js';
import { transitionEnrollment } from '../../services/enrollment/transition-enrollment.js';
import { addFact } from '../../services/patients/add-fact.js';
import { retireFact } from '../../services/patients/retire-fact.js';
import { addVitals } from '../../services/patients/record-vitals.js';
import { getPatientDetails } from '../../services/patients/get-patient-details.js';
import { setEscort } from '../../services/patients/set-escort.js';
import { decideScreening } from '../../services/screening/decide-eligibility.js';
import { getScreening } from '../../services/screening/get-screening.js';
import { overrideScreeningCheck } from '../../services/screening/override-check.js';
import { saveScreeningInput } from '../../services/screening/save-screening-input.js';
import { releaseScreeningHold } from '../../services/screening/release-hold.js';
import { downloadReferralDocument } from '../../services/referrals/download-referral-document.js';
import { getReferral } from '../../services/referrals/get-referral.js';
import { listReferralDocuments } from '../../services/referrals/list-referral-documents.js';
import { setReferralDetails } from '../../services/referrals/set-referral-details.js';
import { uploadReferralDocument } from '../../services/referrals/upload-referral-document.js';
import { attachmentDisposition } from '../../services/document-kind.js';
import { requestMeta, signInOf } from '../auth.js';
import { routesOf } from '../route-options.js';

/** The largest upload body: the largest document in base64, and room for its name and the JSON around it. */
export const REFERRAL_DOCUMENT_UPLOAD_BODY_BYTES = REFERRAL_DOCUMENT_MAX_BASE64_CHARS + 4096;

/** The condition codes: the contraindications (absolute unless ineligible only when severe), then those that only change monitoring. */
function conditionRefs(): ConditionRef[] {
  const contraindications: Partial<Record<string, { value?: string }>> = screeningDefaults.contraindications;
  return [
    ...CONDITION_CODES.map((code) => ({
      code,
      title: code.replace(/-/g, ' '),
      absolute: contraindications[code]?.value !== 'review-ineligible-when-severe',
      contraindication: true,
      icd10cm: conditionIcd10Cm(code),
    })),
    ...MONITORING_CONDITION_CODES.map((code) => ({
      code,
      title: `${code.replace(/-/g, ' ')} (closer blood-pressure monitoring)`,
      absolute: false,
      contraindication: false,
      icd10cm: conditionIcd10Cm(code),
    })),
  ];
}

/** Patient details, enrollments, screening, consent on a tablet, portal links. */
export const intakeRoutes: FastifyPluginCallbackZod = (app) => {
  const db = () => app.ctx.database.db;
  const read = 'patients.read';
  const write = 'patients.write';
  const referenceRoute = routesOf(['reference']);
  const consentRoute = routesOf(['consent']);

  app.get(
    '/api/reference/conditions',
    referenceRoute(
      'signed-in',
      'Condition codes: the contraindications, then the conditions that change monitoring (contraindication false)',
      { response: { 200: ConditionRefListSchema } },
    ),
    () => ({ items: conditionRefs() }),
  );
  app.get('/api/reference/programs', referenceRoute('signed-in', 'Program templates', { response: { 200: ProgramRefListSchema } }), () => ({
    items: Object.values(PROGRAM_TEMPLATES).map((t) => ({ id: t.id, title: t.title })),
  }));

  const tags = ['patients'];
  const route = routesOf(tags);
  const params = PatientIdParamsSchema;
  app.get(
    '/api/patients/:id/details',
    route(read, 'Escort, diagnoses, conditions, allergies, medications with interactions, vitals', {
      params,
      response: { 200: PatientDetailsSchema },
    }),
    async (req) => getPatientDetails(db(), signInOf(req).actor, req.params.id, requestMeta(req)),
  );
  app.post(
    '/api/patients/:id/facts',
    route(write, 'Record a diagnosis, condition, allergy or medication', {
      params,
      body: PatientFactBodySchema,
      response: { 201: PatientFactSchema },
    }),
    async (req, reply) =>
      reply.status(201).send(await addFact(db(), signInOf(req).actor, req.params.id, req.body.kind, req.body.data, requestMeta(req))),
  );
  app.delete(
    '/api/patients/:id/facts/:factId',
    route(write, 'Remove an entry (kept in history, with the reason)', {
      params: PatientFactParamsSchema,
      body: PatientFactRetireBodySchema,
      response: { 204: NoContent },
    }),
    async (req, reply) => {
      await retireFact(db(), signInOf(req).actor, req.params.id, req.params.factId, req.body.reason, requestMeta(req));
      return reply.status(204).send(null);
    },
  );
  app.post(
    '/api/patients/:id/vitals',
    route(write, 'Record vital signs and weight', { params, body: PatientVitalsBodySchema, response: { 201: PatientVitalsSchema } }),
    async (req, reply) => reply.status(201).send(await addVitals(db(), signInOf(req).actor, req.params.id, req.body, requestMeta(req))),
  );
  app.put(
    '/api/patients/:id/escort',
    route(write, 'Escort / emergency contact', { params, body: EscortBodySchema, response: { 200: EscortSchema } }),
    async (req) => setEscort(db(), signInOf(req).actor, req.params.id, req.body, requestMeta(req)),
  );

  const enrollmentRoute = routesOf(['enrollments']);
  app.get(
    '/api/patients/:id/enrollments',
    enrollmentRoute(read, 'Enrollments, where each stands and what it waits for', { params, response: { 200: EnrollmentListSchema } }),
    async (req) => ({
      items: await listEnrollments(db(), signInOf(req).actor, req.params.id, requestMeta(req)),
    }),
  );
  app.post(
    '/api/patients/:id/enrollments',
    enrollmentRoute(
      { action: write, site: { in: 'body', key: 'siteId', scope: 'patient-data' } },
      'Refer the patient to a program at a site',
      {
        params,
        body: EnrollmentCreateBodySchema,
        response: { 201: EnrollmentSchema },
      },
    ),
    async (req, reply) =>
      reply.status(201).send(await createEnrollment(db(), signInOf(req).actor, req.params.id, req.body, requestMeta(req))),
  );
  app.get(
    '/api/enrollments',
    enrollmentRoute(
      { action: read, site: { in: 'query', key: 'siteId', scope: 'patient-data' } },
      'Enrollments by state and site (e.g. eligible ones to schedule)',
      {
        querystring: EnrollmentSearchQuerySchema,
        response: { 200: EnrollmentSearchListSchema },
      },
    ),
    async (req) => ({ items: await findEnrollments(db(), signInOf(req).actor, req.query, requestMeta(req)) }),
  );
  app.post(
    '/api/enrollments/:id/transitions',
    enrollmentRoute(write, 'Move an enrollment (only allowed steps)', {
      params: EnrollmentIdParamsSchema,
      body: EnrollmentTransitionBodySchema,
      response: { 200: EnrollmentSchema },
    }),
    async (req) => transitionEnrollment(db(), signInOf(req).actor, req.params.id, req.body, requestMeta(req)),
  );

  // Referral details and documents (docs/api-intake.md, "Referral details"): the care team reads
  // them, coordinators and medical directors keep them. A document travels as base64 in JSON (the
  // API speaks JSON only), so its route takes a body up to the document limit in base64.
  const referralRoute = routesOf(['referrals']);
  const manage = 'referrals.manage';
  app.get(
    '/api/enrollments/:id/referral',
    referralRoute(read, 'The referral: where it came from, who referred the patient and why, and its documents', {
      params: EnrollmentIdParamsSchema,
      response: { 200: ReferralSchema },
    }),
    async (req) => getReferral(db(), signInOf(req).actor, req.params.id, requestMeta(req)),
  );
  app.put(
    '/api/enrollments/:id/referral',
    referralRoute(manage, 'Record or correct the referral details (replaces them)', {
      params: EnrollmentIdParamsSchema,
      body: ReferralDetailsBodySchema,
      response: { 200: ReferralSchema },
    }),
    async (req) => setReferralDetails(db(), signInOf(req).actor, req.params.id, req.body, requestMeta(req)),
  );
  app.get(
    '/api/enrollments/:id/referral/documents',
    referralRoute(read, 'The referral documents, oldest first (without their contents)', {
      params: EnrollmentIdParamsSchema,
      response: { 200: ReferralDocumentListSchema },
    }),
    async (req) => ({ items: await listReferralDocuments(db(), signInOf(req).actor, req.params.id, requestMeta(req)) }),
  );
  app.post(
    '/api/enrollments/:id/referral/documents',
    {
      ...referralRoute(manage, 'Add a document (PDF, PNG or JPEG, at most 10 MB, as base64)', {
        params: EnrollmentIdParamsSchema,
        body: ReferralDocumentUploadBodySchema,
        response: { 201: ReferralDocumentSchema },
      }),
      bodyLimit: REFERRAL_DOCUMENT_UPLOAD_BODY_BYTES,
    },
    async (req, reply) =>
      reply.status(201).send(await uploadReferralDocument(db(), signInOf(req).actor, req.params.id, req.body, requestMeta(req))),
  );
  app.get(
    '/api/enrollments/:id/referral/documents/:documentId',
    referralRoute(
      { action: read, raw: 'application/pdf | image/png | image/jpeg' },
      'Download a referral document (an attachment of the kind its contents are)',
      { params: ReferralDocumentParamsSchema },
    ),
    async (req, reply) => {
      const doc = await downloadReferralDocument(db(), signInOf(req).actor, req.params.id, req.params.documentId, requestMeta(req));
      return reply
        .type(doc.mediaType)
        .header('content-disposition', attachmentDisposition(doc.fileName))
        .header('x-content-type-options', 'nosniff')
        .send(doc.bytes);
    },
  );

  const screeningRoute = routesOf(['screening']);
  const eparams = EnrollmentIdParamsSchema;
  app.get(
    '/api/enrollments/:id/screening',
    screeningRoute(read, 'Screening facts, assessments, overrides and decision', {
      params: eparams,
      response: { 200: ScreeningViewSchema },
    }),
    async (req) => getScreening(db(), signInOf(req).actor, req.params.id, requestMeta(req)),
  );
  app.put(
    '/api/enrollments/:id/screening/facts',
    screeningRoute('screening.record', 'Record the screening facts (recomputes)', {
      params: eparams,
      body: ScreeningInputSchema,
      response: { 200: ScreeningViewSchema },
    }),
    async (req) => saveScreeningInput(db(), signInOf(req).actor, req.params.id, req.body, requestMeta(req)),
  );
  app.post(
    '/api/enrollments/:id/screening/overrides',
    screeningRoute('screening.decide', 'Override an unresolved check (step-up; a failed check: medical director only)', {
      params: eparams,
      body: ScreeningOverrideBodySchema,
      response: { 200: ScreeningViewSchema },
    }),
    async (req) => overrideScreeningCheck(db(), signInOf(req).actor, req.params.id, req.body, requestMeta(req)),
  );
  app.post(
    '/api/enrollments/:id/screening/hold/release',
    screeningRoute('screening.decide', 'Release a review hold with a reason (step-up; a hold for a failed check: medical director only)', {
      params: eparams,
      body: ScreeningHoldReleaseBodySchema,
      response: { 200: ScreeningViewSchema },
    }),
    async (req) => releaseScreeningHold(db(), signInOf(req).actor, req.params.id, req.body, requestMeta(req)),
  );
  app.post(
    '/api/enrollments/:id/screening/decision',
    screeningRoute('screening.decide', 'Decide eligible or ineligible (step-up)', {
      params: eparams,
      body: ScreeningDecisionBodySchema,
      response: { 200: ScreeningDecisionResultSchema },
    }),
    async (req) => decideScreening(db(), signInOf(req).actor, req.params.id, req.body, requestMeta(req)),
  );

  app.post(
    '/api/enrollments/:id/consent/tablet',
    consentRoute(write, 'The patient signs the consent on this clinic tablet', {
      params: eparams,
      body: TabletConsentBodySchema,
      response: { 200: ConsentSignatureResultSchema },
    }),
    async (req) => signConsentOnTablet(db(), signInOf(req).actor, req.params.id, req.body, requestMeta(req)),
  );
  // The link is also emailed to a patient who has an address, unless `send: false` (docs/api-messages.md).
  app.post(
    '/api/patients/:id/portal-access',
    consentRoute('portal-access.create', 'A single-use portal link and code (shown once), emailed to the patient unless send is false', {
      params,
      body: PortalLinkCreateBodySchema,
      response: { 201: PortalLinkSchema },
    }),
    async (req, reply) => {
      const created = await createPortalAccessAndNotify(
        db(),
        signInOf(req).actor,
        req.params.id,
        { send: req.body.send, requireAddress: app.ctx.config.mode === 'production' },
        messageSettings(app.ctx.config),
        requestMeta(req),
      );
      if (created.message !== null) app.ctx.messages?.deliverSoon();
      return reply.status(201).send(created);
    },
  );
};
