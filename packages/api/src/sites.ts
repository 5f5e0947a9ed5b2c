/**
 * Sites (Settings): the calendar of a site, its rooms and chairs, its protocol configuration
 * (versions, proposal, signature, the dosing check), its consent documents; and the live stream
 * of a site's events (`GET /api/events`, whose events are in `live-events.ts`).
 *
 * @module
 */
import {
  CITATIONS,
  INTERACTION_SEVERITIES,
  isKnownTimeZone,
  isUsState,
  ProvenanceSchema,
  WEEKDAYS,
  type CitationKey,
  type Provenance,
} from '@kairos/core';
import { z } from 'zod';
import { IsoInstant, itemsOf, pureSchema, Reason, StepUpToken } from './common.js';
import { ServerModeSchema } from './sign-in.js';

/** The weekdays, Monday first: core's calendar list. */
export { WEEKDAYS };
export const WeekdaySchema = z.enum(WEEKDAYS);
export type Weekday = z.infer<typeof WeekdaySchema>;

// ---- sites, rooms, chairs ----

const SiteItemName = z.string().trim().min(1, 'required').max(100, 'at most 100 characters');
const SiteFields = {
  name: SiteItemName,
  timeZone: z.string().refine(isKnownTimeZone, 'an IANA time zone such as America/New_York'),
  workingDays: z.array(WeekdaySchema).min(1, 'at least one working day').max(7),
  closedDates: z.array(z.iso.date('a date as YYYY-MM-DD')).max(366),
  /** The US state the site is in (two-letter code): licences and DEA registrations count for it (issue 28); null: not set. */
  state: z
    .string()
    .trim()
    .transform((s) => s.toUpperCase())
    .refine(isUsState, 'a US state’s two-letter postal code (e.g. NY)')
    .nullable(),
};

/** `POST /api/sites` (working days default to Monday to Friday). */
export const SiteCreateBodySchema = pureSchema(() =>
  z.strictObject({
    ...SiteFields,
    workingDays: /* @__PURE__ */ SiteFields.workingDays.optional(),
    closedDates: /* @__PURE__ */ SiteFields.closedDates.optional(),
    state: /* @__PURE__ */ SiteFields.state.optional(),
  }),
);
export type SiteCreateBody = z.infer<typeof SiteCreateBodySchema>;

/** `PATCH /api/sites/:id`: the fields to change. */
export const SiteUpdateBodySchema = z.strictObject(SiteFields).partial();
export type SiteUpdateBody = z.infer<typeof SiteUpdateBodySchema>;

/** `POST /api/sites/:id/rooms`, `POST /api/rooms/:id/chairs`: a name unique in its site or room. */
export const SiteItemCreateBodySchema = z.strictObject({ name: SiteItemName });
export type SiteItemCreateBody = z.infer<typeof SiteItemCreateBodySchema>;

/** `PATCH /api/rooms/:id`, `PATCH /api/chairs/:id`: rename, deactivate or reactivate. */
export const SiteItemUpdateBodySchema = z.strictObject({ name: /* @__PURE__ */ SiteItemName.optional(), active: z.boolean().optional() });
export type SiteItemUpdateBody = z.infer<typeof SiteItemUpdateBodySchema>;

export const SiteChairSchema = z.object({ id: z.uuid(), name: z.string(), active: z.boolean() });
export type SiteChair = z.infer<typeof SiteChairSchema>;

export const SiteRoomSchema = z.object({ id: z.uuid(), name: z.string(), active: z.boolean(), chairs: z.array(SiteChairSchema) });
export type SiteRoom = z.infer<typeof SiteRoomSchema>;

/** A site with its rooms and chairs (by name). Every change of a site, room or chair answers the whole site. */
export const SiteSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  /** IANA time zone: the site's dates and schedules follow it. */
  timeZone: z.string(),
  workingDays: z.array(WeekdaySchema),
  /** Sorted. */
  closedDates: z.array(z.iso.date()),
  /** The US state the site is in (two-letter code); null: not set. */
  state: z.string().nullable(),
  synthetic: z.boolean(),
  rooms: z.array(SiteRoomSchema),
});
export type Site = z.infer<typeof SiteSchema>;

