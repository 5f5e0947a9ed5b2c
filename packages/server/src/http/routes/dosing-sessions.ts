import {
  AdverseEventBodySchema,
  AdverseEventCorrectionBodySchema,
  AdverseEventCreatedSchema,
  AdverseEventListSchema,
  AdverseEventLogFilterSchema,
  AdverseEventLogQuerySchema,
  AdverseEventLogSchema,
  AdverseEventReviewBodySchema,
  AdverseEventReviewQueueSchema,
  AlertAcknowledgeBodySchema,
  AldreteBodySchema,
  DeclinePauseBodySchema,
  DeviceTokenCreateBodySchema,
  DeviceTokenCreatedSchema,
  DeviceTokenListSchema,
  DeviceTokenParamsSchema,
  DischargeEscortBodySchema,
  DoseDoubleCheckBodySchema,
  DoseOrderBodySchema,
  DosingBoardQuerySchema,
  DosingBoardSchema,
  DosingSessionStepBodySchema,
  DosingSessionViewSchema,
  IdParams,
  NoContent,
  SessionChecklistBodySchema,
  SessionChecklistOverrideBodySchema,
  SessionCredentialOverrideBodySchema,
  SessionMedicationBodySchema,
  SessionMedicationCreatedSchema,
  SessionRateBodySchema,
  SessionReadingsBodySchema,
  SessionReadingsPageQuerySchema,
  SessionReadingsPageSchema,
  SessionReadingsResultSchema,
  SessionStopTimeBodySchema,
} from '@kairos/api';
import type { FastifyPluginCallbackZod } from 'fastify-type-provider-zod';
import { Readable } from 'node:stream';
import { readAdverseEventLog } from '../../services/dosing-session/adverse-event-log.js';
import { reviewQueue } from '../../services/dosing-session/adverse-event-review-queue.js';
import { exportAdverseEventsCsv } from '../../services/dosing-session/export-adverse-events-csv.js';
import { closeReview } from '../../services/dosing-session/close-adverse-event-review.js';
import { correctAdverseEvent } from '../../services/dosing-session/correct-adverse-event.js';
import { listAdverseEvents } from '../../services/dosing-session/list-adverse-events.js';
import { reportAdverseEvent } from '../../services/dosing-session/report-adverse-event.js';
import { createDeviceToken } from '../../services/accounts/create-device-token.js';
import { listDeviceTokens } from '../../services/accounts/list-device-tokens.js';
import { revokeDeviceToken } from '../../services/accounts/revoke-device-token.js';
import { acknowledgeAlert } from '../../services/dosing-session/acknowledge-alert.js';
import { changeRate } from '../../services/dosing-session/change-rate.js';
import { confirmDischargeEscort } from '../../services/dosing-session/confirm-discharge-escort.js';
import { correctStopTime } from '../../services/dosing-session/correct-stop-time.js';
import { declinePause } from '../../services/dosing-session/decline-pause.js';
import { doubleCheckDose } from '../../services/dosing-session/double-check-dose.js';
import { orderDose } from '../../services/dosing-session/order-dose.js';
import { overrideChecklistItem } from '../../services/dosing-session/override-checklist-item.js';
import { overrideSessionCredential } from '../../services/dosing-session/override-session-credential.js';
import { getSession } from '../../services/dosing-session/read-session.js';
import { infusionRecordPdf } from '../../services/dosing-session/infusion-record-pdf.js';
import { listSessionReadings } from '../../services/dosing-session/list-readings.js';
import { recordAldrete } from '../../services/dosing-session/record-aldrete.js';
import { recordReadings } from '../../services/dosing-session/record-readings.js';
import { recordSessionMedication } from '../../services/dosing-session/record-session-medication.js';
import { stepSession } from '../../services/dosing-session/step-session.js';
import { todayBoard } from '../../services/dosing-session/today-board.js';
import { updateChecklist } from '../../services/dosing-session/update-checklist.js';
import { AppError } from '../../errors.js';
import { requestMeta, signInOf } from '../auth.js';
import { routesOf } from '../route-options.js';
import { sendDownload } from '../download.js';

/** Every act at the console answers the whole console view. */
const consoleView = { 200: DosingSessionViewSchema };

