/**
 * The maintenance trigger (issue 24, Must 2; protocol-defaults.md "maintenance trigger"): when a
 * PCL-5 shows that a responder lost the response after the course (core's loss-of-response rule,
 * with the thresholds of the protocol in force), the patient's prescribers get a routine task to
 * consider a maintenance session. One task per course: a later PCL-5 below the threshold again
 * does not raise another. The task names the rule and the protocol version behind it.
 *
 * @module
 */
import { localDateOf, lossOfResponseRule, type ProtocolConfig } from '@kairos/core';
import { sql } from 'kysely';
import { appendLiveEvent } from '../../../events/live-events.js';
import { audit } from '../../audit.js';
import { NO_USER, type Actor, type RequestMeta } from '../../context.js';
import { protocolInForce } from '../../protocol/protocol-in-force.js';
import type { Db } from '../../../store/database.js';
import { careTeamOrDirectors } from '../../clinical-tasks/internal/assignees.js';
import { patientOutcomes } from './patient-outcomes.js';

const RULE_REF = `${lossOfResponseRule.id}@${lossOfResponseRule.version}`;

/**
 * After a PCL-5 of the patient was stored (inside the same transaction): raises the task when the
 * patient's course now shows a loss of response and none was raised for this course. Returns the
 * task's id, or null.
 */
export async function considerMaintenance(
  tx: Db,
  patient: { id: string; site_id: string; time_zone: string },
  by: Actor | undefined,
  meta: RequestMeta,
): Promise<string | null> {
  const outcomes = await patientOutcomes(tx, patient.id, meta.now);
  const course = outcomes.course;
  if (course === null || course.loss === null || outcomes.baseline === null || outcomes.lastDosingDate === null) return null;
  const lastDosingDate = outcomes.lastDosingDate;
  const already = await tx
    .selectFrom('clinical_task')
    .select('id')
    .where('patient_id', '=', patient.id)
    .where('kind', '=', 'consider-maintenance')
    .where(sql<boolean>`details->>'lastDosingDate' = ${lastDosingDate}`)
    .executeTakeFirst();
  if (already !== undefined) return null;
  const protocol = await protocolInForce(tx, patient.site_id, meta.now);
  const config: ProtocolConfig = protocol.config;
  const input = {
    baselineTotal: outcomes.baseline.total,
    lastDosingDate,
    pcl5: outcomes.pcl5.map((p) => ({ date: p.date, total: p.total })),
  };
  const why = lossOfResponseRule.evaluate(input, { outcomes: config.outcomes }).message;
  const assignees = await careTeamOrDirectors(tx, { id: patient.id, siteId: patient.site_id }, ['prescriber']);
  const task = await tx
    .insertInto('clinical_task')
    .values({
      patient_id: patient.id,
      site_id: patient.site_id,
      kind: 'consider-maintenance',
      urgency: 'routine',
      reason: `Consider a maintenance session: the response to the course was lost. The ${why}.`,
      details: JSON.stringify({
        rule: RULE_REF,
        protocolVersion: protocol.version,
        lastDosingDate,
        lossDate: course.loss.date,
        days: course.loss.days,
        reductionPercent: course.loss.reductionPercent,
      }),
      source_response_id: outcomes.pcl5.find((p) => p.date === course.loss?.date)?.responseId ?? null,
      assignees,
      due_date: localDateOf(meta.now, patient.time_zone),
      created_at: meta.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await appendLiveEvent(tx, {
    siteId: patient.site_id,
    type: 'risk-task',
    payload: { taskId: task.id, urgency: 'routine', kind: 'consider-maintenance' },
    at: meta.now,
  });
  await audit(
    tx,
    { ...meta, actor: by ?? NO_USER },
    {
      action: 'maintenance-task.create',
      recordType: 'clinical_task',
      recordId: task.id,
      patientId: patient.id,
      outcome: 'allowed',
      details: { rule: RULE_REF, protocolVersion: protocol.version, lossDate: course.loss.date, assignees },
    },
  );
  return task.id;
}
