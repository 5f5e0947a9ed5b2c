/**
 * The credential gate of a dosing session (issue 28, Must 3), for scheduling and the session: core's
 * rule (`checkSessionDuty`) on each person's active credentials and the site's state, for the
 * session date. A lapse refuses the act, naming what lapsed, unless the medical director overrode
 * it for this session (or this event) with a reason.
 *
 * @module
 */
import { SESSION_DUTY_LABELS, checkSessionDuty, localDateOf, type DutyCheck, type SessionDuty } from '@kairos/core';
import type { Actor, RequestMeta } from '../context.js';
import { consumeStepUp } from '../sign-in/step-up.js';
import { AuditedRefusal } from '../transaction.js';
import type { Db } from '../../store/database.js';
import { activeCredentialsOf, factsOf } from './internal/credential-records.js';

export interface DutyQuestion {
  userId: string;
  duty: SessionDuty;
  /** The session date, YYYY-MM-DD at the site. */
  date: string;
}

export interface DutyAnswer extends DutyQuestion {
  name: string;
  check: DutyCheck;
}

/** Core's answer for each question, at `siteId` (whose state licences and DEA registrations must be for). */
export async function checkDuties(tx: Db, siteId: string, questions: readonly DutyQuestion[]): Promise<DutyAnswer[]> {
  if (questions.length === 0) return [];
  const site = await tx.selectFrom('site').select('state').where('id', '=', siteId).executeTakeFirstOrThrow();
  const ids = [...new Set(questions.map((q) => q.userId))];
  const [credentials, people] = await Promise.all([
    activeCredentialsOf(tx, ids),
    tx.selectFrom('app_user').select(['id', 'display_name']).where('id', 'in', ids).execute(),
  ]);
  const names = new Map(people.map((p) => [p.id, p.display_name]));
  return questions.map((q) => ({
    ...q,
    name: names.get(q.userId) ?? 'This staff member',
    check: checkSessionDuty(q.duty, (credentials.get(q.userId) ?? []).map(factsOf), { date: q.date, siteState: site.state }),
  }));
}

/** Today's date at a site (its time zone): the session date of an act done now. */
export async function siteDate(tx: Db, siteId: string, now: Date): Promise<string> {
  const site = await tx.selectFrom('site').select('time_zone').where('id', '=', siteId).executeTakeFirstOrThrow();
  return localDateOf(now, site.time_zone);
}

/** A lapse in words, with the person: "Nate Nurse may not run the infusion on 2026-12-07: ACLS expired on 2026-12-01". */
export function lapseSentence(a: DutyAnswer): string {
  return `${a.name} ${a.check.message}`;
}

/**
 * Refuses (audited) a session act by someone whose credentials for `duty` lapsed on the date,
 * unless the medical director overrode that lapse for this session.
 */
export async function assertSessionDuty(
  tx: Db,
  actor: Actor,
  session: { id: string; site_id: string; patient_id: string; event_id: string },
  question: DutyQuestion,
  meta: RequestMeta,
  action: string,
): Promise<DutyAnswer> {
  const [answer] = await checkDuties(tx, session.site_id, [question]);
  if (answer === undefined || answer.check.allowed) return answer as DutyAnswer;
  const overridden = await tx
    .selectFrom('credential_override')
    .select('id')
    // An override given when the person was assigned to the session's event counts too.
    .where((eb) => eb.or([eb('session_id', '=', session.id), eb('event_id', '=', session.event_id)]))
    .where('user_id', '=', question.userId)
    .where('duty', '=', question.duty)
    .where('on_date', '=', question.date)
    .executeTakeFirst();
  if (overridden !== undefined) return answer;
  throw new AuditedRefusal(
    'CONFLICT',
    `${lapseSentence(answer)}. The medical director may let the session go ahead with a reason.`,
    { ...meta, actor },
    {
      action,
      recordType: 'dosing_session',
      recordId: session.id,
      patientId: session.patient_id,
      outcome: 'denied',
      details: {
        reason: 'credential lapsed',
        duty: question.duty,
        userId: question.userId,
        rule: answer.check.rule,
        lapses: answer.check.lapses.map((l) => l.message),
      },
    },
    {
      code: 'CREDENTIAL_LAPSED',
      duty: question.duty,
      userId: question.userId,
      holder: answer.name,
      lapses: answer.check.lapses.map((l) => l.message),
      what: SESSION_DUTY_LABELS[question.duty],
    },
  );
}

/**
 * The medical director's step-up proof for an override: their own password (purpose
 * `credentials.override`), refused (audited) from anyone not a medical director.
 */
export async function directorOverrideProof(tx: Db, actor: Actor, stepUpToken: string, meta: RequestMeta): Promise<Actor> {
  const proof = await consumeStepUp(tx, actor, stepUpToken, { purpose: 'credentials.override' }, meta);
  if (!proof.roles.includes('medical-director') || proof.userId !== actor.userId)
    throw new AuditedRefusal(
      'FORBIDDEN',
      'Only the medical director overrides a lapsed credential, confirming with their own password.',
      { ...meta, actor },
      {
        action: 'credential.override',
        outcome: 'denied',
        details: { reason: proof.userId !== actor.userId ? 'proof of another user' : 'not medical director' },
      },
    );
  return proof;
}
