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
  assessDischargeReadiness,
  assessPreDoseVitals,
  buildMonitoringSchedule,
  calculateDose,
  checkReadingPlausibility,
  classifyVitals,
  dischargeReadinessRule,
  findMedicationInteractions,
  findOverdue,
  overdueRule,
  vitalSignsRule,
  type TimedReading,
  type VitalsPhase,
  type VitalsReading,
} from '@kairos/core';
import { sql, type Kysely, type Transaction } from 'kysely';
import { z } from 'zod';
import { AppError, notFound } from '../errors.js';
import type { Database, SessionState } from '../store/schema.js';
import { localDate } from '../time.js';
import { appendAudit } from './audit.js';
import { activeFacts } from './patient-details.js';
import { assertPatientAccess } from './patients.js';
import { dosingCheckIn, overridesOf, parameterRefs, protocolForSession, protocolInForce, type SiteProtocol } from './protocol.js';
import type { Actor, RequestMeta } from './sessions.js';
import { consumeStepUp } from './step-up.js';
import { AuditedRefusal, transact } from './transaction.js';
import { appendLiveEvent } from '../events/live-events.js';
import type { Mode } from '../config.js';

type Tx = Transaction<Database>;

export const SESSION_STEPS = {
  'check-in': { from: ['scheduled'], to: 'checked-in', reason: false },
  'begin-pre-dose': { from: ['checked-in'], to: 'pre-dose', reason: false },
  start: { from: ['pre-dose'], to: 'infusing', reason: false },
  pause: { from: ['infusing'], to: 'paused', reason: true },
  resume: { from: ['paused'], to: 'infusing', reason: false },
  stop: { from: ['infusing', 'paused'], to: 'observing', reason: false },
  discharge: { from: ['observing'], to: 'discharged', reason: false },
  abort: { from: ['scheduled', 'checked-in', 'pre-dose', 'infusing', 'paused', 'observing'], to: 'aborted', reason: true },
} as const satisfies Record<string, { from: readonly SessionState[]; to: SessionState; reason: boolean }>;
export type SessionStep = keyof typeof SESSION_STEPS;

const allowedSteps = (state: SessionState): SessionStep[] => (Object.keys(SESSION_STEPS) as SessionStep[]).filter((s) => (SESSION_STEPS[s].from as readonly string[]).includes(state));

export interface ChecklistInput {
  fastingConfirmed?: boolean;
  benzodiazepineHoldConfirmed?: boolean;
  stimulantHoldConfirmed?: boolean;
  pregnancyTestNegativeToday?: boolean;
  escortConfirmed?: boolean;
  intention?: string;
  premedication?: string;
}

function audit(tx: Tx, actor: { userId: string | null; roles: readonly string[] }, meta: RequestMeta, action: string, s: { id: string; patient_id: string }, details: Record<string, unknown> = {}) {
  return appendAudit(tx, { userId: actor.userId, userRoles: actor.roles, action, recordType: 'dosing_session', recordId: s.id, patientId: s.patient_id, outcome: 'allowed', requestId: meta.requestId, clientAddress: meta.clientAddress, details, at: meta.now });
}

/**
 * A safety refusal of a step at the chair: a 4xx whose audit event (who, which session, the code
 * and what was refused) outlives the rollback.
 */
function refusal(actor: { userId: string | null; roles: readonly string[] }, meta: RequestMeta, s: { id: string; patient_id: string }, action: string, code: 'CONFLICT' | 'VALIDATION_FAILED', message: string, details: Record<string, unknown> & { code: string }, audited: Record<string, unknown> = {}) {
  return new AuditedRefusal(code, message, { userId: actor.userId, userRoles: actor.roles, action, recordType: 'dosing_session', recordId: s.id, patientId: s.patient_id, outcome: 'denied', requestId: meta.requestId, clientAddress: meta.clientAddress, details: { code: details.code, ...audited }, at: meta.now }, details);
}

async function lockSession(tx: Tx, sessionId: string) {
  const s = await tx.selectFrom('dosing_session').selectAll().where('id', '=', sessionId).forUpdate().executeTakeFirst();
  if (s === undefined) throw notFound('dosing session', sessionId);
  return s;
}

async function loadFor(tx: Tx, actor: Actor, sessionId: string, meta: RequestMeta, action: string) {
  const s = await lockSession(tx, sessionId);
  await assertPatientAccess(tx, actor, s.patient_id, meta, action);
  return s;
}

const ruleId = (r: { id: string; version: string }) => `${r.id}@${r.version}`;

/** Every reading of a session as core takes them (time and values). */
async function timedReadings(tx: Tx | Kysely<Database>, sessionId: string, phase?: VitalsPhase): Promise<TimedReading[]> {
  let q = tx.selectFrom('vital_reading').selectAll().where('session_id', '=', sessionId);
  if (phase !== undefined) q = q.where('phase', '=', phase);
  return (await q.orderBy('measured_at').execute()).map((r) => ({ at: r.measured_at.toISOString(), reading: toReading(r) }));
}

/** One item of the pre-dose checklist: what it needs, whether it is needed and done, and (when it is not) why, with the protocol parameters behind it. */
export interface ChecklistItem {
  id: string;
  label: string;
  required: boolean;
  done: boolean;
  detail?: string;
  parameters?: string[];
}

