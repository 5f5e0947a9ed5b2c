import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { closeReview, listAdverseEvents, reportAdverseEvent, reviewQueue } from '../../services/adverse-events.js';
import { appendAudit } from '../../services/audit.js';
import { ADVERSE_EVENT_KINDS } from '../../store/schema.js';
import { createDeviceToken, listDeviceTokens, revokeDeviceToken } from '../../services/device-tokens.js';
import { acknowledgeAlert, ChecklistInputSchema, changeRate, confirmDischargeEscort, correctStopTime, declinePause, doubleCheckDose, getSession, orderDose, overrideChecklistItem, recordAldrete, recordReadings, SESSION_STEPS, sessionView, stepSession, updateChecklist } from '../../services/dosing-session.js';
import { AdministrationSchema, recordSessionMedication, SessionMedicationSchema } from '../../services/session-medications.js';
import { listSchedule } from '../../services/scheduling.js';
import { transact } from '../../services/transaction.js';
import { AppError } from '../../errors.js';
import { requestMeta, sessionOf } from '../auth.js';

const Id = z.strictObject({ id: z.uuid() });
const reason = z.string().trim().min(3).max(2000);
/** A prescriber's step-up proof typed on this screen (a prescriber's act on the nurse's tablet). */
const stepUpToken = z.string().min(1).max(200).optional();
// Each reading is judged on its own by the service (shape, then the protocol's plausible values), so
// one bad value in a device batch never drops the valid readings (and their alarms) beside it.
const Readings = z.strictObject({
  readings: z
    .array(z.unknown().describe('a reading: { clientId, measuredAt, systolic?, diastolic?, heartRate?, spo2?, respiratoryRate?, moaas?, temperature? } (see ReadingSchema)'))
    .min(1)
    .max(500),
});

