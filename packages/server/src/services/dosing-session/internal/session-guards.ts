/**
 * The dosing session's guards, shared by its use cases: the session row locked for the step (two
 * nurses starting the same infusion end in one success and one 409), access to its patient, the
 * audit event of an act, a safety refusal audited past the rollback, a prescriber's decision at the
 * chair (`prescriberDecision`), and the checklist jsonb as stored.
 *
 * @module
 */
import type { SessionChecklistValues } from '@kairos/api';
import { allowedSteps, type SessionState } from '@kairos/core';
import { AppError, notFound } from '../../../errors.js';
import { audit } from '../../audit.js';
import { sql } from 'kysely';
import { assertPatientAccess, isSiteWide } from '../../patients/assert-patient-access.js';
import type { Actor, AuditActor, RequestMeta } from '../../context.js';
import { consumeStepUp } from '../../sign-in/step-up.js';
import { AuditedRefusal } from '../../transaction.js';
import type { Db } from '../../../store/database.js';

/**
 * What the checklist jsonb holds: the facts as entered (`SessionChecklistBody`, merged), and
 * prescribers' overrides of holds. Only `updateChecklist` and `overrideChecklistItem` write it.
 */
export type StoredChecklist = SessionChecklistValues;

export const storedChecklist = (s: { checklist: Record<string, unknown> }): StoredChecklist => s.checklist;

/** The roles that decide as a prescriber. */
const PRESCRIBING = ['prescriber', 'medical-director'] as const;

const isPrescriber = (roles: readonly string[]) => roles.some((r) => (PRESCRIBING as readonly string[]).includes(r));

export function auditSession(
  tx: Db,
  actor: AuditActor,
  meta: RequestMeta,
  action: string,
  s: { id: string; patient_id: string },
  details: Record<string, unknown> = {},
) {
  return audit(
    tx,
    { ...meta, actor },
    { action, recordType: 'dosing_session', recordId: s.id, patientId: s.patient_id, outcome: 'allowed', details },
  );
}

/**
 * A safety refusal of a step at the chair: a 4xx whose audit event (who, which session, the code
 * and what was refused) outlives the rollback.
 */
export function refusal(
  actor: AuditActor,
  meta: RequestMeta,
  s: { id: string; patient_id: string },
  action: string,
  code: 'CONFLICT' | 'VALIDATION_FAILED',
  message: string,
  details: Record<string, unknown> & { code: string },
  audited: Record<string, unknown> = {},
) {
  return new AuditedRefusal(
    code,
    message,
    { ...meta, actor },
    {
      action,
      recordType: 'dosing_session',
      recordId: s.id,
      patientId: s.patient_id,
      outcome: 'denied',
      details: { code: details.code, ...audited },
    },
    details,
  );
}

/**
 * A prescriber's decision at the chair: the signed-in prescriber (or medical director) decides
 * themselves, unless `alwaysStepUp`; anyone else needs a prescriber's step-up proof of `purpose`
 * typed on this screen. Returns who decided; otherwise a 403 naming `code`, audited.
 */
export async function prescriberDecision(
  tx: Db,
  actor: Actor,
  s: { id: string; patient_id: string },
  meta: RequestMeta,
  req: {
    purpose: string;
    code: string;
    message: string;
    stepUpToken?: string | undefined;
    alwaysStepUp?: boolean;
    details?: Record<string, unknown>;
  },
): Promise<Actor> {
  if (req.stepUpToken === undefined) {
    if (req.alwaysStepUp !== true && isPrescriber(actor.roles)) return actor;
    throw new AuditedRefusal(
      'FORBIDDEN',
      req.message,
      { ...meta, actor },
      {
        action: req.purpose,
        recordType: 'dosing_session',
        recordId: s.id,
        patientId: s.patient_id,
        outcome: 'denied',
        details: { code: req.code },
      },
      { code: req.code, purpose: req.purpose, ...(req.details ?? {}) },
    );
  }
  const signer = await consumeStepUp(tx, actor, req.stepUpToken, { purpose: req.purpose }, meta);
  if (!isPrescriber(signer.roles)) {
    throw new AuditedRefusal(
      'FORBIDDEN',
      `${req.message} (${signer.displayName} is not a prescriber)`,
      { ...meta, actor },
      {
        action: req.purpose,
        recordType: 'dosing_session',
        recordId: s.id,
        patientId: s.patient_id,
        outcome: 'denied',
        details: { code: req.code, signer: signer.userId },
      },
      { code: req.code, purpose: req.purpose, ...(req.details ?? {}) },
    );
  }
  return signer;
}

