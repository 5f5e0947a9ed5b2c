/**
 * The dosing session: a state machine (scheduled, checked-in, pre-dose, infusing, paused,
 * observing, discharged, aborted) with the pre-dose checklist, the dose order computed by core and
 * its independent double check, infusion events, vital signs classified by core with alerts, and
 * discharge readiness. Every step locks the session row, so two nurses starting the same infusion
 * end in one success and one 409.
 *
 * @module
 */
import {
  SESSION_RECHECKED_ITEMS,
  assessChecklist,
  assessDischargeReadiness,
  assessPreDoseVitals,
  checkRateChange,
  buildMonitoringSchedule,
  calculateDose,
  checkReadingPlausibility,
  classifyVitals,
  dischargeReadinessRule,
  findMedicationInteractions,
  findOverdue,
  ivDoseRule,
  ruleRef,
  latestFullSet,
  localDateOf,
  startOfLocalDay,
  trackInfusion,
  vitalSignsRule,
  type AldreteScores,
  type ChecklistFacts,
  type ChecklistItem,
  type DischargeReadiness,
  type PumpEvent,
  type TimedReading,
  type VitalsPhase,
  type VitalsReading,
} from '@kairos/core';
import {
  SessionReadingBodySchema,
  type AldreteBody,
  type AlertAcknowledgeBody,
  type DeclinePauseBody,
  type DischargeEscortBody,
  type DoseOrderBody,
  type DosingBoardItem,
  type DosingSessionStep,
  type DosingSessionStepBody,
  type DosingSessionView,
  type ProtocolParamValue,
  type RefusedReading,
  type SessionAlert,
  type SessionChecklistBody,
  type SessionChecklistOverrideBody,
  type SessionChecklistValues,
  type SessionDoseCalculation,
  type SessionInfusionEvent,
  type SessionMonitoring,
  type SessionParameterRef,
  type SessionRateBody,
  type SessionReading,
  type SessionReadingBody,
  type SessionReadingsResult,
  type SessionStopTimeBody,
} from '@kairos/api';
import { sql, type Selectable } from 'kysely';
import { AppError, notFound } from '../errors.js';
import type { InfusionEventTable, SessionAlertTable, SessionState, VitalReadingTable } from '../store/schema.js';
import { audit } from './audit.js';
import { activeFacts } from './patients/active-facts.js';
import { openScreeningHold } from './screening/open-screening-hold.js';
import { listSchedule } from './scheduling.js';
import { assertPatientAccess } from './patients/assert-patient-access.js';
import {
  dosingCheckIn,
  overridesOf,
  parameterRefs,
  protocolForSession,
  protocolInForce,
  type ParameterRef,
  type SiteProtocol,
} from './protocol.js';
import { DEVICE, type Actor, type AuditActor, type RequestMeta } from './context.js';
import { consumeStepUp } from './sign-in/step-up.js';
import { AuditedRefusal, transact } from './transaction.js';
import { appendLiveEvent } from '../events/live-events.js';
import type { Mode } from '../config.js';
import type { Db } from '../store/database.js';

export const SESSION_STEPS = {
  'check-in': { from: ['scheduled'], to: 'checked-in', reason: false },
  'begin-pre-dose': { from: ['checked-in'], to: 'pre-dose', reason: false },
  start: { from: ['pre-dose'], to: 'infusing', reason: false },
  pause: { from: ['infusing'], to: 'paused', reason: true },
  resume: { from: ['paused'], to: 'infusing', reason: false },
  stop: { from: ['infusing', 'paused'], to: 'observing', reason: false },
  discharge: { from: ['observing'], to: 'discharged', reason: false },
  abort: { from: ['scheduled', 'checked-in', 'pre-dose', 'infusing', 'paused', 'observing'], to: 'aborted', reason: true },
} as const satisfies Record<DosingSessionStep, { from: readonly SessionState[]; to: SessionState; reason: boolean }>;
export type SessionStep = DosingSessionStep;

const allowedSteps = (state: SessionState): SessionStep[] =>
  (Object.keys(SESSION_STEPS) as SessionStep[]).filter((s) => (SESSION_STEPS[s].from as readonly string[]).includes(state));

/**
 * What the checklist jsonb holds: the facts as entered (`SessionChecklistBody`, merged), and
 * prescribers' overrides of holds. Only `updateChecklist` and `overrideChecklistItem` write it.
 */
type StoredChecklist = SessionChecklistValues;
const storedChecklist = (s: { checklist: Record<string, unknown> }): StoredChecklist => s.checklist as StoredChecklist;

/** The roles that decide as a prescriber. */
const PRESCRIBING = ['prescriber', 'medical-director'] as const;
const isPrescriber = (roles: readonly string[]) => roles.some((r) => (PRESCRIBING as readonly string[]).includes(r));

function auditSession(
  tx: Db,
  actor: AuditActor,
  meta: RequestMeta,
  action: string,
  s: { id: string; patient_id: string },
  details: Record<string, unknown> = {},
) {
  return audit(
    tx,
    { ...meta, actor },
    { action, recordType: 'dosing_session', recordId: s.id, patientId: s.patient_id, outcome: 'allowed', details },
  );
}

/**
 * A safety refusal of a step at the chair: a 4xx whose audit event (who, which session, the code
 * and what was refused) outlives the rollback.
 */
function refusal(
  actor: AuditActor,
  meta: RequestMeta,
  s: { id: string; patient_id: string },
  action: string,
  code: 'CONFLICT' | 'VALIDATION_FAILED',
  message: string,
  details: Record<string, unknown> & { code: string },
  audited: Record<string, unknown> = {},
) {
  return new AuditedRefusal(
    code,
    message,
    { ...meta, actor },
    {
      action,
      recordType: 'dosing_session',
      recordId: s.id,
      patientId: s.patient_id,
      outcome: 'denied',
      details: { code: details.code, ...audited },
    },
    details,
  );
}

/**
 * A prescriber's decision at the chair: the signed-in prescriber (or medical director) decides
 * themselves, unless `alwaysStepUp`; anyone else needs a prescriber's step-up proof of `purpose`
 * typed on this screen. Returns who decided; otherwise a 403 naming `code`, audited.
 */
async function prescriberDecision(
  tx: Db,
  actor: Actor,
  s: { id: string; patient_id: string },
  meta: RequestMeta,
  req: {
    purpose: string;
    code: string;
    message: string;
    stepUpToken?: string | undefined;
    alwaysStepUp?: boolean;
    details?: Record<string, unknown>;
  },
): Promise<Actor> {
  if (req.stepUpToken === undefined) {
    if (req.alwaysStepUp !== true && isPrescriber(actor.roles)) return actor;
    throw new AuditedRefusal(
      'FORBIDDEN',
      req.message,
      { ...meta, actor },
      {
        action: req.purpose,
        recordType: 'dosing_session',
        recordId: s.id,
        patientId: s.patient_id,
        outcome: 'denied',
        details: { code: req.code },
      },
      { code: req.code, purpose: req.purpose, ...(req.details ?? {}) },
    );
  }
  const signer = await consumeStepUp(tx, actor, req.stepUpToken, { purpose: req.purpose }, meta);
  if (!isPrescriber(signer.roles)) {
    throw new AuditedRefusal(
      'FORBIDDEN',
      `${req.message} (${signer.displayName} is not a prescriber)`,
      { ...meta, actor },
      {
        action: req.purpose,
        recordType: 'dosing_session',
        recordId: s.id,
        patientId: s.patient_id,
        outcome: 'denied',
        details: { code: req.code, signer: signer.userId },
      },
      { code: req.code, purpose: req.purpose, ...(req.details ?? {}) },
    );
  }
  return signer;
}

/** Whether a time a person entered is not in the future (a minute of clock skew allowed); a 400 naming the field otherwise. */
function assertNotFuture(at: string, field: string, now: Date): void {
  if (Date.parse(at) > now.getTime() + 60_000)
    throw new AppError('VALIDATION_FAILED', `${field}: is in the future`, { issues: [{ field, message: 'is in the future' }] });
}

async function lockSession(tx: Db, sessionId: string) {
  const s = await tx.selectFrom('dosing_session').selectAll().where('id', '=', sessionId).forUpdate().executeTakeFirst();
  if (s === undefined) throw notFound('dosing session', sessionId);
  return s;
}

async function loadFor(tx: Db, actor: Actor, sessionId: string, meta: RequestMeta, action: string) {
  const s = await lockSession(tx, sessionId);
  await assertPatientAccess(tx, actor, s.patient_id, meta, action);
  return s;
}

/** Every reading of a session as core takes them (time and values). */
async function timedReadings(tx: Db, sessionId: string, phase?: VitalsPhase): Promise<TimedReading[]> {
  let q = tx.selectFrom('vital_reading').selectAll().where('session_id', '=', sessionId);
  if (phase !== undefined) q = q.where('phase', '=', phase);
  return (await q.orderBy('measured_at').execute()).map((r) => ({ at: r.measured_at.toISOString(), reading: toReading(r) }));
}

