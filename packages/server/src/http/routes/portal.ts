import {
  ConsentSignatureResultSchema,
  IdParams,
  JournalEntryListSchema,
  JournalEntrySchema,
  KioskConfirmBodySchema,
  KioskStartResultSchema,
  KioskStateSchema,
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
import type { FastifyPluginCallbackZod } from 'fastify-type-provider-zod';
import { endPortalSession } from '../../services/portal-access/end-portal-session.js';
import { PORTAL_SESSION_MINUTES } from '../../services/portal-access/portal-session.js';
import { enterPortal } from '../../services/portal-access/enter-portal.js';
import { portalConsent } from '../../services/consent/portal-consent.js';
import { signConsentInPortal } from '../../services/consent/sign-consent-in-portal.js';
import { assertJournalBody } from '../../services/portal/internal/journal.js';
import { portalJournal } from '../../services/portal/portal-journal.js';
import { shareJournalEntry } from '../../services/portal/share-journal-entry.js';
import { writeJournalEntry } from '../../services/portal/write-journal-entry.js';
import { portalHome } from '../../services/portal/portal-home.js';
import { portalQuestionnaire } from '../../services/portal/portal-questionnaire.js';
import { portalResults } from '../../services/portal/portal-results.js';
import { saveQuestionnaireDraft } from '../../services/portal/save-questionnaire-draft.js';
import { submitPortalQuestionnaire } from '../../services/portal/submit-portal-questionnaire.js';
import { normalizeAnswers } from '../../services/questionnaires/internal/store-response.js';
import { confirmKioskBirthDate } from '../../services/kiosk/confirm-kiosk-birth-date.js';
import { afterKioskAnswer } from '../../services/kiosk/after-kiosk-answer.js';
import { KIOSK_LIMITS } from '../../services/kiosk/kiosk-internal.js';
import { kioskState } from '../../services/kiosk/kiosk-state.js';
import { startKiosk } from '../../services/kiosk/start-kiosk.js';
import { signOut } from '../../services/sign-in/sign-out.js';
import { clearPortalCookie, clearSignInCookie, portalOf, requestMeta, setPortalCookie, signInOf } from '../auth.js';
import { routesOf } from '../route-options.js';
import { AppError } from '../../errors.js';

/** Portal routes a clinic tablet (kiosk) reaches: its own, and leaving (always); the questionnaires once the date of birth is confirmed. */
const KIOSK_ALWAYS = { action: 'portal', kiosk: 'always' } as const;
const KIOSK_CONFIRMED = { action: 'portal', kiosk: 'confirmed' } as const;

/** The patient portal: entered with a single-use link or code, or on a clinic tablet a staff member hands over; the patient's own record only. */
export const portalRoutes: FastifyPluginCallbackZod = (app) => {
  const tags = ['portal'];
  const route = routesOf(tags);
  const db = () => app.ctx.database.db;
  app.post(
    '/api/portal/session',
    route('public', 'Enter the portal with a link token or a code', {
      body: PortalEnterBodySchema,
      response: { 200: PortalSessionSchema },
    }),
    async (req, reply) => {
      const entered = await enterPortal(db(), req.body, requestMeta(req));
      setPortalCookie(req, reply, entered.sessionToken, PORTAL_SESSION_MINUTES * 60);
      return { patient: { givenName: entered.givenName }, mode: app.ctx.config.mode };
    },
  );
  app.delete('/api/portal/session', route(KIOSK_ALWAYS, 'Leave the portal', { response: { 204: NoContent } }), async (req, reply) => {
    await endPortalSession(db(), portalOf(req).tokenHash, app.ctx.clock.now());
    clearPortalCookie(reply);
    return reply.status(204).send(null);
  });
  app.get('/api/portal/consent', route('portal', 'The consent to read and sign', { response: { 200: PortalConsentSchema } }), async (req) =>
    portalConsent(db(), portalOf(req).patientId, requestMeta(req)),
  );
  app.post(
    '/api/portal/consent',
    route('portal', 'Sign the consent with a typed name', {
      body: PortalConsentBodySchema,
      response: { 200: ConsentSignatureResultSchema },
    }),
    async (req) => signConsentInPortal(db(), portalOf(req).patientId, req.body, requestMeta(req)),
  );

  app.get(
    '/api/portal/home',
    route('portal', 'My schedule, preparation, questionnaires due, crisis resources', { response: { 200: PortalHomeSchema } }),
    async (req) => portalHome(db(), portalOf(req).patientId, requestMeta(req)),
  );
  app.get(
    '/api/portal/questionnaires/:key',
    route(KIOSK_CONFIRMED, 'A questionnaire to answer, with my answers so far', {
      params: PortalTaskKeyParamsSchema,
      response: { 200: PortalQuestionnaireSchema },
    }),
    async (req) => portalQuestionnaire(db(), portalOf(req).patientId, req.params.key, requestMeta(req)),
  );
  app.put(
    '/api/portal/questionnaires/:key/draft',
    route(KIOSK_CONFIRMED, 'Save my answers so far (stop and resume)', {
      params: PortalTaskKeyParamsSchema,
      body: PortalDraftBodySchema,
      response: { 204: NoContent },
    }),
    async (req, reply) => {
      await saveQuestionnaireDraft(db(), portalOf(req).patientId, req.params.key, req.body.answers, requestMeta(req));
      return reply.status(204).send(null);
    },
  );
  app.post(
    '/api/portal/questionnaires/:key',
    route(KIOSK_CONFIRMED, 'Submit a questionnaire (on a clinic tablet, the last one due ends its session)', {
      params: PortalTaskKeyParamsSchema,
      body: PortalSubmitBodySchema,
      response: { 201: PortalSubmitResultSchema },
    }),
    async (req, reply) => {
      const portal = portalOf(req);
      const meta = requestMeta(req);
      const sent = await submitPortalQuestionnaire(db(), portal.patientId, req.params.key, normalizeAnswers(req.body.answers), meta);
      if (portal.kiosk === null) return reply.status(201).send(sent);
      const sessionEnded = await afterKioskAnswer(
        db(),
        { ...portal, kiosk: portal.kiosk },
        { responseId: sent.id, instrument: sent.instrument },
        meta,
      );
      if (sessionEnded) clearPortalCookie(reply);
      return reply.status(201).send({ ...sent, sessionEnded });
    },
  );
  app.get('/api/portal/journal', route('portal', 'My journal', { response: { 200: JournalEntryListSchema } }), async (req) => ({
    items: await portalJournal(db(), portalOf(req).patientId, requestMeta(req)),
  }));
  app.post(
    '/api/portal/journal',
    route('portal', 'Write a journal entry (private unless shared)', {
      body: PortalJournalBodySchema,
      response: { 201: JournalEntrySchema },
    }),
    async (req, reply) => {
      assertJournalBody(req.body.body);
      return reply.status(201).send(await writeJournalEntry(db(), portalOf(req).patientId, req.body, requestMeta(req)));
    },
  );
  app.put(
    '/api/portal/journal/:id/share',
    route('portal', 'Share an entry with my therapist, or stop sharing it', {
      params: IdParams,
      body: PortalJournalShareBodySchema,
      response: { 200: JournalEntrySchema },
    }),
    async (req) => shareJournalEntry(db(), portalOf(req).patientId, req.params.id, req.body.shared, requestMeta(req)),
  );
  app.get(
    '/api/portal/results',
    route('portal', 'My results over time (when the clinic shows them)', { response: { 200: PortalResultsSchema } }),
    async (req) => portalResults(db(), portalOf(req).patientId, requestMeta(req)),
  );

  // ---- the clinic tablet (kiosk) ----
  app.post(
    '/api/patients/:id/kiosk',
    route('kiosk.start', 'Hand this device to the patient for the questionnaires due now (ends your sign-in on it)', {
      params: IdParams,
      response: { 201: KioskStartResultSchema },
    }),
    async (req, reply) => {
      const meta = requestMeta(req);
      const started = await startKiosk(db(), signInOf(req).actor, req.params.id, meta);
      // The device is the patient's now: the staff member's sign-in on it ends in the same answer.
      await signOut(db(), signInOf(req), meta);
      clearSignInCookie(reply);
      setPortalCookie(req, reply, started.sessionToken, KIOSK_LIMITS.minutes * 60);
      return reply.status(201).send({ patient: { givenName: started.givenName }, questionnaires: started.questionnaires });
    },
  );
  app.get(
    '/api/portal/kiosk',
    route(KIOSK_ALWAYS, 'The clinic tablet: the date-of-birth question, then the questionnaires due now', {
      response: { 200: KioskStateSchema },
    }),
    async (req) => {
      const portal = portalOf(req);
      if (portal.kiosk === null) throw new AppError('NOT_FOUND', 'This is not a clinic tablet session: open the portal instead.');
      return kioskState(db(), portal, requestMeta(req));
    },
  );
  app.post(
    '/api/portal/kiosk/confirm',
    route(KIOSK_ALWAYS, 'Confirm my date of birth on the clinic tablet', { body: KioskConfirmBodySchema, response: { 204: NoContent } }),
    async (req, reply) => {
      const portal = portalOf(req);
      if (portal.kiosk === null) throw new AppError('NOT_FOUND', 'This is not a clinic tablet session: open the portal instead.');
      try {
        await confirmKioskBirthDate(db(), portal, req.body.birthDate, requestMeta(req));
      } catch (err) {
        if (err instanceof AppError && err.code === 'UNAUTHENTICATED') clearPortalCookie(reply);
        throw err;
      }
      return reply.status(204).send(null);
    },
  );
};
