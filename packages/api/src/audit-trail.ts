/**
 * The audit trail viewer (issue 22, Must 3; design.md "read the audit trail"):
 *
 * - `GET /api/audit-events`: a page of audit events, newest first, filtered by patient, person,
 *   action (or action prefix), outcome, site-local dates and site; `cursor` continues after the last
 *   event of the page before (keyset: no duplicates or gaps when events share a time).
 * - `GET /api/audit-events.csv`: the same filters, every matching event as CSV, streamed, at most
 *   `AUDIT_EXPORT_MAX_ROWS` rows.
 *
 * The medical director sees the events of their own site (by the patient's site, or for an event
 * about no patient, the person's site), with patients by name. Administrators see every site's
 * events without patient data: an event about a patient says only that it concerned a patient.
 *
 * @module
 */
import { z } from 'zod';
import { IsoDate, IsoInstant, pureSchema } from './common.js';

/** Events per page: at most, and when the query says nothing. */
export const AUDIT_PAGE_MAX = 200;
export const AUDIT_PAGE_DEFAULT = 50;

/** The most rows one CSV export holds; past it the file ends with a line saying so. */
export const AUDIT_EXPORT_MAX_ROWS = 50_000;

/** An action (`patient.read`), or a prefix of actions ending in `.*` (`patient.*`). */
const ACTION_FILTER = /^[a-z0-9-]+(\.[a-z0-9-]+)*(\.\*)?$/;

export const AUDIT_OUTCOMES = ['allowed', 'denied', 'failed'] as const;
export const AuditOutcomeSchema = z.enum(AUDIT_OUTCOMES);
export type AuditOutcomeValue = z.infer<typeof AuditOutcomeSchema>;

/** The filters both routes take. `from` and `to` are site-local days, both included. */
const filterFields = /* @__PURE__ */ pureSchema(() => ({
  patientId: z.uuid().optional(),
  userId: z.uuid().optional(),
  action: z.string().max(100).regex(ACTION_FILTER, 'is not an action (patient.read) or an action prefix (patient.*)').optional(),
  outcome: /* @__PURE__ */ AuditOutcomeSchema.optional(),
  siteId: z.uuid().optional(),
  from: /* @__PURE__ */ IsoDate.optional(),
  to: /* @__PURE__ */ IsoDate.optional(),
}));

const fromNotAfterTo = (q: { from?: string | undefined; to?: string | undefined }): boolean =>
  q.from === undefined || q.to === undefined || q.from <= q.to;
const FROM_AFTER_TO = { message: 'is before from: the range ends before it starts', path: ['to'] };

/** `GET /api/audit-events`. */
export const AuditEventsQuerySchema = /* @__PURE__ */ pureSchema(() =>
  z
    .strictObject({
      ...filterFields,
      limit: z.coerce.number().int().min(1).max(AUDIT_PAGE_MAX).default(AUDIT_PAGE_DEFAULT),
      /** The `nextCursor` of the page before. */
      cursor: z
        .string()
        .regex(/^[1-9][0-9]{0,17}$/, 'is not a cursor this list gave')
        .optional(),
    })
    .refine(fromNotAfterTo, FROM_AFTER_TO),
);
export type AuditEventsQuery = z.infer<typeof AuditEventsQuerySchema>;

/** `GET /api/audit-events.csv`. */
export const AuditExportQuerySchema = /* @__PURE__ */ z.strictObject(filterFields).refine(fromNotAfterTo, FROM_AFTER_TO);
export type AuditExportQuery = z.infer<typeof AuditExportQuerySchema>;

/** Who acted: a staff member, the patient (portal), a monitor, the server itself, or nobody signed in. */
export const AUDIT_ACTOR_KINDS = ['staff', 'patient', 'device', 'system', 'nobody'] as const;
export const AuditActorKindSchema = z.enum(AUDIT_ACTOR_KINDS);
export type AuditActorKind = z.infer<typeof AuditActorKindSchema>;