/** What the pre-dose checklist needs for this patient at `now`, and what is done (core's rules on the recorded facts). */
async function checklistStatus(
  tx: Db,
  s: { id: string; patient_id: string; enrollment_id: string; site_id: string; event_id: string; checklist: Record<string, unknown> },
  protocol: SiteProtocol,
  now: Date,
) {
  const c = storedChecklist(s);
  const classes = new Set((await interactionsOf(tx, s.patient_id, protocol)).map((i) => i.class));
  const input = await tx.selectFrom('screening_input').select('data').where('enrollment_id', '=', s.enrollment_id).executeTakeFirst();
  const screeningInput = input?.data as
    | { pregnancyPossible?: boolean | null; cardiovascularRiskFactors?: boolean | null; completed?: Record<string, string | null> }
    | undefined;
  const pregnancyPossible = screeningInput?.pregnancyPossible;
  const hold = await openScreeningHold(tx, s.enrollment_id);
  const event = await tx.selectFrom('scheduled_event').select('starts_at').where('id', '=', s.event_id).executeTakeFirstOrThrow();
  const preDoseVitals = assessPreDoseVitals(await timedReadings(tx, s.id, 'pre-dose'), now.toISOString(), protocol.config.vitals);
  const openPreDose = await tx
    .selectFrom('session_alert')
    .select(['level'])
    .where('session_id', '=', s.id)
    .where('kind', '=', 'vitals:pre-dose')
    .where('acknowledged_at', 'is', null)
    .execute();
  const site = await tx.selectFrom('site').select('time_zone').where('id', '=', s.site_id).executeTakeFirstOrThrow();
  const cssrs = await tx
    .selectFrom('questionnaire_response')
    .select(['completed_at', 'score'])
    .where('patient_id', '=', s.patient_id)
    .where('instrument', '=', 'cssrs')
    .where('completed_at', '<=', now)
    .orderBy('completed_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  const premedication = await tx
    .selectFrom('session_medication')
    .select('id')
    .where('session_id', '=', s.id)
    .where('purpose', '=', 'premedication')
    .limit(1)
    .executeTakeFirst();
  const facts: ChecklistFacts = {
    ...(c.fasting ? { fasting: c.fasting } : {}),
    ...(c.benzodiazepineLastDoseAt ? { benzodiazepineLastDoseAt: c.benzodiazepineLastDoseAt } : {}),
    ...(c.stimulantHeldToday !== undefined ? { stimulantHeldToday: c.stimulantHeldToday } : {}),
    ...(c.pregnancyTest ? { pregnancyTest: c.pregnancyTest } : {}),
    ...(c.escort ? { escort: c.escort } : {}),
    ...(c.intention !== undefined ? { intention: c.intention } : {}),
    ...(premedication !== undefined
      ? { premedication: { given: true } }
      : c.premedicationNone !== undefined
        ? { premedication: { given: false, reason: c.premedicationNone } }
        : {}),
  };
  // An override answers the C-SSRS it was given on: a later high-risk answer holds again.
  const given = c.overrides?.['cssrs-today'];
  const override = given !== undefined && cssrs !== undefined && Date.parse(given.at) >= cssrs.completed_at.getTime() ? given : undefined;
  return assessChecklist(
    facts,
    {
      asOf: now.toISOString(),
      dayStartAt: startOfLocalDay(now, site.time_zone),
      flags: {
        benzodiazepine: classes.has('benzodiazepine'),
        stimulant: classes.has('stimulant'),
        pregnancyPossible: pregnancyPossible !== false,
      },
      preDoseVitals,
      openPreDoseAlerts: openPreDose.length,
      ...(cssrs !== undefined
        ? {
            cssrs: {
              answeredAt: cssrs.completed_at.toISOString(),
              risk: (cssrs.score as { risk?: 'none' | 'low' | 'moderate' | 'high' }).risk ?? 'high',
            },
          }
        : {}),
      ...(override !== undefined ? { cssrsOverride: { reason: override.reason } } : {}),
      ...(hold !== undefined ? { screeningHold: { kind: hold.kind, reasons: hold.reasons } } : {}),
      screeningItems: {
        sessionDate: localDateOf(event.starts_at, site.time_zone),
        completed: Object.fromEntries(SESSION_RECHECKED_ITEMS.map((id) => [id, screeningInput?.completed?.[id] ?? null])),
        // Not recorded counts as present (the cautious reading, as at screening).
        ecgRequired: screeningInput?.cardiovascularRiskFactors !== false,
      },
    },
    protocol.config,
  );
}

/** The unmet required items of a checklist as a refusal names them: id, what is missing, the protocol parameters with provenance. */
const unmetItems = (items: readonly ChecklistItem[], protocol: SiteProtocol) =>
  items
    .filter((i) => !i.done)
    .map((i) => ({
      id: i.id,
      status: i.status,
      label: i.label,
      detail: i.detail,
      parameters: parameterRefs(protocol.config, i.parameters),
    }));

async function latestOrder(tx: Db, sessionId: string) {
  return tx
    .selectFrom('dose_order')
    .selectAll()
    .where('session_id', '=', sessionId)
    .orderBy('ordered_at', 'desc')
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
}

/** Namespace of the per-user advisory lock taken when an infusion starts (the second key is the user id's hash). */
const RUNNER_LOCK_NAMESPACE = 7_262_002;

/**
 * The per-runner limit, checked again when an infusion starts (booking checked it against the
 * plan; the person starting may not be the one booked): the infusions this user is running now at
 * this site (sessions infusing or paused whose start event is theirs) plus this one must not
 * exceed the site protocol's `scheduling.infusionsPerNurse`. A per-user advisory lock, held until
 * commit, makes two starts by one user at once count each other.
 */
async function assertInfusionCapacity(tx: Db, actor: Actor, s: { id: string; site_id: string }, limit: number): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(${RUNNER_LOCK_NAMESPACE}, hashtext(${actor.userId}))`.execute(tx);
  const running = await tx
    .selectFrom('dosing_session as d')
    .innerJoin('infusion_event as e', (j) => j.onRef('e.session_id', '=', 'd.id').on('e.kind', '=', 'start'))
    .innerJoin('scheduled_event as ev', 'ev.id', 'd.event_id')
    .leftJoin('chair as c', 'c.id', 'ev.chair_id')
    .select(['d.id', 'c.name as chair'])
    .distinct()
    .where('d.site_id', '=', s.site_id)
    .where('d.state', 'in', ['infusing', 'paused'])
    .where('e.actor_id', '=', actor.userId)
    .where('d.id', '!=', s.id)
    .orderBy('d.id')
    .execute();
  if (running.length + 1 <= limit) return;
  const where = running.map((r) => r.chair ?? 'no chair').join(', ');
  throw new AppError(
    'CONFLICT',
    `you are already running ${running.length} infusion${running.length === 1 ? '' : 's'} at this site (${where}); the site protocol allows ${limit} at once per nurse (scheduling.infusionsPerNurse): stop that infusion first, or have another licensed colleague start this one`,
    { code: 'INFUSION_LIMIT', limit, running: running.map((r) => ({ sessionId: r.id, chair: r.chair })) },
  );
}

/** The latest pause-level reading while infusing since the infusion last started or resumed: its measured time, or undefined. */
async function pauseLevelReadingSince(tx: Db, sessionId: string): Promise<string | undefined> {
  const run = await tx
    .selectFrom('infusion_event')
    .select('at')
    .where('session_id', '=', sessionId)
    .where('kind', 'in', ['start', 'resume'])
    .orderBy('at', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (run === undefined) return undefined;
  const alerts = await tx
    .selectFrom('session_alert')
    .select('details')
    .where('session_id', '=', sessionId)
    .where('kind', '=', 'vitals:infusing')
    .where('level', '=', 'pause')
    .execute();
  const times = alerts
    .map((a) => (a.details as { measuredAt?: string }).measuredAt)
    .filter((t): t is string => t !== undefined && Date.parse(t) >= run.at.getTime());
  return times.sort().at(-1);
}

/**
 * Where a paused infusion stands (null unless paused): a pause for vital signs may be resumed by
 * the nurse once a full set taken after the last pause-level reading is below the warning level
 * (protocol-defaults.md "who handles a pause"); otherwise a prescriber decides, with a reason.
 */
async function pauseStatus(
  tx: Db,
  sessionId: string,
  protocol: SiteProtocol,
  now: Date,
): Promise<{ vitalSign: boolean; resumeOpenToNurse: boolean; why: string } | null> {
  const last = await tx
    .selectFrom('infusion_event')
    .select(['kind', 'at', 'details', 'reason'])
    .where('session_id', '=', sessionId)
    .where('kind', 'in', ['pause', 'resume', 'stop'])
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (last === undefined || last.kind !== 'pause') return null;
  if ((last.details as { vitalSign?: boolean }).vitalSign !== true)
    return { vitalSign: false, resumeOpenToNurse: true, why: `paused: ${last.reason ?? 'no reason given'}` };
  const alerts = await tx
    .selectFrom('session_alert')
    .select('details')
    .where('session_id', '=', sessionId)
    .where('kind', '=', 'vitals:infusing')
    .where('level', '=', 'pause')
    .execute();
  const lastPauseReading = alerts
    .map((a) => (a.details as { measuredAt?: string }).measuredAt)
    .filter((t): t is string => t !== undefined)
    .sort()
    .at(-1);
  const after = latestFullSet(await timedReadings(tx, sessionId), {
    ...(lastPauseReading === undefined ? {} : { from: Date.parse(lastPauseReading) + 1 }),
    to: now.getTime() + 60_000,
  });
  if (after === undefined)
    return {
      vitalSign: true,
      resumeOpenToNurse: false,
      why: 'paused for vital signs: no full set of vital signs since; take one (a prescriber may resume with a reason)',
    };
  const c = classifyVitals(after.reading, 'infusing', undefined, protocol.config.vitals);
  return c.level === 'normal'
    ? { vitalSign: true, resumeOpenToNurse: true, why: 'paused for vital signs; the latest full set is below the warning level' }
    : {
        vitalSign: true,
        resumeOpenToNurse: false,
        why: `paused for vital signs; the latest full set is still at the ${c.level} level (a prescriber may resume with a reason)`,
      };
}

/** Moves a session one step, checking the step is allowed from its state and its conditions hold. */
export async function stepSession(
  db: Db,
  actor: Actor,
  sessionId: string,
  input: DosingSessionStepBody,
  meta: RequestMeta,
  mode: Mode,
): Promise<DosingSessionView> {
  return transact(db, async (tx) => {
    const s = await loadFor(tx, actor, sessionId, meta, 'session.step');
    const step = SESSION_STEPS[input.step];
    if (!(step.from as readonly string[]).includes(s.state)) {
      throw new AppError('INVALID_TRANSITION', `a session that is ${s.state} cannot ${input.step}`, {
        current: s.state,
        allowed: allowedSteps(s.state),
      });
    }
    const reason = input.reason?.trim();
    if (step.reason && (reason === undefined || reason === ''))
      throw new AppError('VALIDATION_FAILED', `body.reason: a reason is required to ${input.step}`, {
        issues: [{ field: 'body.reason', message: 'required' }],
      });
    const set: Partial<{
      state: SessionState;
      protocol_version: number;
      infusion_started_at: Date;
      infusion_ended_at: Date;
      pause_recommended: boolean;
    }> = { state: step.to };
    let dischargeDecision: Record<string, unknown> | undefined;
    if (input.step === 'start') {
      const check = await dosingCheckIn(tx, s.site_id, mode, meta.now);
      if (!check.allowed)
        throw refusal(actor, meta, s, 'session.start', 'CONFLICT', `the infusion cannot start: ${check.message}`, {
          code: 'PROTOCOL_NOT_SIGNED',
          version: check.version,
        });
      const protocol = await protocolInForce(tx, s.site_id, meta.now);
      const list = await checklistStatus(tx, s, protocol, meta.now);
      if (!list.complete) {
        const unmet = unmetItems(list.items, protocol);
        throw refusal(
          actor,
          meta,
          s,
          'session.start',
          'CONFLICT',
          `the pre-dose checklist is not complete: ${unmet.map((i) => i.detail).join('; ')}`,
          { code: 'CHECKLIST_INCOMPLETE', protocolVersion: protocol.version, unmet },
          { protocolVersion: protocol.version, unmet: unmet.map((i) => i.id) },
        );
      }
      const order = await latestOrder(tx, s.id);
      if (order === undefined) throw new AppError('CONFLICT', 'the infusion cannot start without a dose order');
      if (protocol.config.dosing.independentDoubleCheckRequired.value === true && order.double_checked_by === null)
        throw new AppError('CONFLICT', 'the dose has not been double-checked by a second licensed user');
      await assertInfusionCapacity(tx, actor, s, Number(protocol.config.scheduling.infusionsPerNurse.value));
      set.protocol_version = protocol.version;
      set.infusion_started_at = meta.now;
      await tx
        .insertInto('infusion_event')
        .values({
          session_id: s.id,
          kind: 'start',
          at: meta.now,
          actor_id: actor.userId,
          rate_ml_per_hour: Number(calculationOf(order).rateMlPerHour),
        })
        .execute();
    }
    if (input.step === 'pause') {
      // A pause for vital signs (recommended, or after a pause-level reading) is resumed by a nurse only once the vitals are back.
      const vitalSign = s.pause_recommended || (await pauseLevelReadingSince(tx, s.id)) !== undefined;
      await tx
        .insertInto('infusion_event')
        .values({
          session_id: s.id,
          kind: 'pause',
          at: meta.now,
          actor_id: actor.userId,
          reason: reason ?? null,
          details: JSON.stringify({ vitalSign }),
        })
        .execute();
      set.pause_recommended = false;
    }
    if (input.step === 'resume') {
      const protocol = await protocolForSession(tx, s, meta.now);
      const pause = await pauseStatus(tx, s.id, protocol, meta.now);
      let approvedBy: Actor | undefined;
      if (pause !== null && !pause.resumeOpenToNurse) {
        approvedBy = await prescriberDecision(tx, actor, s, meta, {
          purpose: 'pause.resume',
          code: 'RESUME_NEEDS_PRESCRIBER',
          message: `resuming after this pause needs a prescriber: ${pause.why}`,
          stepUpToken: input.stepUpToken,
          details: {
            protocolVersion: protocol.version,
            parameters: parameterRefs(protocol.config, ['vitals.inSession.warn.systolicAtLeast', 'vitals.inSession.warn.systolicBelow']),
          },
        });
        if (reason === undefined || reason.length < 3)
          throw new AppError('VALIDATION_FAILED', 'body.reason: a prescriber resuming after a vital-sign pause gives a reason', {
            issues: [{ field: 'body.reason', message: 'required' }],
          });
      }
      await tx
        .insertInto('infusion_event')
        .values({
          session_id: s.id,
          kind: 'resume',
          at: meta.now,
          actor_id: actor.userId,
          reason: reason ?? null,
          details: JSON.stringify(approvedBy === undefined ? {} : { approvedBy: approvedBy.userId }),
        })
        .execute();
    }
    if (input.step === 'stop') {
      set.infusion_ended_at = meta.now;
      set.pause_recommended = false;
      await tx.insertInto('infusion_event').values({ session_id: s.id, kind: 'stop', at: meta.now, actor_id: actor.userId }).execute();
    }
    if (input.step === 'discharge') {
      const protocol = await protocolForSession(tx, s, meta.now);
      // (the escort confirmed at discharge is a readiness condition)
      const started = s.infusion_started_at;
      // (an observing session has started; the check stays for a record that says otherwise)
      const readiness =
        started === null
          ? { ready: false, unmet: [{ id: 'infusion', message: 'the infusion has not started' }], conditions: [] }
          : await dischargeReadiness(tx, { ...s, infusion_started_at: started }, protocol, meta.now);
      const decision = {
        protocolVersion: protocol.version,
        rule: ruleRef(dischargeReadinessRule),
        unmet: readiness.unmet.map((u) => u.id),
      };
      if (!readiness.ready) {
        if (input.override === undefined) {
          const unmet = readiness.unmet.map((u) => ({
            ...u,
            parameters: parameterRefs(protocol.config, 'parameters' in u ? (u.parameters ?? []) : []),
          }));
          throw refusal(
            actor,
            meta,
            s,
            'session.discharge',
            'CONFLICT',
            `not ready for discharge: ${readiness.unmet.map((u) => u.message).join('; ')}`,
            { code: 'NOT_READY_FOR_DISCHARGE', protocolVersion: protocol.version, rule: decision.rule, unmet },
            decision,
          );
        }
        const signer = await consumeStepUp(tx, actor, input.override.stepUpToken, { purpose: 'discharge.override' }, meta);
        if (!signer.roles.some((r) => r === 'prescriber' || r === 'medical-director'))
          throw new AppError('FORBIDDEN', 'discharge by override is a prescriber’s decision');
        await auditSession(tx, signer, meta, 'session.discharge-override', s, { reason: input.override.reason, ...decision });
      }
      dischargeDecision = decision;
    }
    await tx
      .updateTable('dosing_session')
      .set({ ...set, updated_at: meta.now })
      .where('id', '=', s.id)
      .execute();
    await tx
      .insertInto('session_transition')
      .values({
        session_id: s.id,
        from_state: s.state,
        to_state: step.to,
        at: meta.now,
        actor_id: actor.userId,
        reason: reason ?? input.override?.reason ?? null,
      })
      .execute();
    await auditSession(tx, actor, meta, `session.${input.step}`, s, {
      from: s.state,
      to: step.to,
      ...(reason ? { reason } : {}),
      ...(set.protocol_version !== undefined ? { protocolVersion: set.protocol_version } : {}),
      ...(dischargeDecision ?? {}),
    });
    await appendLiveEvent(tx, {
      siteId: s.site_id,
      sessionId: s.id,
      type: 'session-state',
      payload: { from: s.state, to: step.to },
      at: meta.now,
    });
    return sessionView(tx, s.id, meta.now);
  });
}

export async function updateChecklist(
  db: Db,
  actor: Actor,
  sessionId: string,
  input: SessionChecklistBody,
  meta: RequestMeta,
): Promise<DosingSessionView> {
  return transact(db, async (tx) => {
    const s = await loadFor(tx, actor, sessionId, meta, 'session.checklist');
    if (!['checked-in', 'pre-dose'].includes(s.state))
      throw new AppError('INVALID_TRANSITION', `the checklist is completed before the infusion (the session is ${s.state})`, {
        current: s.state,
        allowed: allowedSteps(s.state),
      });
    if (input.intention !== undefined && !actor.roles.includes('therapist') && !actor.roles.includes('medical-director'))
      throw new AppError('FORBIDDEN', 'the intention is set by the therapist');
    // A fact's time is when it happened: never ahead of now.
    if (input.fasting) {
      assertNotFuture(input.fasting.lastSolidsAt, 'body.fasting.lastSolidsAt', meta.now);
      assertNotFuture(input.fasting.lastClearLiquidsAt, 'body.fasting.lastClearLiquidsAt', meta.now);
    }
    if (input.benzodiazepineLastDoseAt !== undefined)
      assertNotFuture(input.benzodiazepineLastDoseAt, 'body.benzodiazepineLastDoseAt', meta.now);
    if (input.pregnancyTest !== undefined) assertNotFuture(input.pregnancyTest.at, 'body.pregnancyTest.at', meta.now);
    const merged: StoredChecklist = { ...storedChecklist(s), ...input };
    await tx
      .updateTable('dosing_session')
      .set({ checklist: JSON.stringify(merged), updated_at: meta.now })
      .where('id', '=', s.id)
      .execute();
    await auditSession(tx, actor, meta, 'session.checklist', s, { fields: Object.keys(input).sort() });
    await appendLiveEvent(tx, {
      siteId: s.site_id,
      sessionId: s.id,
      type: 'checklist',
      payload: { fields: Object.keys(input).sort() },
      at: meta.now,
    });
    return sessionView(tx, s.id, meta.now);
  });
}

/** A prescriber overrides a checklist hold (the day's high-risk C-SSRS) with a reason. */
export async function overrideChecklistItem(
  db: Db,
  actor: Actor,
  sessionId: string,
  input: SessionChecklistOverrideBody,
  meta: RequestMeta,
): Promise<DosingSessionView> {
  return transact(db, async (tx) => {
    const s = await loadFor(tx, actor, sessionId, meta, 'session.checklist-override');
    if (!['checked-in', 'pre-dose'].includes(s.state))
      throw new AppError('INVALID_TRANSITION', `the checklist is completed before the infusion (the session is ${s.state})`, {
        current: s.state,
        allowed: allowedSteps(s.state),
      });
    const protocol = await protocolInForce(tx, s.site_id, meta.now);
    const item = (await checklistStatus(tx, s, protocol, meta.now)).items.find((i) => i.id === input.item);
    if (item?.status !== 'hold')
      throw new AppError('CONFLICT', `there is no hold to override on this item (${item?.detail ?? input.item})`, {
        code: 'NOTHING_TO_OVERRIDE',
      });
    const by = await prescriberDecision(tx, actor, s, meta, {
      purpose: 'checklist.override',
      code: 'OVERRIDE_NEEDS_PRESCRIBER',
      message: 'only a prescriber overrides a checklist hold',
      stepUpToken: input.stepUpToken,
    });
    const c = storedChecklist(s);
    const merged: StoredChecklist = {
      ...c,
      overrides: { ...(c.overrides ?? {}), [input.item]: { reason: input.reason, by: by.userId, at: meta.now.toISOString() } },
    };
    await tx
      .updateTable('dosing_session')
      .set({ checklist: JSON.stringify(merged), updated_at: meta.now })
      .where('id', '=', s.id)
      .execute();
    await auditSession(tx, by, meta, 'session.checklist-override', s, {
      item: input.item,
      reason: input.reason,
      detail: item.detail,
      recordedBy: actor.userId,
    });
    await appendLiveEvent(tx, { siteId: s.site_id, sessionId: s.id, type: 'checklist', payload: { fields: ['overrides'] }, at: meta.now });
    return sessionView(tx, s.id, meta.now);
  });
}

/** A prescriber orders the dose: core computes it from the latest weight and the site protocol. */
export async function orderDose(
  db: Db,
  actor: Actor,
  sessionId: string,
  input: DoseOrderBody,
  meta: RequestMeta,
): Promise<DosingSessionView> {
  return transact(db, async (tx) => {
    const s = await loadFor(tx, actor, sessionId, meta, 'session.dose-order');
    if (!['checked-in', 'pre-dose'].includes(s.state))
      throw new AppError('INVALID_TRANSITION', `a dose is ordered before the infusion (the session is ${s.state})`, {
        current: s.state,
        allowed: allowedSteps(s.state),
      });
    const protocol = await protocolInForce(tx, s.site_id, meta.now);
    const site = await tx.selectFrom('site').select('time_zone').where('id', '=', s.site_id).executeTakeFirstOrThrow();
    // The latest weight measured by the time of the order.
    const weight = await tx
      .selectFrom('patient_vitals')
      .select(['weight_kg', 'measured_at'])
      .where('patient_id', '=', s.patient_id)
      .where('weight_kg', 'is not', null)
      .where('measured_at', '<=', meta.now)
      .orderBy('measured_at', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (weight === undefined)
      throw new AppError('UNPROCESSABLE', 'no weight on record: record the patient’s weight first', { code: 'WEIGHT_MISSING' });
    const result = calculateDose(
      {
        weightKg: Number(weight.weight_kg),
        mgPerKg: input.mgPerKg ?? Number(protocol.config.dosing.doseMgPerKg.value),
        minutes: input.minutes ?? Number(protocol.config.dosing.infusionMinutes.value),
        vialMgPerMl: input.vialMgPerMl,
        diluentMl: input.diluentMl,
        weightMeasuredOn: localDateOf(weight.measured_at, site.time_zone),
      },
      protocol.config,
      localDateOf(meta.now, site.time_zone),
    );
    if (!result.ok)
      throw new AppError('UNPROCESSABLE', `the dose is refused: ${result.refusal.message}`, {
        code: result.refusal.code,
        field: result.refusal.field,
      });
    await tx
      .insertInto('dose_order')
      .values({
        session_id: s.id,
        ordered_by: actor.userId,
        ordered_at: meta.now,
        calculation: JSON.stringify({ ...result.calculation, protocolVersion: protocol.version, ruleIds: [ruleRef(ivDoseRule)] }),
      })
      .execute();
    await auditSession(tx, actor, meta, 'session.dose-order', s, {
      doseMg: result.calculation.doseMg,
      rateMlPerHour: result.calculation.rateMlPerHour,
      protocolVersion: protocol.version,
    });
    await appendLiveEvent(tx, { siteId: s.site_id, sessionId: s.id, type: 'dose-order', payload: { doubleChecked: false }, at: meta.now });
    return sessionView(tx, s.id, meta.now);
  });
}

/** A second licensed user, not the orderer, checks the dose, proving their password now. */
export async function doubleCheckDose(
  db: Db,
  actor: Actor,
  sessionId: string,
  stepUpToken: string,
  meta: RequestMeta,
): Promise<DosingSessionView> {
  return transact(db, async (tx) => {
    const s = await loadFor(tx, actor, sessionId, meta, 'session.double-check');
    const order = await latestOrder(tx, s.id);
    if (order === undefined) throw new AppError('CONFLICT', 'there is no dose order to check');
    if (order.double_checked_by !== null) throw new AppError('CONFLICT', 'this dose order is already double-checked');
    const checker = await consumeStepUp(
      tx,
      actor,
      stepUpToken,
      { purpose: 'dose.double-check', differentFrom: order.ordered_by, licensed: true },
      meta,
    );
    await tx
      .updateTable('dose_order')
      .set({ double_checked_by: checker.userId, double_checked_at: meta.now })
      .where('id', '=', order.id)
      .execute();
    await auditSession(tx, checker, meta, 'session.double-check', s, { orderId: order.id });
    await appendLiveEvent(tx, {
      siteId: s.site_id,
      sessionId: s.id,
      type: 'dose-order',
      payload: { orderId: order.id, doubleChecked: true },
      at: meta.now,
    });
    return sessionView(tx, s.id, meta.now);
  });
}

/**
 * Changes the pump rate: within `dosing.rateChangeTolerancePercent` of the ordered rate any
 * licensed user with a reason; beyond it a prescriber through step-up (always a proof, even on
 * the prescriber's own screen), with a reason.
 */
export async function changeRate(
  db: Db,
  actor: Actor,
  sessionId: string,
  input: SessionRateBody,
  meta: RequestMeta,
): Promise<DosingSessionView> {
  return transact(db, async (tx) => {
    const s = await loadFor(tx, actor, sessionId, meta, 'session.rate');
    if (s.state !== 'infusing')
      throw new AppError('INVALID_TRANSITION', `the rate changes while infusing (the session is ${s.state})`, {
        current: s.state,
        allowed: allowedSteps(s.state),
      });
    const order = await latestOrder(tx, s.id);
    if (order === undefined) throw new AppError('CONFLICT', 'there is no dose order for this infusion');
    const protocol = await protocolForSession(tx, s, meta.now);
    const ordered = Number(calculationOf(order).rateMlPerHour);
    const check = checkRateChange(ordered, input.rateMlPerHour, Number(protocol.config.dosing.rateChangeTolerancePercent.value));
    let approvedBy: Actor | undefined;
    if (!check.withinTolerance) {
      approvedBy = await prescriberDecision(tx, actor, s, meta, {
        purpose: 'rate.change',
        code: 'RATE_NEEDS_PRESCRIBER',
        message: `${input.rateMlPerHour} mL/h is ${Math.abs(check.deviationPercent)}% from the ordered ${ordered} mL/h: beyond ${check.tolerancePercent}% only a prescriber changes the rate, through step-up`,
        stepUpToken: input.stepUpToken,
        alwaysStepUp: true,
        details: {
          orderedRateMlPerHour: ordered,
          tolerancePercent: check.tolerancePercent,
          deviationPercent: check.deviationPercent,
          protocolVersion: protocol.version,
          parameters: parameterRefs(protocol.config, [check.parameter]),
        },
      });
    }
    const details = {
      orderedRateMlPerHour: ordered,
      deviationPercent: check.deviationPercent,
      withinTolerance: check.withinTolerance,
      ...(approvedBy !== undefined ? { approvedBy: approvedBy.userId } : {}),
    };
    await tx
      .insertInto('infusion_event')
      .values({
        session_id: s.id,
        kind: 'rate',
        at: meta.now,
        actor_id: actor.userId,
        rate_ml_per_hour: input.rateMlPerHour,
        reason: input.reason,
        details: JSON.stringify(details),
      })
      .execute();
    await auditSession(tx, approvedBy ?? actor, meta, 'session.rate', s, {
      rateMlPerHour: input.rateMlPerHour,
      reason: input.reason,
      ...details,
      protocolVersion: protocol.version,
    });
    await appendLiveEvent(tx, {
      siteId: s.site_id,
      sessionId: s.id,
      type: 'infusion-rate',
      payload: { rateMlPerHour: input.rateMlPerHour },
      at: meta.now,
    });
    return sessionView(tx, s.id, meta.now);
  });
}

/**
 * Corrects a stop entered late: the time the pump actually stopped, between the infusion's last
 * start or resume and the recorded stop, with a reason. The recorded stop stays in the events; the
 * correction is a new event, audited with the original.
 */
export async function correctStopTime(
  db: Db,
  actor: Actor,
  sessionId: string,
  input: SessionStopTimeBody,
  meta: RequestMeta,
): Promise<DosingSessionView> {
  return transact(db, async (tx) => {
    const s = await loadFor(tx, actor, sessionId, meta, 'session.stop-time');
    if (s.state !== 'observing' || s.infusion_ended_at === null)
      throw new AppError('INVALID_TRANSITION', `a stop time is corrected while observing (the session is ${s.state})`, {
        current: s.state,
        allowed: allowedSteps(s.state),
      });
    const at = new Date(input.at);
    const lastRun = await tx
      .selectFrom('infusion_event')
      .select('at')
      .where('session_id', '=', s.id)
      .where('kind', 'in', ['start', 'resume'])
      .orderBy('at', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow();
    if (at < lastRun.at || at > s.infusion_ended_at) {
      throw new AppError(
        'VALIDATION_FAILED',
        `body.at: the corrected stop must lie between the infusion's last start or resume (${lastRun.at.toISOString()}) and the recorded stop (${s.infusion_ended_at.toISOString()})`,
        { issues: [{ field: 'body.at', message: 'outside the running infusion' }] },
      );
    }
    const original = s.infusion_ended_at.toISOString();
    await tx
      .insertInto('infusion_event')
      .values({
        session_id: s.id,
        kind: 'stop-corrected',
        at,
        actor_id: actor.userId,
        reason: input.reason,
        details: JSON.stringify({ originalAt: original }),
      })
      .execute();
    await tx.updateTable('dosing_session').set({ infusion_ended_at: at, updated_at: meta.now }).where('id', '=', s.id).execute();
    await auditSession(tx, actor, meta, 'session.stop-time', s, {
      originalAt: original,
      correctedAt: at.toISOString(),
      reason: input.reason,
    });
    await appendLiveEvent(tx, {
      siteId: s.site_id,
      sessionId: s.id,
      type: 'session-state',
      payload: { stopCorrected: true },
      at: meta.now,
    });
    return sessionView(tx, s.id, meta.now);
  });
}

