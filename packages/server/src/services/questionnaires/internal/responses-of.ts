/**
 * A patient's stored questionnaire responses, oldest first, as core and the contract take them.
 *
 * @module
 */
import type { QuestionnaireResponse, StoredAnswers } from '@kairos/api';
import { type QuestionnaireScore } from '@kairos/core';
import type { Db } from '../../../store/database.js';
import { correctionsOf } from '../../record-corrections.js';

export async function responsesOf(db: Db, patientId: string): Promise<QuestionnaireResponse[]> {
  const rows = await db
    .selectFrom('questionnaire_response as q')
    .leftJoin('app_user as u', 'u.id', 'q.entered_by')
    .select([
      'q.id',
      'q.instrument',
      'q.answers',
      'q.score',
      'q.total',
      'q.enrollment_id',
      'q.session_id',
      'q.due_date',
      'q.completed_at',
      'q.channel',
      'u.display_name',
    ])
    .where('q.patient_id', '=', patientId)
    .orderBy('q.completed_at')
    .execute();
  const corrections = await correctionsOf(
    db,
    'questionnaire_response',
    rows.map((r) => r.id),
  );
  // answers and score are written by storeResponse only: the request's answers as core scored them, and core's result.
  return rows.map((r) => ({
    id: r.id,
    instrument: r.instrument,
    answers: r.answers as StoredAnswers,
    score: r.score as unknown as QuestionnaireScore,
    total: r.total,
    enrollmentId: r.enrollment_id,
    sessionId: r.session_id,
    dueDate: r.due_date,
    completedAt: r.completed_at.toISOString(),
    channel: r.channel,
    enteredBy: r.display_name,
    corrections: corrections.get(r.id) ?? [],
  }));
}
