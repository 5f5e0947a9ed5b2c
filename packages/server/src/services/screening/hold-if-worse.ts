/**
 * The review hold: after the decision, a recomputed screening worse than the one the patient was
 * cleared on (core's comparison) opens or widens the enrollment's hold and gives the prescriber a task.
 *
 * @module
 */
import { localDateOf, worsenedScreening } from '@kairos/core';
import { audit } from '../audit.js';
import { careTeamOrDirectors } from '../clinical-tasks/internal/assignees.js';
import type { RequestMeta } from '../context.js';
import { appendLiveEvent } from '../../events/live-events.js';
import type { Db } from '../../store/database.js';
import type { Causer } from './screening-internal.js';
import type { AssessmentItems, StoredAssessmentResult } from './unresolved-items.js';

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
export async function holdIfWorse(
  tx: Db,
  e: { id: string; patient_id: string; site_id: string },
  assessment: { id: string; result: AssessmentItems },
  actor: Causer,
  meta: RequestMeta,
): Promise<void> {
  const basis = await clearedOn(tx, e.id);
  if (basis === undefined) return;
  const worse = worsenedScreening(basis, assessment.result);
  if (worse === undefined) return;
  const { kind, reasons } = worse;
  const open = await tx
    .selectFrom('screening_hold')
    .selectAll()
    .where('enrollment_id', '=', e.id)
    .where('released_at', 'is', null)
    .forUpdate()
    .executeTakeFirst();
  if (open !== undefined) {
    // One open hold per enrollment: it follows the latest assessment, and never softens.
    const merged = [...new Set([...open.reasons, ...reasons])];
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
    const assignees = await careTeamOrDirectors(tx, { id: e.patient_id, siteId: e.site_id }, ['prescriber']);
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
