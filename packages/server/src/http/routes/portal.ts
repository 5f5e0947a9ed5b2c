import {
  ConsentSignatureResultSchema,
  IdParams,
  JournalEntryListSchema,
  JournalEntrySchema,
  NoContent,
  PortalConsentBodySchema,
  PortalConsentSchema,
  PortalDraftBodySchema,
  PortalEnterBodySchema,
  PortalHomeSchema,
  PortalJournalBodySchema,
  PortalJournalShareBodySchema,
  PortalQuestionnaireSchema,
  PortalResultsSchema,
  PortalSessionSchema,
  PortalSubmitBodySchema,
  PortalSubmitResultSchema,
  PortalTaskKeyParamsSchema,
} from '@kairos/api';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { endPortalSession, PORTAL_SESSION_MINUTES } from '../../services/portal-access/portal-session.js';
import { enterPortal } from '../../services/portal-access/enter-portal.js';
import { portalConsent } from '../../services/consent/portal-consent.js';
import { signConsentInPortal } from '../../services/consent/sign-consent.js';
import { assertJournalBody, portalJournal, shareJournalEntry, writeJournalEntry } from '../../services/journal.js';
import {
  portalHome,
  portalQuestionnaire,
  portalResults,
  saveQuestionnaireDraft,
  submitPortalQuestionnaire,
} from '../../services/portal-views.js';
import { normalizeAnswers } from '../../services/questionnaires.js';
import { PORTAL_COOKIE, portalOf, requestMeta } from '../auth.js';

/** The patient portal: entered with a single-use link or code; the patient's own record only. */
export const portalRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['portal'];
  const db = () => app.ctx.database.db;
  app.post(
    '/api/portal/session',
    {
      config: { action: 'public' },
      schema: {
        tags,
        summary: 'Enter the portal with a link token or a code',
        body: PortalEnterBodySchema,
        response: { 200: PortalSessionSchema },
      },
    },
    async (req, reply) => {
      const entered = await enterPortal(db(), req.body, requestMeta(req));
      void reply.setCookie(PORTAL_COOKIE, entered.sessionToken, {
        path: '/',
        httpOnly: true,
        sameSite: 'strict',
        secure: app.ctx.config.mode === 'production' ? true : 'auto',
        maxAge: PORTAL_SESSION_MINUTES * 60,
      });
      return { patient: { givenName: entered.givenName }, mode: app.ctx.config.mode };
    },
  );
  app.delete(
    '/api/portal/session',
    { config: { action: 'portal' }, schema: { tags, summary: 'Leave the portal', response: { 204: NoContent } } },
    async (req, reply) => {
      await endPortalSession(db(), portalOf(req).tokenHash, app.ctx.clock.now());
      void reply.clearCookie(PORTAL_COOKIE, { path: '/' });
      return reply.status(204).send(null);
    },
  );
  app.get(
    '/api/portal/consent',
    { config: { action: 'portal' }, schema: { tags, summary: 'The consent to read and sign', response: { 200: PortalConsentSchema } } },
    async (req) => portalConsent(db(), portalOf(req).patientId, requestMeta(req)),
  );
  app.post(
    '/api/portal/consent',
    {
      config: { action: 'portal' },
      schema: {
        tags,
        summary: 'Sign the consent with a typed name',
        body: PortalConsentBodySchema,
        response: { 200: ConsentSignatureResultSchema },
      },
    },
    async (req) => signConsentInPortal(db(), portalOf(req).patientId, req.body, requestMeta(req)),
  );

  app.get(
    '/api/portal/home',
    {
      config: { action: 'portal' },
      schema: { tags, summary: 'My schedule, preparation, questionnaires due, crisis resources', response: { 200: PortalHomeSchema } },
    },
    async (req) => portalHome(db(), portalOf(req).patientId, requestMeta(req)),
  );
  app.get(
    '/api/portal/questionnaires/:key',
    {
      config: { action: 'portal' },
      schema: {
        tags,
        summary: 'A questionnaire to answer, with my answers so far',
        params: PortalTaskKeyParamsSchema,
        response: { 200: PortalQuestionnaireSchema },
      },
    },
    async (req) => portalQuestionnaire(db(), portalOf(req).patientId, req.params.key, requestMeta(req)),
  );
  app.put(
    '/api/portal/questionnaires/:key/draft',
    {
      config: { action: 'portal' },
      schema: {
        tags,
        summary: 'Save my answers so far (stop and resume)',
        params: PortalTaskKeyParamsSchema,
        body: PortalDraftBodySchema,
        response: { 204: NoContent },
      },
    },
    async (req, reply) => {
      await saveQuestionnaireDraft(db(), portalOf(req).patientId, req.params.key, req.body.answers, requestMeta(req));
      return reply.status(204).send(null);
    },
  );
  app.post(
    '/api/portal/questionnaires/:key',
    {
      config: { action: 'portal' },
      schema: {
        tags,
        summary: 'Submit a questionnaire',
        params: PortalTaskKeyParamsSchema,
        body: PortalSubmitBodySchema,
        response: { 201: PortalSubmitResultSchema },
      },
    },
    async (req, reply) => {
      return reply
        .status(201)
        .send(
          await submitPortalQuestionnaire(
            db(),
            portalOf(req).patientId,
            req.params.key,
            normalizeAnswers(req.body.answers),
            requestMeta(req),
          ),
        );
    },
  );
  app.get(
    '/api/portal/journal',
    { config: { action: 'portal' }, schema: { tags, summary: 'My journal', response: { 200: JournalEntryListSchema } } },
    async (req) => ({ items: await portalJournal(db(), portalOf(req).patientId, requestMeta(req)) }),
  );
  app.post(
    '/api/portal/journal',
    {
      config: { action: 'portal' },
      schema: {
        tags,
        summary: 'Write a journal entry (private unless shared)',
        body: PortalJournalBodySchema,
        response: { 201: JournalEntrySchema },
      },
    },
    async (req, reply) => {
      assertJournalBody(req.body.body);
      return reply.status(201).send(await writeJournalEntry(db(), portalOf(req).patientId, req.body, requestMeta(req)));
    },
  );
  app.put(
    '/api/portal/journal/:id/share',
    {
      config: { action: 'portal' },
      schema: {
        tags,
        summary: 'Share an entry with my therapist, or stop sharing it',
        params: IdParams,
        body: PortalJournalShareBodySchema,
        response: { 200: JournalEntrySchema },
      },
    },
    async (req) => shareJournalEntry(db(), portalOf(req).patientId, req.params.id, req.body.shared, requestMeta(req)),
  );
  app.get(
    '/api/portal/results',
    {
      config: { action: 'portal' },
      schema: { tags, summary: 'My results over time (when the clinic shows them)', response: { 200: PortalResultsSchema } },
    },
    async (req) => portalResults(db(), portalOf(req).patientId, requestMeta(req)),
  );
};
