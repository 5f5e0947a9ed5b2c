import {
  Cadss6RatingBodySchema,
  Cadss6RatingResultSchema,
  EnteredQuestionnaireSchema,
  IdParams,
  NoContent,
  PatientMeasurementTasksSchema,
  PatientOutcomesSchema,
  PortalSettingsBodySchema,
  PortalSettingsSchema,
  QuestionnaireEntryBodySchema,
  QuestionnaireFormParamsSchema,
  QuestionnaireFormQuerySchema,
  QuestionnaireFormSchema,
  QuestionnaireResponseListSchema,
  RiskTaskCompleteBodySchema,
  RiskTaskListQuerySchema,
  RiskTaskListSchema,
  SiteContentBodySchema,
  SiteContentItemSchema,
  SiteContentParamsSchema,
  SiteContentSchema,
  SharedJournalEntryListSchema,
  SiteMeasurementTasksSchema,
} from '@kairos/api';
import { questionnaireForm } from '@kairos/core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { completeTask, listTasks } from '../../services/clinical-tasks.js';
import { sharedJournal } from '../../services/journal.js';
import { listSiteMeasurementTasks, readPatientMeasurementTasks } from '../../services/measurement-tasks.js';
import { readPatientOutcomes } from '../../services/patient-outcomes.js';
import { enterQuestionnaire, listResponses, normalizeAnswers, rateCadss6 } from '../../services/questionnaires.js';
import { listSiteContent, setPortalSettings, writeSiteContent } from '../../services/site-content.js';
import { requestMeta, signInOf } from '../auth.js';