/** Whether a time a person entered is not in the future (a minute of clock skew allowed); a 400 naming the field otherwise. */
export function assertNotFuture(at: string, field: string, now: Date): void {
  if (Date.parse(at) > now.getTime() + 60_000)
    throw new AppError('VALIDATION_FAILED', `${field}: is in the future`, { issues: [{ field, message: 'is in the future' }] });
}

export async function lockSession(tx: Db, sessionId: string) {
  const s = await tx.selectFrom('dosing_session').selectAll().where('id', '=', sessionId).forUpdate().executeTakeFirst();
  if (s === undefined) throw notFound('dosing session', sessionId);
  return s;
}

/**
 * The session as a read sees it (the console view), without locking it: a console opened while a
 * monitor's readings are stored neither waits for them nor holds them up, and the live event that
 * follows the readings' commit refreshes it. Checks the actor may see its patient: the common
 * case (the care team, or a site-wide role at the patient's site, as `ordinaryAccess` decides) is
 * read with the session in one statement; any other case takes `assertPatientAccess`'s whole path
 * (a booking that day, emergency access, or the audited refusal).
 */
export async function loadForRead(tx: Db, actor: Actor, sessionId: string, meta: RequestMeta, action: string) {
  const row = await tx
    .selectFrom('dosing_session as d')
    .innerJoin('patient as p', 'p.id', 'd.patient_id')
    .selectAll('d')
    .select([
      'p.site_id as patient_site_id',
      sql<boolean>`EXISTS (SELECT 1 FROM care_team_member m WHERE m.patient_id = d.patient_id AND m.user_id = ${actor.userId})`.as(
        'on_care_team',
      ),
    ])
    .where('d.id', '=', sessionId)
    .executeTakeFirst();
  if (row === undefined) throw notFound('dosing session', sessionId);
  const { patient_site_id: patientSiteId, on_care_team: onCareTeam, ...s } = row;
  if (!onCareTeam && !(isSiteWide(actor) && actor.siteId === patientSiteId))
    await assertPatientAccess(tx, actor, s.patient_id, meta, action);
  return s;
}

export async function loadFor(tx: Db, actor: Actor, sessionId: string, meta: RequestMeta, action: string) {
  const s = await lockSession(tx, sessionId);
  await assertPatientAccess(tx, actor, s.patient_id, meta, action);
  return s;
}

/** The acts at the chair that happen in given states only, and the words of the refusal otherwise. */
const ACT_STATES = {
  'session.dose-order': { states: ['checked-in', 'pre-dose'], when: 'a dose is ordered before the infusion' },
  'session.checklist': { states: ['checked-in', 'pre-dose'], when: 'the checklist is completed before the infusion' },
  'session.checklist-override': { states: ['checked-in', 'pre-dose'], when: 'the checklist is completed before the infusion' },
  'session.discharge-escort': { states: ['observing'], when: 'the escort is confirmed at discharge' },
  'session.rate': { states: ['infusing'], when: 'the rate changes while infusing' },
  'session.aldrete': { states: ['observing'], when: 'the Aldrete score is taken while observing' },
  'session.stock-draw': { states: ['checked-in', 'pre-dose'], when: 'ketamine is drawn for the dose order before the infusion' },
} as const satisfies Record<string, { states: readonly SessionState[]; when: string }>;

/**
 * The session locked for `act` (as `loadFor`, which also checks the actor may see its patient),
 * when it is in a state the act allows (`ACT_STATES`); otherwise a 409 INVALID_TRANSITION saying
 * when the act happens, with the steps the session allows now.
 */
export async function loadForAct(tx: Db, actor: Actor, sessionId: string, meta: RequestMeta, act: keyof typeof ACT_STATES) {
  const s = await loadFor(tx, actor, sessionId, meta, act);
  const { states, when } = ACT_STATES[act];
  if (!(states as readonly SessionState[]).includes(s.state))
    throw new AppError('INVALID_TRANSITION', `${when} (the session is ${s.state})`, { current: s.state, allowed: allowedSteps(s.state) });
  return s;
}