export const AuditEventSchema = z.object({
  /** The event's place in the chain: a key for lists, not shown. */
  id: z.string(),
  at: IsoInstant,
  actorKind: AuditActorKindSchema,
  /** The staff member, by name; null when nobody signed in acted. */
  person: z.object({ id: z.uuid(), displayName: z.string() }).nullable(),
  /** The roles the actor held at the time. */
  roles: z.array(z.string()),
  action: z.string(),
  /** The action in plain words; the code itself when it has none. */
  actionLabel: z.string(),
  outcome: AuditOutcomeSchema,
  /** The patient, by name; null when the event is about no patient, or the viewer may not see patients. */
  patient: z.object({ id: z.uuid(), name: z.string(), mrn: z.string() }).nullable(),
  /** True when the event concerned a patient the viewer is not shown (administrators). */
  patientWithheld: z.boolean(),
  /** Why, for a refusal or a failure, when the event says ("other site"). */
  reason: z.string().nullable(),
  clientAddress: z.string().nullable(),
});
export type AuditEvent = z.infer<typeof AuditEventSchema>;

export const AuditEventPageSchema = z.object({
  items: z.array(AuditEventSchema),
  /** Pass as `cursor` for the next (older) page; null when this page is the last. */
  nextCursor: z.string().nullable(),
  /** The IANA zone the dates are read in and times should be shown in (the site's; UTC for all sites). */
  timeZone: z.string(),
  /** Whether the viewer is shown patients (the medical director) or not (administrators). */
  patientsShown: z.boolean(),
});
export type AuditEventPage = z.infer<typeof AuditEventPageSchema>;

/**
 * Plain words for the common actions. An action not listed is shown as its code. A refusal recorded
 * by the route's permission check carries the permission's name (`patients.read`), so those are
 * here too.
 */
