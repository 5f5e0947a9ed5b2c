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
  QuestionnaireCorrectionBodySchema,
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
  QuestionnaireLinksBodySchema,
  QuestionnaireLinksResultSchema,
} from '@kairos/api';
import { questionnaireForm } from '@kairos/core';
import type { FastifyPluginCallbackZod } from 'fastify-type-provider-zod';
import { completeTask } from '../../services/clinical-tasks/complete-task.js';
import { correctQuestionnaireDate } from '../../services/questionnaires/correct-questionnaire-date.js';
import { listTasks } from '../../services/clinical-tasks/list-tasks.js';
import { sharedJournal } from '../../services/portal/shared-journal.js';
import { listSiteMeasurementTasks } from '../../services/measurement-tasks/list-site-measurement-tasks.js';
import { readPatientMeasurementTasks } from '../../services/measurement-tasks/read-patient-measurement-tasks.js';
import { readPatientOutcomes } from '../../services/patient-outcomes/read-patient-outcomes.js';
import { enterQuestionnaire } from '../../services/questionnaires/enter-questionnaire.js';
import { listResponses } from '../../services/questionnaires/list-responses.js';
import { normalizeAnswers } from '../../services/questionnaires/internal/store-response.js';
import { rateCadss6 } from '../../services/questionnaires/rate-cadss6.js';
import { listSiteContent } from '../../services/site-content/list-site-content.js';
import { setPortalSettings } from '../../services/site-content/set-portal-settings.js';
import { writeSiteContent } from '../../services/site-content/write-site-content.js';
import { messageSettings } from '../../messages/producers.js';
import { sendQuestionnaireLinks } from '../../messages/questionnaire-links.js';
import { requestMeta, signInOf } from '../auth.js';
import { routesOf } from '../route-options.js';

