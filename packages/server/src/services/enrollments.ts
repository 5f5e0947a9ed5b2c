/**
 * Enrollment in a program at a site, and its state machine: only allowed transitions, each
 * recorded with its actor and, where the step needs one, a reason.
 *
 * @module
 */
import type {
  Enrollment,
  EnrollmentConsent,
  EnrollmentCreateBody,
  EnrollmentSearchItem,
  EnrollmentSearchQuery,
  EnrollmentState,
  EnrollmentTransitionBody,
  ScreeningAssessment,
} from '@kairos/api';
import { findProgramTemplate, type CheckOutcome, type InteractionSeverity } from '@kairos/core';
import { AppError, notFound } from '../errors.js';
import { audit } from './audit.js';
import { consentStatus } from './consent.js';
import { assertPatientAccess } from './patients.js';
import { recomputeScreening } from './screening.js';
import type { Actor, RequestMeta } from './context.js';
import { transact } from './transaction.js';
import type { Db } from '../store/database.js';

interface Step {
  to: EnrollmentState;
  reasonRequired: boolean;
  /** Set by another use case (the screening decision), not by a plain transition. */
  viaDecision?: boolean;
}

const withdraw: Step = { to: 'withdrawn', reasonRequired: true };

/** Every allowed step from each state. */
export const ENROLLMENT_STEPS: Readonly<Record<EnrollmentState, readonly Step[]>> = {
  referred: [{ to: 'screening', reasonRequired: false }, withdraw],
  screening: [
    { to: 'eligible', reasonRequired: false, viaDecision: true },
    { to: 'ineligible', reasonRequired: true, viaDecision: true },
    withdraw,
  ],
  eligible: [{ to: 'scheduled', reasonRequired: false }, { to: 'screening', reasonRequired: true }, withdraw],
  ineligible: [{ to: 'screening', reasonRequired: true }, withdraw],
  scheduled: [{ to: 'in-treatment', reasonRequired: false }, { to: 'eligible', reasonRequired: true }, withdraw],
  'in-treatment': [{ to: 'follow-up', reasonRequired: false }, withdraw],
  'follow-up': [{ to: 'completed', reasonRequired: false }, withdraw],
  completed: [],
  withdrawn: [],
};

async function screeningBlockers(db: Db, enrollmentId: string): Promise<string[]> {
  const latest = await db
    .selectFrom('screening_assessment')
    .select(['id', 'result'])
    .where('enrollment_id', '=', enrollmentId)
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (latest === undefined) return ['screening facts to be recorded'];
  const { unresolved } = await unresolvedItems(db, latest.id, latest.result as StoredAssessmentResult);
  return unresolved.length > 0 ? [`${unresolved.length} screening item(s) to resolve or override: ${unresolved.join(', ')}`] : [];
}

/** What the unresolved items and the review holds read of an assessment: core's result as computed, or as stored. */
export interface AssessmentItems {
  readonly checks: readonly { readonly id: string; readonly outcome: CheckOutcome; readonly message: string }[];
  readonly interactions: readonly { readonly class: string; readonly severity: InteractionSeverity; readonly medication: string }[];
}

/** An assessment's result as stored (core's result as JSON, with the rule ids); older ones lack the unrecognised medications. */
export type StoredAssessmentResult = Pick<ScreeningAssessment, 'decision' | 'checks' | 'interactions'> & {
  unrecognisedMedications?: string[];
};

/** The non-pass checks and holding interactions of an assessment that no override covers. */
export async function unresolvedItems(
  db: Db,
  assessmentId: string,
  result: AssessmentItems,
): Promise<{ unresolved: string[]; failing: string[] }> {
  const overrides = new Set(
    (await db.selectFrom('screening_override').select('check_id').where('assessment_id', '=', assessmentId).execute()).map(
      (o) => o.check_id,
    ),
  );
  const items = [
    ...result.checks.filter((c) => c.outcome !== 'pass').map((c) => c.id),
    ...result.interactions
      .filter((i) => i.severity === 'hold-before-session' || i.severity === 'contraindicated')
      .map((i) => `interaction:${i.class}`),
  ];
  const unresolved = [...new Set(items)].filter((id) => !overrides.has(id));
  const failing = result.checks.filter((c) => c.outcome === 'fail' && !overrides.has(c.id)).map((c) => c.id);
  return { unresolved, failing };
}