/** Dosing sessions: the Today board, the console's acts, vitals from staff and devices, device tokens. */
export const dosingSessionRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['dosing sessions'];
  const db = () => app.ctx.database.db;
  const run = { action: 'infusion.run' as const };

  app.get(
    '/api/sessions',
    { config: { action: 'schedule.read', passive: true }, schema: { tags, summary: 'The Today board: a site’s dosing sessions between two instants', querystring: z.strictObject({ siteId: z.uuid(), from: z.iso.datetime({ offset: true }), to: z.iso.datetime({ offset: true }) }) } },
    async (req) => {
      const { actor } = sessionOf(req);
      const meta = requestMeta(req);
      return transact(db(), async (tx) => {
        const events = (await listSchedule(tx, actor, { siteId: req.query.siteId, from: req.query.from, to: req.query.to })).filter((e) => e.kind === 'dosing' && e.state === 'scheduled');
        const sessions = events.length === 0 ? [] : await tx.selectFrom('dosing_session').select(['id', 'event_id']).where('event_id', 'in', events.map((e) => e.id)).execute();
        const items = [];
        for (const e of events) {
          const s = sessions.find((x) => x.event_id === e.id);
          if (s === undefined) continue;
          const view = await sessionView(tx, s.id, meta.now);
          items.push({
            sessionId: s.id,
            chair: e.chair,
            patient: e.patient,
            staff: e.staff,
            startsAt: e.startsAt,
            state: view.state,
            pauseRecommended: view.pauseRecommended,
            minutesSinceStart: view.infusionStartedAt === null ? null : Math.floor((meta.now.getTime() - Date.parse(view.infusionStartedAt)) / 60_000),
            infusionStartedAt: view.infusionStartedAt,
            latestVitals: view.readings.filter((r) => r.systolic !== null).at(-1) ?? null,
            openAlerts: view.alerts.filter((a) => a.acknowledgedAt === null),
            overdue: (view.monitoring as { overdue?: unknown[] } | null)?.overdue ?? [],
            /** Before the start: what holds the infusion (a screening review hold, an expired item, a high-risk C-SSRS...), in plain words. */
            holds: ['checked-in', 'pre-dose', 'scheduled'].includes(view.state) ? view.checklist.items.filter((i) => i.status === 'hold').map((i) => i.detail) : [],
          });
        }
        await appendAudit(tx, { userId: actor.userId, userRoles: actor.roles, action: 'today.read', recordType: 'site', recordId: req.query.siteId, outcome: 'allowed', requestId: meta.requestId, clientAddress: meta.clientAddress, details: { sessions: items.length }, at: meta.now });
        return { items };
      });
    },
  );
  app.get('/api/sessions/:id', { config: { action: 'patients.read', passive: true }, schema: { tags, summary: 'The session console: state, checklist, dose, infusion, vitals, alerts, monitoring, discharge', params: Id } }, async (req) =>
    getSession(db(), sessionOf(req).actor, req.params.id, requestMeta(req)),
  );
  app.post(
    '/api/sessions/:id/steps',
    {
      config: run,
      schema: {
        tags,
        summary: 'Move the session one step (only the allowed steps; 409 with the current state and the allowed steps otherwise)',
        params: Id,
        body: z.strictObject({ step: z.enum(Object.keys(SESSION_STEPS) as [keyof typeof SESSION_STEPS, ...(keyof typeof SESSION_STEPS)[]]), reason: z.string().trim().max(2000).optional(), stepUpToken, override: z.strictObject({ reason, stepUpToken: z.string().min(1) }).optional() }),
      },
    },
    async (req) => stepSession(db(), sessionOf(req).actor, req.params.id, req.body, requestMeta(req), app.ctx.config.mode),
  );
  app.put(
    '/api/sessions/:id/checklist',
    {
      config: { action: 'observations.record' },
      schema: {
        tags,
        summary: 'Pre-dose checklist facts (fasting times, last benzodiazepine dose, pregnancy test, escort, intention)',
        params: Id,
        body: ChecklistInputSchema,
      },
    },
    async (req) => updateChecklist(db(), sessionOf(req).actor, req.params.id, req.body, requestMeta(req)),
  );
  app.post(
    '/api/sessions/:id/dose-order',
    { config: { action: 'dose.order' }, schema: { tags, summary: 'Order the dose (computed by core from the latest weight and the site protocol)', params: Id, body: z.strictObject({ mgPerKg: z.number().positive().max(5).optional(), minutes: z.number().int().positive().max(600).optional(), vialMgPerMl: z.number().positive(), diluentMl: z.number().min(0).max(2000) }) } },
    async (req) => orderDose(db(), sessionOf(req).actor, req.params.id, req.body, requestMeta(req)),
  );
  app.post('/api/sessions/:id/dose-order/double-check', { config: run, schema: { tags, summary: 'Independent double check by a second licensed user (step-up)', params: Id, body: z.strictObject({ stepUpToken: z.string().min(1) }) } }, async (req) =>
    doubleCheckDose(db(), sessionOf(req).actor, req.params.id, req.body.stepUpToken, requestMeta(req)),
  );
  app.post('/api/sessions/:id/checklist/override', { config: run, schema: { tags, summary: 'A prescriber overrides a checklist hold (the day’s high-risk C-SSRS) with a reason', params: Id, body: z.strictObject({ item: z.literal('cssrs-today'), reason, stepUpToken }) } }, async (req) =>
    overrideChecklistItem(db(), sessionOf(req).actor, req.params.id, req.body, requestMeta(req)),
  );
  app.post('/api/sessions/:id/rate', { config: run, schema: { tags, summary: 'Change the pump rate (beyond the tolerance of the ordered rate: a prescriber’s step-up)', params: Id, body: z.strictObject({ rateMlPerHour: z.number().positive().max(2000), reason, stepUpToken }) } }, async (req) =>
    changeRate(db(), sessionOf(req).actor, req.params.id, req.body, requestMeta(req)),
  );
  app.post('/api/sessions/:id/stop-time', { config: run, schema: { tags, summary: 'Correct a stop entered late (the original is kept)', params: Id, body: z.strictObject({ at: z.iso.datetime({ offset: true }), reason }) } }, async (req) =>
    correctStopTime(db(), sessionOf(req).actor, req.params.id, req.body, requestMeta(req)),
  );
  app.put('/api/sessions/:id/discharge-escort', { config: run, schema: { tags, summary: 'The adult taking the patient home, confirmed at discharge', params: Id, body: z.strictObject({ name: z.string().trim().min(2).max(200) }) } }, async (req) =>
    confirmDischargeEscort(db(), sessionOf(req).actor, req.params.id, req.body, requestMeta(req)),
  );
  app.post('/api/sessions/:id/medications', { config: { action: 'observations.record' }, schema: { tags, summary: 'A medication given at the chair: a premedication, or the treatment of an adverse event', params: Id, body: SessionMedicationSchema } }, async (req, reply) =>
    reply.status(201).send(await recordSessionMedication(db(), sessionOf(req).actor, req.params.id, req.body, requestMeta(req))),
  );
  app.post('/api/sessions/:id/vitals', { config: run, schema: { tags, summary: 'Readings entered at the chair (idempotent by clientId)', params: Id, body: Readings } }, async (req) =>
    recordReadings(db(), { actor: sessionOf(req).actor }, req.params.id, req.body.readings, requestMeta(req)),
  );
  app.post('/api/device/sessions/:id/vitals', { config: { action: 'device' }, schema: { tags, summary: 'Readings from a monitor (device token; batches up to 500; idempotent by clientId)', params: Id, body: Readings } }, async (req) => {
    if (req.device === undefined) throw new AppError('UNAUTHENTICATED', 'a device token is required');
    return recordReadings(db(), { deviceSiteId: req.device.siteId }, req.params.id, req.body.readings, requestMeta(req));
  });
  app.post('/api/alerts/:id/acknowledge', { config: run, schema: { tags, summary: 'Acknowledge an alert (before dosing, pause level, escalation: a prescriber; a hold with the reason for overriding it)', params: Id, body: z.strictObject({ note: z.string().trim().max(2000).optional(), stepUpToken }) } }, async (req) =>
    acknowledgeAlert(db(), sessionOf(req).actor, req.params.id, req.body, requestMeta(req)),
  );
  app.post('/api/sessions/:id/decline-pause', { config: run, schema: { tags, summary: 'A prescriber declines the recommended pause, with a reason', params: Id, body: z.strictObject({ reason, stepUpToken }) } }, async (req) =>
    declinePause(db(), sessionOf(req).actor, req.params.id, req.body, requestMeta(req)),
  );
  const score = z.number().int().min(0).max(2);
  app.put('/api/sessions/:id/aldrete', { config: run, schema: { tags, summary: 'Modified Aldrete item scores', params: Id, body: z.strictObject({ activity: score, respiration: score, circulation: score, consciousness: score, spo2: score }) } }, async (req) =>
    recordAldrete(db(), sessionOf(req).actor, req.params.id, req.body, requestMeta(req)),
  );

  app.get('/api/sessions/:id/adverse-events', { config: { action: 'patients.read', passive: true }, schema: { tags, summary: 'Adverse events of a session', params: Id } }, async (req) => {
    await getSession(db(), sessionOf(req).actor, req.params.id, requestMeta(req));
    return { items: await listAdverseEvents(db(), req.params.id) };
  });
  app.post(
    '/api/sessions/:id/adverse-events',
    {
      config: { action: 'observations.record' },
      schema: {
        tags,
        summary: 'Report an adverse event (serious ones enter the medical director’s review queue)',
        params: Id,
        body: z.strictObject({ kind: z.enum(ADVERSE_EVENT_KINDS), description: z.string().trim().max(2000).optional(), severity: z.enum(['mild', 'moderate', 'severe']), serious: z.boolean(), occurredAt: z.iso.datetime({ offset: true }), actionTaken: z.string().trim().min(2).max(2000), treatments: z.array(AdministrationSchema).max(20).optional() }),
      },
    },
    async (req, reply) => reply.status(201).send(await reportAdverseEvent(db(), sessionOf(req).actor, req.params.id, req.body, requestMeta(req))),
  );
  app.get('/api/adverse-events/review-queue', { config: { action: 'adverse-events.review' }, schema: { tags, summary: 'Serious adverse events waiting for the medical director’s review' } }, async (req) => ({ items: await reviewQueue(db(), sessionOf(req).actor, requestMeta(req)) }));
  app.post('/api/adverse-events/:id/review', { config: { action: 'adverse-events.review' }, schema: { tags, summary: 'Close a review with a note (medical director)', params: Id, body: z.strictObject({ note: reason }) } }, async (req, reply) => {
    await closeReview(db(), sessionOf(req).actor, req.params.id, req.body.note, requestMeta(req));
    return reply.status(204).send();
  });

  const admin = { action: 'users.manage' as const };
  app.get('/api/device-tokens', { config: admin, schema: { tags: ['devices'], summary: 'Device tokens (never the tokens themselves)' } }, async () => ({ items: await listDeviceTokens(db()) }));
  app.post('/api/device-tokens', { config: admin, schema: { tags: ['devices'], summary: 'Create a device token for a site (shown once)', body: z.strictObject({ siteId: z.uuid(), name: z.string().trim().min(1).max(100) }) } }, async (req, reply) =>
    reply.status(201).send(await createDeviceToken(db(), sessionOf(req).actor, req.body, requestMeta(req))),
  );
  app.delete('/api/device-tokens/:id', { config: admin, schema: { tags: ['devices'], summary: 'Revoke a device token', params: z.strictObject({ id: z.string().regex(/^[0-9a-f]{16}$/, 'a device token id') }) } }, async (req, reply) => {
    await revokeDeviceToken(db(), sessionOf(req).actor, req.params.id, requestMeta(req));
    return reply.status(204).send();
  });
};
