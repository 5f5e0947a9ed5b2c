/**
 * Clinical notes: the templates, a patient's notes, a draft's edits, its signature and the
 * amendments of a signed note; the care plan PDFs (not JSON) and the care plan in the portal.
 *
 * Core exports the template and check types (`NoteTemplate`, `NoteField`, `MissingNoteField`):
 * their schemas here `satisfies` them and export no type of their own, so clients use core's.
 *
 * @module
 */
import { z } from 'zod';
import {
  NOTE_LIMITS,
  NOTE_TEMPLATE_IDS,
  type MissingNoteField,
  type NoteChoiceOption,
  type NoteField,
  type NoteFieldKind,
  type NoteTemplate,
} from '@kairos/core';
import { IdParams, IsoInstant, itemsOf, StepUpToken } from './common.js';

/** A note is a draft (edited freely) until it is signed (locked: later changes are amendments). */
export const NOTE_STATES = ['draft', 'signed'] as const;
export const NoteStateSchema = z.enum(NOTE_STATES);
export type NoteState = z.infer<typeof NoteStateSchema>;

export const NoteTemplateIdSchema = z.enum(NOTE_TEMPLATE_IDS);

/** The kinds of a note template's field (core exports only the type; the values are spelled here once). */
export const NOTE_FIELD_KINDS = ['text', 'long-text', 'choice', 'list', 'minutes'] as const satisfies readonly NoteFieldKind[];
export const NoteFieldKindSchema = z.enum(NOTE_FIELD_KINDS);

/** Text a note may hold: no NUL (PostgreSQL refuses it in jsonb), within the long-text limit. */
const noteText = z
  .string()
  .max(NOTE_LIMITS.longTextMaxChars)
  .refine((s) => !s.includes('\u0000'), 'must not contain NUL characters');
/** A note's content by field id: text, a list of texts, or null to clear. The template checks the rest. */
export const NoteContentSchema = z
  .record(
    z.string().regex(/^[A-Za-z][A-Za-z0-9]{0,63}$/, 'a field id'),
    z.union([noteText, z.array(noteText).max(NOTE_LIMITS.listMaxItems), z.null()]),
  )
  .refine((c) => Object.keys(c).length <= 64, 'at most 64 fields');
export type NoteContent = z.infer<typeof NoteContentSchema>;
/* @__NO_SIDE_EFFECTS__ */
function noteBody(max: number) {
  return z
    .string()
    .trim()
    .min(1)
    .max(max)
    .refine((s) => !s.includes('\u0000'), 'must not contain NUL characters');
}

/** `/api/patients/:id/notes`, `/api/notes/:id...` paths. */
export const NoteIdParamsSchema = IdParams;

export const CreateNoteBodySchema = z.strictObject({
  template: NoteTemplateIdSchema,
  enrollmentId: z.uuid().optional(),
  sessionId: z.uuid().optional(),
  content: /* @__PURE__ */ NoteContentSchema.optional(),
});
export type CreateNoteBody = z.infer<typeof CreateNoteBodySchema>;
export const UpdateNoteBodySchema = z.strictObject({ content: NoteContentSchema });
export type UpdateNoteBody = z.infer<typeof UpdateNoteBodySchema>;
export const SignNoteBodySchema = z.strictObject({ stepUpToken: StepUpToken });
export type SignNoteBody = z.infer<typeof SignNoteBodySchema>;
export const AmendmentBodySchema = z.strictObject({ body: noteBody(NOTE_LIMITS.longTextMaxChars), reason: noteBody(2000) });
export type AmendmentBody = z.infer<typeof AmendmentBodySchema>;
export const CarePlanPdfQuerySchema = z.strictObject({ audience: z.enum(['patient', 'referrer']) });
export type CarePlanPdfQuery = z.infer<typeof CarePlanPdfQuerySchema>;

/** A stored field value: text, a list of texts, or null when empty. */
export const NoteFieldValueSchema = z.union([z.string(), z.array(z.string()), z.null()]);

// ---- answers ----

const NoteChoiceOptionSchema = z.object({ value: z.string(), label: z.string() }) satisfies z.ZodType<NoteChoiceOption>;

/** A field of a note template (core's `NoteField`). */
export const NoteFieldSchema = z.object({
  id: z.string(),
  label: z.string(),
  kind: NoteFieldKindSchema,
  required: z.boolean(),
  requiredWhen: z.object({ field: z.string(), equals: z.array(z.string()).readonly() }).optional(),
  help: z.string().optional(),
  options: z.array(NoteChoiceOptionSchema).readonly().optional(),
  itemLabel: z.string().optional(),
  prefill: z.union([z.string(), z.array(z.string()).readonly()]).optional(),
  clinicianOnly: z.boolean().optional(),
}) satisfies z.ZodType<NoteField>;

