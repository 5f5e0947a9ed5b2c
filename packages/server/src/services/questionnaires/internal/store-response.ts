/**
 * Storing a questionnaire response: the answers normalised, core's score (or the refusal naming the item), the stored row, its risk routing and its audit event.
 *
 * @module
 */
import type { QuestionnaireAnswersBody } from '@kairos/api';
import {
  InstrumentInputError,
  localDateOf,
  questionnaireTotal,
  routeRisk,
  scoreQuestionnaire,
  type QuestionnaireAnswers,
  type QuestionnaireId,
  type QuestionnaireScore,
  type RiskRoute,
} from '@kairos/core';
import { AppError, notFound } from '../../../errors.js';
import { appendLiveEvent } from '../../../events/live-events.js';
import { audit } from '../../audit.js';
import { careTeamOrDirectors } from '../../clinical-tasks/internal/assignees.js';
import { considerMaintenance } from '../../patient-outcomes/internal/consider-maintenance.js';
import { protocolInForce } from '../../protocol/protocol-in-force.js';
import { NO_USER, type Actor, type RequestMeta } from '../../context.js';
import type { Db } from '../../../store/database.js';

export interface ResponseInput {
  instrument: QuestionnaireId;
  answers: QuestionnaireAnswers;
  enrollmentId?: string | undefined;
  sessionId?: string | undefined;
  /** The scheduled date the response is given for (a measurement task), when it is. */
  dueDate?: string | undefined;
  /** When it was completed; default now. */
  completedAt?: string | undefined;
}

export interface StoredResponse {
  id: string;
  instrument: QuestionnaireId;
  score: QuestionnaireScore;
  total: number | null;
  risk: RiskRoute | null;
  taskId: string | null;
}

/** The API's answers as core scores them (the C-SSRS form defaults to since-last-contact). */
export function normalizeAnswers(a: QuestionnaireAnswersBody): QuestionnaireAnswers {
  return Array.isArray(a) ? a : { form: a.form ?? 'since-last-contact', answers: a.answers };
}

/** Scores answers through core; an invalid answer becomes a 400 naming `answers` and the item. */
export function scoreOrRefuse(
  instrument: QuestionnaireId,
  answers: QuestionnaireAnswers,
  field: string,
  pcl5Config?: Parameters<typeof scoreQuestionnaire>[2],
): QuestionnaireScore {
  try {
    return scoreQuestionnaire(instrument, answers, pcl5Config);
  } catch (e) {
    if (e instanceof InstrumentInputError) {
      const path = instrument === 'cssrs' ? `${field}.answers.q${e.item}` : `${field}[${e.item - 1}]`;
      throw new AppError('VALIDATION_FAILED', `${path}: ${e.message}`, { issues: [{ field: path, message: e.message }] });
    }
    if (e instanceof TypeError)
      throw new AppError('VALIDATION_FAILED', `${field}: ${e.message}`, { issues: [{ field, message: e.message }] });
    throw e;
  }
}

/**
 * Stores a scored response and routes risk, inside the caller's transaction (access already
 * checked). `by` is the staff member entering it, or undefined for the patient in the portal.
 */
export async function storeResponse(
  tx: Db,
  patientId: string,
  input: ResponseInput,
  by: Actor | undefined,
  meta: RequestMeta,
): Promise<StoredResponse> {
  const patient = await tx
    .selectFrom('patient as p')
    .innerJoin('site as s', 's.id', 'p.site_id')
    .select(['p.id', 'p.site_id', 's.time_zone'])
    .where('p.id', '=', patientId)
    .executeTakeFirst();
  if (patient === undefined) throw notFound('patient', patientId);
  const completedAt = input.completedAt === undefined ? meta.now : new Date(input.completedAt);
  if (completedAt > meta.now)
    throw new AppError('VALIDATION_FAILED', 'body.completedAt: is in the future', {
      issues: [{ field: 'body.completedAt', message: 'is in the future' }],
    });
  if (input.enrollmentId !== undefined) {
    const e = await tx.selectFrom('enrollment').select(['patient_id']).where('id', '=', input.enrollmentId).executeTakeFirst();
    if (e === undefined || e.patient_id !== patientId)
      throw new AppError('VALIDATION_FAILED', 'body.enrollmentId: is not an enrollment of this patient', {
        issues: [{ field: 'body.enrollmentId', message: 'not an enrollment of this patient' }],
      });
  }
  const protocol = await protocolInForce(tx, patient.site_id, meta.now);
  const score = scoreOrRefuse(input.instrument, input.answers, 'body.answers', protocol.config.instruments.pcl5);
  const total = questionnaireTotal(score);
  const row = await tx
    .insertInto('questionnaire_response')
    .values({
      patient_id: patientId,
      enrollment_id: input.enrollmentId ?? null,
      session_id: input.sessionId ?? null,
      instrument: input.instrument,
      instrument_version: '1',
      answers: JSON.stringify(input.answers),
      score: JSON.stringify(score),
      total,
      due_date: input.dueDate ?? null,
      completed_at: completedAt,
      channel: by === undefined ? 'portal' : 'staff',
      entered_by: by?.userId ?? null,
      created_at: meta.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const risk = routeRisk(score);
  let taskId: string | null = null;
  if (risk !== null) {
    const assignees = await careTeamOrDirectors(tx, { id: patientId, siteId: patient.site_id }, risk.recipients);
    const task = await tx
      .insertInto('clinical_task')
      .values({
        patient_id: patientId,
        site_id: patient.site_id,
        kind: 'risk-follow-up',
        urgency: risk.urgency,
        reason: risk.reason,
        details: JSON.stringify({
          instrument: input.instrument,
          recipients: risk.recipients,
          channel: by === undefined ? 'portal' : 'staff',
        }),
        source_response_id: row.id,
        assignees,
        due_date: localDateOf(meta.now, patient.time_zone),
        created_at: meta.now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    taskId = task.id;
    await appendLiveEvent(tx, { siteId: patient.site_id, type: 'risk-task', payload: { taskId, urgency: risk.urgency }, at: meta.now });
    await audit(
      tx,
      { ...meta, actor: by ?? NO_USER },
      {
        action: 'risk-task.create',
        recordType: 'clinical_task',
        recordId: taskId,
        patientId,
        outcome: 'allowed',
        details: { urgency: risk.urgency, assignees },
      },
    );
  }
  // A PCL-5 may show that a responder lost the response: the prescriber considers maintenance.
  if (input.instrument === 'pcl5-month' || input.instrument === 'pcl5-week') await considerMaintenance(tx, patient, by, meta);
  if (input.instrument === 'cssrs') {
    // The day's C-SSRS is an item of the pre-dose checklist: the consoles of the patient's sessions before their start hear of it.
    const waiting = await tx
      .selectFrom('dosing_session')
      .select(['id', 'site_id'])
      .where('patient_id', '=', patientId)
      .where('state', 'in', ['checked-in', 'pre-dose'])
      .execute();
    for (const w of waiting)
      await appendLiveEvent(tx, { siteId: w.site_id, sessionId: w.id, type: 'checklist', payload: { fields: ['cssrs'] }, at: meta.now });
  }
  await audit(
    tx,
    { ...meta, actor: by ?? NO_USER },
    {
      action: by === undefined ? 'portal.questionnaire.submit' : 'questionnaire.enter',
      recordType: 'questionnaire_response',
      recordId: row.id,
      patientId,
      outcome: 'allowed',
      details: { instrument: input.instrument, sessionId: input.sessionId ?? null },
    },
  );
  return { id: row.id, instrument: input.instrument, score, total, risk, taskId };
}
