/**
 * What the audit viewer's list and its CSV export share: whose events the viewer sees (the scope),
 * the filters as SQL, one keyset page of events, and an event as the contract names it.
 *
 * Scope (design.md "Who uses it": directors work site-wide at their own site; admins see no
 * patient data):
 * - the medical director: their own site's events, patients by name. An event belongs to a site
 *   through its patient; an event about no patient through the person who acted (their site now),
 *   or, for a refusal of a site's data, through the site it named (someone of another site trying
 *   this site's data is this site's concern).
 * - the administrator (without the director's role): every site's events, or one site's, and no
 *   patient data: an event about a patient says only that it concerned one (no name, no id, no
 *   reason), and filtering by patient is refused.
 * - the prescriber's "own patients" scope (`audit.read-own-patients`) is not offered here: their
 *   patients' access reports cover it.
 *
 * @module
 */
import { AUDIT_ACTION_LABELS, type AuditActorKind, type AuditEvent, type AuditExportQuery } from '@kairos/api';
import { addDaysToIsoDate, localDateTimeToUtcIso } from '@kairos/core';
import { sql, type RawBuilder } from 'kysely';
import { notFound } from '../../../errors.js';
import { listSiteOf, otherSiteRefusal } from '../../access/site-scope.js';
import type { Actor, RequestMeta } from '../../context.js';
import { patientSiteOf } from '../../patients/assert-patient-access.js';
import { AuditedRefusal } from '../../transaction.js';
import type { AuditOutcome } from '../../../store/schema.js';
import type { Db } from '../../../store/database.js';

/** Whose events a viewer sees, and the zone their dates are read in. */
export interface AuditScope {
  /** The site whose events are listed; null: every site's (administrators only). */
  siteId: string | null;
  timeZone: string;
  patientsShown: boolean;
}

/** The filters of the list and the export, as the contract parses them. */
export type AuditFilters = AuditExportQuery;

/** The actions that record reading the trail: a page of the viewer, an export. */
export const AUDIT_READ = 'audit.read';
export const AUDIT_EXPORT = 'audit.export';