/** The adult who takes the patient home, confirmed again at discharge. */
export async function confirmDischargeEscort(
  db: Db,
  actor: Actor,
  sessionId: string,
  input: DischargeEscortBody,
  meta: RequestMeta,
): Promise<DosingSessionView> {
  return transact(db, async (tx) => {
    const s = await loadFor(tx, actor, sessionId, meta, 'session.discharge-escort');
    if (s.state !== 'observing')
      throw new AppError('INVALID_TRANSITION', `the escort is confirmed at discharge (the session is ${s.state})`, {
        current: s.state,
        allowed: allowedSteps(s.state),
      });
    await tx
      .updateTable('dosing_session')
      .set({ discharge_escort: JSON.stringify({ name: input.name, by: actor.userId, at: meta.now.toISOString() }), updated_at: meta.now })
      .where('id', '=', s.id)
      .execute();
    await auditSession(tx, actor, meta, 'session.discharge-escort', s);
    await appendLiveEvent(tx, {
      siteId: s.site_id,
      sessionId: s.id,
      type: 'checklist',
      payload: { fields: ['dischargeEscort'] },
      at: meta.now,
    });
    return sessionView(tx, s.id, meta.now);
  });
}

/** One reading as staff or a monitor send it (`SessionReadingBody`). */
export type ReadingInput = SessionReadingBody;