export const SiteListSchema = itemsOf(SiteSchema);
export type SiteList = z.infer<typeof SiteListSchema>;

// ---- the protocol configuration ----

const KnownMedicationSchema = z.object({
  generic: z.string(),
  brands: z.array(z.string()),
  rxcui: z.string().optional(),
  source: /* @__PURE__ */ ProvenanceSchema.optional(),
});

/**
 * The value of a protocol parameter (core's `Param.value`): a number, a word, true or false,
 * null (no value, as midazolam's diazepam equivalent), a list of numbers or of words, or a
 * medication-interaction class (`medications.classes.*`). A new value keeps its default's shape.
 */
export const ProtocolParamValueSchema = z.union([
  z.number(),
  z.string(),
  z.boolean(),
  z.null(),
  z.array(z.number()),
  z.array(z.string()),
  z.object({ severity: z.enum(INTERACTION_SEVERITIES), message: z.string(), medications: z.array(KnownMedicationSchema) }),
]);
export type ProtocolParamValue = z.infer<typeof ProtocolParamValueSchema>;

/** One change of a version: the parameter's value before (in the version it was built on) and after. */
export const ProtocolChangeSchema = z.object({ path: z.string(), old: ProtocolParamValueSchema, new: ProtocolParamValueSchema });
export type ProtocolChange = z.infer<typeof ProtocolChangeSchema>;

/** A version of a site's protocol configuration. Version 1 is the shipped defaults. */
export const ProtocolVersionSchema = z.object({
  version: z.number().int(),
  createdAt: IsoInstant,
  /** A name (`Kairos` for the shipped defaults). */
  createdBy: z.string(),
  reason: z.string(),
  signedAt: /* @__PURE__ */ IsoInstant.nullable(),
  /** The signing medical director's name. */
  signedBy: z.string().nullable(),
  changes: z.array(ProtocolChangeSchema),
});
export type ProtocolVersion = z.infer<typeof ProtocolVersionSchema>;

const CITATION_KEYS = /* @__PURE__ */ Object.keys(CITATIONS) as [CitationKey, ...CitationKey[]];
/** A published source of the citations registry. */
export const ProtocolCitationSchema = z.object({ key: z.enum(CITATION_KEYS), title: z.string(), reference: z.string() });
export type ProtocolCitation = z.infer<typeof ProtocolCitationSchema>;

const note = z.string().optional();
/** Where a parameter's value comes from (core's `Provenance`, each citation with its title and reference). */
export const ProtocolParamProvenanceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('brief' satisfies Provenance['kind']), note }),
  z.object({ kind: z.literal('site-default' satisfies Provenance['kind']), note }),
  z.object({ kind: z.literal('source' satisfies Provenance['kind']), citations: z.array(ProtocolCitationSchema), note }),
]);
export type ProtocolParamProvenance = z.infer<typeof ProtocolParamProvenanceSchema>;

/**
 * Where a value stands: `source` (a published source), `brief` (the program brief), or a site
 * default: `needs-review` until a medical director signs a version, `reviewed` after.
 */
export const ProtocolReviewStateSchema = z.enum(['source', 'brief', 'needs-review', 'reviewed']);
export type ProtocolReviewState = z.infer<typeof ProtocolReviewStateSchema>;

/** One parameter: its path, value, unit (`1` for none), the range a site may set, provenance, review state. */
export const ProtocolParamSchema = z.object({
  path: z.string(),
  value: ProtocolParamValueSchema,
  unit: z.string(),
  min: z.number().optional(),
  max: z.number().optional(),
  provenance: ProtocolParamProvenanceSchema,
  reviewState: ProtocolReviewStateSchema,
});
export type ProtocolParam = z.infer<typeof ProtocolParamSchema>;