/** The filters as the audit event of a read records them (only those given). */
export function filtersOf(filters: AuditFilters): Record<string, string> {
  return Object.fromEntries(Object.entries(filters).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

/** The zone of a list over every site: no site's own. */
const ALL_SITES_ZONE = 'UTC';

/**
 * The viewer's scope for `filters`; refuses (audited as `action`, inside `transact`) another site
 * and an administrator's patient filter; a patient or site that does not exist is a 404.
 */
export async function resolveAuditScope(
  tx: Db,
  actor: Actor,
  filters: AuditFilters,
  meta: RequestMeta,
  action: string,
): Promise<AuditScope> {
  const director = actor.roles.includes('medical-director');
  if (!director && filters.patientId !== undefined)
    throw new AuditedRefusal(
      'FORBIDDEN',
      'Administrators see no patient data, so the audit trail cannot be filtered by patient. The medical director of the patient’s site can.',
      { ...meta, actor },
      { action, outcome: 'denied', details: { reason: 'admins see no patient data' } },
    );
  let siteId: string | null;
  if (director) {
    siteId = listSiteOf(actor);
    if (filters.siteId !== undefined && filters.siteId !== actor.siteId) throw otherSiteRefusal(actor, filters.siteId, meta, action);
  } else siteId = filters.siteId ?? null;
  if (filters.patientId !== undefined) {
    const patient = await patientSiteOf(tx, filters.patientId);
    if (patient.site_id !== siteId) throw otherSiteRefusal(actor, patient.site_id, meta, action);
  }
  let timeZone = ALL_SITES_ZONE;
  if (siteId !== null) {
    const site = await tx.selectFrom('site').select('time_zone').where('id', '=', siteId).executeTakeFirst();
    if (site !== undefined) timeZone = site.time_zone;
    else if (!director) throw notFound('site', siteId);
  }
  return { siteId, timeZone, patientsShown: director };
}

/** The conditions of `filters` in `scope` (all of them hold). */
function conditionsOf(scope: AuditScope, filters: AuditFilters): RawBuilder<unknown>[] {
  const where: RawBuilder<unknown>[] = [];
  const site = scope.siteId;
  if (site !== null)
    where.push(sql`(p.site_id = ${site}::uuid
      OR (e.patient_id IS NULL AND (u.site_id = ${site}::uuid OR (e.record_type = 'site' AND e.record_id = ${site}::text))))`);
  if (filters.patientId !== undefined) where.push(sql`e.patient_id = ${filters.patientId}::uuid`);
  if (filters.userId !== undefined) where.push(sql`e.user_id = ${filters.userId}::uuid`);
  if (filters.action !== undefined) {
    if (filters.action.endsWith('.*')) {
      const prefix = filters.action.slice(0, -1);
      where.push(sql`left(e.action, ${prefix.length}::int) = ${prefix}::text`);
    } else where.push(sql`e.action = ${filters.action}::text`);
  }
  if (filters.outcome !== undefined) where.push(sql`e.outcome = ${filters.outcome}::text`);
  // Site-local days, both included: from local midnight of `from` to local midnight after `to`.
  if (filters.from !== undefined) where.push(sql`e.at >= ${localDateTimeToUtcIso(filters.from, 0, scope.timeZone)}::timestamptz`);
  if (filters.to !== undefined)
    where.push(sql`e.at < ${localDateTimeToUtcIso(addDaysToIsoDate(filters.to, 1), 0, scope.timeZone)}::timestamptz`);
  return where;
}

interface AuditRow {
  seq: string;
  at: Date;
  user_id: string | null;
  user_roles: string[];
  action: string;
  outcome: AuditOutcome;
  patient_id: string | null;
  client_address: string | null;
  reason: string | null;
  display_name: string | null;
  given_name: string | null;
  family_name: string | null;
  mrn: string | null;
}

/**
 * Up to `limit` events of `filters` in `scope`, newest first (time, then place in the chain), after
 * the event `afterSeq` in that order when given: a keyset, so events that share a time are neither
 * repeated nor skipped from one page to the next.
 */
export async function selectAuditEvents(
  db: Db,
  scope: AuditScope,
  filters: AuditFilters,
  afterSeq: string | undefined,
  limit: number,
): Promise<AuditEvent[]> {
  const where = conditionsOf(scope, filters);
  if (afterSeq !== undefined) where.push(sql`(e.at, e.seq) < (SELECT c.at, c.seq FROM audit_event c WHERE c.seq = ${afterSeq}::bigint)`);
  // Patients' names are not even read for a viewer who may not see them.
  const patientColumns = scope.patientsShown
    ? sql`p.given_name, p.family_name, p.mrn`
    : sql`NULL::text AS given_name, NULL::text AS family_name, NULL::text AS mrn`;
  const rows = await sql<AuditRow>`
    SELECT e.seq::text AS seq, e.at, e.user_id, e.user_roles, e.action, e.outcome, e.patient_id, e.client_address,
           e.details->>'reason' AS reason, u.display_name, ${patientColumns}
    FROM audit_event e
    LEFT JOIN app_user u ON u.id = e.user_id
    LEFT JOIN patient p ON p.id = e.patient_id
    WHERE ${where.length === 0 ? sql`TRUE` : sql.join(where, sql` AND `)}
    ORDER BY e.at DESC, e.seq DESC
    LIMIT ${limit}::int`.execute(db);
  return rows.rows.map((r) => toAuditEvent(r, scope.patientsShown));
}

/** The longest reason shown: a reason is a short code ("other site"), not a text. */
const REASON_MAX = 200;

function toAuditEvent(r: AuditRow, patientsShown: boolean): AuditEvent {
  const withheld = r.patient_id !== null && !patientsShown;
  return {
    id: r.seq,
    at: new Date(r.at).toISOString(),
    actorKind: actorKindOf(r.user_id, r.user_roles),
    person: r.user_id === null ? null : { id: r.user_id, displayName: r.display_name ?? 'An account no longer on file' },
    roles: r.user_roles,
    action: r.action,
    actionLabel: auditActionLabel(r.action),
    outcome: r.outcome,
    patient:
      patientsShown && r.patient_id !== null && r.given_name !== null
        ? { id: r.patient_id, name: `${r.given_name} ${r.family_name ?? ''}`.trim(), mrn: r.mrn ?? '' }
        : null,
    patientWithheld: withheld,
    reason: withheld || r.reason === null ? null : r.reason.slice(0, REASON_MAX),
    clientAddress: r.client_address,
  };
}

function actorKindOf(userId: string | null, roles: readonly string[]): AuditActorKind {
  if (userId !== null) return 'staff';
  if (roles.includes('patient')) return 'patient';
  if (roles.includes('device')) return 'device';
  if (roles.includes('system')) return 'system';
  return 'nobody';
}

/** Words for what a refusal's suffix says went wrong (`patients.read:csrf`). */
const SUFFIXES: Record<string, string> = {
  csrf: 'without the page’s security token',
  'second-factor': 'before setting up a second factor',
  repeated: 'again',
};

/**
 * An action in plain words, from the label table; a refusal recorded with a suffix
 * (`patients.read:csrf`) is its action's words with the suffix's; an action with no words is shown
 * as its code.
 */
export function auditActionLabel(action: string): string {
  const direct = AUDIT_ACTION_LABELS[action];
  if (direct !== undefined) return direct;
  const colon = action.indexOf(':');
  if (colon > 0) {
    const words = SUFFIXES[action.slice(colon + 1)];
    const baseWords = AUDIT_ACTION_LABELS[action.slice(0, colon)];
    if (baseWords !== undefined && words !== undefined) return `${baseWords} (${words})`;
  }
  return action;
}