/** A note template, one version of it (core's `NoteTemplate`). */
export const NoteTemplateSchema = z.object({
  id: NoteTemplateIdSchema,
  version: z.string(),
  title: z.string(),
  when: z.string(),
  fields: z.array(NoteFieldSchema).readonly(),
  printable: z.boolean(),
}) satisfies z.ZodType<NoteTemplate>;

/** `GET /api/note-templates`: the current version of each template, in the order of the program. */
export const NoteTemplateListSchema = z.object({ items: z.array(NoteTemplateSchema).readonly() });
export type NoteTemplateList = z.infer<typeof NoteTemplateListSchema>;

/** A required field that is empty (core's `MissingNoteField`). */
const MissingNoteFieldSchema = z.object({ field: z.string(), label: z.string() }) satisfies z.ZodType<MissingNoteField>;

/** A note as listed on the patient page. `author` and `signedBy` are names. */
export const NoteSummarySchema = z.object({
  id: z.uuid(),
  template: NoteTemplateIdSchema,
  templateVersion: z.string(),
  title: z.string(),
  state: NoteStateSchema,
  enrollmentId: z.uuid().nullable(),
  sessionId: z.uuid().nullable(),
  createdAt: IsoInstant,
  updatedAt: IsoInstant,
  author: z.string(),
  signedBy: z.string().nullable(),
  signedAt: /* @__PURE__ */ IsoInstant.nullable(),
  /** How many amendments the note has. */
  amendments: z.number().int(),
});
export type NoteSummary = z.infer<typeof NoteSummarySchema>;

/** `GET /api/patients/:id/notes`: newest first. */
export const NoteSummaryListSchema = itemsOf(NoteSummarySchema);
export type NoteSummaryList = z.infer<typeof NoteSummaryListSchema>;

const NotePersonSchema = z.object({ id: z.uuid(), name: z.string() });

/** An amendment of a signed note, with its own hash (over the note's hash, its body and reason). */
export const NoteAmendmentSchema = z.object({
  id: z.uuid(),
  body: z.string(),
  reason: z.string(),
  at: IsoInstant,
  by: NotePersonSchema,
  contentHash: z.string(),
  /** The stored hash still matches the amendment and the note it amends. */
  hashVerified: z.boolean(),
});
export type NoteAmendment = z.infer<typeof NoteAmendmentSchema>;

/** A note's stored content by field id: text, or a list of texts (empty fields are absent). */
export const NoteStoredContentSchema = z.record(z.string(), z.union([z.string(), z.array(z.string())]));
export type NoteStoredContent = z.infer<typeof NoteStoredContentSchema>;

/**
 * One note: its template (the version it was written on), content, what is missing to sign it,
 * its signature and hash check, and its amendments. `GET /api/notes/:id` and every change of a
 * note (create 201, edit, sign, amend 201) answer it.
 */
export const NoteSchema = z.object({
  id: z.uuid(),
  patientId: z.uuid(),
  enrollmentId: z.uuid().nullable(),
  sessionId: z.uuid().nullable(),
  template: NoteTemplateSchema,
  state: NoteStateSchema,
  content: NoteStoredContentSchema,
  /** Required fields still empty, in template order (a note with any cannot be signed). */
  missing: z.array(MissingNoteFieldSchema).readonly(),
  createdAt: IsoInstant,
  updatedAt: IsoInstant,
  author: NotePersonSchema,
  signedBy: /* @__PURE__ */ NotePersonSchema.nullable(),
  signedAt: /* @__PURE__ */ IsoInstant.nullable(),
  contentHash: z.string().nullable(),
  /** Signed notes: the stored hash still matches the stored content (null for drafts). */
  hashVerified: z.boolean().nullable(),
  amendments: z.array(NoteAmendmentSchema),
  /** A signed printable note (the care plan): its PDFs for the patient and the referring clinician. */
  pdf: z.object({ patient: z.string(), referrer: z.string() }).nullable(),
});
export type Note = z.infer<typeof NoteSchema>;

/** `GET /api/portal/care-plan`: the patient's latest signed continuing care plan (clinician-only fields left out). */
export const PortalCarePlanSchema = z.object({
  id: z.string(),
  title: z.string(),
  signedAt: /* @__PURE__ */ IsoInstant.nullable(),
  signedBy: z.string().nullable(),
  fields: z.array(z.object({ id: z.string(), label: z.string(), kind: NoteFieldKindSchema, value: NoteFieldValueSchema })),
  amendments: z.array(z.object({ at: IsoInstant, by: z.string(), reason: z.string(), body: z.string() })),
  pdf: z.string(),
});
export type PortalCarePlan = z.infer<typeof PortalCarePlanSchema>;