const toReading = (r: {
  systolic?: number | null;
  diastolic?: number | null;
  heart_rate?: number | null;
  heartRate?: number | null;
  spo2?: number | null;
  respiratory_rate?: number | null;
  respiratoryRate?: number | null;
  moaas?: number | null;
  temperature?: number | null;
  temperature_c?: string | number | null;
}): VitalsReading => {
  const out: Record<string, number> = {};
  const put = (k: string, v: number | string | null | undefined) => {
    if (v !== null && v !== undefined) out[k] = Number(v);
  };
  put('systolic', r.systolic);
  put('diastolic', r.diastolic);
  put('heartRate', r.heartRate ?? r.heart_rate);
  put('spo2', r.spo2);
  put('respiratoryRate', r.respiratoryRate ?? r.respiratory_rate);
  put('moaas', r.moaas);
  put('temperature', r.temperature ?? r.temperature_c);
  return out as VitalsReading;
};

function phaseAt(s: { infusion_started_at: Date | null; infusion_ended_at: Date | null }, at: Date): VitalsPhase {
  if (s.infusion_started_at === null || at < s.infusion_started_at) return 'pre-dose';
  if (s.infusion_ended_at === null || at < s.infusion_ended_at) return 'infusing';
  return 'observing';
}

/**
 * A protocol parameter as a refusal in an answer names it: `parameterRefs` reads it from the
 * configuration, whose values core checked against their parameters' shapes and whose provenance
 * is core's.
 */
