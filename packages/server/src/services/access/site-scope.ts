/**
 * Site scoping (design.md, "Who uses it"): staff work at their own site. Every list of patient data
 * (the Today board, the schedule, enrollments, tasks, questionnaires due, the review queue, live
 * events) shows only the actor's site, and asking for another site's list is refused and audited.
 * A staff member without a site (an account made before sites were required) sees no site's data.
 * Admins manage every site's configuration (rooms, chairs, protocol drafts, consent texts) and see
 * no patient data at all (the permission table keeps them out of patient routes).
 *
 * @module
 */
import type { Actor, RequestMeta } from '../context.js';
import { AuditedRefusal, transact } from '../transaction.js';
import type { Db } from '../../store/database.js';

/**
 * What is read: `patient-data` (lists naming patients, live events) only at the actor's own site;
 * `site-config` (the site, its rooms, protocol, consent texts) also by admins, for every site.
 */
export type SiteScope = 'patient-data' | 'site-config';

/** True when the actor may read `siteId`'s data of this kind. */
export function mayUseSite(actor: Actor, siteId: string, scope: SiteScope): boolean {
  if (scope === 'site-config' && actor.roles.includes('admin')) return true;
  return actor.siteId !== null && actor.siteId === siteId;
}

/** The refusal of another site's data, audited when thrown inside `transact`. */
export function otherSiteRefusal(actor: Actor, siteId: string, meta: RequestMeta, action: string): AuditedRefusal {
  return new AuditedRefusal(
    'FORBIDDEN',
    actor.siteId === null
      ? 'Your account is not attached to a site, so it sees no site’s patients or schedule. Ask an administrator to attach it to your site.'
      : 'This belongs to another site. You see only your own site’s patients and schedule; the attempt is recorded.',
    { ...meta, actor },
    { action, recordType: 'site', recordId: siteId, outcome: 'denied', details: { reason: 'other site' } },
  );
}

/** Refuses (inside a use case's transaction: audited after the rollback) another site's data. */
export function assertSiteInScope(
  actor: Actor,
  siteId: string,
  meta: RequestMeta,
  action: string,
  scope: SiteScope = 'patient-data',
): void {
  if (!mayUseSite(actor, siteId, scope)) throw otherSiteRefusal(actor, siteId, meta, action);
}

/** The same check outside a use case (a route that reads without a transaction): the refusal is audited on its own. */
export async function checkSiteInScope(
  db: Db,
  actor: Actor,
  siteId: string,
  meta: RequestMeta,
  action: string,
  scope: SiteScope = 'patient-data',
): Promise<void> {
  if (mayUseSite(actor, siteId, scope)) return;
  await transact(db, () => Promise.reject(otherSiteRefusal(actor, siteId, meta, action)));
}

/**
 * The site a list without a site in its query is limited to: the actor's own. A placeholder id no
 * row has when the actor has none, so the list is empty rather than every site's.
 */
export function listSiteOf(actor: Actor): string {
  return actor.siteId ?? NO_SITE;
}
const NO_SITE = '00000000-0000-0000-0000-000000000000';