/** What the pre-dose checklist needs for this patient at `now`, and what is done. */
async function checklistStatus(tx: Tx | Kysely<Database>, s: { id: string; patient_id: string; enrollment_id: string; checklist: Record<string, unknown> }, protocol: SiteProtocol, now: Date) {
  const c = s.checklist as ChecklistInput;
  const meds = (await activeFacts(tx, s.patient_id, 'medication')).map((m) => ({ name: String(m.data.name), dailyDoseMg: (m.data.dailyDoseMg as number | undefined) ?? null }));
  const classes = new Set(findMedicationInteractions(meds, protocol.config).interactions.map((i) => i.class));
  const input = await tx.selectFrom('screening_input').select('data').where('enrollment_id', '=', s.enrollment_id).executeTakeFirst();
  const pregnancyPossible = (input?.data as { pregnancyPossible?: boolean | null } | undefined)?.pregnancyPossible;
  const preDose = assessPreDoseVitals(await timedReadings(tx, s.id, 'pre-dose'), now.toISOString(), protocol.config.vitals);
  const openPreDose = await tx.selectFrom('session_alert').select(['level']).where('session_id', '=', s.id).where('kind', '=', 'vitals:pre-dose').where('acknowledged_at', 'is', null).execute();
  const window = protocol.config.vitals.preDose.fullSetWithinMinutes.value;
  const preDoseDetail =
    preDose.status !== 'met'
      ? preDose.message
      : openPreDose.length > 0
        ? `${openPreDose.length} pre-dose alert${openPreDose.length === 1 ? '' : 's'} wait for a prescriber (a warning acknowledged, a hold overridden with a reason)`
        : preDose.message;
  const items: ChecklistItem[] = [
    {
      id: 'pre-dose-vitals',
      label: `Pre-dose vital signs: a full set (systolic, diastolic, heart rate, SpO2) within ${window} min before the start; a warning acknowledged and a hold overridden by a prescriber`,
      required: true,
      done: preDose.status === 'met' && openPreDose.length === 0,
      detail: preDoseDetail,
      parameters: [preDose.parameter],
    },
    { id: 'fasting', label: 'Fasting confirmed', required: true, done: c.fastingConfirmed === true },
    { id: 'benzodiazepine-hold', label: 'Benzodiazepine held before the session (confirmed)', required: classes.has('benzodiazepine'), done: c.benzodiazepineHoldConfirmed === true },
    { id: 'stimulant-hold', label: 'Stimulant held on the session day (confirmed)', required: classes.has('stimulant'), done: c.stimulantHoldConfirmed === true },
    { id: 'pregnancy-test', label: 'Negative pregnancy test today', required: pregnancyPossible !== false, done: c.pregnancyTestNegativeToday === true },
    { id: 'escort', label: 'Escort confirmed for discharge', required: true, done: c.escortConfirmed === true },
    { id: 'intention', label: 'Intention set with the therapist', required: true, done: typeof c.intention === 'string' && c.intention.trim() !== '' },
    { id: 'premedication', label: 'Premedication recorded (e.g. ondansetron, or none)', required: true, done: typeof c.premedication === 'string' && c.premedication.trim() !== '' },
  ];
  return { items, complete: items.every((i) => !i.required || i.done) };
}

/** The unmet required items of a checklist as a refusal names them: id, what is missing, the protocol parameters with provenance. */
const unmetItems = (items: ChecklistItem[], protocol: SiteProtocol) =>
  items.filter((i) => i.required && !i.done).map((i) => ({ id: i.id, label: i.label, detail: i.detail ?? i.label, parameters: parameterRefs(protocol.config, i.parameters ?? []) }));

