/**
 * The screening page of an enrollment: the form, the latest assessment and earlier ones, overrides,
 * the decision, the open hold, and whether (and why not) each decision can be made now.
 *
 * @module
 */
import type { ScreeningAssessment, ScreeningView } from '@kairos/api';
import { consentStatus } from '../consent/consent-status.js';
import type { Db } from '../../store/database.js';
import { openScreeningHold } from './open-screening-hold.js';
import { inputOf } from './screening-internal.js';
import { unresolvedItems, type StoredAssessmentResult } from './unresolved-items.js';

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