const parameterRefOf = (ref: ParameterRef): SessionParameterRef => ({
  parameter: ref.parameter,
  value: ref.value as ProtocolParamValue,
  unit: ref.unit,
  provenance: ref.provenance as SessionParameterRef['provenance'],
});

/** How far in the future a reading's time may be (clock skew between a monitor and the server). */
const FUTURE_TOLERANCE_MS = 60_000;

/** Checks one reading of a batch: its shape, then core's plausibility with the session's protocol; the parsed reading or its refusal. */
function checkReading(
  raw: unknown,
  index: number,
  protocol: SiteProtocol,
  now: Date,
): { ok: true; reading: ReadingInput } | { ok: false; refused: RefusedReading } {
  const clientId =
    typeof raw === 'object' && raw !== null && typeof (raw as { clientId?: unknown }).clientId === 'string'
      ? (raw as { clientId: string }).clientId || null
      : null;
  const field = (f: string) => `body.readings.${index}.${f}`;
  const parsed = SessionReadingBodySchema.safeParse(raw);
  if (!parsed.success) {
    return {
      ok: false,
      refused: {
        index,
        clientId,
        issues: parsed.error.issues.map((i) => ({
          field: i.path.length === 0 ? `body.readings.${index}` : field(i.path.map(String).join('.')),
          message: i.message,
        })),
      },
    };
  }
  const r = parsed.data;
  const issues: RefusedReading['issues'] = checkReadingPlausibility(toReading(r), protocol.config.vitals).map((i) => ({
    field: i.field === 'reading' ? `body.readings.${index}` : field(i.field),
    message: i.message,
    rule: i.rule,
    ...(i.parameter !== undefined ? { parameter: parameterRefs(protocol.config, [i.parameter]).map(parameterRefOf)[0] } : {}),
  }));
  if (Date.parse(r.measuredAt) > now.getTime() + FUTURE_TOLERANCE_MS)
    issues.push({ field: field('measuredAt'), message: 'is in the future' });
  return issues.length === 0 ? { ok: true, reading: r } : { ok: false, refused: { index, clientId: r.clientId, issues } };
}

