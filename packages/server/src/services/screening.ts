/**
 * Screening: the facts gathered (from the patient's details, the consent signature and the
 * screening form), the decision computed by core with every check, message and source, overrides
 * with reasons (step-up), and the prescriber's decision. Changed facts recompute the decision;
 * earlier assessments are kept, and overrides belong to the assessment they were given on.
 *
 * @module
 */
import {
  ACTIVE_ENROLLMENT_STATES,
  CLEARED_ENROLLMENT_STATES,
  ScreeningInputSchema,
  type EnrollmentState,
  type PatientFact,
  type PatientFactKind,
  type ScreeningAssessment,
  type ScreeningDecisionBody,
  type ScreeningDecisionResult,
  type ScreeningHold,
  type ScreeningHoldReleaseBody,
  type ScreeningInput,
  type ScreeningOverrideBody,
  type ScreeningView,
} from '@kairos/api';
import {
  assessEligibility,
  CONDITION_CODES,
  ruleRef,
  SCREENING_RULES,
  localDateOf,
  type CheckOutcome,
  type ScreeningFacts,
} from '@kairos/core';
import { sql } from 'kysely';
import { AppError } from '../errors.js';
import { audit } from './audit.js';
import { consentStatus } from './consent.js';
import {
  enrollmentView,
  loadEnrollmentFor,
  moveEnrollment,
  unresolvedItems,
  type AssessmentItems,
  type StoredAssessmentResult,
} from './enrollments.js';
import { activeFacts } from './patient-details.js';
import { protocolInForce } from './protocol.js';
import type { Actor, RequestMeta } from './context.js';
import { consumeStepUp } from './sign-in/step-up.js';
import { AuditedRefusal, transact } from './transaction.js';
import { appendLiveEvent } from '../events/live-events.js';
import type { Db } from '../store/database.js';

// The demo loader takes the form's schema from here.

const EMPTY_INPUT: ScreeningInput = ScreeningInputSchema.parse({});

async function inputOf(db: Db, enrollmentId: string): Promise<ScreeningInput> {
  const row = await db.selectFrom('screening_input').select('data').where('enrollment_id', '=', enrollmentId).executeTakeFirst();
  const parsed = ScreeningInputSchema.safeParse(row?.data ?? {});
  return parsed.success ? parsed.data : EMPTY_INPUT;
}

