/**
 * The notes routes: request and response schemas.
 *
 * @module
 */
import { z } from 'zod';
import { NOTE_LIMITS, NOTE_TEMPLATE_IDS, type NoteFieldKind } from '@kairos/core';

/** The kinds of a note template's field (core exports only the type; the values are spelled here once). */
export const NOTE_FIELD_KINDS = ['text', 'long-text', 'choice', 'list'] as const satisfies readonly NoteFieldKind[];
export const NoteFieldKindSchema = z.enum(NOTE_FIELD_KINDS);

/** Text a note may hold: no NUL (PostgreSQL refuses it in jsonb), within the long-text limit. */
const noteText = z
  .string()
  .max(NOTE_LIMITS.longTextMaxChars)
  .refine((s) => !s.includes('\u0000'), 'must not contain NUL characters');
/** A note's content by field id: text, a list of texts, or null to clear. The template checks the rest. */
export const NoteContentSchema = z
  .record(z.string().regex(/^[A-Za-z][A-Za-z0-9]{0,63}$/, 'a field id'), z.union([noteText, z.array(noteText).max(NOTE_LIMITS.listMaxItems), z.null()]))
  .refine((c) => Object.keys(c).length <= 64, 'at most 64 fields');
const noteBody = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .refine((s) => !s.includes('\u0000'), 'must not contain NUL characters');

export const CreateNoteBodySchema = z.strictObject({ template: z.enum(NOTE_TEMPLATE_IDS), enrollmentId: z.uuid().optional(), sessionId: z.uuid().optional(), content: NoteContentSchema.optional() });
export type CreateNoteBody = z.infer<typeof CreateNoteBodySchema>;
export const UpdateNoteBodySchema = z.strictObject({ content: NoteContentSchema });
export type UpdateNoteBody = z.infer<typeof UpdateNoteBodySchema>;
export const SignNoteBodySchema = z.strictObject({ stepUpToken: z.string().min(1).max(200) });
export type SignNoteBody = z.infer<typeof SignNoteBodySchema>;
export const AmendmentBodySchema = z.strictObject({ body: noteBody(NOTE_LIMITS.longTextMaxChars), reason: noteBody(2000) });
export type AmendmentBody = z.infer<typeof AmendmentBodySchema>;
export const CarePlanPdfQuerySchema = z.strictObject({ audience: z.enum(['patient', 'referrer']) });
export type CarePlanPdfQuery = z.infer<typeof CarePlanPdfQuerySchema>;

/** A stored field value: text, a list of texts, or null when empty. */
export const NoteFieldValueSchema = z.union([z.string(), z.array(z.string()), z.null()]);

/** `GET /api/portal/care-plan`: the patient's latest signed continuing care plan (clinician-only fields left out). */
export const PortalCarePlanSchema = z.object({
  id: z.string(),
  title: z.string(),
  signedAt: z.string().nullable(),
  signedBy: z.string().nullable(),
  fields: z.array(z.object({ id: z.string(), label: z.string(), kind: NoteFieldKindSchema, value: NoteFieldValueSchema })),
  amendments: z.array(z.object({ at: z.string(), by: z.string(), reason: z.string(), body: z.string() })),
  pdf: z.string(),
});
export type PortalCarePlan = z.infer<typeof PortalCarePlanSchema>;