async function latestOrder(tx: Tx | Kysely<Database>, sessionId: string) {
  return tx.selectFrom('dose_order').selectAll().where('session_id', '=', sessionId).orderBy('ordered_at', 'desc').orderBy('id').limit(1).executeTakeFirst();
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
async function assertInfusionCapacity(tx: Tx, actor: Actor, s: { id: string; site_id: string }, limit: number): Promise<void> {
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

/** Moves a session one step, checking the step is allowed from its state and its conditions hold. */
export async function stepSession(db: Kysely<Database>, actor: Actor, sessionId: string, input: { step: SessionStep; reason?: string; override?: { reason: string; stepUpToken: string } }, meta: RequestMeta, mode: Mode) {
  return transact(db, async (tx) => {
    const s = await loadFor(tx, actor, sessionId, meta, 'session.step');
    const step = SESSION_STEPS[input.step];
    if (!(step.from as readonly string[]).includes(s.state)) {
      throw new AppError('INVALID_TRANSITION', `a session that is ${s.state} cannot ${input.step}`, { current: s.state, allowed: allowedSteps(s.state) });
    }
    const reason = input.reason?.trim();
    if (step.reason && (reason === undefined || reason === '')) throw new AppError('VALIDATION_FAILED', `body.reason: a reason is required to ${input.step}`, { issues: [{ field: 'body.reason', message: 'required' }] });
    const set: Partial<{ state: SessionState; protocol_version: number; infusion_started_at: Date; infusion_ended_at: Date; pause_recommended: boolean }> = { state: step.to };
    let dischargeDecision: Record<string, unknown> | undefined;
    if (input.step === 'start') {
      const check = await dosingCheckIn(tx, s.site_id, mode, meta.now);
      if (!check.allowed) throw refusal(actor, meta, s, 'session.start', 'CONFLICT', `the infusion cannot start: ${check.message}`, { code: 'PROTOCOL_NOT_SIGNED', version: check.version });
      const protocol = await protocolInForce(tx, s.site_id, meta.now);
      const list = await checklistStatus(tx, s, protocol, meta.now);
      if (!list.complete) {
        const unmet = unmetItems(list.items, protocol);
        throw refusal(actor, meta, s, 'session.start', 'CONFLICT', `the pre-dose checklist is not complete: ${unmet.map((i) => i.detail).join('; ')}`, { code: 'CHECKLIST_INCOMPLETE', protocolVersion: protocol.version, unmet }, { protocolVersion: protocol.version, unmet: unmet.map((i) => i.id) });
      }
      const order = await latestOrder(tx, s.id);
      if (order === undefined) throw new AppError('CONFLICT', 'the infusion cannot start without a dose order');
      if (protocol.config.dosing.independentDoubleCheckRequired.value === true && order.double_checked_by === null) throw new AppError('CONFLICT', 'the dose has not been double-checked by a second licensed user');
      await assertInfusionCapacity(tx, actor, s, Number(protocol.config.scheduling.infusionsPerNurse.value));
      set.protocol_version = protocol.version;
      set.infusion_started_at = meta.now;
      await tx.insertInto('infusion_event').values({ session_id: s.id, kind: 'start', at: meta.now, actor_id: actor.userId, rate_ml_per_hour: Number((order.calculation as { rateMlPerHour: number }).rateMlPerHour) }).execute();
    }
    if (input.step === 'pause' || input.step === 'resume') {
      await tx.insertInto('infusion_event').values({ session_id: s.id, kind: input.step, at: meta.now, actor_id: actor.userId, reason: reason ?? null }).execute();
      if (input.step === 'pause') set.pause_recommended = false;
    }
    if (input.step === 'stop') {
      set.infusion_ended_at = meta.now;
      set.pause_recommended = false;
      await tx.insertInto('infusion_event').values({ session_id: s.id, kind: 'stop', at: meta.now, actor_id: actor.userId }).execute();
    }
    if (input.step === 'discharge') {
      const protocol = await protocolForSession(tx, s, meta.now);
      const readiness = await dischargeReadiness(tx, s, protocol, meta.now);
      const decision = { protocolVersion: protocol.version, rule: ruleId(dischargeReadinessRule), unmet: readiness.unmet.map((u) => u.id) };
      if (!readiness.ready) {
        if (input.override === undefined) {
          const unmet = readiness.unmet.map((u) => ({ ...u, parameters: parameterRefs(protocol.config, 'parameters' in u ? (u.parameters ?? []) : []) }));
          throw refusal(actor, meta, s, 'session.discharge', 'CONFLICT', `not ready for discharge: ${readiness.unmet.map((u) => u.message).join('; ')}`, { code: 'NOT_READY_FOR_DISCHARGE', protocolVersion: protocol.version, rule: decision.rule, unmet }, decision);
        }
        const signer = await consumeStepUp(tx, actor, input.override.stepUpToken, { purpose: 'discharge.override' }, meta);
        if (!signer.roles.some((r) => r === 'prescriber' || r === 'medical-director')) throw new AppError('FORBIDDEN', 'discharge by override is a prescriber’s decision');
        await audit(tx, signer, meta, 'session.discharge-override', s, { reason: input.override.reason, ...decision });
      }
      dischargeDecision = decision;
    }
    await tx.updateTable('dosing_session').set({ ...set, updated_at: meta.now }).where('id', '=', s.id).execute();
    await tx.insertInto('session_transition').values({ session_id: s.id, from_state: s.state, to_state: step.to, at: meta.now, actor_id: actor.userId, reason: reason ?? input.override?.reason ?? null }).execute();
    await audit(tx, actor, meta, `session.${input.step}`, s, { from: s.state, to: step.to, ...(reason ? { reason } : {}), ...(set.protocol_version !== undefined ? { protocolVersion: set.protocol_version } : {}), ...(dischargeDecision ?? {}) });
    await appendLiveEvent(tx, { siteId: s.site_id, sessionId: s.id, type: 'session-state', payload: { from: s.state, to: step.to }, at: meta.now });
    return sessionView(tx, s.id, meta.now);
  });
}

export async function updateChecklist(db: Kysely<Database>, actor: Actor, sessionId: string, input: ChecklistInput, meta: RequestMeta) {
  return transact(db, async (tx) => {
    const s = await loadFor(tx, actor, sessionId, meta, 'session.checklist');
    if (!['checked-in', 'pre-dose'].includes(s.state)) throw new AppError('INVALID_TRANSITION', `the checklist is completed before the infusion (the session is ${s.state})`, { current: s.state, allowed: allowedSteps(s.state) });
    if (input.intention !== undefined && !actor.roles.includes('therapist') && !actor.roles.includes('medical-director')) throw new AppError('FORBIDDEN', 'the intention is set by the therapist');
    const merged = { ...(s.checklist as ChecklistInput), ...input };
    await tx.updateTable('dosing_session').set({ checklist: JSON.stringify(merged), updated_at: meta.now }).where('id', '=', s.id).execute();
    await audit(tx, actor, meta, 'session.checklist', s, { fields: Object.keys(input).sort() });
    await appendLiveEvent(tx, { siteId: s.site_id, sessionId: s.id, type: 'checklist', payload: { fields: Object.keys(input).sort() }, at: meta.now });
    return sessionView(tx, s.id, meta.now);
  });
}

/** A prescriber orders the dose: core computes it from the latest weight and the site protocol. */
export async function orderDose(db: Kysely<Database>, actor: Actor, sessionId: string, input: { mgPerKg?: number; minutes?: number; vialMgPerMl: number; diluentMl: number }, meta: RequestMeta) {
  return transact(db, async (tx) => {
    const s = await loadFor(tx, actor, sessionId, meta, 'session.dose-order');
    if (!['checked-in', 'pre-dose'].includes(s.state)) throw new AppError('INVALID_TRANSITION', `a dose is ordered before the infusion (the session is ${s.state})`, { current: s.state, allowed: allowedSteps(s.state) });
    const protocol = await protocolInForce(tx, s.site_id, meta.now);
    const site = await tx.selectFrom('site').select('time_zone').where('id', '=', s.site_id).executeTakeFirstOrThrow();
    // The latest weight measured by the time of the order.
    const weight = await tx.selectFrom('patient_vitals').select(['weight_kg', 'measured_at']).where('patient_id', '=', s.patient_id).where('weight_kg', 'is not', null).where('measured_at', '<=', meta.now).orderBy('measured_at', 'desc').limit(1).executeTakeFirst();
    if (weight === undefined) throw new AppError('UNPROCESSABLE', 'no weight on record: record the patient’s weight first', { code: 'WEIGHT_MISSING' });
    const result = calculateDose(
      { weightKg: Number(weight.weight_kg), mgPerKg: input.mgPerKg ?? Number(protocol.config.dosing.doseMgPerKg.value), minutes: input.minutes ?? Number(protocol.config.dosing.infusionMinutes.value), vialMgPerMl: input.vialMgPerMl, diluentMl: input.diluentMl, weightMeasuredOn: localDate(weight.measured_at, site.time_zone) },
      protocol.config,
      localDate(meta.now, site.time_zone),
    );
    if (!result.ok) throw new AppError('UNPROCESSABLE', `the dose is refused: ${result.refusal.message}`, { code: result.refusal.code, field: result.refusal.field });
    await tx.insertInto('dose_order').values({ session_id: s.id, ordered_by: actor.userId, ordered_at: meta.now, calculation: JSON.stringify({ ...result.calculation, protocolVersion: protocol.version }) }).execute();
    await audit(tx, actor, meta, 'session.dose-order', s, { doseMg: result.calculation.doseMg, rateMlPerHour: result.calculation.rateMlPerHour, protocolVersion: protocol.version });
    await appendLiveEvent(tx, { siteId: s.site_id, sessionId: s.id, type: 'dose-order', payload: { doubleChecked: false }, at: meta.now });
    return sessionView(tx, s.id, meta.now);
  });
}

/** A second licensed user, not the orderer, checks the dose, proving their password now. */
export async function doubleCheckDose(db: Kysely<Database>, actor: Actor, sessionId: string, stepUpToken: string, meta: RequestMeta) {
  return transact(db, async (tx) => {
    const s = await loadFor(tx, actor, sessionId, meta, 'session.double-check');
    const order = await latestOrder(tx, s.id);
    if (order === undefined) throw new AppError('CONFLICT', 'there is no dose order to check');
    if (order.double_checked_by !== null) throw new AppError('CONFLICT', 'this dose order is already double-checked');
    const checker = await consumeStepUp(tx, actor, stepUpToken, { purpose: 'dose.double-check', differentFrom: order.ordered_by, licensed: true }, meta);
    await tx.updateTable('dose_order').set({ double_checked_by: checker.userId, double_checked_at: meta.now }).where('id', '=', order.id).execute();
    await audit(tx, checker, meta, 'session.double-check', s, { orderId: order.id });
    await appendLiveEvent(tx, { siteId: s.site_id, sessionId: s.id, type: 'dose-order', payload: { orderId: order.id, doubleChecked: true }, at: meta.now });
    return sessionView(tx, s.id, meta.now);
  });
}

export async function changeRate(db: Kysely<Database>, actor: Actor, sessionId: string, rateMlPerHour: number, reason: string, meta: RequestMeta) {
  return transact(db, async (tx) => {
    const s = await loadFor(tx, actor, sessionId, meta, 'session.rate');
    if (s.state !== 'infusing') throw new AppError('INVALID_TRANSITION', `the rate changes while infusing (the session is ${s.state})`, { current: s.state, allowed: allowedSteps(s.state) });
    await tx.insertInto('infusion_event').values({ session_id: s.id, kind: 'rate', at: meta.now, actor_id: actor.userId, rate_ml_per_hour: rateMlPerHour, reason }).execute();
    await audit(tx, actor, meta, 'session.rate', s, { rateMlPerHour, reason });
    await appendLiveEvent(tx, { siteId: s.site_id, sessionId: s.id, type: 'infusion-rate', payload: { rateMlPerHour }, at: meta.now });
    return sessionView(tx, s.id, meta.now);
  });
}

/**
 * One reading as staff or a monitor send it. Only the shape is checked here (types, whole numbers
 * where the value is one); whether a value is physiologically plausible is core's rule with the
 * site's protocol (`checkReadingPlausibility`), so a site's plausible ranges are followed.
 */
export const ReadingSchema = z.strictObject({
  clientId: z.string().trim().min(1).max(100),
  measuredAt: z.iso.datetime({ offset: true }),
  systolic: z.number().int().optional(),
  diastolic: z.number().int().optional(),
  heartRate: z.number().int().optional(),
  spo2: z.number().int().optional(),
  respiratoryRate: z.number().int().optional(),
  moaas: z.number().int().optional(),
  temperature: z.number().optional(),
});
export type ReadingInput = z.infer<typeof ReadingSchema>;

const toReading = (r: { systolic?: number | null; diastolic?: number | null; heart_rate?: number | null; heartRate?: number | null; spo2?: number | null; respiratory_rate?: number | null; respiratoryRate?: number | null; moaas?: number | null; temperature?: number | null; temperature_c?: string | number | null }): VitalsReading => {
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

/** A reading of a batch that was not stored, and why: by index in the batch, each problem with its field. */
export interface RefusedReading {
  index: number;
  clientId: string | null;
  issues: { field: string; message: string; rule?: string; parameter?: ReturnType<typeof parameterRefs>[number] }[];
}

/** How far in the future a reading's time may be (clock skew between a monitor and the server). */
const FUTURE_TOLERANCE_MS = 60_000;

/** Checks one reading of a batch: its shape, then core's plausibility with the session's protocol; the parsed reading or its refusal. */
function checkReading(raw: unknown, index: number, protocol: SiteProtocol, now: Date): { ok: true; reading: ReadingInput } | { ok: false; refused: RefusedReading } {
  const clientId = typeof raw === 'object' && raw !== null && typeof (raw as { clientId?: unknown }).clientId === 'string' ? ((raw as { clientId: string }).clientId || null) : null;
  const field = (f: string) => `body.readings.${index}.${f}`;
  const parsed = ReadingSchema.safeParse(raw);
  if (!parsed.success) {
    return { ok: false, refused: { index, clientId, issues: parsed.error.issues.map((i) => ({ field: i.path.length === 0 ? `body.readings.${index}` : field(i.path.map(String).join('.')), message: i.message })) } };
  }
  const r = parsed.data;
  const issues: RefusedReading['issues'] = checkReadingPlausibility(toReading(r), protocol.config.vitals).map((i) => ({
    field: i.field === 'reading' ? `body.readings.${index}` : field(i.field),
    message: i.message,
    rule: i.rule,
    ...(i.parameter !== undefined ? { parameter: parameterRefs(protocol.config, [i.parameter])[0] } : {}),
  }));
  if (Date.parse(r.measuredAt) > now.getTime() + FUTURE_TOLERANCE_MS) issues.push({ field: field('measuredAt'), message: 'is in the future' });
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
export async function recordReadings(db: Kysely<Database>, by: { actor?: Actor; deviceSiteId?: string }, sessionId: string, readings: readonly unknown[], meta: RequestMeta) {
  return transact(db, async (tx) => {
    const s = by.actor !== undefined ? await loadFor(tx, by.actor, sessionId, meta, 'session.vitals') : await lockSession(tx, sessionId);
    if (by.deviceSiteId !== undefined && by.deviceSiteId !== s.site_id) throw new AppError('FORBIDDEN', 'this device token belongs to another site');
    if (s.state === 'discharged' || s.state === 'aborted' || s.state === 'scheduled') throw new AppError('INVALID_TRANSITION', `readings are recorded from check-in to discharge (the session is ${s.state})`, { current: s.state, allowed: allowedSteps(s.state) });
    const protocol = await protocolForSession(tx, s, meta.now);
    const refused: RefusedReading[] = [];
    const valid: ReadingInput[] = [];
    readings.forEach((raw, index) => {
      const checked = checkReading(raw, index, protocol, meta.now);
      if (checked.ok) valid.push(checked.reading);
      else refused.push(checked.refused);
    });
    const auditDetails = { received: readings.length, refused: refused.map((r) => ({ index: r.index, fields: r.issues.map((i) => i.field) })) };
    if (valid.length === 0) {
      const issues = refused.flatMap((r) => r.issues);
      throw refusal(by.actor ?? { userId: null, roles: ['device'] }, meta, s, 'session.vitals', 'VALIDATION_FAILED', `no reading could be stored: ${issues.map((i) => `${i.field}: ${i.message}`).join('; ')}`, { code: 'READINGS_REFUSED', issues, refused, protocolVersion: protocol.version }, { ...auditDetails, protocolVersion: protocol.version });
    }
    const preDoseRow = await tx.selectFrom('vital_reading').selectAll().where('session_id', '=', s.id).where('phase', '=', 'pre-dose').where('systolic', 'is not', null).orderBy('measured_at', 'desc').limit(1).executeTakeFirst();
    const rules = [ruleId(vitalSignsRule)];
    let stored = 0;
    let pauseRecommended = false;
    const levels: string[] = [];
    for (const r of valid) {
      const at = new Date(r.measuredAt);
      const phase = phaseAt(s, at);
      const c = classifyVitals(toReading(r), phase, preDoseRow === undefined ? undefined : toReading(preDoseRow), protocol.config.vitals);
      const inserted = await tx
        .insertInto('vital_reading')
        .values({ session_id: s.id, client_id: r.clientId, measured_at: at, systolic: r.systolic ?? null, diastolic: r.diastolic ?? null, heart_rate: r.heartRate ?? null, spo2: r.spo2 ?? null, respiratory_rate: r.respiratoryRate ?? null, moaas: r.moaas ?? null, temperature_c: r.temperature ?? null, source: by.actor === undefined ? 'device' : 'manual', phase, level: c.level, fired: JSON.stringify(c.fired), received_at: meta.now, recorded_by: by.actor?.userId ?? null, protocol_version: protocol.version })
        .onConflict((oc) => oc.columns(['session_id', 'client_id']).doNothing())
        .returning('client_id')
        .executeTakeFirst();
      if (inserted === undefined) continue;
      stored++;
      levels.push(c.level);
      if (c.level !== 'normal') {
        await tx.insertInto('session_alert').values({ session_id: s.id, kind: `vitals:${phase}`, level: c.level, details: JSON.stringify({ clientId: r.clientId, measuredAt: at.toISOString(), fired: c.fired }), raised_at: meta.now, protocol_version: protocol.version, rule_ids: rules }).execute();
        if (phase === 'infusing' && c.level === 'pause' && s.state === 'infusing') pauseRecommended = true;
      }
    }
    if (pauseRecommended) await tx.updateTable('dosing_session').set({ pause_recommended: true, updated_at: meta.now }).where('id', '=', s.id).execute();
    if (stored > 0) await appendLiveEvent(tx, { siteId: s.site_id, sessionId: s.id, type: 'vitals', payload: { stored, levels, pauseRecommended }, at: meta.now });
    await audit(tx, by.actor ?? { userId: null, roles: ['device'] }, meta, 'session.vitals', s, { ...auditDetails, stored, protocolVersion: protocol.version });
    return { stored, duplicates: valid.length - stored, refused };
  });
}

/** Staff acknowledge an alert; a pre-dose hold and an escalation need a prescriber, a hold with a note (the override). */
export async function acknowledgeAlert(db: Kysely<Database>, actor: Actor, alertId: string, note: string | undefined, meta: RequestMeta) {
  return transact(db, async (tx) => {
    const alert = await tx.selectFrom('session_alert').selectAll().where('id', '=', alertId).forUpdate().executeTakeFirst();
    if (alert === undefined) throw notFound('alert', alertId);
    const s = await loadFor(tx, actor, alert.session_id, meta, 'session.alert');
    if (alert.acknowledged_at !== null) throw new AppError('CONFLICT', 'this alert is already acknowledged');
    const prescriberOnly = alert.kind === 'vitals:pre-dose' || alert.level === 'escalate';
    if (prescriberOnly && !actor.roles.some((r) => r === 'prescriber' || r === 'medical-director')) throw new AppError('FORBIDDEN', 'a prescriber acknowledges this alert');
    if (alert.level === 'hold' && (note === undefined || note.trim().length < 3)) throw new AppError('VALIDATION_FAILED', 'body.note: overriding a hold needs a reason', { issues: [{ field: 'body.note', message: 'required for a hold' }] });
    await tx.updateTable('session_alert').set({ acknowledged_by: actor.userId, acknowledged_at: meta.now, note: note ?? null }).where('id', '=', alertId).execute();
    await audit(tx, actor, meta, 'session.alert.acknowledge', s, { alertId, level: alert.level, ...(note ? { note } : {}) });
    await appendLiveEvent(tx, { siteId: s.site_id, sessionId: s.id, type: 'alert-acknowledged', payload: { alertId, level: alert.level }, at: meta.now });
    return sessionView(tx, s.id, meta.now);
  });
}

/** The nurse records why the recommended pause was not done. */
export async function declinePause(db: Kysely<Database>, actor: Actor, sessionId: string, reason: string, meta: RequestMeta) {
  return transact(db, async (tx) => {
    const s = await loadFor(tx, actor, sessionId, meta, 'session.decline-pause');
    if (!s.pause_recommended) throw new AppError('CONFLICT', 'no pause is recommended');
    await tx.updateTable('dosing_session').set({ pause_recommended: false, updated_at: meta.now }).where('id', '=', s.id).execute();
    await audit(tx, actor, meta, 'session.decline-pause', s, { reason });
    await appendLiveEvent(tx, { siteId: s.site_id, sessionId: s.id, type: 'pause-declined', payload: {}, at: meta.now });
    return sessionView(tx, s.id, meta.now);
  });
}

export async function recordAldrete(db: Kysely<Database>, actor: Actor, sessionId: string, scores: Record<string, number>, meta: RequestMeta) {
  return transact(db, async (tx) => {
    const s = await loadFor(tx, actor, sessionId, meta, 'session.aldrete');
    if (s.state !== 'observing') throw new AppError('INVALID_TRANSITION', `the Aldrete score is taken while observing (the session is ${s.state})`, { current: s.state, allowed: allowedSteps(s.state) });
    await tx.updateTable('dosing_session').set({ aldrete: JSON.stringify(scores), updated_at: meta.now }).where('id', '=', s.id).execute();
    await audit(tx, actor, meta, 'session.aldrete', s, { scores });
    await appendLiveEvent(tx, { siteId: s.site_id, sessionId: s.id, type: 'aldrete', payload: {}, at: meta.now });
    return sessionView(tx, s.id, meta.now);
  });
}

async function dischargeReadiness(tx: Tx | Kysely<Database>, s: { id: string; checklist: Record<string, unknown>; infusion_started_at: Date | null; infusion_ended_at: Date | null; aldrete: unknown }, protocol: SiteProtocol, now: Date) {
  const escalations = await tx.selectFrom('session_alert').select(['raised_at', 'acknowledged_at', 'details']).where('session_id', '=', s.id).where('level', '=', 'escalate').execute();
  if (s.infusion_started_at === null) return { ready: false, unmet: [{ id: 'infusion', message: 'the infusion has not started' }], conditions: [] };
  return assessDischargeReadiness(
    {
      infusionStart: s.infusion_started_at.toISOString(),
      ...(s.infusion_ended_at ? { infusionEnd: s.infusion_ended_at.toISOString() } : {}),
      readings: await timedReadings(tx, s.id),
      ...(s.aldrete ? { aldrete: s.aldrete as Record<string, number> } : {}),
      escortConfirmed: (s.checklist as ChecklistInput).escortConfirmed === true,
      // When the escalating reading was measured (a late batch is raised after it).
      escalations: escalations.map((e) => ({ at: (e.details as { measuredAt?: string }).measuredAt ?? e.raised_at.toISOString(), acknowledged: e.acknowledged_at !== null })),
    },
    now.toISOString(),
    protocol.config.vitals,
  );
}

/** Everything the session console shows. */
export async function sessionView(tx: Tx | Kysely<Database>, sessionId: string, now: Date) {
  const s = await tx.selectFrom('dosing_session').selectAll().where('id', '=', sessionId).executeTakeFirstOrThrow();
  const protocol = await protocolForSession(tx as Tx, s, now);
  const order = await latestOrder(tx, s.id);
  const events = await tx.selectFrom('infusion_event').selectAll().where('session_id', '=', s.id).orderBy('id').execute();
  const readings = await tx.selectFrom('vital_reading').selectAll().where('session_id', '=', s.id).orderBy('measured_at').execute();
  const alerts = await tx.selectFrom('session_alert').selectAll().where('session_id', '=', s.id).orderBy('raised_at').execute();
  // Infused volume: the pump rate integrated over the running intervals.
  let infusedMl = 0;
  let rate = 0;
  let runningSince: number | null = null;
  for (const e of events) {
    const t = e.at.getTime();
    if (runningSince !== null) infusedMl += (rate * (t - runningSince)) / 3_600_000;
    if (e.kind === 'start' || e.kind === 'rate') rate = Number(e.rate_ml_per_hour);
    runningSince = e.kind === 'pause' || e.kind === 'stop' ? null : e.kind === 'resume' || e.kind === 'start' || e.kind === 'rate' ? t : runningSince;
  }
  if (runningSince !== null) infusedMl += (rate * (now.getTime() - runningSince)) / 3_600_000;
  // CADSS-6 ratings at the chair are questionnaire responses of the session (item level, scored by core).
  const cadss6 = await tx.selectFrom('questionnaire_response').select(['id', 'answers', 'total', 'completed_at']).where('session_id', '=', s.id).where('instrument', '=', 'cadss6').orderBy('completed_at').execute();
  let monitoring: unknown = null;
  if (s.infusion_started_at !== null) {
    const planned = Number((order?.calculation as { inputs?: { minutes?: number } } | undefined)?.inputs?.minutes ?? protocol.config.dosing.infusionMinutes.value);
    const schedule = buildMonitoringSchedule(s.infusion_started_at.toISOString(), s.infusion_ended_at === null ? { plannedMinutes: planned } : s.infusion_ended_at.toISOString(), protocol.config.vitals, { untilAt: now.toISOString() });
    const recorded = [
      ...readings.flatMap((r) => [...(r.systolic !== null ? [{ kind: 'vitals' as const, at: r.measured_at.toISOString() }] : []), ...(r.moaas !== null ? [{ kind: 'moaas' as const, at: r.measured_at.toISOString() }] : [])]),
      ...cadss6.map((c) => ({ kind: 'cadss6' as const, at: c.completed_at.toISOString() })),
    ];
    monitoring = { items: schedule.items, overdue: findOverdue(schedule, recorded, now.toISOString(), protocol.config.vitals) };
  }
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
    protocol: { version: protocol.version, signed: protocol.signed, overrides: overridesOf(protocol.config, ['vitals.', 'dosing.', 'preDose.']) },
    pauseRecommended: s.pause_recommended,
    infusionStartedAt: s.infusion_started_at?.toISOString() ?? null,
    infusionEndedAt: s.infusion_ended_at?.toISOString() ?? null,
    checklist: { values: s.checklist, ...(await checklistStatus(tx, s, protocol, now)) },
    doseOrder: order === undefined ? null : { id: order.id, orderedBy: order.ordered_by, orderedAt: order.ordered_at.toISOString(), calculation: order.calculation, doubleCheckedBy: order.double_checked_by, doubleCheckedAt: order.double_checked_at?.toISOString() ?? null },
    infusion: { events: events.map((e) => ({ kind: e.kind, at: e.at.toISOString(), rateMlPerHour: e.rate_ml_per_hour === null ? null : Number(e.rate_ml_per_hour), reason: e.reason })), infusedMl: Math.round(infusedMl * 10) / 10 },
    readings: readings.map((r) => ({ clientId: r.client_id, measuredAt: r.measured_at.toISOString(), systolic: r.systolic, diastolic: r.diastolic, heartRate: r.heart_rate, spo2: r.spo2, respiratoryRate: r.respiratory_rate, moaas: r.moaas, temperature: r.temperature_c === null ? null : Number(r.temperature_c), phase: r.phase, level: r.level, source: r.source, protocolVersion: r.protocol_version })),
    cadss6: cadss6.map((c) => ({ id: c.id, answers: c.answers, total: c.total, ratedAt: c.completed_at.toISOString() })),
    alerts: alerts.map((a) => ({ id: a.id, kind: a.kind, level: a.level, details: a.details, raisedAt: a.raised_at.toISOString(), acknowledgedAt: a.acknowledged_at?.toISOString() ?? null, note: a.note, protocolVersion: a.protocol_version, ruleIds: a.rule_ids })),
    monitoring,
    discharge: s.state === 'observing' ? await dischargeReadiness(tx, s, protocol, now) : null,
  };
}

export async function getSession(db: Kysely<Database>, actor: Actor, sessionId: string, meta: RequestMeta) {
  return transact(db, async (tx) => {
    const s = await loadFor(tx, actor, sessionId, meta, 'session.read');
    await audit(tx, actor, meta, 'session.read', s);
    return sessionView(tx, s.id, meta.now);
  });
}

/** Creates the dosing session of every dosing event that has none (called when events are booked). */
export async function createSessionsForEvents(tx: Tx, eventIds: string[], now: Date): Promise<void> {
  if (eventIds.length === 0) return;
  const events = await tx.selectFrom('scheduled_event as e').innerJoin('enrollment as en', 'en.id', 'e.enrollment_id').select(['e.id', 'e.enrollment_id', 'e.site_id', 'en.patient_id']).where('e.id', 'in', eventIds).where('e.kind', '=', 'dosing').execute();
  for (const e of events) {
    await tx.insertInto('dosing_session').values({ event_id: e.id, enrollment_id: e.enrollment_id, patient_id: e.patient_id, site_id: e.site_id, state: 'scheduled', checklist: '{}', created_at: now, updated_at: now }).onConflict((oc) => oc.column('event_id').doNothing()).execute();
  }
}

/**
 * Raises an alert for every scheduled vital sign, MOAA/S or CADSS-6 not recorded within the
 * overdue window (core's monitoring schedule), once per item. Run every minute by the server.
 */
export async function raiseOverdueAlerts(db: Kysely<Database>, now: Date): Promise<number> {
  const open = await db.selectFrom('dosing_session').select('id').where('state', 'in', ['infusing', 'paused', 'observing']).execute();
  let raised = 0;
  for (const { id } of open) {
    raised += await transact(db, async (tx) => {
      const s = await lockSession(tx, id);
      if (!['infusing', 'paused', 'observing'].includes(s.state)) return 0;
      const view = await sessionView(tx, s.id, now);
      const overdue = ((view.monitoring as { overdue?: { item: { id: string; kind: string; dueAt: string }; minutesPastDue: number }[] } | null)?.overdue ?? []);
      if (overdue.length === 0) return 0;
      const known = new Set(
        (await tx.selectFrom('session_alert').select('details').where('session_id', '=', s.id).where('kind', '=', 'overdue').execute()).map((a) => (a.details as { itemId?: string }).itemId),
      );
      let n = 0;
      for (const o of overdue) {
        if (known.has(o.item.id)) continue;
        await tx.insertInto('session_alert').values({ session_id: s.id, kind: 'overdue', level: 'warn', details: JSON.stringify({ itemId: o.item.id, item: o.item.kind, dueAt: o.item.dueAt }), raised_at: now, protocol_version: view.protocolVersion, rule_ids: [ruleId(overdueRule)] }).execute();
        await appendLiveEvent(tx, { siteId: s.site_id, sessionId: s.id, type: 'overdue', payload: { itemId: o.item.id, item: o.item.kind, dueAt: o.item.dueAt }, at: now });
        n++;
      }
      return n;
    });
  }
  return raised;
}