/**
 * Stores readings (a batch of up to 500; a client id seen before is not stored twice; any order),
 * judged reading by reading: a reading that is malformed, empty or physiologically implausible
 * (the protocol's plausible ranges) is refused and listed by its index with each problem, while
 * the valid readings beside it are stored, classified by core in their phase with the protocol the
 * session runs under, and raise their alarms. When no reading of the request can be stored the
 * answer is a 400 and nothing is stored. A device may post only to sessions of its site.
 */
export async function recordReadings(
  db: Db,
  by: { actor?: Actor; deviceSiteId?: string },
  sessionId: string,
  readings: readonly unknown[],
  meta: RequestMeta,
): Promise<SessionReadingsResult> {
  return transact(db, async (tx) => {
    const s = by.actor !== undefined ? await loadFor(tx, by.actor, sessionId, meta, 'session.vitals') : await lockSession(tx, sessionId);
    if (by.deviceSiteId !== undefined && by.deviceSiteId !== s.site_id)
      throw new AppError('FORBIDDEN', 'this device token belongs to another site');
    if (s.state === 'discharged' || s.state === 'aborted' || s.state === 'scheduled')
      throw new AppError('INVALID_TRANSITION', `readings are recorded from check-in to discharge (the session is ${s.state})`, {
        current: s.state,
        allowed: allowedSteps(s.state),
      });
    const protocol = await protocolForSession(tx, s, meta.now);
    const refused: RefusedReading[] = [];
    const valid: ReadingInput[] = [];
    readings.forEach((raw, index) => {
      const checked = checkReading(raw, index, protocol, meta.now);
      if (checked.ok) valid.push(checked.reading);
      else refused.push(checked.refused);
    });
    const auditDetails = {
      received: readings.length,
      refused: refused.map((r) => ({ index: r.index, fields: r.issues.map((i) => i.field) })),
    };
    if (valid.length === 0) {
      const issues = refused.flatMap((r) => r.issues);
      throw refusal(
        by.actor ?? DEVICE,
        meta,
        s,
        'session.vitals',
        'VALIDATION_FAILED',
        `no reading could be stored: ${issues.map((i) => `${i.field}: ${i.message}`).join('; ')}`,
        { code: 'READINGS_REFUSED', issues, refused, protocolVersion: protocol.version },
        { ...auditDetails, protocolVersion: protocol.version },
      );
    }
    const preDoseRow = await tx
      .selectFrom('vital_reading')
      .selectAll()
      .where('session_id', '=', s.id)
      .where('phase', '=', 'pre-dose')
      .where('systolic', 'is not', null)
      .orderBy('measured_at', 'desc')
      .limit(1)
      .executeTakeFirst();
    const rules = [ruleRef(vitalSignsRule)];
    let stored = 0;
    let pauseRecommended = false;
    const levels: string[] = [];
    for (const r of valid) {
      const at = new Date(r.measuredAt);
      const phase = phaseAt(s, at);
      const c = classifyVitals(toReading(r), phase, preDoseRow === undefined ? undefined : toReading(preDoseRow), protocol.config.vitals);
      const inserted = await tx
        .insertInto('vital_reading')
        .values({
          session_id: s.id,
          client_id: r.clientId,
          measured_at: at,
          systolic: r.systolic ?? null,
          diastolic: r.diastolic ?? null,
          heart_rate: r.heartRate ?? null,
          spo2: r.spo2 ?? null,
          respiratory_rate: r.respiratoryRate ?? null,
          moaas: r.moaas ?? null,
          temperature_c: r.temperature ?? null,
          source: by.actor === undefined ? 'device' : 'manual',
          phase,
          level: c.level,
          fired: JSON.stringify(c.fired),
          received_at: meta.now,
          recorded_by: by.actor?.userId ?? null,
          protocol_version: protocol.version,
        })
        .onConflict((oc) => oc.columns(['session_id', 'client_id']).doNothing())
        .returning('client_id')
        .executeTakeFirst();
      if (inserted === undefined) continue;
      stored++;
      levels.push(c.level);
      if (c.level !== 'normal') {
        await tx
          .insertInto('session_alert')
          .values({
            session_id: s.id,
            kind: `vitals:${phase}`,
            level: c.level,
            details: JSON.stringify({ clientId: r.clientId, measuredAt: at.toISOString(), fired: c.fired }),
            raised_at: meta.now,
            protocol_version: protocol.version,
            rule_ids: rules,
          })
          .execute();
        if (phase === 'infusing' && c.level === 'pause' && s.state === 'infusing') pauseRecommended = true;
      }
    }
    if (pauseRecommended)
      await tx.updateTable('dosing_session').set({ pause_recommended: true, updated_at: meta.now }).where('id', '=', s.id).execute();
    if (stored > 0)
      await appendLiveEvent(tx, {
        siteId: s.site_id,
        sessionId: s.id,
        type: 'vitals',
        payload: { stored, levels, pauseRecommended },
        at: meta.now,
      });
    await auditSession(tx, by.actor ?? DEVICE, meta, 'session.vitals', s, {
      ...auditDetails,
      stored,
      protocolVersion: protocol.version,
    });
    return { stored, duplicates: valid.length - stored, refused };
  });
}

/** Staff acknowledge an alert; a pre-dose hold and an escalation need a prescriber, a hold with a note (the override). */
/**
 * Staff acknowledge an alert. A pre-dose alert, a pause-level alert and an escalation are a
 * prescriber's (their own screen, or their step-up proof on the nurse's); a pre-dose hold needs a
 * note (the override's reason).
 */
export async function acknowledgeAlert(
  db: Db,
  actor: Actor,
  alertId: string,
  input: AlertAcknowledgeBody,
  meta: RequestMeta,
): Promise<DosingSessionView> {
  return transact(db, async (tx) => {
    const alert = await tx.selectFrom('session_alert').selectAll().where('id', '=', alertId).forUpdate().executeTakeFirst();
    if (alert === undefined) throw notFound('alert', alertId);
    const s = await loadFor(tx, actor, alert.session_id, meta, 'session.alert');
    if (alert.acknowledged_at !== null) throw new AppError('CONFLICT', 'this alert is already acknowledged');
    const prescriberOnly = alert.kind === 'vitals:pre-dose' || alert.level === 'pause' || alert.level === 'escalate';
    const by = prescriberOnly
      ? await prescriberDecision(tx, actor, s, meta, {
          purpose: 'alert.acknowledge',
          code: 'ACKNOWLEDGE_NEEDS_PRESCRIBER',
          message: 'a prescriber acknowledges this alert (before dosing, at the pause level, or an escalation)',
          stepUpToken: input.stepUpToken,
        })
      : actor;
    const note = input.note?.trim();
    if (alert.level === 'hold' && (note === undefined || note.length < 3))
      throw new AppError('VALIDATION_FAILED', 'body.note: overriding a hold needs a reason', {
        issues: [{ field: 'body.note', message: 'required for a hold' }],
      });
    await tx
      .updateTable('session_alert')
      .set({ acknowledged_by: by.userId, acknowledged_at: meta.now, note: note ?? null })
      .where('id', '=', alertId)
      .execute();
    await auditSession(tx, by, meta, 'session.alert.acknowledge', s, {
      alertId,
      level: alert.level,
      ...(note ? { note } : {}),
      ...(by.userId !== actor.userId ? { recordedBy: actor.userId } : {}),
    });
    await appendLiveEvent(tx, {
      siteId: s.site_id,
      sessionId: s.id,
      type: 'alert-acknowledged',
      payload: { alertId, level: alert.level },
      at: meta.now,
    });
    return sessionView(tx, s.id, meta.now);
  });
}

/** A prescriber declines the recommended pause, with a reason (their own screen, or their step-up proof on the nurse's). */
export async function declinePause(
  db: Db,
  actor: Actor,
  sessionId: string,
  input: DeclinePauseBody,
  meta: RequestMeta,
): Promise<DosingSessionView> {
  return transact(db, async (tx) => {
    const s = await loadFor(tx, actor, sessionId, meta, 'session.decline-pause');
    if (!s.pause_recommended) throw new AppError('CONFLICT', 'no pause is recommended');
    const by = await prescriberDecision(tx, actor, s, meta, {
      purpose: 'pause.decline',
      code: 'DECLINE_NEEDS_PRESCRIBER',
      message: 'declining a recommended pause is a prescriber’s decision',
      stepUpToken: input.stepUpToken,
    });
    await tx.updateTable('dosing_session').set({ pause_recommended: false, updated_at: meta.now }).where('id', '=', s.id).execute();
    await auditSession(tx, by, meta, 'session.decline-pause', s, {
      reason: input.reason,
      ...(by.userId !== actor.userId ? { recordedBy: actor.userId } : {}),
    });
    await appendLiveEvent(tx, { siteId: s.site_id, sessionId: s.id, type: 'pause-declined', payload: {}, at: meta.now });
    return sessionView(tx, s.id, meta.now);
  });
}