export const AUDIT_ACTION_LABELS: Readonly<Record<string, string>> = {
  'audit.read': 'Read the audit trail',
  'audit.export': 'Exported the audit trail',
  'audit.staged-refused': 'Refused a forged audit event',
  'auth.sign-in': 'Signed in',
  'auth.sign-out': 'Signed out',
  'auth.step-up': 'Confirmed with a password (step-up)',
  'auth.unauthenticated': 'Refused: not signed in',
  'patient.read': 'Opened a patient record',
  'patient.create': 'Created a patient record',
  'patient.update': 'Changed a patient’s details',
  'patient.search': 'Searched patients',
  'patient.messages.read': 'Read a patient’s messages',
  'patient.schedule.read': 'Read a patient’s schedule',
  'patient.access-report.read': 'Read who opened a record',
  'patient.emergency-access': 'Broke the glass (emergency access)',
  'patient.emergency-access.read': 'Read own emergency access',
  'patient.access-by-emergency': 'Access under emergency access',
  'patient.access-by-assignment': 'Access by a booking that day',
  'emergency-access.list': 'Listed emergency accesses',
  'emergency-access.review': 'Reviewed an emergency access',
  'enrollment.create': 'Enrolled a patient',
  'enrollment.read': 'Read an enrollment',
  'enrollment.search': 'Searched enrollments',
  'enrollment.transition': 'Moved an enrollment on',
  'referral.read': 'Read a referral',
  'referral.update': 'Changed a referral’s details',
  'referral-document.list': 'Listed a referral’s documents',
  'referral-document.upload': 'Added a referral document',
  'referral-document.download': 'Downloaded a referral document',
  'screening.read': 'Read a screening',
  'screening.assess': 'Assessed screening',
  'screening.decide': 'Decided screening',
  'screening.override': 'Overrode a screening rule',
  'screening.hold': 'Put screening on hold',
  'screening.release-hold': 'Released a screening hold',
  'consent.sign': 'Consent signed',
  'questionnaire.read': 'Read a questionnaire',
  'measurement-tasks.read': 'Read questionnaires due',
  'measurement-tasks.board': 'Read the questionnaires board',
  'outcomes.read': 'Read outcomes',
  'outcomes.program-read': 'Read the program outcomes',
  'outcomes.program-cohorts-read': 'Listed the program’s cohorts',
  'fhir.read': 'Read a record through the FHIR interface',
  'fhir.search': 'Searched records through the FHIR interface',
  'fhir.export': 'Asked for a FHIR bulk export',
  'fhir.export-status': 'Checked a FHIR bulk export',
  'fhir.export-download': 'Downloaded a file of a FHIR bulk export',
  'fhir.export-cancel': 'Cancelled a FHIR bulk export',
  'fhir.export-settings': 'Set how long FHIR export files are kept',
  'outcomes.program-export': 'Downloaded the program outcomes (PDF or CSV)',
  'outcomes.progress-letter-export': 'Downloaded a progress letter (PDF)',
  'outcomes.research-export': 'Exported de-identified research data',
  'maintenance-task.create': 'Asked the prescriber to consider maintenance',
  'journal.read': 'Read a shared journal entry',
  'note.sign': 'Signed a note',
  'session.read': 'Opened a dosing session',
  'session.readings.read': 'Read a session’s readings',
  'session.record.export': 'Printed a session’s infusion record (PDF)',
  'session.vitals': 'Recorded vital signs',
  'session.escalation': 'Escalated an alert',
  'infusion.run': 'Ran an infusion step',
  'adverse-event.report': 'Reported an adverse event',
  'adverse-event.review': 'Reviewed an adverse event',
  'adverse-event.queue.read': 'Read the adverse event queue',
  'today.read': 'Read the Today board',
  'task.read': 'Read tasks',
  'task.complete': 'Completed a task',
  'risk-task.create': 'Raised a risk task',
  'cohort.book': 'Booked a cohort',
  'cohort.cancel': 'Cancelled a cohort',
  'event.reschedule': 'Rescheduled an event',
  'event.cancel': 'Cancelled an event',
  'portal.enter': 'Patient entered the portal',
  'portal-access.create': 'Opened portal access',
  'message.enqueue': 'Queued a message',
  'message.fail': 'A message failed',
  'protocol.propose': 'Proposed a protocol change',
  'protocol.sign': 'Signed the protocol',
  'user.create': 'Created an account',
  'user.password': 'Set a password',
  'user.site': 'Moved an account to a site',
  'second-factor.enrol': 'Set up a second factor',
  'second-factor.remove': 'Removed a second factor',
  'second-factor.reset': 'Reset a second factor',
  'second-factor.recovery-codes': 'Made new recovery codes',
  'site.create': 'Created a site',
  'device-token.create': 'Made a device token',
  'device-token.revoke': 'Revoked a device token',
  'calendar-feed.create': 'Made a calendar feed',
  'calendar-feed.revoke': 'Revoked a calendar feed',
  'export.backup': 'Made a backup',
  'export.calendar-feed': 'Calendar feed read',
  'request.refused': 'Request refused',
  'demo.load': 'Demo clinic loaded',
  'patients.read': 'Asked for patient data',
  'patients.write': 'Asked to change patient data',
  'referrals.manage': 'Asked to change a referral',
  'schedule.read': 'Asked for the schedule',
  'users.manage': 'Asked to manage accounts',
  'outcomes.export-research': 'Asked for a research export',
  'sites.manage': 'Asked to manage sites',
};

/** Groups of actions the viewer offers as one filter (an action prefix). */
export const AUDIT_ACTION_GROUPS: readonly { readonly action: string; readonly label: string }[] = [
  { action: 'patient.*', label: 'Anything on a patient record' },
  { action: 'session.*', label: 'Anything in a dosing session' },
  { action: 'screening.*', label: 'Anything in screening' },
  { action: 'audit.*', label: 'Reading the audit trail' },
  { action: 'auth.*', label: 'Signing in and out' },
  { action: 'second-factor.*', label: 'Second factors' },
  { action: 'emergency-access.*', label: 'Emergency access reviews' },
];