async function waitingFor(db: Db, e: { id: string; state: EnrollmentState }, consent: EnrollmentConsent): Promise<string[]> {
  switch (e.state) {
    case 'referred':
      return ['screening to start'];
    case 'screening':
      return [
        ...(consent.signed ? [] : ["the patient's signed consent"]),
        ...(await screeningBlockers(db, e.id)),
        "the prescriber's decision",
      ];
    case 'eligible':
      return [...(consent.signed ? [] : ["the patient's signed consent (current version)"]), 'scheduling'];
    case 'ineligible':
      return ['nothing: ineligible (re-screen with a reason if facts change)'];
    case 'scheduled':
      return ['the first dosing session'];
    case 'in-treatment':
      return ['the end of the course'];
    case 'follow-up':
      return ['the follow-up measures'];
    default:
      return [];
  }
}

export async function enrollmentView(db: Db, enrollmentId: string): Promise<Enrollment> {
  const e = await db.selectFrom('enrollment').selectAll().where('id', '=', enrollmentId).executeTakeFirst();
  if (e === undefined) throw notFound('enrollment', enrollmentId);
  const history = await db
    .selectFrom('enrollment_transition as t')
    .leftJoin('app_user as u', 'u.id', 't.actor_id')
    .select(['t.from_state', 't.to_state', 't.at', 't.reason', 'u.display_name'])
    .where('t.enrollment_id', '=', enrollmentId)
    .orderBy('t.id')
    .execute();
  const consent = await consentStatus(db, enrollmentId);
  return {
    id: e.id,
    patientId: e.patient_id,
    siteId: e.site_id,
    programTemplate: e.program_template,
    programTitle: findProgramTemplate(e.program_template)?.title ?? e.program_template,
    state: e.state,
    waitingFor: await waitingFor(db, e, consent),
    allowed: ENROLLMENT_STEPS[e.state].filter((s) => s.viaDecision !== true).map((s) => s.to),
    history: history.map((h) => ({ from: h.from_state, to: h.to_state, at: h.at.toISOString(), by: h.display_name, reason: h.reason })),
    consent,
  };
}

/** Loads an enrollment for an actor: a patient outside the care team is refused and audited. */
export async function loadEnrollmentFor(tx: Db, actor: Actor, enrollmentId: string, meta: RequestMeta, action: string) {
  const e = await tx.selectFrom('enrollment').selectAll().where('id', '=', enrollmentId).forUpdate().executeTakeFirst();
  if (e === undefined) throw notFound('enrollment', enrollmentId);
  await assertPatientAccess(tx, actor, e.patient_id, meta, action);
  return e;
}

/** Moves an enrollment, checking the step is allowed (and, for decisions, that the caller is the decision). */
export async function moveEnrollment(
  tx: Db,
  actor: Actor,
  e: { id: string; state: EnrollmentState; patient_id: string },
  to: EnrollmentState,
  reason: string | undefined,
  meta: RequestMeta,
  { viaDecision = false }: { viaDecision?: boolean } = {},
): Promise<void> {
  const step = ENROLLMENT_STEPS[e.state].find((s) => s.to === to);
  const allowed = ENROLLMENT_STEPS[e.state].filter((s) => s.viaDecision !== true).map((s) => s.to);
  if (step === undefined || (step.viaDecision === true && !viaDecision)) {
    const hint = step?.viaDecision === true ? ` (${to} is set by the prescriber's screening decision)` : '';
    throw new AppError('INVALID_TRANSITION', `an enrollment cannot go from ${e.state} to ${to}${hint}`, { current: e.state, allowed });
  }
  const trimmed = reason?.trim();
  if (step.reasonRequired && (trimmed === undefined || trimmed === '')) {
    throw new AppError('VALIDATION_FAILED', `body.reason: a reason is required to go from ${e.state} to ${to}`, {
      issues: [{ field: 'body.reason', message: 'required for this step' }],
    });
  }
  if (to === 'scheduled') {
    const consent = await consentStatus(tx, e.id);
    if (!consent.signed)
      throw new AppError('CONFLICT', 'the enrollment cannot be scheduled without a signed consent of the site’s current version', {
        current: e.state,
        waitingFor: 'consent',
      });
  }
  await tx.updateTable('enrollment').set({ state: to, updated_at: meta.now }).where('id', '=', e.id).execute();
  await tx
    .insertInto('enrollment_transition')
    .values({
      enrollment_id: e.id,
      from_state: e.state,
      to_state: to,
      at: meta.now,
      actor_id: actor.userId,
      reason: trimmed === '' ? null : (trimmed ?? null),
    })
    .execute();
  await audit(
    tx,
    { ...meta, actor },
    {
      action: 'enrollment.transition',
      recordType: 'enrollment',
      recordId: e.id,
      patientId: e.patient_id,
      outcome: 'allowed',
      details: { from: e.state, to, ...(trimmed ? { reason: trimmed } : {}) },
    },
  );
}

