/**
 * Use case: a patient's access report, "who opened this record, when, why" (HIPAA 164.312(b) and
 * (a)(2)(ii)), from the audit trail of the patient. One entry per person, site day and basis:
 * first and last time, how many recorded acts, what they did in plain words, and why they could:
 * the care team, a role that works site-wide, a booking on the patient's event that day, emergency
 * access (with its stated reason), or refused. Staff only: the patient's own portal, devices and
 * the server's timed work are not people opening the record.
 *
 * The basis of an allowed entry is read from the trail: an access under emergency access and an
 * access by assignment are recorded as such by `assertPatientAccess`; otherwise the roles the
 * person held at the time say site-wide; anything else passed the care-team check.
 *
 * Who may read it: the permission table's `access-report.read` (the medical director; the
 * prescriber) and, as for the record itself, only someone who may open the record now. Reading
 * it is on the record too (before the report is read, so it lists this reading).
 *
 * @module
 */
import type { AccessBasis, AccessReport, AccessReportQuery, Role } from '@kairos/api';
import { sql } from 'kysely';
import { SITE_WIDE_ROLES } from '../access/permissions.js';
import { audit, sealPendingAudit } from '../audit.js';
import type { Actor, RequestMeta } from '../context.js';
import { assertPatientAccess, ACCESS_BY_ASSIGNMENT, patientSiteOf } from '../patients/assert-patient-access.js';
import { transact } from '../transaction.js';
import type { Db } from '../../store/database.js';
import { ACCESS_BY_EMERGENCY, EMERGENCY_ACCESS } from './emergency-access-internal.js';

/** Events that only say on what basis another event of the same request was allowed. */
const MARKERS = [ACCESS_BY_EMERGENCY, ACCESS_BY_ASSIGNMENT];

interface GroupRow {
  user_id: string;
  display_name: string;
  day: string;
  refused: boolean;
  first_at: Date | string;
  last_at: Date | string;
  times: string | number;
  actions: string[];
  emergency_id: string | null;
  assigned: boolean;
  roles_then: string | null;
}

export async function readAccessReport(
  db: Db,
  actor: Actor,
  patientId: string,
  query: AccessReportQuery,
  meta: RequestMeta,
): Promise<AccessReport> {
  // Reads whose audit events were staged (a console opened a moment ago) are chained first, so the report has them.
  await sealPendingAudit(db);
  return transact(db, async (tx) => {
    const patient = await patientSiteOf(tx, patientId);
    await assertPatientAccess(tx, actor, patientId, meta, 'patient.access-report.read');
    await audit(
      tx,
      { ...meta, actor },
      { action: 'patient.access-report.read', recordType: 'patient', recordId: patientId, patientId, outcome: 'allowed' },
    );
    const markers = sql.join(MARKERS.map((m) => sql`${m}`));
    const groups = sql`
      SELECT e.user_id,
             ((e.at AT TIME ZONE ${patient.time_zone})::date)::text AS day,
             (e.outcome = 'denied') AS refused,
             min(e.at) AS first_at,
             max(e.at) AS last_at,
             count(*) FILTER (WHERE e.action NOT IN (${markers})) AS times,
             array_agg(DISTINCT e.action) AS actions,
             max(e.details->>'emergencyAccessId') FILTER (WHERE e.action IN (${ACCESS_BY_EMERGENCY}, ${EMERGENCY_ACCESS})) AS emergency_id,
             bool_or(e.action = ${ACCESS_BY_ASSIGNMENT}) AS assigned,
             max(array_to_string(e.user_roles, ',')) AS roles_then
      FROM audit_event e
      WHERE e.patient_id = ${patientId} AND e.user_id IS NOT NULL
      GROUP BY 1, 2, 3`;
    const total = await sql<{ n: string }>`SELECT count(*)::text AS n FROM (${groups}) g`.execute(tx);
    const rows = await sql<GroupRow>`
      SELECT g.*, u.display_name
      FROM (${groups}) g JOIN app_user u ON u.id = g.user_id
      ORDER BY g.last_at DESC, g.user_id, g.refused
      LIMIT ${query.limit} OFFSET ${query.offset}`.execute(tx);
    const emergencyIds = [...new Set(rows.rows.map((r) => r.emergency_id).filter((id): id is string => id !== null))];
    const reasons = new Map(
      emergencyIds.length === 0
        ? []
        : (
            await tx
              .selectFrom('emergency_access')
              .select(['id', 'reason'])
              .where('patient_id', '=', patientId)
              .where('id', 'in', emergencyIds)
              .execute()
          ).map((r) => [r.id, r.reason]),
    );
    return {
      total: Number(total.rows[0]?.n ?? 0),
      items: rows.rows.map((r) => {
        const rolesThen = (r.roles_then ?? '').split(',').filter((x) => x !== '') as Role[];
        const basis: AccessBasis = r.refused
          ? 'refused'
          : r.emergency_id !== null
            ? 'emergency'
            : r.assigned
              ? 'assignment'
              : rolesThen.some((role) => SITE_WIDE_ROLES.includes(role))
                ? 'site-wide'
                : 'care-team';
        return {
          person: { id: r.user_id, displayName: r.display_name, roles: rolesThen },
          day: r.day,
          firstAt: new Date(r.first_at).toISOString(),
          lastAt: new Date(r.last_at).toISOString(),
          times: Number(r.times),
          did: [...new Set(r.actions.filter((a) => !MARKERS.includes(a)).map(plainWords))].sort(),
          basis,
          emergencyReason: basis === 'emergency' && r.emergency_id !== null ? (reasons.get(r.emergency_id) ?? null) : null,
        };
      }),
    };
  });
}

