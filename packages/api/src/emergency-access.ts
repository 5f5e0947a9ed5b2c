/**
 * Emergency access ("break the glass", design.md "Who uses it"; HIPAA 164.312(a)(2)(ii)) and the
 * per-patient access report ("who opened this record, when, why"):
 *
 * - `POST /api/patients/:id/emergency-access`: a clinician of the patient's site, outside the care
 *   team and not booked with the patient that day, states a reason and may open the record for
 *   12 hours; `GET` of the same path: the caller's own active emergency access to that patient.
 * - `GET /api/emergency-access`: the medical director's list of the site's emergency accesses,
 *   those awaiting review first; `POST /api/emergency-access/:id/review`: the review, with a note.
 * - `GET /api/patients/:id/access-report`: who opened the record, when, what they did and why.
 *
 * @module
 */
import { z } from 'zod';
import { IsoDate, IsoInstant, itemsOf, Reason } from './common.js';
import { RoleSchema } from './users.js';

/**
 * How long an emergency access lasts, hours: design.md, "Who uses it" ("break the glass": a stated
 * reason, 12 hours). The server sets each access's end from it; the web says it in its warning.
 */
export const EMERGENCY_ACCESS_HOURS = 12;

/** Shortest reason accepted for emergency access, characters after trimming: a sentence, not "x". */
export const EMERGENCY_ACCESS_REASON_MIN = 10;
/** Longest reason accepted for emergency access, characters after trimming. */
export const EMERGENCY_ACCESS_REASON_MAX = 1000;

/**
 * `POST /api/patients/:id/emergency-access`. The reason is trimmed and must be
 * `EMERGENCY_ACCESS_REASON_MIN` to `EMERGENCY_ACCESS_REASON_MAX` characters: the server checks
 * this itself (a 400 naming `body.reason`) rather than at validation, so that a refused attempt to
 * break the glass is on the record too.
 */
export const EmergencyAccessOpenBodySchema = z.strictObject({ reason: z.string().max(20_000) });
export type EmergencyAccessOpenBody = z.infer<typeof EmergencyAccessOpenBodySchema>;

/** `POST /api/emergency-access/:id/review`: the medical director's note (required). */
export const EmergencyAccessReviewBodySchema = z.strictObject({ note: Reason });
export type EmergencyAccessReviewBody = z.infer<typeof EmergencyAccessReviewBodySchema>;

/** A staff member as a report names them. */
export const StaffPersonSchema = z.object({ id: z.uuid(), displayName: z.string(), roles: z.array(RoleSchema) });
export type StaffPerson = z.infer<typeof StaffPersonSchema>;

/** One emergency access: who, to which patient, why, from when until when, and its review. */
export const EmergencyAccessSchema = z.object({
  id: z.uuid(),
  patient: z.object({ id: z.uuid(), name: z.string(), mrn: z.string() }),
  clinician: StaffPersonSchema,
  /** As the clinician typed it (trimmed); shown as text, never as markup. */
  reason: z.string(),
  openedAt: IsoInstant,
  /** Twelve hours after `openedAt`: the record is refused again from then on. */
  expiresAt: IsoInstant,
  /** Whether it still gives access now. */
  active: z.boolean(),
  review: z.object({ by: z.string(), at: IsoInstant, note: z.string() }).nullable(),
});
export type EmergencyAccess = z.infer<typeof EmergencyAccessSchema>;

/** `GET /api/emergency-access`: those awaiting review (oldest first), then those reviewed in the last 30 days. */
export const EmergencyAccessListSchema = itemsOf(EmergencyAccessSchema);
export type EmergencyAccessList = z.infer<typeof EmergencyAccessListSchema>;

/** `GET /api/patients/:id/emergency-access`: the caller's own emergency access to the patient now, if any. */
export const MyEmergencyAccessSchema = z.object({ active: /* @__PURE__ */ EmergencyAccessSchema.nullable() });
export type MyEmergencyAccess = z.infer<typeof MyEmergencyAccessSchema>;

/**
 * Why a person could open the record (or that they were refused): the care team, a role that works
 * site-wide (medical director, coordinator), a booking on the patient's event that day, emergency
 * access (with its stated reason), or refused.
 */
export const ACCESS_BASES = ['care-team', 'site-wide', 'assignment', 'emergency', 'refused'] as const;
export const AccessBasisSchema = z.enum(ACCESS_BASES);
export type AccessBasis = z.infer<typeof AccessBasisSchema>;

/** `GET /api/patients/:id/access-report`: a page of entries, newest first. */
export const AccessReportQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});
export type AccessReportQuery = z.infer<typeof AccessReportQuerySchema>;

/** One person's accesses to the record on one day (the site's day), on one basis. */
export const AccessReportEntrySchema = z.object({
  person: StaffPersonSchema,
  /** The site's calendar day. */
  day: IsoDate,
  firstAt: IsoInstant,
  lastAt: IsoInstant,
  /** How many recorded acts. */
  times: z.number().int(),
  /** What they did, in plain words ("read the record", "changed the notes"). */
  did: z.array(z.string()),
  basis: AccessBasisSchema,
  /** The reason stated for emergency access; null on every other basis. */
  emergencyReason: z.string().nullable(),
});
export type AccessReportEntry = z.infer<typeof AccessReportEntrySchema>;

export const AccessReportSchema = z.object({ items: z.array(AccessReportEntrySchema), total: z.number().int() });
export type AccessReport = z.infer<typeof AccessReportSchema>;