/** Questionnaires, measurement tasks, risk tasks, outcomes, shared journal entries and the site's written content. */
export const measureRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['measures'];
  const db = () => app.ctx.database.db;

  app.get(
    '/api/questionnaires/forms/:id',
    {
      config: { action: 'signed-in' },
      schema: {
        tags,
        summary: 'A questionnaire’s items and options',
        params: QuestionnaireFormParamsSchema,
        querystring: QuestionnaireFormQuerySchema,
        response: { 200: QuestionnaireFormSchema },
      },
    },
    async (req) => questionnaireForm(req.params.id, req.query.cssrsForm),
  );

  app.post(
    '/api/patients/:id/questionnaires',
    {
      config: { action: 'questionnaires.enter' },
      schema: {
        tags,
        summary: 'Enter a questionnaire for a patient (scored by core; risk routed)',
        params: IdParams,
        body: QuestionnaireEntryBodySchema,
        response: { 201: EnteredQuestionnaireSchema },
      },
    },
    async (req, reply) => {
      const { actor } = signInOf(req);
      const body = req.body;
      const stored = await enterQuestionnaire(
        db(),
        actor,
        req.params.id,
        { ...body, answers: normalizeAnswers(body.answers) },
        requestMeta(req),
      );
      return reply.status(201).send(stored);
    },
  );

  app.get(
    '/api/patients/:id/questionnaires',
    {
      config: { action: 'patients.read' },
      schema: {
        tags,
        summary: 'A patient’s responses, item by item, with scores',
        params: IdParams,
        response: { 200: QuestionnaireResponseListSchema },
      },
    },
    async (req) => ({ items: await listResponses(db(), signInOf(req).actor, req.params.id, requestMeta(req)) }),
  );

  app.post(
    '/api/sessions/:id/cadss6',
    {
      config: { action: 'observations.record' },
      schema: {
        tags,
        summary: 'Rate a CADSS-6 at the chair',
        params: IdParams,
        body: Cadss6RatingBodySchema,
        response: { 201: Cadss6RatingResultSchema },
      },
    },
    async (req, reply) => {
      const stored = await rateCadss6(db(), signInOf(req).actor, req.params.id, req.body, requestMeta(req));
      return reply.status(201).send({ id: stored.id, total: stored.total, score: stored.score });
    },
  );

  app.get(
    '/api/patients/:id/measurement-tasks',
    {
      config: { action: 'patients.read' },
      schema: {
        tags,
        summary: 'A patient’s questionnaire tasks: upcoming, due, overdue, done',
        params: IdParams,
        response: { 200: PatientMeasurementTasksSchema },
      },
    },
    async (req) => readPatientMeasurementTasks(db(), signInOf(req).actor, req.params.id, requestMeta(req)),
  );

  app.get(
    '/api/sites/:id/measurement-tasks',
    {
      config: { action: 'schedule.read', passive: true },
      schema: {
        tags,
        summary: 'Questionnaires due or overdue today at a site (the Today board)',
        params: IdParams,
        response: { 200: SiteMeasurementTasksSchema },
      },
    },
    async (req) => listSiteMeasurementTasks(db(), signInOf(req).actor, req.params.id, requestMeta(req)),
  );

  app.get(
    '/api/tasks',
    {
      config: { action: 'patients.read', passive: true },
      schema: {
        tags,
        summary: 'Risk follow-up tasks (open unless includeDone)',
        querystring: RiskTaskListQuerySchema,
        response: { 200: RiskTaskListSchema },
      },
    },
    async (req) => ({
      items: await listTasks(
        db(),
        signInOf(req).actor,
        { siteId: req.query.siteId, patientId: req.query.patientId, includeDone: req.query.includeDone === 'true' },
        requestMeta(req),
      ),
    }),
  );

  app.post(
    '/api/tasks/:id/complete',
    {
      config: { action: 'risk-tasks.complete' },
      schema: {
        tags,
        summary: 'Record what was done; the task closes',
        params: IdParams,
        body: RiskTaskCompleteBodySchema,
        response: { 204: NoContent },
      },
    },
    async (req, reply) => {
      await completeTask(db(), signInOf(req).actor, req.params.id, req.body.note, requestMeta(req));
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/patients/:id/outcomes',
    {
      config: { action: 'outcomes.read' },
      schema: {
        tags,
        summary: 'A patient’s PCL-5, PHQ-9 and GAD-7 over time with baseline, response and remission',
        params: IdParams,
        response: { 200: PatientOutcomesSchema },
      },
    },
    async (req) => readPatientOutcomes(db(), signInOf(req).actor, req.params.id, requestMeta(req)),
  );

  app.get(
    '/api/patients/:id/journal',
    {
      config: { action: 'journal.read-shared' },
      schema: {
        tags,
        summary: 'Journal entries the patient shared with the care team',
        params: IdParams,
        response: { 200: SharedJournalEntryListSchema },
      },
    },
    async (req) => ({ items: await sharedJournal(db(), signInOf(req).actor, req.params.id, requestMeta(req)) }),
  );

  app.get(
    '/api/sites/:id/content',
    {
      config: { action: 'sites.read' },
      schema: { tags, summary: 'The site’s written content and portal settings', params: IdParams, response: { 200: SiteContentSchema } },
    },
    async (req) => listSiteContent(db(), req.params.id),
  );
  app.put(
    '/api/sites/:id/content/:key',
    {
      config: { action: 'site-content.write' },
      schema: {
        tags,
        summary: 'Write crisis resources, discharge instructions or a day’s preparation material',
        params: SiteContentParamsSchema,
        body: SiteContentBodySchema,
        response: { 200: SiteContentItemSchema },
      },
    },
    async (req) => writeSiteContent(db(), signInOf(req).actor, req.params.id, req.params.key, req.body.body, requestMeta(req)),
  );
  app.put(
    '/api/sites/:id/portal-settings',
    {
      config: { action: 'site-content.write' },
      schema: {
        tags,
        summary: 'Whether the portal shows patients their results',
        params: IdParams,
        body: PortalSettingsBodySchema,
        response: { 200: PortalSettingsSchema },
      },
    },
    async (req) => setPortalSettings(db(), signInOf(req).actor, req.params.id, req.body, requestMeta(req)),
  );
};