/** The part of a record an audit action names, by the action's first word. */
const AREAS: Record<string, string> = {
  patient: 'the record',
  enrollment: 'the enrollment',
  screening: 'the screening',
  consent: 'the consent',
  note: 'the notes',
  questionnaire: 'the questionnaires',
  'measurement-tasks': 'the questionnaires due',
  journal: 'the journal',
  outcomes: 'the outcomes',
  'adverse-event': 'the adverse events',
  session: 'the dosing session',
  dose: 'the dosing session',
  infusion: 'the dosing session',
  rate: 'the dosing session',
  pause: 'the dosing session',
  alert: 'the dosing session',
  discharge: 'the dosing session',
  checklist: 'the dosing session',
  event: 'the schedule',
  schedule: 'the schedule',
  cohort: 'the schedule',
  task: 'the tasks',
  'risk-task': 'the tasks',
  'portal-access': 'the portal access',
  portal: 'the portal',
  message: 'the messages',
  'emergency-access': 'an emergency access',
};

/** The part of the record a `patient.<part>.<verb>` action names. */
const PATIENT_PARTS: Record<string, string> = {
  details: 'the clinical details',
  messages: 'the messages',
  schedule: 'the schedule',
  vitals: 'the vital signs',
  escort: 'the escort',
};

/** Whole actions with words of their own. */
const PHRASES: Record<string, string> = {
  'patient.read': 'opened the record',
  'patient.create': 'created the record',
  [EMERGENCY_ACCESS]: 'broke the glass (emergency access)',
  'patient.emergency-access.read': 'read their emergency access',
  'patient.access-report.read': 'read who opened this record',
  'emergency-access.review': 'reviewed an emergency access',
};

const READ_VERBS = new Set(['read', 'list', 'search', 'board', 'open']);

/** An audit action in plain words: "read the notes", "changed the dosing session". */
function plainWords(action: string): string {
  const phrase = PHRASES[action];
  if (phrase !== undefined) return phrase;
  const parts = action.split('.');
  const area = (parts[0] === 'patient' ? PATIENT_PARTS[parts[1] ?? ''] : undefined) ?? AREAS[parts[0] ?? ''] ?? 'the record';
  const verb = parts.at(-1) ?? '';
  if (verb === 'export') return `exported ${area}`;
  return READ_VERBS.has(verb) ? `read ${area}` : `changed ${area}`;
}