/** Dosing sessions: the Today board, the console's acts, vitals from staff and devices, device tokens. */
export const dosingSessionRoutes: FastifyPluginCallbackZod = (app) => {
  const tags = ['dosing sessions'];
  const route = routesOf(tags);
  const db = () => app.ctx.database.db;
  const run = { action: 'infusion.run' as const };
  // The app's one intake of monitors' readings (http/device-intake.ts): rate limit and group commit.
  const { readingRate, ingest, sealSoon } = app.deviceIntake;

  app.get(
    '/api/sessions',
    route(
      { action: 'schedule.read', passive: true, liveFeed: true, site: { in: 'query', key: 'siteId', scope: 'patient-data' } },
      'The Today board: a site’s dosing sessions between two instants',
      {
        querystring: DosingBoardQuerySchema,
        response: { 200: DosingBoardSchema },
      },
    ),
    async (req) => {
      const items = await todayBoard(
        db(),
        signInOf(req).actor,
        { siteId: req.query.siteId, from: req.query.from, to: req.query.to },
        requestMeta(req),
        { stageAudit: true },
      );
      sealSoon();
      return { items };
    },
  );
  app.get(
    '/api/sessions/:id',
    route(
      { action: 'patients.read', passive: true, liveFeed: true },
      'The session console: state, checklist, dose, infusion, vitals, alerts, monitoring, discharge',
      { params: IdParams, response: consoleView },
    ),
    async (req) => {
      const view = await getSession(db(), signInOf(req).actor, req.params.id, requestMeta(req), { stageAudit: true });
      sealSoon();
      return view;
    },
  );
  app.get(
    '/api/sessions/:id/readings',
    route(
      { action: 'patients.read', passive: true },
      'A page of a session’s readings in full, the latest first; `older` pages back (the console view holds only the latest hundred)',
      { params: IdParams, querystring: SessionReadingsPageQuerySchema, response: { 200: SessionReadingsPageSchema } },
    ),
    async (req) => {
      const page = await listSessionReadings(db(), signInOf(req).actor, req.params.id, req.query, requestMeta(req), { stageAudit: true });
      sealSoon();
      return page;
    },
  );
  app.get(
    '/api/sessions/:id/record.pdf',
    route(
      { action: 'patients.read', raw: 'application/pdf' },
      'The session’s infusion record as a PDF (dose order and double check, timings, vital signs, scores, alerts, adverse events, discharge)',
      { params: IdParams },
    ),
    async (req, reply) => {
      const { pdf, filename } = await infusionRecordPdf(db(), signInOf(req).actor, req.params.id, requestMeta(req));
      return sendDownload(reply, 'application/pdf', filename, pdf);
    },
  );
  app.post(
    '/api/sessions/:id/steps',
    route(run, 'Move the session one step (only the allowed steps; 409 with the current state and the allowed steps otherwise)', {
      params: IdParams,
      body: DosingSessionStepBodySchema,
      response: consoleView,
    }),
    async (req) => stepSession(db(), signInOf(req).actor, req.params.id, req.body, requestMeta(req), app.ctx.config.mode),
  );
  app.put(
    '/api/sessions/:id/checklist',
    route('observations.record', 'Pre-dose checklist facts (fasting times, last benzodiazepine dose, pregnancy test, escort, intention)', {
      params: IdParams,
      body: SessionChecklistBodySchema,
      response: consoleView,
    }),
    async (req) => updateChecklist(db(), signInOf(req).actor, req.params.id, req.body, requestMeta(req)),
  );
  app.post(
    '/api/sessions/:id/dose-order',
    route('dose.order', 'Order the dose (computed by core from the latest weight and the site protocol)', {
      params: IdParams,
      body: DoseOrderBodySchema,
      response: consoleView,
    }),
    async (req) => orderDose(db(), signInOf(req).actor, req.params.id, req.body, requestMeta(req)),
  );
  app.post(
    '/api/sessions/:id/dose-order/double-check',
    route(run, 'Independent double check by a second licensed user (step-up)', {
      params: IdParams,
      body: DoseDoubleCheckBodySchema,
      response: consoleView,
    }),
    async (req) => doubleCheckDose(db(), signInOf(req).actor, req.params.id, req.body.stepUpToken, requestMeta(req)),
  );
  app.post(
    '/api/sessions/:id/checklist/override',
    route(run, 'A prescriber overrides a checklist hold (the day’s high-risk C-SSRS) with a reason', {
      params: IdParams,
      body: SessionChecklistOverrideBodySchema,
      response: consoleView,
    }),
    async (req) => overrideChecklistItem(db(), signInOf(req).actor, req.params.id, req.body, requestMeta(req)),
  );
  app.post(
    '/api/sessions/:id/credential-override',
    route(
      'credentials.override',
      'The medical director lets the session go ahead although a person’s credential for a duty lapsed (step-up, with a reason)',
      {
        params: IdParams,
        body: SessionCredentialOverrideBodySchema,
        response: consoleView,
      },
    ),
    async (req) => overrideSessionCredential(db(), signInOf(req).actor, req.params.id, req.body, requestMeta(req)),
  );
  app.post(
    '/api/sessions/:id/rate',
    route(run, 'Change the pump rate (beyond the tolerance of the ordered rate: a prescriber’s step-up)', {
      params: IdParams,
      body: SessionRateBodySchema,
      response: consoleView,
    }),
    async (req) => changeRate(db(), signInOf(req).actor, req.params.id, req.body, requestMeta(req)),
  );
  app.post(
    '/api/sessions/:id/stop-time',
    route(run, 'Correct a stop entered late (the original is kept)', {
      params: IdParams,
      body: SessionStopTimeBodySchema,
      response: consoleView,
    }),
    async (req) => correctStopTime(db(), signInOf(req).actor, req.params.id, req.body, requestMeta(req)),
  );
  app.put(
    '/api/sessions/:id/discharge-escort',
    route(run, 'The adult taking the patient home, confirmed at discharge', {
      params: IdParams,
      body: DischargeEscortBodySchema,
      response: consoleView,
    }),
    async (req) => confirmDischargeEscort(db(), signInOf(req).actor, req.params.id, req.body, requestMeta(req)),
  );
  app.post(
    '/api/sessions/:id/medications',
    route('observations.record', 'A medication given at the chair: a premedication, or the treatment of an adverse event', {
      params: IdParams,
      body: SessionMedicationBodySchema,
      response: { 201: SessionMedicationCreatedSchema },
    }),
    async (req, reply) =>
      reply.status(201).send(await recordSessionMedication(db(), signInOf(req).actor, req.params.id, req.body, requestMeta(req))),
  );
  app.post(
    '/api/sessions/:id/vitals',
    route({ ...run, servedFirst: true }, 'Readings entered at the chair (idempotent by clientId)', {
      params: IdParams,
      body: SessionReadingsBodySchema,
      response: { 200: SessionReadingsResultSchema },
    }),
    async (req) => recordReadings(db(), { actor: signInOf(req).actor }, req.params.id, req.body.readings, requestMeta(req)),
  );
  app.post(
    '/api/device/sessions/:id/vitals',
    route({ action: 'device', servedFirst: true }, 'Readings from a monitor (device token; batches up to 500; idempotent by clientId)', {
      params: IdParams,
      body: SessionReadingsBodySchema,
      response: { 200: SessionReadingsResultSchema },
    }),
    async (req) => {
      if (req.device === undefined) throw new AppError('UNAUTHENTICATED', 'a device token is required');
      await readingRate.admit(db(), req.device, req.body.readings.length, requestMeta(req));
      return ingest.submit({ by: { device: req.device }, sessionId: req.params.id, readings: req.body.readings, meta: requestMeta(req) });
    },
  );
  app.post(
    '/api/alerts/:id/acknowledge',
    route(run, 'Acknowledge an alert (before dosing, pause level, escalation: a prescriber; a hold with the reason for overriding it)', {
      params: IdParams,
      body: AlertAcknowledgeBodySchema,
      response: consoleView,
    }),
    async (req) => acknowledgeAlert(db(), signInOf(req).actor, req.params.id, req.body, requestMeta(req)),
  );
  app.post(
    '/api/sessions/:id/decline-pause',
    route(run, 'A prescriber declines the recommended pause, with a reason', {
      params: IdParams,
      body: DeclinePauseBodySchema,
      response: consoleView,
    }),
    async (req) => declinePause(db(), signInOf(req).actor, req.params.id, req.body, requestMeta(req)),
  );
  app.put(
    '/api/sessions/:id/aldrete',
    route(run, 'Modified Aldrete item scores', { params: IdParams, body: AldreteBodySchema, response: consoleView }),
    async (req) => recordAldrete(db(), signInOf(req).actor, req.params.id, req.body, requestMeta(req)),
  );

  app.get(
    '/api/sessions/:id/adverse-events',
    route({ action: 'patients.read', passive: true }, 'Adverse events of a session', {
      params: IdParams,
      response: { 200: AdverseEventListSchema },
    }),
    async (req) => {
      await getSession(db(), signInOf(req).actor, req.params.id, requestMeta(req));
      return { items: await listAdverseEvents(db(), req.params.id) };
    },
  );
  app.post(
    '/api/sessions/:id/adverse-events',
    route('observations.record', 'Report an adverse event (serious ones enter the medical director’s review queue)', {
      params: IdParams,
      body: AdverseEventBodySchema,
      response: { 201: AdverseEventCreatedSchema },
    }),
    async (req, reply) =>
      reply.status(201).send(await reportAdverseEvent(db(), signInOf(req).actor, req.params.id, req.body, requestMeta(req))),
  );
  app.get(
    '/api/adverse-events/review-queue',
    route('adverse-events.review', 'Serious adverse events waiting for the medical director’s review', {
      response: { 200: AdverseEventReviewQueueSchema },
    }),
    async (req) => ({ items: await reviewQueue(db(), signInOf(req).actor, requestMeta(req)) }),
  );
  const logSite = { in: 'query', key: 'siteId', scope: 'patient-data' } as const;
  app.get(
    '/api/adverse-events',
    route(
      { action: 'adverse-events.read', site: logSite },
      'The site’s adverse events log, newest first, a page at a time, with the counts by kind and severity of every event the filters match',
      { querystring: AdverseEventLogQuerySchema, response: { 200: AdverseEventLogSchema } },
    ),
    async (req) => readAdverseEventLog(db(), signInOf(req).actor, req.query, requestMeta(req)),
  );
  app.get(
    '/api/adverse-events.csv',
    route(
      { action: 'adverse-events.read', site: logSite, raw: 'text/csv' },
      'The adverse events log as CSV (the same filters), streamed; at most 50,000 events an export',
      { querystring: AdverseEventLogFilterSchema },
    ),
    async (req, reply) => {
      const csv = await exportAdverseEventsCsv(db(), signInOf(req).actor, req.query, requestMeta(req));
      return sendDownload(reply, 'text/csv; charset=utf-8', csv.filename, Readable.from(csv.chunks));
    },
  );
  app.post(
    '/api/adverse-events/:id/review',
    route('adverse-events.review', 'Close a review with a note (medical director)', {
      params: IdParams,
      body: AdverseEventReviewBodySchema,
      response: { 204: NoContent },
    }),
    async (req, reply) => {
      await closeReview(db(), signInOf(req).actor, req.params.id, req.body.note, requestMeta(req));
      return reply.status(204).send(null);
    },
  );
  app.post(
    '/api/adverse-events/:id/corrections',
    route(
      'adverse-events.correct',
      'Correct an adverse event’s kind, severity, onset or resolution time with a reason, also after review (the original is kept)',
      { params: IdParams, body: AdverseEventCorrectionBodySchema, response: { 204: NoContent } },
    ),
    async (req, reply) => {
      await correctAdverseEvent(db(), signInOf(req).actor, req.params.id, req.body, requestMeta(req));
      return reply.status(204).send(null);
    },
  );

  const admin = 'users.manage';
  const deviceRoute = routesOf(['devices']);
  app.get(
    '/api/device-tokens',
    deviceRoute(admin, 'Device tokens (never the tokens themselves)', { response: { 200: DeviceTokenListSchema } }),
    async () => ({ items: await listDeviceTokens(db()) }),
  );
  app.post(
    '/api/device-tokens',
    deviceRoute(
      { action: admin, site: { in: 'body', key: 'siteId', scope: 'site-config' } },
      'Create a device token for a site (shown once)',
      {
        body: DeviceTokenCreateBodySchema,
        response: { 201: DeviceTokenCreatedSchema },
      },
    ),
    async (req, reply) => reply.status(201).send(await createDeviceToken(db(), signInOf(req).actor, req.body, requestMeta(req))),
  );
  app.delete(
    '/api/device-tokens/:id',
    deviceRoute(admin, 'Revoke a device token', { params: DeviceTokenParamsSchema, response: { 204: NoContent } }),
    async (req, reply) => {
      await revokeDeviceToken(db(), signInOf(req).actor, req.params.id, requestMeta(req));
      return reply.status(204).send(null);
    },
  );
};
