import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { endPortalSession, enterPortal, PORTAL_SESSION_MINUTES, portalConsent, signConsentInPortal } from '../../services/consent.js';
import { assertJournalBody, portalJournal, shareJournalEntry, writeJournalEntry } from '../../services/journal.js';
import { portalHome, portalQuestionnaire, portalResults, saveQuestionnaireDraft, submitPortalQuestionnaire } from '../../services/portal-views.js';
import { PORTAL_COOKIE, portalOf, requestMeta } from '../auth.js';
import { Answers, CssrsAnswers, normalizeAnswers } from './measures.js';

const TaskKey = z.strictObject({ key: z.string().regex(/^[0-9a-f-]{36}:\d{4}-\d{2}-\d{2}:(pcl5-month|pcl5-week|phq9|gad7|cssrs)$/, 'a questionnaire task key') });
const DraftAnswers = z.union([z.array(z.number().int().min(0).max(4).nullable()).max(20), z.strictObject({ answers: CssrsAnswers })]);

/** The patient portal: entered with a single-use link or code; the patient's own record only. */
export const portalRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['portal'];
  const db = () => app.ctx.database.db;
  app.post(
    '/api/portal/session',
    { config: { action: 'public' }, schema: { tags, summary: 'Enter the portal with a link token or a code', body: z.union([z.strictObject({ code: z.string().trim().min(6).max(20) }), z.strictObject({ token: z.string().min(20).max(200) })]) } },
    async (req, reply) => {
      const entered = await enterPortal(db(), req.body, requestMeta(req));
      void reply.setCookie(PORTAL_COOKIE, entered.sessionToken, { path: '/', httpOnly: true, sameSite: 'strict', secure: app.ctx.config.mode === 'production' ? true : 'auto', maxAge: PORTAL_SESSION_MINUTES * 60 });
      return { patient: { givenName: entered.givenName }, mode: app.ctx.config.mode };
    },
  );
  app.delete('/api/portal/session', { config: { action: 'portal' }, schema: { tags, summary: 'Leave the portal' } }, async (req, reply) => {
    await endPortalSession(db(), portalOf(req).tokenHash, app.ctx.clock.now());
    void reply.clearCookie(PORTAL_COOKIE, { path: '/' });
    return reply.status(204).send();
  });
  app.get('/api/portal/consent', { config: { action: 'portal' }, schema: { tags, summary: 'The consent to read and sign' } }, async (req) => portalConsent(db(), portalOf(req).patientId, requestMeta(req)));
  app.post(
    '/api/portal/consent',
    { config: { action: 'portal' }, schema: { tags, summary: 'Sign the consent with a typed name', body: z.strictObject({ documentId: z.uuid(), typedName: z.string().trim().min(2).max(200) }) } },
    async (req) => signConsentInPortal(db(), portalOf(req).patientId, req.body, requestMeta(req)),
  );

  app.get('/api/portal/home', { config: { action: 'portal' }, schema: { tags, summary: 'My schedule, preparation, questionnaires due, crisis resources' } }, async (req) => portalHome(db(), portalOf(req).patientId, requestMeta(req)));
  app.get('/api/portal/questionnaires/:key', { config: { action: 'portal' }, schema: { tags, summary: 'A questionnaire to answer, with my answers so far', params: TaskKey } }, async (req) => portalQuestionnaire(db(), portalOf(req).patientId, req.params.key, requestMeta(req)));
  app.put('/api/portal/questionnaires/:key/draft', { config: { action: 'portal' }, schema: { tags, summary: 'Save my answers so far (stop and resume)', params: TaskKey, body: z.strictObject({ answers: DraftAnswers }) } }, async (req, reply) => {
    await saveQuestionnaireDraft(db(), portalOf(req).patientId, req.params.key, req.body.answers, requestMeta(req));
    return reply.status(204).send();
  });
  app.post('/api/portal/questionnaires/:key', { config: { action: 'portal' }, schema: { tags, summary: 'Submit a questionnaire', params: TaskKey, body: z.strictObject({ answers: Answers }) } }, async (req, reply) => {
    return reply.status(201).send(await submitPortalQuestionnaire(db(), portalOf(req).patientId, req.params.key, normalizeAnswers(req.body.answers), requestMeta(req)));
  });
  app.get('/api/portal/journal', { config: { action: 'portal' }, schema: { tags, summary: 'My journal' } }, async (req) => ({ items: await portalJournal(db(), portalOf(req).patientId, requestMeta(req)) }));
  app.post('/api/portal/journal', { config: { action: 'portal' }, schema: { tags, summary: 'Write a journal entry (private unless shared)', body: z.strictObject({ body: z.string().max(20000), shared: z.boolean() }) } }, async (req, reply) => {
    assertJournalBody(req.body.body);
    return reply.status(201).send(await writeJournalEntry(db(), portalOf(req).patientId, req.body, requestMeta(req)));
  });
  app.put('/api/portal/journal/:id/share', { config: { action: 'portal' }, schema: { tags, summary: 'Share an entry with my therapist, or stop sharing it', params: z.strictObject({ id: z.uuid() }), body: z.strictObject({ shared: z.boolean() }) } }, async (req) =>
    shareJournalEntry(db(), portalOf(req).patientId, req.params.id, req.body.shared, requestMeta(req)),
  );
  app.get('/api/portal/results', { config: { action: 'portal' }, schema: { tags, summary: 'My results over time (when the clinic shows them)' } }, async (req) => portalResults(db(), portalOf(req).patientId, requestMeta(req)));
};
