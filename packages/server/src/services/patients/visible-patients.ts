/**
 * The patients a list may show an actor (design.md "Who uses it"): for a site-wide role (medical
 * director, coordinator), every patient of their own site; for anyone else, the patients of their
 * own site on whose care team they are, or to whom they hold an active emergency access. One
 * predicate, so that every list (patient search, FHIR searches, exports) scopes alike.
 *
 * @module
 */
import { sql, type RawBuilder, type SqlBool } from 'kysely';
import { listSiteOf } from '../access/site-scope.js';
import type { Actor } from '../context.js';
import { isSiteWide } from './assert-patient-access.js';

/**
 * Whether the patient whose id is `patientId` (a column reference such as `p.id`) and whose site is
 * `siteId` (a column reference such as `p.site_id`) is visible to `actor` at `now`.
 */
export function patientVisibleTo(actor: Actor, now: Date, columns: { patientId: string; siteId: string }): RawBuilder<SqlBool> {
  const patientId = sql.ref(columns.patientId);
  const siteId = sql.ref(columns.siteId);
  const site = listSiteOf(actor);
  if (isSiteWide(actor)) return sql<SqlBool>`${siteId} = ${site}`;
  return sql<SqlBool>`${siteId} = ${site} AND (
    EXISTS (SELECT 1 FROM care_team_member c WHERE c.patient_id = ${patientId} AND c.user_id = ${actor.userId})
    OR EXISTS (SELECT 1 FROM emergency_access x WHERE x.patient_id = ${patientId} AND x.user_id = ${actor.userId}
      AND x.opened_at <= ${now} AND x.expires_at > ${now}))`;
}