export async function recordAldrete(
  db: Db,
  actor: Actor,
  sessionId: string,
  scores: AldreteBody,
  meta: RequestMeta,
): Promise<DosingSessionView> {
  return transact(db, async (tx) => {
    const s = await loadFor(tx, actor, sessionId, meta, 'session.aldrete');
    if (s.state !== 'observing')
      throw new AppError('INVALID_TRANSITION', `the Aldrete score is taken while observing (the session is ${s.state})`, {
        current: s.state,
        allowed: allowedSteps(s.state),
      });
    await tx
      .updateTable('dosing_session')
      .set({ aldrete: JSON.stringify(scores), updated_at: meta.now })
      .where('id', '=', s.id)
      .execute();
    await auditSession(tx, actor, meta, 'session.aldrete', s, { scores });
    await appendLiveEvent(tx, { siteId: s.site_id, sessionId: s.id, type: 'aldrete', payload: {}, at: meta.now });
    return sessionView(tx, s.id, meta.now);
  });
}

/** Discharge readiness of a session whose infusion started: core's rule on its facts. */
async function dischargeReadiness(
  tx: Db,
  s: { id: string; discharge_escort: unknown; infusion_started_at: Date; infusion_ended_at: Date | null; aldrete: AldreteScores | null },
  protocol: SiteProtocol,
  now: Date,
): Promise<DischargeReadiness> {
  const escalations = await tx
    .selectFrom('session_alert')
    .select(['raised_at', 'acknowledged_at', 'details'])
    .where('session_id', '=', s.id)
    .where('level', '=', 'escalate')
    .execute();
  return assessDischargeReadiness(
    {
      infusionStart: s.infusion_started_at.toISOString(),
      ...(s.infusion_ended_at ? { infusionEnd: s.infusion_ended_at.toISOString() } : {}),
      readings: await timedReadings(tx, s.id),
      ...(s.aldrete ? { aldrete: s.aldrete } : {}),
      // Confirmed at discharge, or not yet (missing): never read as "no escort".
      ...(typeof (s.discharge_escort as { name?: unknown } | null)?.name === 'string' ? { escortConfirmed: true } : {}),
      // When the escalating reading was measured (a late batch is raised after it).
      escalations: escalations.map((e) => ({
        at: (e.details as { measuredAt?: string }).measuredAt ?? e.raised_at.toISOString(),
        acknowledged: e.acknowledged_at !== null,
      })),
    },
    now.toISOString(),
    protocol.config.vitals,
  );
}

/** The patient's medication interactions by the protocol's classes. */
async function interactionsOf(tx: Db, patientId: string, protocol: SiteProtocol) {
  const meds = (await activeFacts(tx, patientId, 'medication')).map((m) => ({
    name: String(m.data.name),
    dailyDoseMg: (m.data.dailyDoseMg as number | undefined) ?? null,
  }));
  return findMedicationInteractions(meds, protocol.config).interactions;
}

const CLASS_WORDS: Record<string, string> = { maoi: 'an MAOI', stimulant: 'a stimulant', sympathomimetic: 'a sympathomimetic' };

/** Why this patient's blood pressure is watched more closely (a flagged class of the protocol's list, or controlled hypertension); empty when it is not. */
async function closerMonitoringReasons(tx: Db, patientId: string, protocol: SiteProtocol): Promise<string[]> {
  const classes = new Set(protocol.config.vitals.schedule.closerMonitoringMedicationClasses.value);
  const flagged = (await interactionsOf(tx, patientId, protocol))
    .filter((i) => classes.has(i.class))
    .map((i) => `${i.medication} (${CLASS_WORDS[i.class] ?? i.class})`);
  const conditions = (await activeFacts(tx, patientId, 'condition'))
    .filter((f) => f.data.code === 'controlled-hypertension')
    .map(() => 'controlled hypertension');
  return [...new Set([...flagged, ...conditions])];
}

/** The pump's events as core follows them: a corrected stop stands in for the recorded one. */
function pumpEvents(events: readonly { kind: string; at: Date; rate_ml_per_hour: string | null }[]): PumpEvent[] {
  const corrected = events.filter((e) => e.kind === 'stop-corrected').at(-1);
  return events
    .filter((e) => e.kind !== 'stop-corrected')
    .map((e) => ({
      kind: e.kind as PumpEvent['kind'],
      at: (e.kind === 'stop' && corrected !== undefined ? corrected.at : e.at).toISOString(),
      rateMlPerHour: e.rate_ml_per_hour === null ? null : Number(e.rate_ml_per_hour),
    }));
}

/**
 * A dose order's calculation as `orderDose` records it: core's calculation with the protocol
 * version and the rule behind it (absent on orders recorded before they were kept).
 */
const calculationOf = (order: { calculation: Record<string, unknown> }): SessionDoseCalculation =>
  order.calculation as SessionDoseCalculation;

/** A stored reading as the console shows it (its phase and level are core's, as `recordReadings` classified it). */
function readingOf(r: Selectable<VitalReadingTable>): SessionReading {
  return {
    clientId: r.client_id,
    measuredAt: r.measured_at.toISOString(),
    systolic: r.systolic,
    diastolic: r.diastolic,
    heartRate: r.heart_rate,
    spo2: r.spo2,
    respiratoryRate: r.respiratory_rate,
    moaas: r.moaas,
    temperature: r.temperature_c === null ? null : Number(r.temperature_c),
    phase: r.phase as VitalsPhase,
    level: r.level as SessionReading['level'],
    source: r.source,
    protocolVersion: r.protocol_version,
  };
}

/** A stored alert: its kind, level and details are written together by `recordReadings` (vital signs) and session-alarms.ts (overdue, the pump). */
function alertOf(a: Selectable<SessionAlertTable>): SessionAlert {
  const common = {
    id: a.id,
    raisedAt: a.raised_at.toISOString(),
    acknowledgedAt: a.acknowledged_at?.toISOString() ?? null,
    note: a.note,
    escalatedAt: a.escalated_at?.toISOString() ?? null,
    protocolVersion: a.protocol_version,
    ruleIds: a.rule_ids,
  };
  return { ...common, kind: a.kind, level: a.level, details: a.details } as SessionAlert;
}

/** A pump event: its details are what the step, the rate change or the stop-time correction of its kind recorded. */
function infusionEventOf(e: Selectable<InfusionEventTable>): SessionInfusionEvent {
  const common = {
    at: e.at.toISOString(),
    rateMlPerHour: e.rate_ml_per_hour === null ? null : Number(e.rate_ml_per_hour),
    reason: e.reason,
  };
  return { ...common, kind: e.kind, details: e.details } as SessionInfusionEvent;
}

/** The stored escort confirmed at discharge (`confirmDischargeEscort` writes `{ name, by, at }`). */
const dischargeEscortOf = (stored: unknown): DosingSessionView['dischargeEscort'] => {
  const e = stored as { name: string; at: string } | null;
  return e === null ? null : { name: e.name, at: e.at };
};