/** Gathers the facts core needs: patient details, the form, and the consent signature date. */
async function assembleFacts(
  db: Db,
  enrollment: { id: string; patient_id: string },
  input: ScreeningInput,
  timeZone: string,
): Promise<ScreeningFacts> {
  const patient = await db.selectFrom('patient').select('birth_date').where('id', '=', enrollment.patient_id).executeTakeFirstOrThrow();
  const facts = await activeFacts(db, enrollment.patient_id);
  const of = <K extends PatientFactKind>(kind: K) => facts.filter((f): f is Extract<PatientFact, { kind: K }> => f.kind === kind);
  // Contraindications only: a condition recorded for monitoring (controlled hypertension) is no screening fact.
  const conditions = of('condition')
    .filter((f) => (CONDITION_CODES as readonly string[]).includes(f.data.code))
    .map((f) => ({ code: f.data.code, severe: f.data.severe === true }));
  const medications = of('medication').map((f) => ({
    name: f.data.name,
    dailyDoseMg: f.data.dailyDoseMg ?? null,
    rxcui: f.data.rxcui ?? null,
  }));
  const vitals = await db
    .selectFrom('patient_vitals')
    .selectAll()
    .where('patient_id', '=', enrollment.patient_id)
    .where('systolic', 'is not', null)
    .where('diastolic', 'is not', null)
    .orderBy('measured_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  const weight = await db
    .selectFrom('patient_vitals')
    .select(['weight_kg', 'measured_at'])
    .where('patient_id', '=', enrollment.patient_id)
    .where('weight_kg', 'is not', null)
    .orderBy('measured_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  const consent = await consentStatus(db, enrollment.id);
  const diagnoses = of('diagnosis').map((f) => f.data.code);
  const allergies = of('allergy').map((f) => ({
    substance: f.data.substance,
    reaction: f.data.reaction ?? null,
    type: f.data.type ?? null,
  }));
  return {
    patient: { birthDate: patient.birth_date, pregnancyPossible: input.pregnancyPossible },
    ...(diagnoses.length > 0 ? { diagnoses } : {}),
    allergies,
    priorTreatments: input.priorTreatments,
    ...(conditions.length > 0 || input.conditionsReviewed ? { conditions } : {}),
    cardiovascularRiskFactors: input.cardiovascularRiskFactors,
    ...(vitals === undefined
      ? {}
      : {
          vitals: {
            systolic: vitals.systolic,
            diastolic: vitals.diastolic,
            heartRate: vitals.heart_rate,
            spo2: vitals.spo2,
            weightKg: weight === undefined ? null : Number(weight.weight_kg),
            measuredOn: localDateOf(vitals.measured_at, timeZone),
          },
        }),
    ...(medications.length > 0 || input.medicationsReviewed ? { medications } : {}),
    completed: {
      ...input.completed,
      informedConsent: consent.signed && consent.signedAt !== undefined ? localDateOf(new Date(consent.signedAt), timeZone) : null,
    },
  };
}

/** Computes and stores a new assessment for an enrollment in screening. */
/** Who caused a recomputation: a staff user, or the patient through the portal (no user). */
export interface Causer {
  userId: string | null;
  roles: readonly string[];
}

async function recompute(
  tx: Db,
  enrollment: { id: string; patient_id: string; site_id: string },
  actor: Causer,
  meta: RequestMeta,
): Promise<{ id: string; result: AssessmentItems }> {
  const site = await tx.selectFrom('site').select('time_zone').where('id', '=', enrollment.site_id).executeTakeFirstOrThrow();
  const asOf = localDateOf(meta.now, site.time_zone);
  const facts = await assembleFacts(tx, enrollment, await inputOf(tx, enrollment.id), site.time_zone);
  const protocol = await protocolInForce(tx, enrollment.site_id, meta.now);
  let result;
  try {
    result = assessEligibility(facts, protocol.config, asOf);
  } catch (err) {
    if (err instanceof Error && 'field' in err) {
      const field = String((err as { field: unknown }).field);
      throw new AppError('VALIDATION_FAILED', `${field}: ${err.message}`, { issues: [{ field, message: err.message }] });
    }
    throw err;
  }
  const ruleIds = SCREENING_RULES.map(ruleRef);
  const row = await tx
    .insertInto('screening_assessment')
    .values({
      enrollment_id: enrollment.id,
      computed_at: meta.now,
      as_of: asOf,
      facts: JSON.stringify(facts),
      result: JSON.stringify({ ...result, ruleIds }),
      decision: result.decision,
      protocol_version: protocol.version,
      computed_by: actor.userId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await audit(
    tx,
    { ...meta, actor },
    {
      action: 'screening.assess',
      recordType: 'enrollment',
      recordId: enrollment.id,
      patientId: enrollment.patient_id,
      outcome: 'allowed',
      details: { decision: result.decision, protocolVersion: protocol.version },
    },
  );
  return { id: row.id, result };
}

/** Enrollments whose screening is recomputed when a fact changes. */
const ACTIVE_STATES: readonly EnrollmentState[] = ACTIVE_ENROLLMENT_STATES;
/** States the patient reached through a decision of eligibility: a worse screening holds them for review. */
const CLEARED_STATES: readonly EnrollmentState[] = CLEARED_ENROLLMENT_STATES;

const RANK: Record<CheckOutcome, number> = { pass: 0, warn: 1, missing: 1, fail: 2 };

/** Every item of an assessment that is not a pass, with how bad it is (1 review, 2 failed) and its words. */
function itemsOf(result: AssessmentItems): Map<string, { rank: number; words: string }> {
  const items = new Map<string, { rank: number; words: string }>();
  for (const c of result.checks)
    if (c.outcome !== 'pass') items.set(c.id, { rank: RANK[c.outcome], words: `${c.id}: ${c.outcome} (${c.message})` });
  for (const i of result.interactions) {
    if (i.severity === 'hold-before-session' || i.severity === 'contraindicated')
      items.set(`interaction:${i.class}`, { rank: 1, words: `interaction ${i.class} (${i.medication}): ${i.severity}` });
  }
  return items;
}

/**
 * The assessment the patient was cleared on: the one of the eligible decision, or the one a later
 * review hold was released on, whichever is newer.
 */
async function clearedOn(tx: Db, enrollmentId: string): Promise<AssessmentItems | undefined> {
  const decided = await tx
    .selectFrom('screening_decision')
    .select(['assessment_id', 'at'])
    .where('enrollment_id', '=', enrollmentId)
    .where('outcome', '=', 'eligible')
    .orderBy('at', 'desc')
    .limit(1)
    .executeTakeFirst();
  const released = await tx
    .selectFrom('screening_hold')
    .select(['assessment_id', 'released_at'])
    .where('enrollment_id', '=', enrollmentId)
    .where('released_at', 'is not', null)
    .orderBy('released_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  const basis =
    released !== undefined && (decided === undefined || (released.released_at as Date) >= decided.at)
      ? released.assessment_id
      : decided?.assessment_id;
  if (basis === undefined) return undefined;
  const row = await tx.selectFrom('screening_assessment').select('result').where('id', '=', basis).executeTakeFirstOrThrow();
  return row.result as StoredAssessmentResult;
}

/**
 * After the decision, a recomputed screening that is worse than the one the patient was cleared on
 * (an item that was a pass is now a warning, missing or failed, a warning now fails, a new
 * holding interaction) puts a review hold on the enrollment: no dosing session starts until a
 * prescriber (a medical director for a failed check) releases it with a reason. The care team's
 * prescriber gets a task (the medical directors when there is none). The enrollment keeps its state.
 */
async function holdIfWorse(
  tx: Db,
  e: { id: string; patient_id: string; site_id: string },
  assessment: { id: string; result: AssessmentItems },
  actor: Causer,
  meta: RequestMeta,
): Promise<void> {
  const basis = await clearedOn(tx, e.id);
  if (basis === undefined) return;
  const before = itemsOf(basis);
  const worse = [...itemsOf(assessment.result)].filter(([id, item]) => item.rank > (before.get(id)?.rank ?? 0));
  if (worse.length === 0) return;
  const kind = worse.some(([, item]) => item.rank >= 2) ? 'absolute' : 'needs-review';
  const reasons = worse.map(([, item]) => item.words);
  const open = await tx
    .selectFrom('screening_hold')
    .selectAll()
    .where('enrollment_id', '=', e.id)
    .where('released_at', 'is', null)
    .forUpdate()
    .executeTakeFirst();
  if (open !== undefined) {
    // One open hold per enrollment: it follows the latest assessment, and never softens.
    const merged = [...new Set([...(open.reasons as string[]), ...reasons])];
    await tx
      .updateTable('screening_hold')
      .set({ assessment_id: assessment.id, kind: open.kind === 'absolute' ? 'absolute' : kind, reasons: JSON.stringify(merged) })
      .where('id', '=', open.id)
      .execute();
  } else {
    const hold = await tx
      .insertInto('screening_hold')
      .values({ enrollment_id: e.id, assessment_id: assessment.id, kind, reasons: JSON.stringify(reasons), created_at: meta.now })
      .returning('id')
      .executeTakeFirstOrThrow();
    const site = await tx.selectFrom('site').select('time_zone').where('id', '=', e.site_id).executeTakeFirstOrThrow();
    const prescriber = await tx
      .selectFrom('care_team_member')
      .select('user_id')
      .where('patient_id', '=', e.patient_id)
      .where('role', '=', 'prescriber')
      .execute();
    const assignees =
      prescriber.length > 0
        ? prescriber.map((p) => p.user_id)
        : (
            await tx
              .selectFrom('app_user')
              .select('id')
              .where('site_id', '=', e.site_id)
              .where('active', '=', true)
              .where(sql<boolean>`'medical-director' = ANY(roles)`)
              .execute()
          ).map((d) => d.id);
    const reason = `Screening changed after the decision: ${reasons.join('; ')}. No infusion until ${kind === 'absolute' ? 'a medical director' : 'a prescriber'} reviews it.`;
    const task = await tx
      .insertInto('clinical_task')
      .values({
        patient_id: e.patient_id,
        site_id: e.site_id,
        kind: 'screening-review',
        urgency: kind === 'absolute' ? 'urgent' : 'same-day',
        reason,
        details: JSON.stringify({ enrollmentId: e.id, holdId: hold.id, assessmentId: assessment.id }),
        source_response_id: null,
        assignees,
        due_date: localDateOf(meta.now, site.time_zone),
        created_at: meta.now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await appendLiveEvent(tx, {
      siteId: e.site_id,
      type: 'risk-task',
      payload: { taskId: task.id, urgency: kind === 'absolute' ? 'urgent' : 'same-day', kind: 'screening-review' },
      at: meta.now,
    });
  }
  await audit(
    tx,
    { ...meta, actor },
    {
      action: 'screening.hold',
      recordType: 'enrollment',
      recordId: e.id,
      patientId: e.patient_id,
      outcome: 'allowed',
      details: { kind, reasons, assessmentId: assessment.id },
    },
  );
}

/**
 * Re-runs the screening of every active enrollment of the patient (a fact changed: a condition,
 * a medication, an allergy, vital signs, the form, consent): in screening it informs the decision;
 * after the decision a worse result holds the enrollment for review ({@link holdIfWorse}). The
 * earlier assessments stay.
 */
export async function recomputeOpenScreenings(tx: Db, patientId: string, actor: Causer, meta: RequestMeta): Promise<void> {
  const active = await tx
    .selectFrom('enrollment')
    .select(['id', 'patient_id', 'site_id', 'state'])
    .where('patient_id', '=', patientId)
    .where('state', 'in', ACTIVE_STATES)
    .execute();
  for (const e of active) {
    const assessment = await recompute(tx, e, actor, meta);
    if (CLEARED_STATES.includes(e.state)) await holdIfWorse(tx, e, assessment, actor, meta);
  }
}

/** The open review hold of an enrollment, if any. */
export async function openScreeningHold(db: Db, enrollmentId: string): Promise<ScreeningHold | undefined> {
  const h = await db
    .selectFrom('screening_hold')
    .select(['id', 'kind', 'reasons', 'created_at'])
    .where('enrollment_id', '=', enrollmentId)
    .where('released_at', 'is', null)
    .executeTakeFirst();
  return h === undefined ? undefined : { id: h.id, kind: h.kind, reasons: h.reasons as string[], since: h.created_at.toISOString() };
}

/**
 * Releases a review hold with a reason, through the releaser's own step-up: a needs-review hold
 * by a prescriber (or medical director); a hold for a failed check (an absolute contraindication)
 * only by a medical director. The hold's task is closed with the reason.
 */
export async function releaseScreeningHold(
  db: Db,
  actor: Actor,
  enrollmentId: string,
  input: ScreeningHoldReleaseBody,
  meta: RequestMeta,
): Promise<ScreeningView> {
  return transact(db, async (tx) => {
    const e = await loadEnrollmentFor(tx, actor, enrollmentId, meta, 'screening.release-hold');
    const hold = await tx
      .selectFrom('screening_hold')
      .selectAll()
      .where('enrollment_id', '=', e.id)
      .where('released_at', 'is', null)
      .forUpdate()
      .executeTakeFirst();
    if (hold === undefined) throw new AppError('CONFLICT', 'this enrollment has no review hold', { code: 'NO_HOLD' });
    const denied = (message: string, code: string) =>
      new AuditedRefusal(
        'FORBIDDEN',
        message,
        { ...meta, actor },
        {
          action: 'screening.release-hold',
          recordType: 'enrollment',
          recordId: e.id,
          patientId: e.patient_id,
          outcome: 'denied',
          details: { code, kind: hold.kind },
        },
        { code, kind: hold.kind },
      );
    if (hold.kind === 'absolute' && !actor.roles.includes('medical-director'))
      throw denied(
        'this hold is for a failed check (an absolute contraindication): only a medical director releases it',
        'HOLD_NEEDS_DIRECTOR',
      );
    if (!actor.roles.includes('medical-director') && !actor.roles.includes('prescriber'))
      throw denied('a prescriber releases a review hold', 'HOLD_NEEDS_PRESCRIBER');
    const signer = await consumeStepUp(tx, actor, input.stepUpToken, { purpose: 'screening.release-hold' }, meta);
    if (signer.userId !== actor.userId)
      throw new AppError('FORBIDDEN', 'a hold is released by the signed-in prescriber, proving their own password');
    await tx
      .updateTable('screening_hold')
      .set({ released_at: meta.now, released_by: actor.userId, release_reason: input.reason })
      .where('id', '=', hold.id)
      .execute();
    await tx
      .updateTable('clinical_task')
      .set({ completed_at: meta.now, completed_by: actor.userId, outcome_note: `hold released: ${input.reason}` })
      .where('kind', '=', 'screening-review')
      .where('completed_at', 'is', null)
      .where(sql<boolean>`details->>'holdId' = ${hold.id}`)
      .execute();
    await audit(
      tx,
      { ...meta, actor },
      {
        action: 'screening.release-hold',
        recordType: 'enrollment',
        recordId: e.id,
        patientId: e.patient_id,
        outcome: 'allowed',
        details: { holdId: hold.id, kind: hold.kind, reason: input.reason },
      },
    );
    return screeningView(tx, enrollmentId);
  });
}

export async function screeningView(db: Db, enrollmentId: string): Promise<ScreeningView> {
  const input = await inputOf(db, enrollmentId);
  const assessments = await db
    .selectFrom('screening_assessment')
    .selectAll()
    .where('enrollment_id', '=', enrollmentId)
    .orderBy('seq', 'desc')
    .execute();
  const toView = (a: (typeof assessments)[number]): ScreeningAssessment => {
    const r = a.result as StoredAssessmentResult;
    // Assessments stored before unrecognised medications were reported have none.
    return {
      id: a.id,
      computedAt: a.computed_at.toISOString(),
      asOf: a.as_of,
      protocolVersion: a.protocol_version,
      decision: a.decision,
      checks: r.checks,
      interactions: r.interactions,
      unrecognisedMedications: r.unrecognisedMedications ?? [],
    };
  };
  const latest = assessments[0];
  const overrides =
    latest === undefined
      ? []
      : await db
          .selectFrom('screening_override as o')
          .innerJoin('app_user as u', 'u.id', 'o.by_user')
          .select(['o.check_id', 'o.reason', 'o.at', 'u.display_name'])
          .where('o.assessment_id', '=', latest.id)
          .orderBy('o.at')
          .execute();
  const decisionRow = await db
    .selectFrom('screening_decision as d')
    .innerJoin('app_user as u', 'u.id', 'd.by_user')
    .select(['d.outcome', 'd.reason', 'd.at', 'u.display_name'])
    .where('d.enrollment_id', '=', enrollmentId)
    .orderBy('d.at', 'desc')
    .limit(1)
    .executeTakeFirst();
  const enrollment = await db.selectFrom('enrollment').select(['state']).where('id', '=', enrollmentId).executeTakeFirstOrThrow();
  const consent = await consentStatus(db, enrollmentId);
  const why: string[] = [];
  if (enrollment.state !== 'screening') why.push(`the enrollment is ${enrollment.state}, not in screening`);
  if (!consent.signed) why.push('the patient has not signed the current consent');
  if (latest === undefined) why.push('no screening assessment yet: record the facts');
  const unresolved = latest === undefined ? [] : (await unresolvedItems(db, latest.id, latest.result as StoredAssessmentResult)).unresolved;
  if (unresolved.length > 0) why.push(`unresolved: ${unresolved.join(', ')}`);
  const hold = await openScreeningHold(db, enrollmentId);
  return {
    facts: input,
    /** A review hold: the screening got worse after the decision; no dosing session starts until it is released. */
    hold: hold ?? null,
    assessment: latest === undefined ? null : toView(latest),
    history: assessments.slice(1).map(toView),
    overrides: overrides.map((o) => ({ checkId: o.check_id, reason: o.reason, by: o.display_name, at: o.at.toISOString() })),
    decision:
      decisionRow === undefined
        ? null
        : { outcome: decisionRow.outcome, reason: decisionRow.reason, by: decisionRow.display_name, at: decisionRow.at.toISOString() },
    canDecide: { eligible: why.length === 0, ineligible: enrollment.state === 'screening' && latest !== undefined, why },
  };
}

export async function getScreening(db: Db, actor: Actor, enrollmentId: string, meta: RequestMeta): Promise<ScreeningView> {
  return transact(db, async (tx) => {
    const e = await loadEnrollmentFor(tx, actor, enrollmentId, meta, 'screening.read');
    await audit(
      tx,
      { ...meta, actor },
      { action: 'screening.read', recordType: 'enrollment', recordId: e.id, patientId: e.patient_id, outcome: 'allowed' },
    );
    return screeningView(tx, enrollmentId);
  });
}

export async function saveScreeningInput(
  db: Db,
  actor: Actor,
  enrollmentId: string,
  input: ScreeningInput,
  meta: RequestMeta,
): Promise<ScreeningView> {
  return transact(db, async (tx) => {
    const e = await loadEnrollmentFor(tx, actor, enrollmentId, meta, 'screening.record');
    if (!ACTIVE_STATES.includes(e.state))
      throw new AppError('INVALID_TRANSITION', `screening facts are recorded while the enrollment is active (it is ${e.state})`, {
        current: e.state,
        allowed: [],
      });
    await tx
      .insertInto('screening_input')
      .values({ enrollment_id: e.id, data: JSON.stringify(input), updated_at: meta.now, updated_by: actor.userId })
      .onConflict((oc) =>
        oc.column('enrollment_id').doUpdateSet({ data: JSON.stringify(input), updated_at: meta.now, updated_by: actor.userId }),
      )
      .execute();
    const assessment = await recompute(tx, e, actor, meta);
    if (CLEARED_STATES.includes(e.state)) await holdIfWorse(tx, e, assessment, actor, meta);
    return screeningView(tx, enrollmentId);
  });
}

/** Overrides one unresolved item of the latest assessment: warn or missing by a prescriber, fail only by a medical director. */
export async function overrideScreeningCheck(
  db: Db,
  actor: Actor,
  enrollmentId: string,
  input: ScreeningOverrideBody,
  meta: RequestMeta,
): Promise<ScreeningView> {
  return transact(db, async (tx) => {
    const e = await loadEnrollmentFor(tx, actor, enrollmentId, meta, 'screening.override');
    if (e.state !== 'screening')
      throw new AppError('INVALID_TRANSITION', `overrides are given while the enrollment is in screening (it is ${e.state})`, {
        current: e.state,
        allowed: [],
      });
    const latest = await tx
      .selectFrom('screening_assessment')
      .select(['id', 'result'])
      .where('enrollment_id', '=', e.id)
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (latest === undefined) throw new AppError('CONFLICT', 'there is no screening assessment to override yet');
    const result = latest.result as StoredAssessmentResult;
    const { unresolved, failing } = await unresolvedItems(tx, latest.id, result);
    if (!unresolved.includes(input.checkId)) {
      throw new AppError(
        'VALIDATION_FAILED',
        `body.checkId: ${input.checkId} is not an unresolved item of the current assessment (${unresolved.join(', ') || 'none'})`,
        { issues: [{ field: 'body.checkId', message: 'not an unresolved item' }] },
      );
    }
    const signer = await consumeStepUp(tx, actor, input.stepUpToken, { purpose: 'screening.override', differentFrom: undefined }, meta);
    if (signer.userId !== actor.userId)
      throw new AppError('FORBIDDEN', 'an override is given by the signed-in prescriber, proving their own password');
    const isFail = failing.includes(input.checkId);
    if (isFail && !signer.roles.includes('medical-director')) {
      throw new AppError('FORBIDDEN', `${input.checkId} failed: only a medical director can override a failed absolute contraindication`, {
        checkId: input.checkId,
      });
    }
    if (!signer.roles.includes('medical-director') && !signer.roles.includes('prescriber'))
      throw new AppError('FORBIDDEN', 'overrides are given by a prescriber or a medical director');
    await tx
      .insertInto('screening_override')
      .values({ assessment_id: latest.id, check_id: input.checkId, reason: input.reason, by_user: signer.userId, at: meta.now })
      .execute();
    await audit(
      tx,
      { ...meta, actor: signer },
      {
        action: 'screening.override',
        recordType: 'enrollment',
        recordId: e.id,
        patientId: e.patient_id,
        outcome: 'allowed',
        details: { checkId: input.checkId, reason: input.reason, failed: isFail },
      },
    );
    return screeningView(tx, enrollmentId);
  });
}

/** The prescriber's decision: eligible only when consent is signed and nothing is unresolved; ineligible with a reason. */
export async function decideScreening(
  db: Db,
  actor: Actor,
  enrollmentId: string,
  input: ScreeningDecisionBody,
  meta: RequestMeta,
): Promise<ScreeningDecisionResult> {
  return transact(db, async (tx) => {
    const e = await loadEnrollmentFor(tx, actor, enrollmentId, meta, 'screening.decide');
    const view = await screeningView(tx, enrollmentId);
    if (input.outcome === 'eligible' && !view.canDecide.eligible) {
      throw new AppError('CONFLICT', `not yet eligible: ${view.canDecide.why.join('; ')}`, { why: view.canDecide.why });
    }
    if (input.outcome === 'ineligible' && !view.canDecide.ineligible)
      throw new AppError('CONFLICT', 'an ineligible decision needs an enrollment in screening with an assessment');
    const signer = await consumeStepUp(tx, actor, input.stepUpToken, { purpose: 'screening.decide' }, meta);
    if (signer.userId !== actor.userId)
      throw new AppError('FORBIDDEN', 'the decision is made by the signed-in prescriber, proving their own password');
    const latest = view.assessment;
    if (latest === null) throw new AppError('CONFLICT', 'no assessment');
    await moveEnrollment(tx, actor, e, input.outcome, input.reason, meta, { viaDecision: true });
    await tx
      .insertInto('screening_decision')
      .values({
        enrollment_id: e.id,
        assessment_id: latest.id,
        outcome: input.outcome,
        reason: input.reason ?? null,
        by_user: actor.userId,
        at: meta.now,
      })
      .execute();
    await audit(
      tx,
      { ...meta, actor },
      {
        action: 'screening.decide',
        recordType: 'enrollment',
        recordId: e.id,
        patientId: e.patient_id,
        outcome: 'allowed',
        details: { outcome: input.outcome, assessmentId: latest.id, ...(input.reason ? { reason: input.reason } : {}) },
      },
    );
    return { ...(await screeningView(tx, enrollmentId)), enrollment: await enrollmentView(tx, enrollmentId) };
  });
}

export { recompute as recomputeScreening };
