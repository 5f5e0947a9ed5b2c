/**
 * Who may do what: the role-by-action table of design.md, as data. Every route declares one
 * action (or `public`, or `signed-in` for acts any signed-in user may do on their own account);
 * the auth hook checks it before anything else runs. A site may narrow this table, never widen it.
 *
 * @module
 */
import type { SectionId } from '@kairos/api';
import type { Role } from '../../store/schema.js';

/** Every action a route may declare, with the roles allowed by default. */
export const PERMISSIONS = {
  'users.manage': ['admin'],
  'protocol.sign': ['medical-director'],
  'protocol.propose': ['medical-director', 'prescriber'],
  'patients.read': ['medical-director', 'prescriber', 'nurse', 'therapist', 'coordinator'],
  'patients.write': ['medical-director', 'prescriber', 'nurse', 'therapist', 'coordinator'],
  // Referral details and documents (issue 22, Must 3): whoever creates and edits referrals
  // (design.md's roles table: every clinical role and the coordinator), on the patient's care team
  // or site; admins see no patient data.
  'referrals.manage': ['medical-director', 'prescriber', 'nurse', 'therapist', 'coordinator'],
  'screening.record': ['medical-director', 'prescriber', 'nurse', 'therapist', 'coordinator'],
  'screening.decide': ['medical-director', 'prescriber'],
  'screening.override-absolute': ['medical-director'],
  'schedule.manage': ['medical-director', 'prescriber', 'coordinator'],
  'schedule.read': ['medical-director', 'prescriber', 'nurse', 'therapist', 'coordinator'],
  'dose.order': ['medical-director', 'prescriber'],
  'infusion.run': ['medical-director', 'prescriber', 'nurse'],
  'observations.record': ['medical-director', 'prescriber', 'nurse', 'therapist'],
  'discharge.criteria-met': ['medical-director', 'prescriber', 'nurse'],
  'discharge.override': ['medical-director', 'prescriber'],
  'notes.write': ['medical-director', 'prescriber', 'nurse', 'therapist'],
  'questionnaires.enter': ['medical-director', 'prescriber', 'nurse', 'therapist', 'coordinator'],
  'outcomes.read': ['medical-director', 'prescriber', 'therapist'],
  // The de-identified research export holds every patient of the site (issue 24, Must 4).
  'outcomes.export-research': ['medical-director'],
  'stock.move': ['medical-director', 'prescriber', 'nurse'],
  'stock.resolve': ['medical-director', 'prescriber'],
  // The site's DEA registration, its ketamine products and storage locations: the prescribers and
  // the medical director (they hold the registration); admins see nothing of the stock (design.md).
  'stock.configure': ['medical-director', 'prescriber'],
  // The stock's site defaults (expiry warning days, how long an opened vial is kept): the medical
  // director, who reviews the site's defaults.
  'stock.settings': ['medical-director'],
  'adverse-events.review': ['medical-director'],
  // The site's log of adverse events (and its CSV): the clinicians who record them. The medical
  // director reads the whole site; prescribers, nurses and therapists their care teams' patients.
  // Not the coordinator (scheduling, not clinical safety) and not the admin (no patient data).
  'adverse-events.read': ['medical-director', 'prescriber', 'nurse', 'therapist'],
  // Correcting a reported adverse event's kind, severity or times (also after review) is a clinical
  // judgement: the prescribers and the medical director, with a reason.
  'adverse-events.correct': ['medical-director', 'prescriber'],
  // Correcting the date of a questionnaire staff entered: the clinicians who enter them (not the
  // coordinator: the date moves outcome calculations), with a reason.
  'questionnaires.correct': ['medical-director', 'prescriber', 'nurse', 'therapist'],
  'audit.read': ['admin', 'medical-director'],
  'audit.read-own-patients': ['prescriber'],
  // The audit trail as FHIR AuditEvents (issue 25): the medical director only, their own site's
  // events; it names patients, and admins see no patient data.
  'audit.fhir-read': ['medical-director'],
  // FHIR Bulk Data $export (issue 25): every patient of the site the director may see, in files;
  // the medical director only, as the research export.
  'fhir.export': ['medical-director'],
  // "Break the glass" (design.md, "Who uses it"): the clinicians who work through care teams.
  // Medical directors and coordinators work site-wide already; admins see no patient data.
  'patients.emergency-access': ['prescriber', 'nurse', 'therapist'],
  // The medical director reviews each emergency access of the site.
  'emergency-access.review': ['medical-director'],
  // design.md, "read the audit trail and access reports": the medical director; the prescriber for
  // their own patients (those they may open). Admins see no patient data, so not a patient's report;
  // the patient's own report through the portal is not built yet.
  'access-report.read': ['medical-director', 'prescriber'],
  'staff.list': ['admin', 'medical-director', 'prescriber', 'nurse', 'therapist', 'coordinator'],
  'sites.read': ['admin', 'medical-director', 'prescriber', 'nurse', 'therapist', 'coordinator'],
  'sites.manage': ['admin'],
  // Billing's setup (issue 27): the clinic's billing identity and fee schedule, no patient data:
  // the administrator, and the coordinator who does the billing.
  'billing.configure': ['admin', 'coordinator'],
  // A patient's charges (patient data): the coordinator who does the billing and the medical director.
  'billing.manage': ['medical-director', 'coordinator'],
  // Staff credentials (issue 28): recorded, renewed and removed by the administrator and the medical
  // director (who answers for who runs an infusion); everyone reads their own ('signed-in' routes).
  'credentials.manage': ['admin', 'medical-director'],
  // Letting a session go ahead with a lapsed credential: the medical director, with a reason.
  'credentials.override': ['medical-director'],
  'consent-documents.write': ['admin', 'medical-director'],
  'site-content.write': ['admin', 'medical-director'],
  // Journal entries a patient shares "with my therapist": the therapists and the medical director.
  'journal.read-shared': ['medical-director', 'therapist'],
  'risk-tasks.complete': ['medical-director', 'prescriber', 'nurse', 'therapist'],
  'portal-access.create': ['medical-director', 'prescriber', 'nurse', 'therapist', 'coordinator'],
  // Handing this device to a patient for the questionnaires due now (the clinic tablet): whoever may
  // enter questionnaires for a patient.
  'kiosk.start': ['medical-director', 'prescriber', 'nurse', 'therapist', 'coordinator'],
} as const satisfies Record<string, readonly Role[]>;