/** `GET /api/sites/:id/protocol`. */
export const ProtocolViewSchema = z.object({
  /** The version in force: the latest signed one (while none is signed, the shipped defaults, `signed: false`). */
  inForce: /* @__PURE__ */ ProtocolVersionSchema.extend({ signed: z.boolean() }),
  /** The newest version, signed or not. */
  current: ProtocolVersionSchema,
  /** Every value of the version in force. */
  params: z.array(ProtocolParamSchema),
  /** A version waiting for a medical director's signature (it changes nothing until signed), with its values. */
  proposal: /* @__PURE__ */ ProtocolVersionSchema.extend({ params: z.array(ProtocolParamSchema) }).nullable(),
  /** Every version, newest first. */
  versions: z.array(ProtocolVersionSchema),
});
export type ProtocolView = z.infer<typeof ProtocolViewSchema>;

/**
 * `POST /api/sites/:id/protocol/versions`: the changes, built on the version in force. Each value
 * is checked by core against its parameter (shape of the default, range, whole numbers for scores
 * and counts, the section's cross-field rules); a 400 names each bad path.
 */
export const ProtocolProposalBodySchema = z.strictObject({
  changes: z
    .array(
      z.strictObject({
        path: z.string().min(1).max(200),
        value: z.unknown().describe("a new value shaped like the parameter's (see ProtocolParamValue)"),
      }),
    )
    .min(1)
    .max(50),
  reason: Reason,
});
export type ProtocolProposalBody = z.infer<typeof ProtocolProposalBodySchema>;

/** `POST /api/sites/:id/protocol/versions/:version/sign`: the version to sign must be the newest. */
export const ProtocolSignParamsSchema = z.strictObject({ id: z.uuid(), version: z.coerce.number().int().min(1) });
export type ProtocolSignParams = z.infer<typeof ProtocolSignParamsSchema>;

/** The signer's step-up proof, for the purpose `protocol.sign`; its user must be a medical director. */
export const ProtocolSignBodySchema = z.strictObject({ stepUpToken: StepUpToken });
export type ProtocolSignBody = z.infer<typeof ProtocolSignBodySchema>;

/** `GET /api/sites/:id/protocol/dosing-check`: may dosing run at the site now? */
export const ProtocolDosingCheckSchema = z.object({
  /** True once a version is signed (in every mode; the demo signs at load). */
  allowed: z.boolean(),
  mode: ServerModeSchema,
  /** The version in force (1, the shipped defaults, while none is signed). */
  version: z.number().int(),
  signed: z.boolean(),
  /** A newer unsigned version, which changes nothing until signed. */
  proposal: z.number().int().nullable(),
  message: z.string(),
});
export type ProtocolDosingCheck = z.infer<typeof ProtocolDosingCheckSchema>;

// ---- consent documents ----

/** A version of a site's consent document. Signatures keep the version (and hash) they signed. */
export const ConsentDocumentSchema = z.object({
  id: z.uuid(),
  version: z.number().int(),
  title: z.string(),
  body: z.string(),
  /** SHA-256 of the text, recorded with each signature. */
  hash: z.string(),
  createdAt: IsoInstant,
  /** The newest version: the one patients sign now. */
  current: z.boolean(),
});
export type ConsentDocument = z.infer<typeof ConsentDocumentSchema>;

export const ConsentDocumentListSchema = itemsOf(ConsentDocumentSchema);
export type ConsentDocumentList = z.infer<typeof ConsentDocumentListSchema>;

/** `POST /api/sites/:id/consent-documents`: a new version; it becomes current. */
export const ConsentDocumentCreateBodySchema = z.strictObject({
  title: z.string().trim().min(3, 'at least 3 characters').max(200, 'at most 200 characters'),
  body: z.string().trim().min(20, 'at least 20 characters').max(100_000, 'at most 100,000 characters'),
});
export type ConsentDocumentCreateBody = z.infer<typeof ConsentDocumentCreateBodySchema>;

// ---- the live stream ----

/**
 * `GET /api/events`: the live events (Server-Sent Events) of a site, or of one dosing session.
 * A reconnecting client resumes after `lastEventId` (or the `Last-Event-ID` header).
 */
export const LiveEventsQuerySchema = z.strictObject({
  siteId: z.uuid(),
  sessionId: z.uuid().optional(),
  lastEventId: z
    .string()
    .regex(/^\d{1,18}$/)
    .optional(),
});
export type LiveEventsQuery = z.infer<typeof LiveEventsQuerySchema>;