/** Questionnaires, measurement tasks, risk tasks, outcomes, shared journal entries and the site's written content. */
export const measureRoutes: FastifyPluginCallbackZod = (app) => {
  const tags = ['measures'];
  const route = routesOf(tags);
  const db = () => app.ctx.database.db;

  app.get(
    '/api/questionnaires/forms/:id',
    route('signed-in', 'A questionnaire’s items and options', {
      params: QuestionnaireFormParamsSchema,
      querystring: QuestionnaireFormQuerySchema,
      response: { 200: QuestionnaireFormSchema },
    }),
    (req) => questionnaireForm(req.params.id, req.query.cssrsForm),
  );

  app.post(
    '/api/patients/:id/questionnaires',
    route('questionnaires.enter', 'Enter a questionnaire for a patient (scored by core; risk routed)', {
      params: IdParams,
      body: QuestionnaireEntryBodySchema,
      response: { 201: EnteredQuestionnaireSchema },
    }),
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
    route('patients.read', 'A patient’s responses, item by item, with scores', {
      params: IdParams,
      response: { 200: QuestionnaireResponseListSchema },
    }),
    async (req) => ({ items: await listResponses(db(), signInOf(req).actor, req.params.id, requestMeta(req)) }),
  );
  app.post(
    '/api/questionnaires/:id/corrections',
    route(
      'questionnaires.correct',
      'Correct the dates of a questionnaire staff entered for the wrong date, with a reason (the original is kept)',
      {
        params: IdParams,
        body: QuestionnaireCorrectionBodySchema,
        response: { 204: NoContent },
      },
    ),
    async (req, reply) => {
      await correctQuestionnaireDate(db(), signInOf(req).actor, req.params.id, req.body, requestMeta(req));
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/sessions/:id/cadss6',
    route('observations.record', 'Rate a CADSS-6 at the chair', {
      params: IdParams,
      body: Cadss6RatingBodySchema,
      response: { 201: Cadss6RatingResultSchema },
    }),
    async (req, reply) => {
      const stored = await rateCadss6(db(), signInOf(req).actor, req.params.id, req.body, requestMeta(req));
      return reply.status(201).send({ id: stored.id, total: stored.total, score: stored.score });
    },
  );

  app.get(
    '/api/patients/:id/measurement-tasks',
    route('patients.read', 'A patient’s questionnaire tasks: upcoming, due, overdue, done', {
      params: IdParams,
      response: { 200: PatientMeasurementTasksSchema },
    }),
    async (req) => readPatientMeasurementTasks(db(), signInOf(req).actor, req.params.id, requestMeta(req)),
  );

  app.get(
    '/api/sites/:id/measurement-tasks',
    route(
      { action: 'schedule.read', passive: true, site: { in: 'params', key: 'id', scope: 'patient-data' } },
      'Questionnaires due or overdue today at a site (the Today board)',
      {
        params: IdParams,
        response: { 200: SiteMeasurementTasksSchema },
      },
    ),
    async (req) => listSiteMeasurementTasks(db(), signInOf(req).actor, req.params.id, requestMeta(req)),
  );

  app.post(
    '/api/sites/:id/questionnaire-links',
    route(
      { action: 'portal-access.create', site: { in: 'params', key: 'id', scope: 'patient-data' } },
      'Email a portal link to each of these patients for the questionnaires due now (a wave in one action)',
      { params: IdParams, body: QuestionnaireLinksBodySchema, response: { 200: QuestionnaireLinksResultSchema } },
    ),
    async (req) => {
      const result = await sendQuestionnaireLinks(
        db(),
        signInOf(req).actor,
        req.params.id,
        req.body.patientIds,
        { requireAddress: app.ctx.config.mode === 'production' },
        messageSettings(app.ctx.config),
        requestMeta(req),
      );
      if (result.sent > 0) app.ctx.messages?.deliverSoon();
      return result;
    },
  );

  app.get(
    '/api/tasks',
    route(
      { action: 'patients.read', passive: true, site: { in: 'query', key: 'siteId', scope: 'patient-data' } },
      'Risk follow-up tasks (open unless includeDone)',
      {
        querystring: RiskTaskListQuerySchema,
        response: { 200: RiskTaskListSchema },
      },
    ),
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
    route('risk-tasks.complete', 'Record what was done; the task closes', {
      params: IdParams,
      body: RiskTaskCompleteBodySchema,
      response: { 204: NoContent },
    }),
    async (req, reply) => {
      await completeTask(db(), signInOf(req).actor, req.params.id, req.body.note, requestMeta(req));
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/patients/:id/outcomes',
    route('outcomes.read', 'A patient’s PCL-5, PHQ-9 and GAD-7 over time with baseline, response and remission', {
      params: IdParams,
      response: { 200: PatientOutcomesSchema },
    }),
    async (req) => readPatientOutcomes(db(), signInOf(req).actor, req.params.id, requestMeta(req)),
  );

  app.get(
    '/api/patients/:id/journal',
    route('journal.read-shared', 'Journal entries the patient shared with the care team', {
      params: IdParams,
      response: { 200: SharedJournalEntryListSchema },
    }),
    async (req) => ({ items: await sharedJournal(db(), signInOf(req).actor, req.params.id, requestMeta(req)) }),
  );

  app.get(
    '/api/sites/:id/content',
    route(
      { action: 'sites.read', site: { in: 'params', key: 'id', scope: 'site-config' } },
      'The site’s written content and portal settings',
      { params: IdParams, response: { 200: SiteContentSchema } },
    ),
    async (req) => listSiteContent(db(), req.params.id),
  );
  app.put(
    '/api/sites/:id/content/:key',
    route(
      { action: 'site-content.write', site: { in: 'params', key: 'id', scope: 'site-config' } },
      'Write crisis resources, discharge instructions or a day’s preparation material',
      {
        params: SiteContentParamsSchema,
        body: SiteContentBodySchema,
        response: { 200: SiteContentItemSchema },
      },
    ),
    async (req) => writeSiteContent(db(), signInOf(req).actor, req.params.id, req.params.key, req.body.body, requestMeta(req)),
  );
  app.put(
    '/api/sites/:id/portal-settings',
    route(
      { action: 'site-content.write', site: { in: 'params', key: 'id', scope: 'site-config' } },
      'Whether the portal shows patients their results',
      {
        params: IdParams,
        body: PortalSettingsBodySchema,
        response: { 200: PortalSettingsSchema },
      },
    ),
    async (req) => setPortalSettings(db(), signInOf(req).actor, req.params.id, req.body, requestMeta(req)),
  );
};