export type PermissionAction = keyof typeof PERMISSIONS;
/**
 * `public`: no sign-in; `signed-in`: any signed-in user, on their own session or account;
 * `local-admin`: the `kairos` command on the server's own machine (it proves it can read the
 * data dir's lock file), never a browser session; `portal`: a patient in their portal session,
 * for their own record only; `device`: a monitor with a device token (Bearer), for vitals only.
 */
export type RouteAction = PermissionAction | 'public' | 'signed-in' | 'local-admin' | 'portal' | 'device';

export function isRouteAction(a: string): a is RouteAction {
  return (
    a === 'public' ||
    a === 'signed-in' ||
    a === 'local-admin' ||
    a === 'portal' ||
    a === 'device' ||
    Object.prototype.hasOwnProperty.call(PERMISSIONS, a)
  );
}

/** True when one of `roles` may perform `action` by default. `portal` is the patient's own, never staff's. */
export function rolesAllow(roles: readonly string[], action: RouteAction): boolean {
  if (action === 'local-admin' || action === 'portal' || action === 'device') return false;
  if (action === 'public' || action === 'signed-in') return true;
  const allowed: readonly string[] = PERMISSIONS[action];
  return roles.some((r) => allowed.includes(r));
}

/** Roles licensed to run an IV, double check a dose or witness waste (design.md). */
export const LICENSED_ROLES: readonly Role[] = ['medical-director', 'prescriber', 'nurse'];
export const isLicensed = (roles: readonly string[]): boolean => roles.some((r) => (LICENSED_ROLES as readonly string[]).includes(r));

/** Roles that work site-wide rather than through care teams. */
export const SITE_WIDE_ROLES: readonly Role[] = ['medical-director', 'coordinator'];

/** The web app's sections and the action that opens each. */
export const SECTIONS = [
  ['today', 'schedule.read'],
  ['patients', 'patients.read'],
  ['schedule', 'schedule.read'],
  ['outcomes', 'outcomes.read'],
  ['inventory', 'stock.move'],
  ['settings', 'users.manage'],
] as const satisfies readonly (readonly [SectionId, PermissionAction])[];

/** The sections a user with `roles` sees in the navigation. Medical directors also get Settings (protocol). */
export function sectionsFor(roles: readonly string[]): SectionId[] {
  return SECTIONS.filter(
    ([section, action]) => rolesAllow(roles, action) || (section === 'settings' && rolesAllow(roles, 'protocol.sign')),
  ).map(([s]) => s);
}
