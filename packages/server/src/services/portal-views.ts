/**
 * The patient's own view in the portal: schedule, preparation material for each program day,
 * questionnaires due (one question per screen, with a draft for stop and resume), results when the
 * site shows them, discharge instructions, crisis resources. The portal session names the patient;
 * every read and write is audited with no staff user.
 *
 * @module
 */
import type {
  CrisisResources,
  PortalDraftAnswers,
  PortalDraftBody,
  PortalHome,
  PortalQuestionnaire,
  PortalQuestionnaireTask,
  PortalResults,
  PortalSubmitResult,
} from '@kairos/api';
import { findProgramTemplate, isQuestionnaireId, questionnaireForm, type QuestionnaireAnswers, type QuestionnaireId } from '@kairos/core';
import { sql } from 'kysely';
import { AppError } from '../errors.js';
import { audit, type AuditEvent } from './audit.js';
import { patientMeasurementTasks, type PatientMeasurementTask } from './measurement-tasks.js';
import { patientOutcomes } from './patient-outcomes.js';
import { storeResponse } from './questionnaires.js';
import { NO_USER, type RequestMeta } from './context.js';
import { contentBody, FALLBACK_CRISIS_RESOURCES, portalSettingsOf } from './site-content.js';
import { transact } from './transaction.js';
import type { Db } from '../store/database.js';

