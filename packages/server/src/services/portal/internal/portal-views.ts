/**
 * What the portal's views share: the audit event of a portal read or write, a questionnaire task's key and title, the site's crisis resources, the open task a key names.
 *
 * @module
 */
import type { CrisisResources, PortalDraftAnswers, PortalQuestionnaireTask } from '@kairos/api';
import { questionnaireForm, type QuestionnaireId } from '@kairos/core';
import { sql } from 'kysely';
import { AppError } from '../../../errors.js';
import { type AuditEvent } from '../../audit.js';
import { patientMeasurementTasks, type PatientMeasurementTask } from '../../measurement-tasks/internal/measurement-tasks.js';
import { contentBody, FALLBACK_CRISIS_RESOURCES } from '../../site-content/internal/site-content.js';
import type { Db } from '../../../store/database.js';

/** A portal read or write: the patient's record, by nobody signed in (the portal session is the patient's). */
export const portalEvent = (
  patientId: string,
  action: string,
  details: Record<string, unknown> = {},
  recordId: string | null = patientId,
): AuditEvent => ({
  action,
  recordType: 'patient',
  recordId,
  patientId,
  outcome: 'allowed',
  details,
});

/** Task keys the portal uses: `<enrollmentId>:<date>:<instrument>`. */
export const portalTaskKey = (t: PatientMeasurementTask): string => `${t.enrollmentId}:${t.date}:${t.instrument}`;

export const titleOf = (instrument: QuestionnaireId): string => questionnaireForm(instrument).title;

export async function crisisResources(tx: Db, siteId: string): Promise<CrisisResources> {
  const body = await contentBody(tx, siteId, 'crisis-resources');
  return body === null ? { body: FALLBACK_CRISIS_RESOURCES, written: false } : { body, written: true };
}

export async function patientSite(tx: Db, patientId: string) {
  return tx
    .selectFrom('patient as p')
    .innerJoin('site as s', 's.id', 'p.site_id')
    .select(['p.given_name', 'p.site_id', 's.name as site_name', 's.time_zone', 's.settings'])
    .where('p.id', '=', patientId)
    .executeTakeFirstOrThrow();
}

/** Questions answered in a saved draft. */
export function answeredIn(draft: PortalDraftAnswers | undefined): number {
  if (draft === undefined) return 0;
  return Array.isArray(draft) ? draft.filter((a) => a !== null).length : Object.keys(draft.answers).length;
}

/** The patient's questionnaires due or overdue now, with the questions answered in each one's saved draft (the portal's home, the clinic tablet). */
export async function openQuestionnaires(
  tx: Db,
  patientId: string,
  now: Date,
): Promise<{ today: string; questionnaires: PortalQuestionnaireTask[] }> {
  const { today, tasks } = await patientMeasurementTasks(tx, patientId, now);
  const open = tasks.filter(
    (t): t is PatientMeasurementTask & { state: PortalQuestionnaireTask['state'] } => t.state === 'due' || t.state === 'overdue',
  );
  const drafts =
    open.length === 0
      ? []
      : await tx
          .selectFrom('questionnaire_draft')
          .select(['task_key', 'answers'])
          .where('patient_id', '=', patientId)
          .where('task_key', 'in', open.map(portalTaskKey))
          .execute();
  // Drafts are written by saveQuestionnaireDraft only, from a validated body.
  const draftOf = new Map(drafts.map((d) => [d.task_key, d.answers as PortalDraftAnswers]));
  return {
    today,
    questionnaires: open.map((t) => ({
      key: portalTaskKey(t),
      instrument: t.instrument,
      title: titleOf(t.instrument),
      date: t.date,
      dueBy: t.dueBy,
      state: t.state,
      labels: t.labels,
      answered: answeredIn(draftOf.get(portalTaskKey(t))),
    })),
  };
}

/**
 * The patient's open task `key`. Takes a transaction-scoped lock on the patient's questionnaire
 * tasks first, so two submissions at once (a double tap, two tabs) run one after the other and the
 * second finds the task done (409) instead of storing the answers twice.
 */
export async function openTask(tx: Db, patientId: string, key: string, now: Date): Promise<PatientMeasurementTask> {
  await sql`SELECT pg_advisory_xact_lock(hashtext(${`questionnaire-tasks:${patientId}`}))`.execute(tx);
  const { tasks } = await patientMeasurementTasks(tx, patientId, now);
  const task = tasks.find((t) => portalTaskKey(t) === key);
  if (task === undefined)
    throw new AppError('NOT_FOUND', 'This questionnaire is not one of yours, or no longer exists.', {
      kind: 'questionnaire task',
      id: key,
    });
  if (task.state === 'done') throw new AppError('CONFLICT', 'You have answered this questionnaire already. Thank you.');
  if (task.state === 'upcoming') throw new AppError('CONFLICT', `This questionnaire opens on ${task.opensOn}.`);
  return task;
}

/** The baseline C-SSRS asks about lifetime and recent behaviour; later ones since the last visit. */
export const cssrsVariantOf = (t: PatientMeasurementTask): 'lifetime-recent' | 'since-last-contact' =>
  t.purposes.includes('baseline') ? 'lifetime-recent' : 'since-last-contact';
