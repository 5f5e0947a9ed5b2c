/**
 * An enrollment as the API shows it: its program, state, history, consent, the steps it may take,
 * and what it is waiting for.
 *
 * @module
 */
import type { Enrollment, EnrollmentConsent, EnrollmentState } from '@kairos/api';
import { allowedEnrollmentSteps, findProgramTemplate } from '@kairos/core';
import { notFound } from '../../errors.js';
import { consentStatus } from '../consent/consent-status.js';
import { unresolvedItems, type StoredAssessmentResult } from '../screening/unresolved-items.js';
import type { Db } from '../../store/database.js';

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
      return ['the first dosing session (in treatment from its start)'];
    case 'in-treatment':
      return ['the end of the course (follow-up after its last program event)'];
    case 'follow-up':
      return ['the follow-up measures (completed when the last follow-up window closes)'];
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
    .select(['t.from_state', 't.to_state', 't.at', 't.reason', 't.rule_ref', 't.protocol_version', 'u.display_name'])
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
    allowed: allowedEnrollmentSteps(e.state),
    history: history.map((h) => ({
      from: h.from_state,
      to: h.to_state,
      at: h.at.toISOString(),
      by: h.display_name,
      reason: h.reason,
      rule: h.rule_ref,
      protocolVersion: h.protocol_version,
    })),
    consent,
  };
}