export async function createEnrollment(
  db: Db,
  actor: Actor,
  patientId: string,
  input: EnrollmentCreateBody,
  meta: RequestMeta,
): Promise<Enrollment> {
  return transact(db, async (tx) => {
    await assertPatientAccess(tx, actor, patientId, meta, 'enrollment.create');
    if (findProgramTemplate(input.programTemplate) === undefined) {
      throw new AppError('VALIDATION_FAILED', `body.programTemplate: unknown program "${input.programTemplate}"`, {
        issues: [{ field: 'body.programTemplate', message: 'unknown program' }],
      });
    }
    const site = await tx.selectFrom('site').select('id').where('id', '=', input.siteId).executeTakeFirst();
    if (site === undefined)
      throw new AppError('VALIDATION_FAILED', 'body.siteId: no such site', { issues: [{ field: 'body.siteId', message: 'no such site' }] });
    const row = await tx
      .insertInto('enrollment')
      .values({
        patient_id: patientId,
        site_id: input.siteId,
        program_template: input.programTemplate,
        state: 'referred',
        created_at: meta.now,
        updated_at: meta.now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await tx
      .insertInto('enrollment_transition')
      .values({ enrollment_id: row.id, from_state: null, to_state: 'referred', at: meta.now, actor_id: actor.userId, reason: null })
      .execute();
    await audit(
      tx,
      { ...meta, actor },
      {
        action: 'enrollment.create',
        recordType: 'enrollment',
        recordId: row.id,
        patientId,
        outcome: 'allowed',
        details: { programTemplate: input.programTemplate },
      },
    );
    return enrollmentView(tx, row.id);
  });
}

export async function listEnrollments(db: Db, actor: Actor, patientId: string, meta: RequestMeta): Promise<Enrollment[]> {
  return transact(db, async (tx) => {
    await assertPatientAccess(tx, actor, patientId, meta, 'enrollment.read');
    const ids = await tx.selectFrom('enrollment').select('id').where('patient_id', '=', patientId).orderBy('created_at', 'desc').execute();
    await audit(tx, { ...meta, actor }, { action: 'enrollment.read', recordType: 'enrollment', patientId, outcome: 'allowed' });
    return Promise.all(ids.map((e) => enrollmentView(tx, e.id)));
  });
}

export async function transitionEnrollment(
  db: Db,
  actor: Actor,
  enrollmentId: string,
  input: EnrollmentTransitionBody,
  meta: RequestMeta,
): Promise<Enrollment> {
  return transact(db, async (tx) => {
    const e = await loadEnrollmentFor(tx, actor, enrollmentId, meta, 'enrollment.transition');
    await moveEnrollment(tx, actor, e, input.to, input.reason, meta);
    // Entering screening assesses what is already known, so the page shows what is missing.
    if (input.to === 'screening') await recomputeScreening(tx, e, actor, meta);
    return enrollmentView(tx, enrollmentId);
  });
}

/** Enrollments in a state at a site, with the patient's name (only patients the actor may see). */
export async function findEnrollments(
  db: Db,
  actor: Actor,
  input: EnrollmentSearchQuery,
  meta: RequestMeta,
): Promise<EnrollmentSearchItem[]> {
  return transact(db, async (tx) => {
    let q = tx
      .selectFrom('enrollment as e')
      .innerJoin('patient as p', 'p.id', 'e.patient_id')
      .select(['e.id', 'e.state', 'e.program_template', 'e.site_id', 'p.id as patient_id', 'p.given_name', 'p.family_name', 'p.mrn']);
    if (input.siteId !== undefined) q = q.where('e.site_id', '=', input.siteId);
    if (input.state !== undefined) q = q.where('e.state', '=', input.state);
    if (!actor.roles.some((r) => r === 'medical-director' || r === 'coordinator')) {
      q = q.where((eb) =>
        eb.exists(
          eb
            .selectFrom('care_team_member as c')
            .select('c.patient_id')
            .whereRef('c.patient_id', '=', 'p.id')
            .where('c.user_id', '=', actor.userId),
        ),
      );
    }
    const rows = await q.orderBy('p.family_name').orderBy('p.given_name').limit(500).execute();
    await audit(
      tx,
      { ...meta, actor },
      { action: 'enrollment.search', recordType: 'enrollment', outcome: 'allowed', details: { patientIds: rows.map((r) => r.patient_id) } },
    );
    return rows.map((r) => ({
      id: r.id,
      state: r.state,
      programTemplate: r.program_template,
      siteId: r.site_id,
      patient: { id: r.patient_id, name: `${r.given_name} ${r.family_name}`, mrn: r.mrn },
    }));
  });
}