/** A portal read or write: the patient's record, by nobody signed in (the portal session is the patient's). */
const portalEvent = (
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

const titleOf = (instrument: QuestionnaireId): string => questionnaireForm(instrument).title;

async function crisisResources(tx: Db, siteId: string): Promise<CrisisResources> {
  const body = await contentBody(tx, siteId, 'crisis-resources');
  return body === null ? { body: FALLBACK_CRISIS_RESOURCES, written: false } : { body, written: true };
}

async function patientSite(tx: Db, patientId: string) {
  return tx
    .selectFrom('patient as p')
    .innerJoin('site as s', 's.id', 'p.site_id')
    .select(['p.given_name', 'p.site_id', 's.name as site_name', 's.time_zone', 's.settings'])
    .where('p.id', '=', patientId)
    .executeTakeFirstOrThrow();
}

/** The portal's home: everything the patient's screens show. */
export async function portalHome(db: Db, patientId: string, meta: RequestMeta): Promise<PortalHome> {
  return transact(db, async (tx) => {
    const p = await patientSite(tx, patientId);
    const events = await tx
      .selectFrom('scheduled_event as e')
      .innerJoin('enrollment as en', 'en.id', 'e.enrollment_id')
      .select(['e.id', 'e.kind', 'e.title', 'e.program_day', 'e.starts_at', 'e.ends_at', 'en.program_template'])
      .where('en.patient_id', '=', patientId)
      .where('e.state', '=', 'scheduled')
      .orderBy('e.starts_at')
      .execute();
    const preparation: { templateId: string; day: number; title: string; body: string }[] = [];
    const seen = new Set<string>();
    for (const e of events) {
      const key = `preparation:${e.program_template}:day-${e.program_day}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const body = await contentBody(tx, p.site_id, key);
      const template = findProgramTemplate(e.program_template);
      if (body !== null)
        preparation.push({
          templateId: e.program_template,
          day: e.program_day,
          title: `${template?.title ?? e.program_template}, day ${e.program_day}`,
          body,
        });
    }
    const { today, tasks } = await patientMeasurementTasks(tx, patientId, meta.now);
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
    const discharged = await tx
      .selectFrom('dosing_session')
      .select(['id'])
      .where('patient_id', '=', patientId)
      .where('state', '=', 'discharged')
      .limit(1)
      .executeTakeFirst();
    const dischargeInstructions = discharged === undefined ? null : await contentBody(tx, p.site_id, 'discharge-instructions');
    const carePlan = await tx
      .selectFrom('clinical_note')
      .select(['id', 'signed_at'])
      .where('patient_id', '=', patientId)
      .where('template', '=', 'continuing-care-plan')
      .where('state', '=', 'signed')
      .orderBy('signed_at', 'desc')
      .executeTakeFirst();
    await audit(tx, { ...meta, actor: NO_USER }, portalEvent(patientId, 'portal.home.read'));
    return {
      givenName: p.given_name,
      site: { name: p.site_name, timeZone: p.time_zone },
      today,
      schedule: events.map((e) => ({
        id: e.id,
        kind: e.kind,
        title: e.title,
        programDay: e.program_day,
        startsAt: e.starts_at.toISOString(),
        endsAt: e.ends_at.toISOString(),
      })),
      preparation,
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
      crisisResources: await crisisResources(tx, p.site_id),
      showResults: portalSettingsOf(p.settings).showResults,
      dischargeInstructions,
      carePlan: carePlan === undefined ? null : { noteId: carePlan.id, signedAt: carePlan.signed_at?.toISOString() ?? null },
    };
  });
}

/** Questions answered in a saved draft. */
function answeredIn(draft: PortalDraftAnswers | undefined): number {
  if (draft === undefined) return 0;
  return Array.isArray(draft) ? draft.filter((a) => a !== null).length : Object.keys(draft.answers).length;
}

/**
 * The patient's open task `key`. Takes a transaction-scoped lock on the patient's questionnaire
 * tasks first, so two submissions at once (a double tap, two tabs) run one after the other and the
 * second finds the task done (409) instead of storing the answers twice.
 */
async function openTask(tx: Db, patientId: string, key: string, now: Date): Promise<PatientMeasurementTask> {
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
const cssrsVariantOf = (t: PatientMeasurementTask): 'lifetime-recent' | 'since-last-contact' =>
  t.purposes.includes('baseline') ? 'lifetime-recent' : 'since-last-contact';

export async function portalQuestionnaire(db: Db, patientId: string, key: string, meta: RequestMeta): Promise<PortalQuestionnaire> {
  return transact(db, async (tx) => {
    const task = await openTask(tx, patientId, key, meta.now);
    if (!isQuestionnaireId(task.instrument)) throw new AppError('NOT_FOUND', 'unknown questionnaire');
    const draft = await tx
      .selectFrom('questionnaire_draft')
      .select('answers')
      .where('patient_id', '=', patientId)
      .where('task_key', '=', key)
      .executeTakeFirst();
    await audit(tx, { ...meta, actor: NO_USER }, portalEvent(patientId, 'portal.questionnaire.open', { key }));
    return {
      key,
      form: questionnaireForm(task.instrument, cssrsVariantOf(task)),
      draft: draft === undefined ? null : (draft.answers as PortalDraftAnswers),
      date: task.date,
      dueBy: task.dueBy,
    };
  });
}

/** Saves answers so far: the patient can stop and resume. */
export async function saveQuestionnaireDraft(
  db: Db,
  patientId: string,
  key: string,
  answers: PortalDraftBody['answers'],
  meta: RequestMeta,
): Promise<void> {
  await transact(db, async (tx) => {
    await openTask(tx, patientId, key, meta.now);
    const json = JSON.stringify(answers);
    await tx
      .insertInto('questionnaire_draft')
      .values({ patient_id: patientId, task_key: key, answers: json, updated_at: meta.now })
      .onConflict((oc) => oc.columns(['patient_id', 'task_key']).doUpdateSet({ answers: json, updated_at: meta.now }))
      .execute();
    await audit(tx, { ...meta, actor: NO_USER }, portalEvent(patientId, 'portal.questionnaire.draft', { key }));
  });
}

/** Submits a questionnaire: scored by core, stored item by item, risk routed; the draft goes. */
export async function submitPortalQuestionnaire(
  db: Db,
  patientId: string,
  key: string,
  answers: QuestionnaireAnswers,
  meta: RequestMeta,
): Promise<PortalSubmitResult> {
  return transact(db, async (tx) => {
    const task = await openTask(tx, patientId, key, meta.now);
    const instrument = task.instrument;
    const payload = instrument === 'cssrs' && !Array.isArray(answers) ? { ...answers, form: cssrsVariantOf(task) } : answers;
    const stored = await storeResponse(
      tx,
      patientId,
      { instrument, answers: payload, enrollmentId: task.enrollmentId, dueDate: task.date },
      undefined,
      meta,
    );
    await tx.deleteFrom('questionnaire_draft').where('patient_id', '=', patientId).where('task_key', '=', key).execute();
    const p = await patientSite(tx, patientId);
    return {
      id: stored.id,
      instrument,
      /** Risk routing flagged the answers: the portal shows crisis resources at once. */
      showCrisisResources: stored.risk !== null,
      crisisResources: stored.risk === null ? null : await crisisResources(tx, p.site_id),
    };
  });
}

/** The patient's own results over time, when the site shows them. */
export async function portalResults(db: Db, patientId: string, meta: RequestMeta): Promise<PortalResults> {
  return transact(db, async (tx) => {
    const p = await patientSite(tx, patientId);
    if (!portalSettingsOf(p.settings).showResults)
      throw new AppError('FORBIDDEN', 'Your clinic does not show results in the portal. Ask your therapist about your progress.');
    const o = await patientOutcomes(tx, patientId, meta.now);
    await audit(tx, { ...meta, actor: NO_USER }, portalEvent(patientId, 'portal.results.read'));
    const series = (pts: typeof o.pcl5) => pts.map((x) => ({ date: x.date, total: x.total }));
    return { pcl5: series(o.pcl5), phq9: series(o.phq9), gad7: series(o.gad7), baseline: o.baseline };
  });
}