/** Everything the session console shows (the contract's `DosingSessionView`). */
export async function sessionView(tx: Db, sessionId: string, now: Date): Promise<DosingSessionView> {
  const s = await tx.selectFrom('dosing_session').selectAll().where('id', '=', sessionId).executeTakeFirstOrThrow();
  const protocol = await protocolForSession(tx, s, now);
  const order = await latestOrder(tx, s.id);
  const calc = order === undefined ? undefined : calculationOf(order);
  const events = await tx.selectFrom('infusion_event').selectAll().where('session_id', '=', s.id).orderBy('id').execute();
  const readings = await tx.selectFrom('vital_reading').selectAll().where('session_id', '=', s.id).orderBy('measured_at').execute();
  const alerts = await tx.selectFrom('session_alert').selectAll().where('session_id', '=', s.id).orderBy('raised_at').execute();
  const medications = await tx
    .selectFrom('session_medication as m')
    .innerJoin('app_user as u', 'u.id', 'm.given_by')
    .select([
      'm.id',
      'm.purpose',
      'm.adverse_event_id',
      'm.drug',
      'm.dose',
      'm.unit',
      'm.route',
      'm.given_at',
      'm.given_by',
      'u.display_name',
    ])
    .where('m.session_id', '=', s.id)
    .orderBy('m.given_at')
    .execute();
  const plannedMinutes = Number(calc?.inputs.minutes ?? protocol.config.dosing.infusionMinutes.value);
  const progress =
    calc === undefined || s.infusion_started_at === null
      ? null
      : trackInfusion(pumpEvents(events), { bagTotalMl: Number(calc.bagTotalMl), plannedMinutes }, now.toISOString());
  const concentration = calc === undefined ? null : Number(calc.doseMg) / Number(calc.bagTotalMl);
  // CADSS-6 ratings at the chair are questionnaire responses of the session (item level, scored by core).
  const cadss6 = await tx
    .selectFrom('questionnaire_response')
    .select(['id', 'answers', 'total', 'completed_at'])
    .where('session_id', '=', s.id)
    .where('instrument', '=', 'cadss6')
    .orderBy('completed_at')
    .execute();
  const closer = await closerMonitoringReasons(tx, s.patient_id, protocol);
  let monitoring: SessionMonitoring | null = null;
  if (s.infusion_started_at !== null) {
    const schedule = buildMonitoringSchedule(
      s.infusion_started_at.toISOString(),
      s.infusion_ended_at === null ? { plannedMinutes } : s.infusion_ended_at.toISOString(),
      protocol.config.vitals,
      { untilAt: now.toISOString(), closerBloodPressure: closer.length > 0 },
    );
    const recorded = [
      ...readings.flatMap((r) => [
        ...(r.systolic !== null ? [{ kind: 'vitals' as const, at: r.measured_at.toISOString() }] : []),
        ...(r.moaas !== null ? [{ kind: 'moaas' as const, at: r.measured_at.toISOString() }] : []),
      ]),
      ...cadss6.map((c) => ({ kind: 'cadss6' as const, at: c.completed_at.toISOString() })),
    ];
    monitoring = {
      items: schedule.items,
      overdue: findOverdue(schedule, recorded, now.toISOString(), protocol.config.vitals),
      closer:
        closer.length === 0
          ? null
          : {
              reasons: closer,
              everyMinutes: protocol.config.vitals.schedule.closerVitalsEveryMinutes.value,
              minutesAfterEnd: protocol.config.vitals.schedule.closerMonitoringMinutesAfterEnd.value,
            },
    };
  }
  const round1 = (n: number) => Math.round(n * 10) / 10;
  return {
    id: s.id,
    siteId: s.site_id,
    eventId: s.event_id,
    patientId: s.patient_id,
    state: s.state,
    allowed: allowedSteps(s.state),
    protocolVersion: protocol.version,
    /**
     * The protocol this session runs under (the version it started under, or the site's in force
     * before the start): its values that differ from core's defaults, for the console's bands and
     * schedule. A client that cannot apply them must say so, never fall back to the defaults.
     */
    // (values of the configuration in force: core checked each against its parameter's shape)
    protocol: {
      version: protocol.version,
      signed: protocol.signed,
      overrides: overridesOf(protocol.config, ['vitals.', 'dosing.', 'preDose.']) as Record<string, ProtocolParamValue>,
    },
    pauseRecommended: s.pause_recommended,
    infusionStartedAt: s.infusion_started_at?.toISOString() ?? null,
    infusionEndedAt: s.infusion_ended_at?.toISOString() ?? null,
    // Judged at the start once the infusion has started (what it started on), else now.
    checklist: { values: storedChecklist(s), ...(await checklistStatus(tx, s, protocol, s.infusion_started_at ?? now)) },
    doseOrder:
      order === undefined || calc === undefined
        ? null
        : {
            id: order.id,
            orderedBy: order.ordered_by,
            orderedAt: order.ordered_at.toISOString(),
            calculation: calc,
            doubleCheckedBy: order.double_checked_by,
            doubleCheckedAt: order.double_checked_at?.toISOString() ?? null,
          },
    infusion: {
      events: events.map(infusionEventOf),
      infusedMl: progress?.infusedMl ?? 0,
      bagTotalMl: calc === undefined ? null : Number(calc.bagTotalMl),
      orderedRateMlPerHour: calc === undefined ? null : Number(calc.rateMlPerHour),
      currentRateMlPerHour: progress?.currentRateMlPerHour ?? 0,
      tolerancePercent: protocol.config.dosing.rateChangeTolerancePercent.value,
      concentrationMgPerMl: concentration === null ? null : Math.round(concentration * 1000) / 1000,
      infusedMg: progress === null || concentration === null ? 0 : round1(progress.infusedMl * concentration),
      orderedMg: calc === undefined ? null : Number(calc.doseMg),
      runningMinutes: progress?.runningMinutes ?? 0,
      plannedMinutes,
      plannedEndAt: progress?.plannedEndAt ?? null,
      plannedMinutesReachedAt: progress?.plannedMinutesReachedAt ?? null,
      bagCompleteAt: progress?.bagCompleteAt ?? null,
      pause: s.state === 'paused' ? await pauseStatus(tx, s.id, protocol, now) : null,
    },
    medications: medications.map((m) => ({
      id: m.id,
      purpose: m.purpose,
      adverseEventId: m.adverse_event_id,
      drug: m.drug,
      dose: Number(m.dose),
      unit: m.unit,
      route: m.route,
      givenAt: m.given_at.toISOString(),
      givenBy: m.given_by,
      givenByName: m.display_name,
    })),
    readings: readings.map(readingOf),
    // The item scores of a CADSS-6 as the measures route stores them (scored by core).
    cadss6: cadss6.map((c) => ({ id: c.id, answers: c.answers as number[], total: c.total, ratedAt: c.completed_at.toISOString() })),
    alerts: alerts.map(alertOf),
    monitoring,
    dischargeEscort: dischargeEscortOf(s.discharge_escort),
    // (an observing session has started its infusion)
    discharge:
      s.state === 'observing' && s.infusion_started_at !== null
        ? await dischargeReadiness(tx, { ...s, infusion_started_at: s.infusion_started_at }, protocol, now)
        : null,
  };
}

export async function getSession(db: Db, actor: Actor, sessionId: string, meta: RequestMeta): Promise<DosingSessionView> {
  return transact(db, async (tx) => {
    const s = await loadFor(tx, actor, sessionId, meta, 'session.read');
    await auditSession(tx, actor, meta, 'session.read', s);
    return sessionView(tx, s.id, meta.now);
  });
}

/**
 * The Today board: the site's scheduled dosing events between two instants that have a session,
 * each with its console state, latest vitals, open alerts, overdue items and what holds it.
 */
export async function todayBoard(
  db: Db,
  actor: Actor,
  query: { siteId: string; from: string; to: string },
  meta: RequestMeta,
): Promise<DosingBoardItem[]> {
  return transact(db, async (tx) => {
    const events = (await listSchedule(tx, actor, { siteId: query.siteId, from: query.from, to: query.to })).filter(
      (e) => e.kind === 'dosing' && e.state === 'scheduled',
    );
    const sessions =
      events.length === 0
        ? []
        : await tx
            .selectFrom('dosing_session')
            .select(['id', 'event_id'])
            .where(
              'event_id',
              'in',
              events.map((e) => e.id),
            )
            .execute();
    const items: DosingBoardItem[] = [];
    for (const e of events) {
      const s = sessions.find((x) => x.event_id === e.id);
      if (s === undefined) continue;
      const view = await sessionView(tx, s.id, meta.now);
      items.push({
        sessionId: s.id,
        // (a chair has a name and a room: the left joins find them whenever the event has a chair)
        chair: e.chair === null ? null : { id: e.chair.id, name: e.chair.name ?? '', room: e.chair.room ?? '' },
        patient: e.patient,
        staff: e.staff,
        startsAt: e.startsAt,
        state: view.state,
        pauseRecommended: view.pauseRecommended,
        minutesSinceStart:
          view.infusionStartedAt === null ? null : Math.floor((meta.now.getTime() - Date.parse(view.infusionStartedAt)) / 60_000),
        infusionStartedAt: view.infusionStartedAt,
        latestVitals: view.readings.filter((r) => r.systolic !== null).at(-1) ?? null,
        openAlerts: view.alerts.filter((a) => a.acknowledgedAt === null),
        overdue: view.monitoring?.overdue ?? [],
        /** Before the start: what holds the infusion (a screening review hold, an expired item, a high-risk C-SSRS...), in plain words. */
        holds: ['checked-in', 'pre-dose', 'scheduled'].includes(view.state)
          ? view.checklist.items.filter((i) => i.status === 'hold').map((i) => i.detail)
          : [],
      });
    }
    await audit(
      tx,
      { ...meta, actor },
      { action: 'today.read', recordType: 'site', recordId: query.siteId, outcome: 'allowed', details: { sessions: items.length } },
    );
    return items;
  });
}

/** Creates the dosing session of every dosing event that has none (called when events are booked). */
export async function createSessionsForEvents(tx: Db, eventIds: string[], now: Date): Promise<void> {
  if (eventIds.length === 0) return;
  const events = await tx
    .selectFrom('scheduled_event as e')
    .innerJoin('enrollment as en', 'en.id', 'e.enrollment_id')
    .select(['e.id', 'e.enrollment_id', 'e.site_id', 'en.patient_id'])
    .where('e.id', 'in', eventIds)
    .where('e.kind', '=', 'dosing')
    .execute();
  for (const e of events) {
    await tx
      .insertInto('dosing_session')
      .values({
        event_id: e.id,
        enrollment_id: e.enrollment_id,
        patient_id: e.patient_id,
        site_id: e.site_id,
        state: 'scheduled',
        checklist: '{}',
        created_at: now,
        updated_at: now,
      })
      .onConflict((oc) => oc.column('event_id').doNothing())
      .execute();
  }
}
